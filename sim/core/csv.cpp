#include "sim/core/csv.hpp"

#include "sim/core/error.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <iterator>

namespace ciodesim {

void append_csv_field(std::string& out, std::string_view text)
{
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(text);
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"')
      out += '"';
    out += c;
  }
  out += '"';
}

void append_csv_number(std::string& out, double value)
{
  // compiled format: no format-string parsing per cell (a million rows have 30 M of them)
  fmt::format_to(std::back_inserter(out), FMT_COMPILE("{:.9g}"), value);
}

std::string csv_number(double value)
{
  std::string out;
  append_csv_number(out, value);
  return out;
}

std::string csv_field(const std::string& text)
{
  if (text.find_first_of(",\"\r\n") == std::string::npos)
    return text;
  std::string out = "\"";
  for (char c : text)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_row(const std::vector<std::string>& fields)
{
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0)
      out += ',';
    out += csv_field(fields[i]);
  }
  return out + "\n";
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text, const std::string& origin,
                                                std::vector<int>* line_of)
{
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  int line = 1, record_line = 1;
  bool quoted = false, was_quoted = false;
  auto end_record = [&] {
    if (!field.empty() && field.back() == '\r' && !was_quoted)
      field.pop_back();
    record.push_back(std::move(field));
    field.clear();
    was_quoted = false;
    records.push_back(std::move(record));
    record.clear();
    if (line_of != nullptr)
      line_of->push_back(record_line);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n')
          ++line;
        field += c;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n') {
      end_record();
      record_line = ++line;
    } else if (!(c == '\r' && was_quoted)) {
      field += c;
    }
  }
  if (quoted)
    throw InputError(origin, fmt::format("line {}", record_line), "unterminated quoted field");
  if (!field.empty() || !record.empty() || was_quoted)
    end_record();
  return records;
}

} // namespace ciodesim
