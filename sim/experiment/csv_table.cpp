#include "sim/experiment/csv_table.hpp"

#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace ciodesim::experiment {
std::size_t CsvTable::col(const std::string& name) const
{
  const auto& read = columns.empty() ? header : columns;
  if (const auto it = std::find(read.begin(), read.end(), name); it != read.end())
    return static_cast<std::size_t>(it - read.begin());
  if (std::find(header.begin(), header.end(), name) == header.end())
    throw InputError(source, name, "missing column");
  throw std::logic_error(fmt::format("{}: column {} was not read", source, name));
}

double cell_number(std::string_view cell)
{
  // strtod needs a terminated string; a cell is a view into the file
  char buffer[64];
  if (cell.size() < sizeof buffer) {
    cell.copy(buffer, cell.size());
    buffer[cell.size()] = '\0';
    return std::strtod(buffer, nullptr);
  }
  return std::strtod(std::string(cell).c_str(), nullptr);
}

double CsvTable::number(std::size_t row, std::size_t column) const
{
  return cell_number(rows[row][column]);
}

CsvTable read_csv(const std::string& path, const std::vector<std::string>& columns)
{
  CsvTable t;
  t.source    = path;
  t.columns   = columns;
  t.text      = std::make_shared<const std::string>(read_result_file(path));
  t.unescaped = std::make_shared<std::deque<std::string>>();
  std::vector<std::size_t> kept; // the file's column of each column read
  scan_csv(*t.text, path, *t.unescaped, [&](const std::vector<std::string_view>& record, int line) {
    if (record.size() == 1 && record[0].empty())
      return; // blank line
    if (t.header.empty()) {
      t.header.assign(record.begin(), record.end());
      if (columns.empty())
        for (std::size_t c = 0; c < t.header.size(); ++c)
          kept.push_back(c);
      for (const auto& name : columns) {
        const auto it = std::find(t.header.begin(), t.header.end(), name);
        if (it == t.header.end())
          throw InputError(path, name, "missing column");
        kept.push_back(static_cast<std::size_t>(it - t.header.begin()));
      }
      t.rows.width = kept.size();
      return;
    }
    if (record.size() != t.header.size())
      throw InputError(path, fmt::format("line {}", line),
                       fmt::format("{} fields, the header has {}", record.size(), t.header.size()));
    for (std::size_t c : kept)
      t.rows.cells.push_back(record[c]);
  });
  return t;
}

Estimate estimate(const std::vector<double>& samples)
{
  // two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom
  static const double t975[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  Estimate e;
  e.n = samples.size();
  if (e.n == 0)
    return e;
  for (double x : samples)
    e.mean += x;
  e.mean /= static_cast<double>(e.n);
  if (e.n < 2)
    return e;
  double ss = 0;
  for (double x : samples)
    ss += (x - e.mean) * (x - e.mean);
  const double sd = std::sqrt(ss / static_cast<double>(e.n - 1));
  const double t  = e.n - 1 <= 30 ? t975[e.n - 2] : 1.96;
  e.ci95          = t * sd / std::sqrt(static_cast<double>(e.n));
  return e;
}

} // namespace ciodesim::experiment
