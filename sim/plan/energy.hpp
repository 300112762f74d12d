#pragma once
// Planning for the requester's energy (docs/energy.md). Every step of a plan lasts some time
// during which the requester draws a known power: its idle power always, plus its busy
// processor's extra while it computes a block, plus its radio's extra while a tensor (or an
// upload) crosses its access link; waiting for a lock or a remote execution costs only the
// idle power. So energy, like latency, is a sum over the execution graph's edges (time x the
// edge's power), and so is any weighted mix of the two: planning for it is planning for
// latency on a view of the input whose times are multiplied by the edge's cost per second.
// The latency planners then run unchanged on the view (same graph, same optimality).
#include "sim/plan/plan_input.hpp"

#include <string>
#include <vector>

namespace ciodesim::plan {

enum class Objective { Latency = 0, Energy = 1, Weighted = 2 };
const char* objective_name(Objective objective);

struct ObjectiveSpec {
  Objective kind = Objective::Latency;
  // Weighted: cost = (1 - weight) T / T_local + weight E / E_local, the all-local plan's
  // latency and energy as units (0: latency only, 1: energy only).
  double weight = 0.5;
};

// The requester's predicted energy of an assignment, under the cost rule of
// assignment_latency_s (plan_input.hpp), each term times the power drawn meanwhile.
// Requires input.power.known().
double assignment_energy_j(const PlanInput& input, const std::vector<int>& assignment, double upload_weight = -1);

// The input whose times are costs in the objective's unit: J for Energy, a dimensionless
// mix for Weighted, unchanged for Latency. assignment_latency_s on the view equals the
// objective's cost of the assignment. Throws std::invalid_argument when an energy objective
// meets an input without power figures.
PlanInput cost_view(const PlanInput& input, const ObjectiveSpec& objective);

} // namespace ciodesim::plan
