// ORACLE: the true load of a processor, for the loadpart-oracle reference policy only
// (Observes::true_load). Nothing here is shown to a planner of a real policy.
#include "sim/runtime/world.hpp"

#include <algorithm>

namespace ciodesim::runtime {

void World::note_true_work(int p, coord::ClientId client, double seconds, bool started)
{
  auto& work     = procs_[static_cast<std::size_t>(p)].true_work[client];
  work.seconds   = seconds;
  work.started_s = started ? sg::Engine::get_clock() : -1.0;
}

double World::true_wait_s(int p) const
{
  const auto& st         = procs_[static_cast<std::size_t>(p)];
  const double available = std::max(st.host->get_available_speed(), 1e-9);
  const double now       = sg::Engine::get_clock();
  auto work_s            = [&](coord::ClientId client) {
    const auto it = st.true_work.find(client);
    return it == st.true_work.end() ? 0.0 : it->second.seconds / available;
  };
  double total = 0;
  if (const auto& holder = st.lock.holder()) {
    const auto it = st.true_work.find(holder->client);
    if (it != st.true_work.end())
      total += it->second.started_s >= 0 ? std::max(0.0, it->second.seconds / available - (now - it->second.started_s))
                                         : it->second.seconds / available;
  }
  for (const auto& entry : st.lock.queue())
    total += work_s(entry.client);
  return total;
}

double World::true_slowdown(int p) const
{
  const double available = procs_[static_cast<std::size_t>(p)].host->get_available_speed();
  return available > 0 ? 1.0 / available : 1.0;
}

} // namespace ciodesim::runtime
