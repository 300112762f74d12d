// CIODE (the paper): the execution-graph planner over every processor in reach, uploads on
// demand in decreasing delay improvement, and the waiting lock with replacement and invalid
// lock (sim/coord, sim/runtime/protocols).
#include "sim/plan/ciode.hpp"
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

const ParamGroup& ciode_group()
{
  static const ParamGroup group{
      "ciode",
      "CIODE's planner and waiting lock (M-BEB plans with the same upload rule)",
      {
          Param::number("upload_weight", plan::kUploadWeightHorizon, 0.0, 1e6,
                        "weight of upload time in the target plan; \"horizon\": 1 / the queries expected within "
                        "upload_horizon_s at the observed arrival rate; \"remaining\": 1 / the queries left (an "
                        "oracle)")
              .word("horizon", plan::kUploadWeightHorizon)
              .word("remaining", plan::kUploadWeightRemaining),
          Param::number("upload_horizon_s", 30.0, 1e-3, 1e9,
                        "how long a requester expects to keep sending queries (upload_weight = \"horizon\")"),
          Param::number("invalid_lock_factor", 2.0, 1.0, 1e6,
                        "a holder running longer than this x its prediction is force-ended (eq. 11)"),
          Param::boolean("replacement", true, "switch targets while waiting when eq. 10 says so"),
          Param::number("replacement_margin_s", 1e-3, 0.0, 1e6, "hysteresis of eq. 10"),
          Param::integer("max_replans", 8, 0, 1000,
                         "re-plans of one query (any policy, faults included) before its rest runs locally"),
          Param::choice("objective", {"latency", "energy", "weighted"}, 0,
                        "what the plan minimises: predicted latency, the requester's predicted energy, or "
                        "energy_weight x E/E_local + (1 - energy_weight) x T/T_local (docs/energy.md)"),
          Param::number("energy_weight", 0.5, 0.0, 1.0, "objective = \"weighted\": the weight of energy"),
      },
      {}};
  return group;
}

std::unique_ptr<plan::Planner> make_ciode_planner(const ParamValues& v)
{
  const plan::ObjectiveSpec objective{static_cast<plan::Objective>(v.integer("ciode.objective")),
                                      v.number("ciode.energy_weight")};
  return plan::make_ciode_planner(v.number("ciode.upload_weight"), v.number("ciode.upload_horizon_s"), objective);
}

PolicyInfo policy_ciode()
{
  PolicyInfo p;
  p.name        = "ciode";
  p.description = "CIODE: execution-graph plan over all nodes, incremental upload, waiting lock";
  p.protocol    = Protocol::WaitingLock;
  p.observes.wait = true;
  p.groups      = {&ciode_group()};
  p.make_planner = make_ciode_planner;
  p.mobility.all_in_range = true; // re-plans among every server in range
  return p;
}

} // namespace ciodesim::policy
