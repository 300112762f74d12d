#include "sim/runtime/raw_replay.hpp"

#include <simgrid/s4u.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

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

double run_logged_replay(const platform::Topology& topo, const std::string& log_path, ActivityMix& mix)
{
  namespace sg = simgrid::s4u;
  std::FILE* in = std::fopen(log_path.c_str(), "rb");
  if (in == nullptr)
    throw std::runtime_error("cannot read the activity log " + log_path);
  // Per actor, in order of first appearance (the log is in simulated-time order).
  struct Script {
    int host = 0;
    std::vector<LoggedActivity> steps;
  };
  std::vector<Script> scripts;
  std::unordered_map<std::int64_t, std::size_t> script_of;
  LoggedActivity entry;
  while (std::fread(&entry, sizeof entry, 1, in) == 1) {
    auto [it, inserted] = script_of.try_emplace(entry.actor, scripts.size());
    if (inserted)
      scripts.push_back(Script{entry.actor_host, {}});
    scripts[it->second].steps.push_back(entry);
    switch (entry.kind) {
      case LoggedActivity::Exec: ++mix.execs, mix.exec_flops += entry.amount; break;
      case LoggedActivity::Comm: ++mix.comms, mix.comm_bytes += entry.amount; break;
      default: ++mix.delays, mix.delay_s += entry.amount; break;
    }
  }
  std::fclose(in);
  std::vector<sg::Host*> host_of;
  for (const auto& p : topo.processors)
    host_of.push_back(sg::Host::by_name(p.name));
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    auto steps = std::make_shared<std::vector<LoggedActivity>>(std::move(scripts[i].steps));
    sg::Actor::create("replay" + std::to_string(i), host_of[static_cast<std::size_t>(scripts[i].host)],
                      [steps, &host_of] {
                        for (const auto& s : *steps) {
                          if (s.kind == LoggedActivity::Exec)
                            sg::this_actor::exec_init(s.amount)
                                ->set_host(host_of[static_cast<std::size_t>(s.a)])
                                ->start()
                                ->wait();
                          else if (s.kind == LoggedActivity::Comm)
                            sg::Comm::sendto(host_of[static_cast<std::size_t>(s.a)], host_of[static_cast<std::size_t>(s.b)],
                                             static_cast<std::uint64_t>(s.amount));
                          else
                            sg::this_actor::sleep_for(s.amount);
                        }
                      });
  }
  sg::Engine::get_instance()->run();
  return sg::Engine::get_clock();
}

} // namespace ciodesim::runtime
