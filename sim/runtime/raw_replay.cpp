#include "sim/runtime/raw_replay.hpp"

#include <simgrid/s4u.hpp>

#include <cmath>
#include <cstdint>
#include <map>
#include <string>

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
  std::map<std::string, int> first_node; // subnet -> its first node's cpu
  for (const auto& d : topo.devices)
    if (!d.requester)
      first_node.try_emplace(d.subnet, d.processors.front());
  if (first_node.empty())
    return 0.0;
  int made = 0;
  for (const auto& device : topo.devices) {
    if (!device.requester || made == mix.requesters)
      continue;
    ++made;
    // a node of its own subnet (as the candidate ranking would pick first), else any node
    const int self = device.processors.front();
    const auto own = first_node.find(device.subnet);
    const int node = own != first_node.end() ? own->second : first_node.begin()->second;
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
