// All-at-once: upload the whole model to one server, run locally until it is resident.
#include "sim/plan/baselines.hpp"
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

PolicyInfo policy_all_at_once()
{
  PolicyInfo p;
  p.name        = "all-at-once";
  p.description = "upload the whole model to one server first, run locally until it is resident";
  p.protocol    = Protocol::Fifo;
  p.groups      = {&single_server_group()};
  p.make_planner = [](const ParamValues& v) { return plan::make_all_at_once(v.text("single_server.processor")); };
  return p;
}

} // namespace ciodesim::policy
