#pragma once
// Runs one simulation of a Scenario on the process's engine (platform already loaded by the
// experiment layer) and returns what happened. Call once per process.
#include "sim/platform/topology.hpp"
#include "sim/runtime/records.hpp"
#include "sim/runtime/scenario.hpp"

#include <functional>

namespace ciodesim::runtime {

// Told, now and then while the run goes on, how many query rows have been recorded (for
// progress; it must not touch the simulation).
using QueryProgress = std::function<void(long long recorded_queries)>;

Records run_simulation(const Scenario& scenario, const platform::Topology& topology,
                       const QueryProgress& progress = {});

// SimGrid's version string, for sidecars.
std::string simgrid_version();

} // namespace ciodesim::runtime
