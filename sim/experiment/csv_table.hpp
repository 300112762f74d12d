#pragma once
// A small reader for ciodesim's own CSV files (RFC 4180, sim/core/csv.hpp), and the
// statistics the reports need.
#include <string>
#include <vector>

namespace ciodesim::experiment {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // Column index; InputError naming the file if absent.
  std::size_t col(const std::string& name) const;
  double number(std::size_t row, std::size_t column) const;
  std::string source;
};

CsvTable read_csv(const std::string& path);

struct Estimate {
  double mean = 0;
  double ci95 = 0; // half-width of the 95 % confidence interval (Student t), 0 for n < 2
  std::size_t n = 0;
};
Estimate estimate(const std::vector<double>& samples);

} // namespace ciodesim::experiment
