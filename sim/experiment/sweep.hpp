#pragma once
// Sweeps: the [sweep] table of an experiment gives a grid over any config keys
//   [sweep]
//   policy = ["ciode", "enhanced-ionn"]
//   "network.bandwidth.D3" = ["20Mbps", "80Mbps"]
// Every point (the cartesian product, keys sorted, the last varying fastest) is one
// `ciodesim run` process with the point's --set overrides, in OUT/points/pNNNNN. Finished
// points are skipped (resume); `merge` joins them into OUT/queries.csv and OUT/summary.csv
// with one column per swept key.
#include "sim/experiment/progress.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>
#include <sys/types.h>

namespace ciodesim {
class ProcessPool;
}

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

// The points of one or more sweeps, queued in a process pool (options.jobs is the pool's):
// `add` writes the sweep's points.csv, removes the results of points about to rerun and
// queues them; `finished(failed)` runs in this process once the sweep's last point ended
// (at once when none is left to run). One progress line covers every sweep added.
class SweepBatch {
public:
  SweepBatch(ProcessPool& pool, bool progress, std::string label);
  ~SweepBatch();
  SweepBatch(const SweepBatch&)            = delete;
  SweepBatch& operator=(const SweepBatch&) = delete;
  // `announce` is printed on stderr when the sweep's first point starts (off a terminal).
  void add(const SweepGrid& grid, const SweepOptions& options, std::function<void(int failed)> finished = {},
           std::string announce = "");
  void draw(bool force);   // the progress line, from the running points' progress files
  void finish();           // ends the progress line
  int failed() const;      // points that failed so far

private:
  struct Sweep;
  struct Running {
    const Sweep* sweep;
    std::size_t todo; // index into the sweep's points to run
  };
  ProcessPool& pool_;
  ProgressLine line_;
  std::vector<std::unique_ptr<Sweep>> sweeps_;
  std::vector<Running> running_;
  long long total_work_ = 0, finished_work_ = 0;
  int points_ = 0, done_ = 0, failed_ = 0;
  std::string self_;
  pid_t start_point(Sweep& sweep, std::size_t todo_index);
  void point_ended(Sweep& sweep, std::size_t todo_index, int code);
};
// Joins every finished point into OUT/queries.csv and OUT/summary.csv; returns how many
// points were merged.
int merge_sweep(const std::string& out_dir);

} // namespace ciodesim::experiment
