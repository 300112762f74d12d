// An ORACLE for the LoADPart suite (a reference, not a policy a device could run): LoADPart's
// split planner with its k and q read from the ground truth, the server's true slowdown and
// true remaining work at the moment of the decision, instead of the probe RPC's answer. It
// breaks "a policy sees only what a real device could know" on purpose: the bound that
// perfect load knowledge gives LoADPart's design (docs/baselines.md).
#include "sim/plan/baselines.hpp"
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

PolicyInfo policy_loadpart_oracle()
{
  PolicyInfo p;
  p.name        = "loadpart-oracle";
  p.description = "ORACLE (a reference bound, not a real device): LoADPart's split with the server's true queue and "
                  "slowdown, no probe RPC";
  p.protocol    = Protocol::Fifo;
  p.observes.true_load = true; // read from the simulation: no probe RPC, no window
  p.groups      = {&single_server_group()};
  p.make_planner = [](const ParamValues& v) { return plan::make_loadpart(v.text("single_server.processor")); };
  return p;
}

} // namespace ciodesim::policy
