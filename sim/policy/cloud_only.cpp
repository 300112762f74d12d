// cloud-only: the whole model on one server (the DADS and Neurosurgeon papers' reference point).
#include "sim/plan/baselines.hpp"
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

PolicyInfo policy_cloud_only()
{
  PolicyInfo p;
  p.name        = "cloud-only";
  p.description = "every layer on one server once it holds the whole model (the device until then)";
  p.protocol    = Protocol::Fifo;
  p.groups      = {&single_server_group()};
  p.make_planner = [](const ParamValues& v) { return plan::make_cloud_only(v.text("single_server.processor")); };
  return p;
}

} // namespace ciodesim::policy
