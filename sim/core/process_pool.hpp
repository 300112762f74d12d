#pragma once
// A pool of child processes: tasks start in the order they were submitted (urgent ones
// first), at most `jobs` at a time, and each task's `ended` runs in this process as soon as
// its child has exited, free to submit more. `reproduce` runs every experiment's points,
// their merges, the tables and the figures through one pool, so no core idles while one
// experiment's last point or its merge finishes.
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>
#include <sys/types.h>

namespace ciodesim {

// Forks a child that runs `argv` (argv[0] a path) with stdout and stderr sent to `log_path`
// ("" keeps ours); it dies with this process. Throws when it cannot fork.
pid_t start_logged(const std::vector<std::string>& argv, const std::string& log_path);

// Forks a child that runs `work` and exits with its result; an error it throws is printed
// on stderr (exit 2 for bad input, 1 otherwise). Throws when it cannot fork.
pid_t start_forked(const std::function<int()>& work);

class ProcessPool {
public:
  struct Task {
    std::function<pid_t()> start;          // starts the child; returns its pid
    std::function<void(int code)> ended;   // its exit code, in this process
  };
  explicit ProcessPool(int jobs);
  void submit(Task task, bool urgent = false);
  // Until nothing is queued or running; `tick` runs at least every 0.2 s while children run.
  void run(const std::function<void()>& tick = {});
  int running() const { return static_cast<int>(running_.size()); }

private:
  int jobs_;
  std::deque<Task> queued_;
  std::map<pid_t, Task> running_;
};

} // namespace ciodesim
