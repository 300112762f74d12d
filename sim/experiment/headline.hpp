#pragma once
// The few numbers a researcher looks at first, printed at the end of `ciodesim run`.
#include <string>

namespace ciodesim::experiment {

// A table from DIR/queries.csv and DIR/uploads.csv, one line per (policy, model) over every
// repetition: queries, failed, mean and p95 latency, conflicts per query, uploaded MB.
// Background queries (policy "local") get their own line.
std::string headline_table(const std::string& out_dir);

} // namespace ciodesim::experiment
