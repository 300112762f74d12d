#include "sim/runtime/raw_replay.hpp"

#include <simgrid/s4u.hpp>

#include <cmath>
#include <cstdint>

namespace ciodesim::runtime {

double run_raw_replay(const platform::Topology& topo, const ActivityMix& mix)
{
  namespace sg          = simgrid::s4u;
  const double queries  = static_cast<double>(mix.requesters) * mix.queries_per_requester;
  const long long execs = std::llround(static_cast<double>(mix.execs) / queries);
  const long long comms = std::llround(static_cast<double>(mix.comms) / queries);
  const double flops    = mix.execs > 0 ? mix.exec_flops / static_cast<double>(mix.execs) : 0.0;
  const auto bytes      = static_cast<std::uint64_t>(mix.comms > 0 ? mix.comm_bytes / static_cast<double>(mix.comms) : 0);
  const long long waits = std::llround(static_cast<double>(mix.delays) / queries);
  const double wait_s   = mix.delays > 0 ? mix.delay_s / static_cast<double>(mix.delays) : 0.0;
  int made              = 0;
  for (const auto& device : topo.devices) {
    if (!device.requester || made == mix.requesters)
      continue;
    ++made;
    // nearest node by route latency
    const int self = device.processors.front();
    int node       = -1;
    double best    = 1e300;
    for (const auto& other : topo.devices)
      if (!other.requester) {
        const double lat = topo.route(self, other.processors.front()).latency_s;
        if (lat < best) {
          best = lat;
          node = other.processors.front();
        }
      }
    auto* mine  = sg::Host::by_name(topo.processors[static_cast<std::size_t>(self)].name);
    auto* there = sg::Host::by_name(topo.processors[static_cast<std::size_t>(node)].name);
    sg::Actor::create(device.name + "/raw", mine, [=, q = mix.queries_per_requester] {
      for (int i = 0; i < q; ++i) {
        for (long long e = 0; e < execs; ++e)
          sg::this_actor::exec_init(flops)->set_host(e % 2 == 0 ? mine : there)->start()->wait();
        for (long long c = 0; c < comms; ++c)
          sg::Comm::sendto(mine, there, bytes);
        for (long long w = 0; w < waits; ++w)
          sg::this_actor::sleep_for(wait_s);
      }
    });
  }
  sg::Engine::get_instance()->run();
  return sg::Engine::get_clock();
}

} // namespace ciodesim::runtime
