#pragma once
// A small reader for ciodesim's own CSV files (RFC 4180, sim/core/csv.hpp), and the
// statistics the reports need. The table keeps the file's text and views into it: reading a
// 200,000-row queries.csv allocates nothing per cell.
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ciodesim::experiment {

// A cell: a view into its table, compared with text as it is, and a std::string only where
// the reader asks for one (a map key, a concatenation).
class CsvCell {
public:
  CsvCell(std::string_view text) : text_(text) {}
  operator std::string_view() const { return text_; }
  operator std::string() const { return std::string(text_); }
  friend bool operator==(CsvCell a, CsvCell b) { return a.text_ == b.text_; }
  friend bool operator==(CsvCell a, std::string_view b) { return a.text_ == b; }
  friend bool operator==(CsvCell a, const char* b) { return a.text_ == b; }
  friend bool operator==(CsvCell a, const std::string& b) { return a.text_ == b; }
  friend bool operator!=(CsvCell a, CsvCell b) { return !(a == b); }
  friend bool operator!=(CsvCell a, std::string_view b) { return !(a == b); }
  friend bool operator!=(CsvCell a, const char* b) { return !(a == b); }
  friend bool operator!=(CsvCell a, const std::string& b) { return !(a == b); }
  friend bool operator==(const std::string& a, CsvCell b) { return b == a; }
  friend bool operator==(const char* a, CsvCell b) { return b == a; }
  friend bool operator!=(const std::string& a, CsvCell b) { return !(b == a); }
  friend bool operator!=(const char* a, CsvCell b) { return !(b == a); }
  friend std::string operator+(CsvCell a, std::string_view b) { return std::string(a.text_).append(b); }
  friend std::string operator+(std::string a, CsvCell b) { return a.append(b.text_); }
  friend std::string operator+(const char* a, CsvCell b) { return std::string(a).append(b.text_); }

private:
  std::string_view text_;
};

// One row's cells, valid while its table lives.
class CsvRow {
public:
  CsvRow(const std::string_view* cells, std::size_t width) : cells_(cells), width_(width) {}
  CsvCell operator[](std::size_t column) const { return cells_[column]; }
  std::size_t size() const { return width_; }

private:
  const std::string_view* cells_;
  std::size_t width_;
};

// The rows after the header, all as wide as it.
class CsvRows {
public:
  class iterator {
  public:
    iterator(const CsvRows* rows, std::size_t r) : rows_(rows), r_(r) {}
    CsvRow operator*() const { return (*rows_)[r_]; }
    iterator& operator++()
    {
      ++r_;
      return *this;
    }
    bool operator!=(const iterator& o) const { return r_ != o.r_; }

  private:
    const CsvRows* rows_;
    std::size_t r_;
  };
  std::size_t size() const { return width == 0 ? 0 : cells.size() / width; }
  bool empty() const { return size() == 0; }
  CsvRow operator[](std::size_t r) const { return {cells.data() + r * width, width}; }
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, size()}; }

  std::vector<std::string_view> cells; // row-major
  std::size_t width = 0;
};

struct CsvTable {
  std::vector<std::string> header; // the file's
  CsvRows rows;                    // the columns read, in the order asked for
  // A column's index in rows; InputError naming the file if the file has no such column.
  std::size_t col(const std::string& name) const;
  double number(std::size_t row, std::size_t column) const;
  std::string source;
  // what the cells view: the file's text and the cells that needed unescaping
  std::shared_ptr<const std::string> text;
  std::shared_ptr<std::deque<std::string>> unescaped;
  std::vector<std::string> columns; // those read (empty: all)
};

// Reads the whole file; with `columns`, keeps only those cells (a table writer reading a
// 40-column, 200,000-row queries.csv for five of its columns).
CsvTable read_csv(const std::string& path, const std::vector<std::string>& columns = {});

// A cell as a number, as strtod reads it (0 where it holds none).
double cell_number(std::string_view cell);

struct Estimate {
  double mean = 0;
  double ci95 = 0; // half-width of the 95 % confidence interval (Student t), 0 for n < 2
  std::size_t n = 0;
};
Estimate estimate(const std::vector<double>& samples);

} // namespace ciodesim::experiment
