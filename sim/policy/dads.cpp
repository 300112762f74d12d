// DADS (Hu et al., INFOCOM 2019), light-load mode: minimum s-t cut between edge and server.
#include "sim/plan/baselines.hpp"
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

PolicyInfo policy_dads()
{
  PolicyInfo p;
  p.name        = "dads";
  p.description = "DADS (light load): minimum s-t cut of the model between device and one server";
  p.protocol    = Protocol::Fifo;
  p.groups      = {&single_server_group()};
  p.make_planner = [](const ParamValues& v) { return plan::make_dads(v.text("single_server.processor")); };
  return p;
}

} // namespace ciodesim::policy
