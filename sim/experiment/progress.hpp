#pragma once
// Progress of long commands (run, sweep, reproduce) by simulated work: one unit is one
// configured query recorded (completed, failed or rejected), so a point of 1000 requesters
// weighs 100 times one of 10 and the ETA follows the work, not the point count. Only drawn
// on a terminal; outputs never depend on it.
#include "sim/experiment/config.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace ciodesim::experiment {

// Every query an experiment configures, over all repetitions (background load included).
long long experiment_work(const LoadedExperiment& experiment);

// A count shared with forked children (anonymous shared memory survives fork, not exec):
// a repetition's process stores how many queries it has recorded, its parent reads it.
class SharedCounter {
public:
  SharedCounter();
  ~SharedCounter();
  SharedCounter(const SharedCounter&)            = delete;
  SharedCounter& operator=(const SharedCounter&) = delete;
  void store(long long value);
  long long load() const;

private:
  void* cell_ = nullptr;
};

// A process that is not the terminal's (a sweep point) reports through a file holding
// "done total"; written atomically, read back by the sweep. nullopt: absent or unreadable.
void write_progress_file(const std::string& path, long long done, long long total);
std::optional<std::pair<long long, long long>> read_progress_file(const std::string& path);

// The terminal line: `label [#######.......] 47%  4700/10000 queries  12s elapsed  ETA 13s`.
class ProgressLine {
public:
  ProgressLine(bool enabled, std::string label);
  // Redraws at most every 0.2 s unless `force`; `detail` follows the counts (e.g. "3/40 points").
  void draw(long long done, long long total, const std::string& detail = "", bool force = false);
  void finish(); // ends the line (a newline) if anything was drawn
  double elapsed_s() const;

private:
  bool enabled_, drawn_ = false;
  std::string label_;
  std::chrono::steady_clock::time_point started_, last_draw_;
};

} // namespace ciodesim::experiment
