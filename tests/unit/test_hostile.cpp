// Hostile input (issue 17): RFC 4180 CSV both ways, names, escaped errors, nesting limits.
#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/names.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

using namespace ciodesim;

namespace {

// The character-at-a-time reader parse_csv was before scan_csv: the reference its rules are
// checked against.
std::vector<std::vector<std::string>> reference_parse(const std::string& text, std::vector<int>& line_of)
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
    line_of.push_back(record_line);
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
    throw InputError("t.csv", "line", "unterminated quoted field");
  if (!field.empty() || !record.empty() || was_quoted)
    end_record();
  return records;
}

} // namespace

TEST_CASE("CSV: only cells that need it are quoted, and every cell reads back")
{
  CHECK(csv_field("D1.cpu") == "D1.cpu"); // ordinary outputs keep their bytes
  CHECK(csv_field("1.5e-05") == "1.5e-05");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  const std::vector<std::string> cells = {"a,b", "say \"hi\"", "", "two\r\nlines", "plain", ",", "\""};
  const std::string text = csv_row({"h1", "h2", "h3", "h4", "h5", "h6", "h7"}) + csv_row(cells);
  std::vector<int> lines;
  const auto rows = parse_csv(text, "t.csv", &lines);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1] == cells);
  CHECK(lines == std::vector<int>{1, 2});
}

TEST_CASE("CSV: CRLF line ends, empty trailing cells and record line numbers")
{
  const auto rows = parse_csv("a,b\r\n1,\r\n\"x\ny\",2\n3,4\n", "t.csv");
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == std::vector<std::string>{"a", "b"});
  CHECK(rows[1] == std::vector<std::string>{"1", ""});
  CHECK(rows[2] == std::vector<std::string>{"x\ny", "2"});
  std::vector<int> lines;
  (void)parse_csv("a\n\"x\ny\"\nz\n", "t.csv", &lines);
  CHECK(lines == std::vector<int>{1, 2, 4});
  CHECK_THROWS_AS(parse_csv("a\n\"open\n", "t.csv"), InputError);
}

TEST_CASE("CSV: parse_csv reads every text as the character-at-a-time reference does")
{
  // random texts over the characters that matter (separators, quotes, CR, LF) and one letter
  const std::string alphabet = "a,\"\r\n";
  std::mt19937 rng(7);
  int compared = 0, unterminated = 0;
  for (int t = 0; t < 20000; ++t) {
    std::string text;
    const int length = static_cast<int>(rng() % 14);
    for (int k = 0; k < length; ++k)
      text += alphabet[rng() % alphabet.size()];
    std::vector<int> want_lines, got_lines;
    bool want_throws = false;
    std::vector<std::vector<std::string>> want;
    try {
      want = reference_parse(text, want_lines);
    } catch (const InputError&) {
      want_throws = true;
    }
    if (want_throws) {
      ++unterminated;
      CHECK_THROWS_AS(parse_csv(text, "t.csv", &got_lines), InputError);
      continue;
    }
    const auto got = parse_csv(text, "t.csv", &got_lines);
    INFO("text: ", csv_field(text));
    CHECK(got == want);
    CHECK(got_lines == want_lines);
    ++compared;
  }
  CHECK(compared > 10000); // both kinds of text were drawn
  CHECK(unterminated > 1000);
}

TEST_CASE("names: the documented character set, nothing that makes a path, a cell or a line")
{
  for (const char* good : {"D1", "D1.cpu", "alexnet", "mobilenet_v1", "i5-5200U", "rtx2060"})
    CHECK(is_valid_name(good));
  for (const char* bad : {"", "../x", "a/b", ".hidden", "-rf", "a,b", "a b", "a\nb", "a;b", "a$b"})
    CHECK_FALSE(is_valid_name(bad));
  CHECK_FALSE(is_valid_name(std::string(65, 'a')));
  CHECK(is_valid_layer_name("inception_3a/1x1"));
  CHECK_FALSE(is_valid_layer_name("c\x07"));
  CHECK_THROWS_AS(check_name("../x", "m.json", "name"), InputError);
}

TEST_CASE("errors are one line: control characters are escaped")
{
  const InputError e("p.xml", "host 'A'.device", "invalid name 'A\nerror: forged\t\x1b[31m'");
  const std::string what = e.what();
  CHECK(what.find('\n') == std::string::npos);
  CHECK(what.find('\x1b') == std::string::npos);
  CHECK(what.find("A\\nerror: forged\\t\\x1b[31m") != std::string::npos);
}

TEST_CASE("nesting limits: 64 levels of JSON pass, 65 fail, brackets inside strings do not count")
{
  CHECK_NOTHROW(check_json_nesting(std::string(64, '[') + std::string(64, ']'), "x.json"));
  CHECK_THROWS_AS(check_json_nesting(std::string(65, '[') + std::string(65, ']'), "x.json"), InputError);
  CHECK_NOTHROW(check_json_nesting("{\"a\": \"" + std::string(1000, '[') + "\\\"\"}", "x.json"));
  std::string xml = "<?xml version='1.0'?><!-- c --><p>";
  for (int i = 0; i < 63; ++i)
    xml += "<z a=\"1\"><h/>";
  CHECK_NOTHROW(check_xml_nesting(xml, "x.xml"));
  CHECK_THROWS_AS(check_xml_nesting(xml + "<z>", "x.xml"), InputError);
}

TEST_CASE("special files are refused before reading")
{
  CHECK_THROWS_AS(read_text_file("/dev/zero"), InputError);
  CHECK_THROWS_AS(read_text_file("/"), InputError);
  CHECK_THROWS_AS(require_regular_file("/dev/null"), InputError);
}
