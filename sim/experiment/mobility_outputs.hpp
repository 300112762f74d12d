#pragma once
// The CSV files a run with [mobility] adds (docs/mobility.md): handoffs.csv, migrations.csv,
// positions.csv and mobility.csv (per requester). Runs without mobility write none of them.
#include "sim/experiment/outputs.hpp"
#include "sim/runtime/records.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ciodesim::experiment {

struct CsvPart {
  std::string name; // file stem: name.csv
  std::string header;
  // Appends one run's rows to `out`, streaming through `flush` as outputs.hpp's writers do.
  void (*rows)(const runtime::Records&, int run, std::uint64_t seed, std::string& out, const RowFlush& flush);
};

// The mobility parts, in file order.
const std::vector<CsvPart>& mobility_parts();

} // namespace ciodesim::experiment
