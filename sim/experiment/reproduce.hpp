#pragma once
// `ciodesim reproduce`: runs the paper's experiments (experiments/paper/*.toml) as sweeps,
// aggregates them into DIR/table2.csv, fig4.csv, fig5.csv, fig6.csv, fig6_resilience.csv (means over seeds with
// 95 % confidence intervals), plots each (plots/*.py) and writes DIR/report.md.
#include <string>
#include <vector>

namespace ciodesim::experiment {

struct ReproduceOptions {
  std::string out_dir;
  bool quick = false;        // the [reproduce] quick overrides of each config (fewer seeds, queries)
  int jobs   = 2;
  std::string paper_dir;     // default: <data dir>/experiments/paper
  bool plots = true;
  bool quiet = false;        // errors only: no progress, no per-experiment lines
  std::vector<std::string> sets; // KEY=VALUE overrides applied to every config (after --quick's)
  std::string suite = "all";     // ciode (experiments/paper) | dads | loadpart (experiments/<suite>) | all
};

// The suites `--suite` accepts, in the order `all` runs them.
const std::vector<std::string>& reproduce_suites();

int reproduce(const ReproduceOptions& options);

// The aggregation steps, separately (tests and re-plotting use them).
void write_table2_and_fig4(const std::string& raw_dir, const std::string& out_dir);
void write_fig5(const std::string& raw_dir, const std::string& out_dir);
// `name`: the CSV written into out_dir (fig6, or fig6_resilience for the variant).
void write_fig6(const std::string& raw_dir, const std::string& out_dir, const std::string& name = "fig6");

} // namespace ciodesim::experiment
