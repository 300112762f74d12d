// LoADPart (Liu et al., ICDCS 2022): one split point with the load factor k and queueing time
// q that the server reports through the probe RPC, fresh at every query.
#include "sim/plan/baselines.hpp"
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

const ParamGroup& loadpart_group()
{
  static const ParamGroup group{
      "loadpart",
      "LoADPart's load factor",
      {Param::number("window_s", 2.0, 1e-3, 1e9,
                     "the server's k: mean measured / predicted of the holds that ended this recently (1 if none)")},
      {}};
  return group;
}

PolicyInfo policy_loadpart()
{
  PolicyInfo p;
  p.name        = "loadpart";
  p.description = "LoADPart: single split with the server's load factor and queueing time";
  p.protocol    = Protocol::Fifo;
  p.observes.wait        = true; // the probe RPC returns the server's queue q ...
  p.observes.server_load = true; // ... and its load factor k
  p.observes.window_param = "loadpart.window_s";
  p.groups      = {&loadpart_group(), &single_server_group()};
  p.make_planner = [](const ParamValues& v) { return plan::make_loadpart(v.text("single_server.processor")); };
  return p;
}

} // namespace ciodesim::policy
