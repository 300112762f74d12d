#include "sim/runtime/network_view.hpp"

#include <cmath>

namespace ciodesim::runtime {
namespace {

cost::ProbeEstimate route_estimate(const platform::Route& r)
{
  cost::ProbeEstimate e;
  e.latency_s  = r.latency_s;
  e.s_per_byte = std::isinf(r.bandwidth_Bps) ? 0.0 : 1.0 / r.bandwidth_Bps;
  return e;
}

cost::ProbeEstimate operator+(const cost::ProbeEstimate& a, const cost::ProbeEstimate& b)
{
  return {a.latency_s + b.latency_s, a.s_per_byte + b.s_per_byte};
}

int cpu_of_processor(const platform::Topology& topo, int p)
{
  const int dev = topo.device_of(p);
  return topo.devices[static_cast<std::size_t>(dev)].processors.front();
}

} // namespace

ProbeMatrix compose_star(const platform::Topology& topo, int requester_device, const DeviceEstimate& device_estimate,
                         const std::vector<int>& subset)
{
  const std::size_t n = subset.size();
  ProbeMatrix m(n, std::vector<cost::ProbeEstimate>(n));
  auto device_of = [&](std::size_t p) { return topo.device_of(static_cast<int>(p)); };
  // leg from a device's cpu to the requester's cpu
  auto leg = [&](int dev) {
    return dev == requester_device ? cost::ProbeEstimate{} : device_estimate(dev);
  };
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b) {
      if (a == b)
        continue;
      const int i = subset[a], j = subset[b];
      const int di = device_of(static_cast<std::size_t>(i)), dj = device_of(static_cast<std::size_t>(j));
      if (di == dj) {
        m[a][b] = route_estimate(topo.route(i, j));
        continue;
      }
      const int ci = cpu_of_processor(topo, i), cj = cpu_of_processor(topo, j);
      cost::ProbeEstimate e = leg(di) + leg(dj);
      if (ci != i)
        e = e + route_estimate(topo.route(i, ci));
      if (cj != j)
        e = e + route_estimate(topo.route(cj, j));
      m[a][b] = e;
    }
  return m;
}

void set_network(plan::PlanInput& input, const ProbeMatrix& probes)
{
  const std::size_t n = probes.size();
  input.s_per_byte.assign(n, std::vector<double>(n, 0.0));
  input.latency_s.assign(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      input.s_per_byte[i][j] = probes[i][j].s_per_byte;
      input.latency_s[i][j]  = probes[i][j].latency_s;
    }
}

std::vector<cost::ProbeEstimate> ideal_device_estimates(const platform::Topology& topo, int requester_device,
                                                        const cost::ProbeConfig& probe)
{
  std::vector<cost::ProbeEstimate> est(topo.devices.size());
  const int req = topo.devices[static_cast<std::size_t>(requester_device)].processors.front();
  for (std::size_t d = 0; d < topo.devices.size(); ++d) {
    if (static_cast<int>(d) == requester_device)
      continue;
    const auto& r = topo.route(req, topo.devices[d].processors.front());
    est[d] = cost::estimate_from_probe(probe, cost::ideal_transfer_time_s(probe.ping_bytes, r.bandwidth_Bps, r.latency_s),
                                       cost::ideal_transfer_time_s(probe.probe_bytes, r.bandwidth_Bps, r.latency_s));
  }
  return est;
}

} // namespace ciodesim::runtime
