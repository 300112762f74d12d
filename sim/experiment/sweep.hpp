#pragma once
// Sweeps: the [sweep] table of an experiment gives a grid over any config keys
//   [sweep]
//   policy = ["ciode", "enhanced-ionn"]
//   "network.bandwidth.D3" = ["20Mbps", "80Mbps"]
// Every point (the cartesian product, keys sorted, the last varying fastest) is one
// `ciodesim run` process with the point's --set overrides, in OUT/points/pNNNNN. Finished
// points are skipped (resume); `merge` joins them into OUT/queries.csv and OUT/summary.csv
// with one column per swept key.
#include <string>
#include <vector>

namespace ciodesim::experiment {

struct SweepPoint {
  int index = 0;
  std::vector<std::string> sets;   // "key=<TOML value>" for --set
  std::vector<std::string> values; // plain values for the CSV columns
};

struct SweepGrid {
  std::vector<std::string> keys;
  std::vector<SweepPoint> points;
};

// Reads the [sweep] table of `config_path` (an experiment without one is a single point).
SweepGrid read_sweep_grid(const std::string& config_path);

struct SweepOptions {
  std::string config_path, out_dir;
  std::vector<std::string> extra_sets; // applied to every point (after the point's own)
  int jobs = 1;
  int shard_index = 1, shard_count = 1; // run points with index % count == index - 1
  bool progress = true;
  std::string progress_label;       // printed before the progress bar (reproduce: the experiment)
  std::vector<long long> point_work; // queries per grid point (validate_points), for the ETA; empty: 1 each
};

// Path of the running ciodesim binary (points run it again).
std::string self_executable();
std::string point_dir(const std::string& out_dir, int index);
bool point_done(const std::string& out_dir, int index);
// The argv of the `ciodesim run` command of one point.
std::vector<std::string> point_command(const std::string& self, const SweepOptions& options, const SweepPoint& point);

// Validates every point of this shard in this process (experiment::parse_experiment, no
// SimGrid engine): the first bad point's InputError, naming the point, before anything runs.
// Returns each point's configured queries (0 for other shards' points), the sweep's work.
std::vector<long long> validate_points(const SweepGrid& grid, const SweepOptions& options);

// Runs the points of this shard not yet done; returns the number that failed.
int run_sweep(const SweepGrid& grid, const SweepOptions& options);
// Joins every finished point into OUT/queries.csv and OUT/summary.csv; returns how many
// points were merged.
int merge_sweep(const std::string& out_dir);

} // namespace ciodesim::experiment
