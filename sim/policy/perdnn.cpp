// PerDNN (Jeong et al.): IONN's partitioning with server times scaled by 1 / (1 - u), u the
// server's recent utilisation by other clients (its published statistics), re-read per query.
// Under mobility it predicts the next server from its own trajectory and migrates the head
// of a speculative plan's upload order there over the backhaul (sim/runtime/mobility.cpp).
#include "sim/plan/baselines.hpp"
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

const ParamGroup& ionn_group();                         // enhanced_ionn.cpp
plan::IonnParams ionn_params(const ParamValues& values); // enhanced_ionn.cpp

const ParamGroup& perdnn_group()
{
  static const ParamGroup group{
      "perdnn",
      "PerDNN's server statistics and proactive migration (mobility)",
      {Param::number("utilization_window_s", 1.0, 1e-6, 1e9, "busy fraction of the server over this window"),
       Param::number("lookahead_s", 10.0, 0.0, 1e6,
                     "mobility: the next server is the one at the position extrapolated this far ahead"),
       Param::number("migrate_fraction", 0.1, 0.0, 1.0,
                     "mobility: share of the speculative plan's server-side bytes migrated ahead (its first blocks)")},
      {}};
  return group;
}

PolicyInfo policy_perdnn()
{
  PolicyInfo p;
  p.name        = "perdnn";
  p.description = "PerDNN: IONN partitioning with server times x 1 / (1 - utilisation by others)";
  p.protocol    = Protocol::Fifo;
  p.observes.utilization  = true;
  p.observes.window_param = "perdnn.utilization_window_s";
  p.mobility.proactive_migration = true;
  p.groups      = {&ionn_group(), &perdnn_group(), &single_server_group()};
  p.make_planner = [](const ParamValues& v) { return plan::make_enhanced_ionn(ionn_params(v), true); };
  return p;
}

} // namespace ciodesim::policy
