// edge-only: the whole model on the device (the DADS and Neurosurgeon papers' reference point).
#include "sim/plan/baselines.hpp"
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

PolicyInfo policy_edge_only()
{
  PolicyInfo p;
  p.name         = "edge-only";
  p.description  = "every layer on the requesting device; nothing uploaded or offloaded";
  p.protocol     = Protocol::Fifo;
  p.observes.links = false; // it never sends anything: no probes
  p.make_planner = [](const ParamValues&) { return plan::make_edge_only(); };
  return p;
}

} // namespace ciodesim::policy
