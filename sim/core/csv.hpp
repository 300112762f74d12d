#pragma once
// CSV per RFC 4180, for every file ciodesim writes and reads back: a field holding a comma,
// a double quote, CR or LF is quoted (quotes doubled); any other field is written as is, so
// ordinary names and numbers give the same bytes as before quoting existed.
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ciodesim {

std::string csv_field(const std::string& text);
// A number cell of every CSV ciodesim writes: %.9g, the shortest text that reads back to the
// same double for simulated seconds and bytes, and the same on every run.
std::string csv_number(double v);
// The same two, appended to `out` without a temporary (the writers of million-row files).
void append_csv_field(std::string& out, std::string_view text);
void append_csv_number(std::string& out, double value);

// Fields joined by commas, each through csv_field, ending with "\n".
std::string csv_row(const std::vector<std::string>& fields);
// The same, appended to `out`.
void append_csv_record(std::string& out, const std::vector<std::string_view>& fields);

// One pass over CSV text (the rules of parse_csv below): `on_record(fields, line)` for each
// record, with the 1-based line it starts on. A field is a view into `text`, or into a string
// appended to `owned` where it needed unescaping (doubled quotes, text after a closing quote);
// both outlive the call. No allocation per field: the readers of million-row files.
void scan_csv(std::string_view text, const std::string& origin, std::deque<std::string>& owned,
              const std::function<void(const std::vector<std::string_view>& fields, int line)>& on_record);

// Splits CSV text into records and fields (quoted fields may hold commas, quotes and line
// breaks; a trailing CR is dropped). `line_of` receives the 1-based line each record starts on.
// InputError naming `origin` for an unterminated quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text, const std::string& origin,
                                                std::vector<int>* line_of = nullptr);

} // namespace ciodesim
