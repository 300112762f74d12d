#include "sim/cli/isolated.hpp"

#include "sim/core/error.hpp"
#include "sim/core/process.hpp"
#include "sim/experiment/config.hpp"

#include <cstdio>
#include <set>
#include <string>
#include <vector>
#include <sys/wait.h>
#include <unistd.h>

namespace ciodesim::cli {

int run_isolated(const std::function<void()>& body)
{
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t parent = ::getpid();
  const pid_t pid    = ::fork();
  if (pid < 0) {
    std::fprintf(stderr, "error: internal error: cannot fork\n");
    return 1;
  }
  if (pid == 0) {
    die_with_parent(parent);
    int code = 0;
    try {
      body();
    } catch (const InputError& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      code = kExitBadInput;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: internal error: %s\n", escape_control(e.what()).c_str());
      code = 1;
    }
    std::fflush(stdout);
    std::fflush(stderr);
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int validate_points(const experiment::SweepGrid& grid, const experiment::SweepOptions& options)
{
  constexpr std::size_t kCheckAll = 8;
  std::vector<const experiment::SweepPoint*> probe;
  if (grid.points.size() <= kCheckAll) {
    for (const auto& p : grid.points)
      probe.push_back(&p);
  } else {
    std::set<std::string> seen;
    for (const auto& p : grid.points)
      for (std::size_t k = 0; k < p.sets.size(); ++k) {
        bool others_first = true; // every other key at the first point's value
        for (std::size_t j = 0; j < p.sets.size(); ++j)
          others_first = others_first && (j == k || p.sets[j] == grid.points.front().sets[j]);
        if (others_first && seen.insert(p.sets[k]).second)
          probe.push_back(&p);
      }
    if (probe.empty())
      probe.push_back(&grid.points.front());
  }
  for (const auto* p : probe) {
    std::vector<std::string> sets = p->sets;
    sets.insert(sets.end(), options.extra_sets.begin(), options.extra_sets.end());
    if (const int code = run_isolated([&] { experiment::load_experiment(options.config_path, sets); }); code != 0)
      return code; // the child printed the error line
  }
  return 0;
}

} // namespace ciodesim::cli
