#pragma once
// The baseline of `ciodesim bench`: the same activity mix as a ciodesim run, in plain s4u
// with no policy logic — per requester an actor that runs, per query, its share of the
// executions (alternating between its own cpu and a node of its subnet), of the transfers (to
// that node) and of the timed waits (query arrivals, control messages), with the run's average
// sizes.
#include "sim/platform/topology.hpp"

#include <cstdint>
#include <string>

namespace ciodesim::runtime {

struct ActivityMix {
  int requesters = 0, queries_per_requester = 0;
  long long execs = 0, comms = 0, delays = 0;
  double exec_flops = 0, comm_bytes = 0, delay_s = 0; // totals
};

// Runs the replay on the process's engine (platform already built); returns simulated end time.
double run_raw_replay(const platform::Topology& topo, const ActivityMix& mix);

// One activity of a ciodesim actor, as World logs it when Scenario::activity_log_path is set.
struct LoggedActivity {
  enum Kind : std::int32_t { Exec = 0, Comm = 1, Sleep = 2 };
  std::int64_t actor = 0;     // SimGrid actor id
  std::int32_t actor_host = 0; // processor index the actor runs on
  std::int32_t kind = Exec;
  std::int32_t a = 0, b = 0;  // exec: processor a; comm: processor a -> processor b
  double amount = 0;          // flops, bytes or seconds
};

// The exact replay: per logged actor, an actor on the same host that runs the same
// executions, transfers and sleeps with the same sizes in the same order — everything
// ciodesim simulated, minus the policy (no planning, no locks, no decisions). Returns the
// simulated end time; the counts of what it replayed go to `mix`.
double run_logged_replay(const platform::Topology& topo, const std::string& log_path, ActivityMix& mix);

} // namespace ciodesim::runtime
