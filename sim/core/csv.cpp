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

void scan_csv(std::string_view text, const std::string& origin, std::deque<std::string>& owned,
              const std::function<void(const std::vector<std::string_view>& fields, int line)>& on_record)
{
  const std::size_t n = text.size();
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  int line      = 1;
  // up to the field's end: a comma, a line feed or the end of the text
  auto field_end = [&](std::size_t from) {
    while (from < n && text[from] != ',' && text[from] != '\n')
      ++from;
    return from;
  };
  while (i < n) {
    const int record_line = line;
    fields.clear();
    for (;;) {
      std::string_view field;
      if (i < n && text[i] == '"') {
        // Quoted: a doubled quote is one; line breaks and commas are text. Anything between
        // the closing quote and the field's end is kept, but for CR.
        const std::size_t start = ++i;
        std::string* unescaped  = nullptr;
        for (;; ++i) {
          if (i >= n)
            throw InputError(origin, fmt::format("line {}", record_line), "unterminated quoted field");
          const char c = text[i];
          if (c == '"') {
            if (i + 1 >= n || text[i + 1] != '"')
              break;
            if (unescaped == nullptr)
              unescaped = &owned.emplace_back(text.substr(start, i - start));
            unescaped->push_back('"');
            ++i;
            continue;
          }
          if (c == '\n')
            ++line;
          if (unescaped != nullptr)
            unescaped->push_back(c);
        }
        field                   = unescaped != nullptr ? std::string_view(*unescaped) : text.substr(start, i - start);
        const std::size_t tail  = ++i;
        i                       = field_end(i);
        if (i > tail) {
          std::string& joined = unescaped != nullptr ? *unescaped : owned.emplace_back(field);
          for (std::size_t k = tail; k < i; ++k)
            if (text[k] != '\r')
              joined.push_back(text[k]);
          field = joined;
        }
      } else {
        const std::size_t start = i;
        i                       = field_end(i);
        field                   = text.substr(start, i - start);
        if ((i >= n || text[i] == '\n') && !field.empty() && field.back() == '\r')
          field.remove_suffix(1); // CRLF line end
      }
      fields.push_back(field);
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    on_record(fields, record_line);
    if (i < n) { // the line feed that ended the record
      ++i;
      ++line;
    }
  }
}

void append_csv_record(std::string& out, const std::vector<std::string_view>& fields)
{
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0)
      out += ',';
    append_csv_field(out, fields[i]);
  }
  out += '\n';
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text, const std::string& origin,
                                                std::vector<int>* line_of)
{
  std::vector<std::vector<std::string>> records;
  std::deque<std::string> owned;
  scan_csv(text, origin, owned, [&](const std::vector<std::string_view>& fields, int line) {
    records.emplace_back(fields.begin(), fields.end());
    if (line_of != nullptr)
      line_of->push_back(line);
  });
  return records;
}

} // namespace ciodesim
