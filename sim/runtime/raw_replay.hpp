#pragma once
// The baseline of `ciodesim bench`: the same activity mix as a ciodesim run, in plain s4u
// with no policy logic — per requester an actor that runs, per query, its share of the
// executions (alternating between its own cpu and a node of its subnet), of the transfers (to
// that node) and of the timed waits (query arrivals, control messages), with the run's average
// sizes.
#include "sim/platform/topology.hpp"

namespace ciodesim::runtime {

struct ActivityMix {
  int requesters = 0, queries_per_requester = 0;
  long long execs = 0, comms = 0, delays = 0;
  double exec_flops = 0, comm_bytes = 0, delay_s = 0; // totals
};

// Runs the replay on the process's engine (platform already built); returns simulated end time.
double run_raw_replay(const platform::Topology& topo, const ActivityMix& mix);

} // namespace ciodesim::runtime
