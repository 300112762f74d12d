#pragma once
// The CIODE planner (paper Section 4.2, Algorithm 1). The execution graph has one vertex per
// (block, processor); the edge into (b, q) from (b-1, p) weighs exec(b, q), plus, when
// p != q, the transfer of b's input from p to q and the waiting time W of q. The shortest
// source-to-sink path, found by dynamic programming in topological order (O(V + E) =
// O(B x P^2)), is the plan. Run twice: over resident blocks only (the plan a query can use
// now) and with every block allowed (the target the uploads work towards).
// Upload order: the target's remote blocks form partitions (maximal runs of consecutive
// blocks on one processor). Each partition gets the delay improvement
//   D = T_local - (T_in + W + T_exec + T_up + T_out)     (paper eqs. 6 and 9)
// computed over the partition as a whole (its input enters once, its output leaves once);
// partitions are uploaded in decreasing D and, inside a partition, front blocks first, so a
// query can use a growing prefix of the partition while the rest uploads (paper 4.2: "uploading
// the front layers first is most conducive to performance improvement"). Per-block D would
// rank parameter-free blocks (ReLU, dropout) first: their D is merely the least negative,
// and alone they only add transfers.
#include "sim/plan/energy.hpp"
#include "sim/plan/planner.hpp"

namespace ciodesim::plan {

struct CiodeOptions {
  // Weight of the upload time in the target plan's edges and in D: 0 plans the steady state
  // (every block will be uploaded once and reused forever), 1 charges each upload to this
  // single query, 1/N amortises it over N queries.
  double upload_weight = 0.0;
};

// Shortest path over blocks x processors; blocks not resident cost upload_weight x T_up
// extra, or are forbidden when upload_weight < 0. Returns the assignment and its latency.
// `ops`, if given, is increased by the number of edges relaxed (B x P^2).
std::vector<int> shortest_assignment(const PlanInput& input, double upload_weight, double& latency_s,
                                     std::size_t* ops = nullptr);

// Upload order of the target's non-resident remote blocks: partitions by decreasing D
// (ties: first block id), blocks of a partition front to back.
// T_up in D is weighted like the target's edges: with weight w > 0 (an upload amortised over
// 1/w queries) partitions with D <= 0 are left out; w = 0 keeps every remote partition.
std::vector<UploadItem> upload_order(const PlanInput& input, const std::vector<int>& target,
                                     double upload_weight = 1.0);

Plan plan_ciode(const PlanInput& input, const CiodeOptions& options = {}, std::size_t* ops = nullptr);

// The CIODE planner of one requester. upload_weight >= 0: that weight for every query;
// kUploadWeightHorizon (the default): 1 / the queries expected within `horizon_s` at the
// arrival rate observed so far (1 until a rate is known), so an upload must pay off within
// the queries the requester can expect; kUploadWeightRemaining: 1 / the queries left in the
// configured run (an oracle: PlanInput::remaining_queries).
inline constexpr double kUploadWeightRemaining = -1.0;
inline constexpr double kUploadWeightHorizon   = -2.0;
// `objective`: what the shortest path minimises (plan/energy.hpp); the plan's latencies are
// the predicted latencies whatever it is, its upload order's D in the objective's unit.
std::unique_ptr<Planner> make_ciode_planner(double upload_weight, double horizon_s, const ObjectiveSpec& objective = {});

} // namespace ciodesim::plan
