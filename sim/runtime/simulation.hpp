#pragma once
// Runs one simulation of a Scenario on the process's engine (platform already loaded by the
// experiment layer) and returns what happened. Call once per process.
#include "sim/platform/topology.hpp"
#include "sim/runtime/records.hpp"
#include "sim/runtime/scenario.hpp"

namespace ciodesim::runtime {

Records run_simulation(const Scenario& scenario, const platform::Topology& topology);

// SimGrid's version string, for sidecars.
std::string simgrid_version();

} // namespace ciodesim::runtime
