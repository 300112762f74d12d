#pragma once
// `ciodesim run`: repetitions of one experiment, each in its own forked process (SimGrid
// allows one engine run per process), merged into DIR/{queries,uploads,locks,summary}.csv
// with the sidecar DIR/run.json and the effective config DIR/config.toml. Files appear
// only complete: everything is staged, then renamed into place.
#include "sim/experiment/config.hpp"

#include <string>
#include <vector>

namespace ciodesim::experiment {

struct RunOptions {
  std::string out_dir;
  std::string config_path;
  std::vector<std::string> sets;
  bool quiet = false;
  bool in_process = false; // run the single repetition here (Paje tracing), not in a child
  std::string progress_file; // also report progress there ("done total"; sweeps read it)
};

// Returns the process exit code (0 on success). Each repetition sets experiment.scenario's
// run index: in its forked child's memory, or here for the in-process run.
int run_experiment(LoadedExperiment& experiment, const RunOptions& options);

} // namespace ciodesim::experiment
