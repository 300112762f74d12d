#pragma once
// The planners' network view from per-device probe estimates (requester <-> device cpu),
// composed along the star data flow: between two non-requester devices a tensor pays both
// legs through the requester; the hop between a device's cpu and its gpu uses the known
// local bus (not probed). Shared by `ciodesim plan` (ideal probes) and the runtime (probes
// measured in the simulation).
#include "sim/cost/probe.hpp"
#include "sim/plan/plan_input.hpp"
#include "sim/platform/topology.hpp"

#include <functional>
#include <vector>

namespace ciodesim::runtime {

using ProbeMatrix = std::vector<std::vector<cost::ProbeEstimate>>;

// device_estimate(d): requester cpu <-> cpu of device d (never asked for the requester's own
// device). The matrix covers `processors` (indices into topo.processors), in that order.
using DeviceEstimate = std::function<cost::ProbeEstimate(int device)>;
ProbeMatrix compose_star(const platform::Topology& topo, int requester_device, const DeviceEstimate& device_estimate,
                         const std::vector<int>& processors);

// Copies the matrix into a planner input's s_per_byte and latency_s.
void set_network(plan::PlanInput& input, const ProbeMatrix& probes);

// What ideal probes measure on the idle platform (CM02 times), per device.
std::vector<cost::ProbeEstimate> ideal_device_estimates(const platform::Topology& topo, int requester_device,
                                                        const cost::ProbeConfig& probe);

} // namespace ciodesim::runtime
