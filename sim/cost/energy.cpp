#include "sim/cost/energy.hpp"

#include <algorithm>

namespace ciodesim::cost {

double DevicePower::idle_w() const
{
  double sum = radio_idle_w;
  for (const auto& p : processors)
    sum += p.idle_w;
  return sum;
}

QueryEnergy query_energy(const DevicePower& power, const QueryActivity& activity)
{
  QueryEnergy e;
  const double latency_s = activity.latency_s;
  for (std::size_t p = 0; p < power.processors.size(); ++p) {
    // a processor busy longer than the latency (other slots' work is not this query's) is capped
    const double busy_s = p < activity.busy_s.size() ? std::clamp(activity.busy_s[p], 0.0, latency_s) : 0.0;
    e.compute_j += power.processors[p].busy_w * busy_s;
    e.idle_j += power.processors[p].idle_w * (latency_s - busy_s);
  }
  const double radio_s = std::clamp(activity.radio_s, 0.0, latency_s);
  e.radio_j            = power.radio_busy_w * radio_s + power.radio_idle_w * (latency_s - radio_s);
  return e;
}

} // namespace ciodesim::cost
