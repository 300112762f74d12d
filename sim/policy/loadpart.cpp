// LoADPart (Liu et al., ICDCS 2022): one split point with the server's load factor k and its
// queueing time q.
#include "sim/plan/baselines.hpp"
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

const ParamGroup& loadpart_group()
{
  static const ParamGroup group{
      "loadpart",
      "LoADPart's load factor",
      {Param::integer("window", 10, 1, 100000, "executions in the sliding window of measured / predicted")},
      {}};
  return group;
}

PolicyInfo policy_loadpart()
{
  PolicyInfo p;
  p.name        = "loadpart";
  p.description = "LoADPart: single split with the server's load factor and queueing time";
  p.protocol    = Protocol::Fifo;
  p.observes.wait     = true; // the probe RPC returns the server's queue
  p.observes.feedback = true; // k from measured / predicted
  p.groups      = {&loadpart_group(), &single_server_group()};
  p.make_planner = [](const ParamValues& v) {
    return plan::make_loadpart(v.text("single_server.processor"), v.integer("loadpart.window"));
  };
  return p;
}

} // namespace ciodesim::policy
