// DADS (Hu et al., INFOCOM 2019): DSL (minimum s-t cut) under light load, DSH (the pipeline
// partition minimising the slowest stage) under heavy load, switched dynamically.
#include "sim/plan/baselines.hpp"
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

const ParamGroup& dads_group()
{
  static const ParamGroup group{
      "dads",
      "DADS's load modes and their switching rule",
      {Param::number("mode", 0, 0, 2,
                     "\"dynamic\": DSL <-> DSH by the observed load; \"light\": always DSL; \"heavy\": always DSH "
                     "(DSH needs max_in_flight > 1)")
           .word("dynamic", 0)
           .word("light", 1)
           .word("heavy", 2),
       Param::number("heavy_above", 1.0, 0.0, 1e6,
                     "switch to DSH when arrival rate x the DSL plan's seconds per frame exceeds this"),
       Param::number("light_below", 0.8, 0.0, 1e6, "switch back to DSL when it falls below this")},
      [](const ParamValues& v) -> std::pair<std::string, std::string> {
        const double mode = v.number("dads.mode");
        if (mode != 0 && mode != 1 && mode != 2)
          return {"mode", "must be \"dynamic\", \"light\" or \"heavy\""};
        if (v.number("dads.light_below") > v.number("dads.heavy_above"))
          return {"light_below", "must be <= heavy_above"};
        return {};
      }};
  return group;
}

PolicyInfo policy_dads()
{
  PolicyInfo p;
  p.name        = "dads";
  p.description = "DADS: min s-t cut under light load, pipeline partition under heavy load, one server";
  p.protocol    = Protocol::Fifo;
  p.groups      = {&dads_group(), &single_server_group()};
  p.make_planner = [](const ParamValues& v) {
    plan::DadsParams params;
    const double mode  = v.number("dads.mode");
    params.mode        = mode == 0 ? plan::DadsMode::Dynamic : mode == 1 ? plan::DadsMode::Light : plan::DadsMode::Heavy;
    params.heavy_above = v.number("dads.heavy_above");
    params.light_below = v.number("dads.light_below");
    return plan::make_dads(v.text("single_server.processor"), params);
  };
  return p;
}

} // namespace ciodesim::policy
