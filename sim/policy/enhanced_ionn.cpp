// Enhanced IONN (Shin et al., EMDL 2019): IONN's execution graph, contiguous block ranges
// uploaded greedily by latency saved per upload second, to one server.
#include "sim/plan/baselines.hpp"
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

const ParamGroup& ionn_group()
{
  static const ParamGroup group{
      "ionn",
      "IONN's incremental partitioning (Enhanced IONN and PerDNN)",
      {
          Param::number("k", 0.999, 0.0, 1.0, "final block set: the plan with upload time weighted by 1 - k"),
          Param::integer("max_range_blocks", 32, 1, 100000, "longest contiguous candidate range scored per step"),
      },
      {}};
  return group;
}

plan::IonnParams ionn_params(const ParamValues& v)
{
  return {v.number("ionn.k"), v.integer("ionn.max_range_blocks"), v.text("single_server.processor")};
}

PolicyInfo policy_enhanced_ionn()
{
  PolicyInfo p;
  p.name        = "enhanced-ionn";
  p.description = "Enhanced IONN: incremental upload to one server, ranges by speedup per upload second";
  p.protocol    = Protocol::Fifo;
  p.groups      = {&ionn_group(), &single_server_group()};
  p.make_planner = [](const ParamValues& v) { return plan::make_enhanced_ionn(ionn_params(v), false); };
  return p;
}

} // namespace ciodesim::policy
