// Hostile input (issue 17): RFC 4180 CSV both ways, names, escaped errors, nesting limits.
#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/names.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace ciodesim;

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
