#include "sim/cost/probe.hpp"

#include <algorithm>
#include <cmath>

namespace ciodesim::cost {

ProbeEstimate estimate_from_probe(const ProbeConfig& config, double ping_time_s, double probe_time_s)
{
  ProbeEstimate e;
  const double extra_bytes = config.probe_bytes - config.ping_bytes;
  const double extra_s     = probe_time_s - ping_time_s;
  if (extra_bytes > 0 && extra_s > 0) {
    e.s_per_byte = extra_s / extra_bytes;
    e.latency_s  = std::max(0.0, ping_time_s - config.ping_bytes * e.s_per_byte);
  } else {
    e.s_per_byte = probe_time_s / std::max(config.probe_bytes, 1.0); // degenerate: paper's v = S / t
  }
  return e;
}

double ideal_transfer_time_s(double bytes, double bandwidth_Bps, double latency_s)
{
  return std::isinf(bandwidth_Bps) ? 0.0 : latency_s + bytes / bandwidth_Bps;
}

} // namespace ciodesim::cost
