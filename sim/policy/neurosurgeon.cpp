// Neurosurgeon (Kang et al., ASPLOS 2017): one split point, O(N) scan, fixed load factor.
#include "sim/plan/baselines.hpp"
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

const ParamGroup& neurosurgeon_group()
{
  static const ParamGroup group{
      "neurosurgeon",
      "Neurosurgeon's split",
      {Param::number("load_factor", 1.0, 1e-6, 1e6, "K: server times are scaled by it"),
       Param::choice("objective", {"latency", "energy"}, 0,
                     "the paper's two: end-to-end latency or the mobile device's energy (docs/energy.md)")},
      {}};
  return group;
}

PolicyInfo policy_neurosurgeon()
{
  PolicyInfo p;
  p.name        = "neurosurgeon";
  p.description = "Neurosurgeon: best single split point to one server";
  p.protocol    = Protocol::Fifo;
  p.groups      = {&neurosurgeon_group(), &single_server_group()};
  p.make_planner = [](const ParamValues& v) {
    return plan::make_neurosurgeon(v.text("single_server.processor"), v.number("neurosurgeon.load_factor"),
                                   {static_cast<plan::Objective>(v.integer("neurosurgeon.objective")), 0.5});
  };
  return p;
}

} // namespace ciodesim::policy
