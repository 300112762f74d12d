#pragma once
// CSV rows of a run's records (tidy: one observation per row), and summaries.
#include "sim/runtime/records.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ciodesim::experiment {

std::string queries_header();
std::string uploads_header();
std::string locks_header();
std::string summary_header();

// Rows (no header) for one run, appended to `out`; with a `flush`, it is called (and should
// empty `out`) whenever `out` passes about 1 MB, so a million rows stream to disk.
using RowFlush = std::function<void(std::string& out)>;
// What every row writer calls after a row: `flush(out)` once `out` passes about 1 MB.
void maybe_flush(std::string& out, const RowFlush& flush);
// One row per record appended to `out` by `row`, flushed as maybe_flush says, and at the end.
template <typename Records, typename Row>
void stream_rows(const Records& records, std::string& out, const RowFlush& flush, Row row)
{
  for (const auto& record : records) {
    row(record);
    maybe_flush(out, flush);
  }
  if (flush)
    flush(out);
}
void queries_rows(const runtime::Records& records, int run, std::uint64_t seed, std::string& out,
                  const RowFlush& flush = {});
void uploads_rows(const runtime::Records& records, int run, std::uint64_t seed, std::string& out,
                  const RowFlush& flush = {});
void locks_rows(const runtime::Records& records, int run, std::uint64_t seed, std::string& out,
                const RowFlush& flush = {});
// The same as one string.
std::string queries_rows(const runtime::Records& records, int run, std::uint64_t seed);
std::string uploads_rows(const runtime::Records& records, int run, std::uint64_t seed);
std::string locks_rows(const runtime::Records& records, int run, std::uint64_t seed);
// One row per (requester, model) of the run.
// Linear-interpolation quantile (q in [0, 1]) as summary.csv's p50/p95; 0 when empty.
double percentile(std::vector<double> values, double q);
std::string summary_rows(const runtime::Records& records, int run, std::uint64_t seed);

} // namespace ciodesim::experiment
