#include "sim/plan/ciode.hpp"

#include "sim/cost/codec.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ciodesim::plan {
namespace {
// "a is better than b" with ties (within rounding) going to the incumbent, so that equal
// options resolve to the lower processor index instead of to floating-point noise.
bool better(double a, double b)
{
  if (std::isinf(b))
    return a < b;
  return a < b - 1e-12 * std::max(1.0, std::fabs(b));
}
} // namespace

std::vector<int> shortest_assignment(const PlanInput& input, double upload_weight, double& latency_s,
                                     std::size_t* ops)
{
  const std::size_t blocks = input.blocks();
  const std::size_t procs  = input.size();
  constexpr double kInf    = std::numeric_limits<double>::infinity();
  // The network as flat column-major arrays: the inner loop below walks p for a fixed q.
  // A compressed tensor (input.codec) costs, per byte it would take as float32, a quarter of
  // the link's s_per_byte plus the (de)quantisation per element / 4: `cspb`.
  std::vector<double> lat(procs * procs), spb(procs * procs), cspb(procs * procs);
  for (std::size_t p = 0; p < procs; ++p)
    for (std::size_t q = 0; q < procs; ++q) {
      lat[q * procs + p]  = p == q ? 0.0 : input.latency_s[p][q];
      spb[q * procs + p]  = p == q ? 0.0 : input.s_per_byte[p][q];
      cspb[q * procs + p] = spb[q * procs + p];
      if (input.codec.active() && p != q && input.codec.device[p] != input.codec.device[q])
        cspb[q * procs + p] = (input.s_per_byte[p][q] + input.codec.quantize_s_per_element[p] +
                               input.codec.dequantize_s_per_element[q]) /
                              cost::kFloat32Bytes;
    }
  // dist[q]: best latency with block b finished on q; parent[b * procs + q]: processor of
  // block b-1 (one flat allocation: this runs for every query of every requester).
  std::vector<double> dist(procs, kInf), next(procs);
  std::vector<int> parent(blocks * procs, -1);
  dist[static_cast<std::size_t>(input.requester)] = 0.0;
  if (ops != nullptr)
    *ops += blocks * procs * procs;

  for (std::size_t b = 1; b < blocks; ++b) {
    const double in_bytes = input.in_bytes[b];
    const bool compressed = b < input.codec.compressed.size() && input.codec.compressed[b];
    for (std::size_t q = 0; q < procs; ++q) {
      double node_cost = input.exec_s[b][q];
      if (!input.resident[b][q]) {
        if (upload_weight < 0) {
          next[q] = kInf;
          continue;
        }
        node_cost += upload_weight * input.upload_s(static_cast<int>(q), static_cast<int>(b));
      }
      // Arriving from p costs transfer(p -> q) + W of q (nothing when staying on q, except
      // for the first block: its segment queues at q's lock like any other). A
      // candidate must beat the incumbent by more than rounding (see `better`): `beat` is
      // the incumbent's threshold, kept instead of recomputed per candidate.
      const double wait_q = input.wait_s[q];
      const double* lat_q = &lat[q * procs];
      const double* spb_q = compressed ? &cspb[q * procs] : &spb[q * procs];
      double best = kInf, beat = kInf;
      int best_p  = -1;
      for (std::size_t p = 0; p < procs; ++p) {
        if (dist[p] == kInf)
          continue;
        const double c = p == q ? (b == 1 ? dist[p] + wait_q : dist[p]) : dist[p] + lat_q[p] + in_bytes * spb_q[p] + wait_q;
        if (c < beat) {
          best   = c;
          best_p = static_cast<int>(p);
          beat   = c - 1e-12 * std::max(1.0, std::fabs(c));
        }
      }
      next[q]                 = best + node_cost;
      parent[b * procs + q] = best_p;
    }
    dist.swap(next);
  }

  // Sink: the output returns to the requester.
  double best = kInf;
  int last    = input.requester;
  for (std::size_t q = 0; q < procs; ++q) {
    if (dist[q] == kInf)
      continue;
    const double total = dist[q] + input.tensor_s(static_cast<int>(q), input.requester, blocks);
    if (better(total, best)) {
      best = total;
      last = static_cast<int>(q);
    }
  }
  latency_s = best;
  std::vector<int> assignment(blocks, input.requester);
  for (std::size_t b = blocks - 1; b >= 1; --b) {
    assignment[b] = last;
    last          = parent[b * procs + static_cast<std::size_t>(last)];
  }
  return assignment;
}

std::vector<UploadItem> upload_order(const PlanInput& input, const std::vector<int>& target, double upload_weight)
{
  struct Partition {
    int processor = 0, first = 0, last = 0;
    double d_s = 0;
  };
  const int req = input.requester;
  const auto ru = static_cast<std::size_t>(req);
  std::vector<Partition> partitions;
  for (std::size_t b = 1; b < input.blocks(); ++b) {
    const int q = target[b];
    if (q == req)
      continue;
    if (!partitions.empty() && partitions.back().processor == q && partitions.back().last == static_cast<int>(b) - 1)
      partitions.back().last = static_cast<int>(b);
    else
      partitions.push_back({q, static_cast<int>(b), static_cast<int>(b), 0.0});
  }
  for (auto& part : partitions) {
    const auto qu = static_cast<std::size_t>(part.processor);
    double t_local = 0, t_exec = 0, t_up = 0;
    for (int b = part.first; b <= part.last; ++b) {
      const auto bu = static_cast<std::size_t>(b);
      t_local += input.exec_s[bu][ru];
      t_exec += input.exec_s[bu][qu];
      if (!input.resident[bu][qu])
        t_up += input.upload_s(part.processor, b);
    }
    const double t_in  = input.tensor_s(req, part.processor, static_cast<std::size_t>(part.first));
    const double t_out = input.tensor_s(part.processor, req, static_cast<std::size_t>(part.last) + 1);
    part.d_s = t_local - (t_in + input.wait_s[qu] + t_exec + upload_weight * t_up + t_out);
  }
  std::vector<std::size_t> order(partitions.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (partitions[a].d_s != partitions[b].d_s)
      return partitions[a].d_s > partitions[b].d_s;
    return partitions[a].first < partitions[b].first;
  });
  std::vector<UploadItem> items;
  for (std::size_t i : order) {
    const Partition& part = partitions[i];
    if (upload_weight > 0 && part.d_s <= 0)
      continue; // on demand: a partition that does not pay off is not uploaded
    for (int b = part.first; b <= part.last; ++b)
      if (!input.resident[static_cast<std::size_t>(b)][static_cast<std::size_t>(part.processor)])
        items.push_back({b, part.processor, static_cast<int>(i), part.d_s});
  }
  return items;
}

Plan plan_ciode(const PlanInput& input, const CiodeOptions& options, std::size_t* ops)
{
  Plan plan;
  const double weight = std::max(0.0, options.upload_weight);
  plan.assignment     = shortest_assignment(input, -1.0, plan.predicted_latency_s, ops);
  // With every block resident everywhere (a preloaded model, or every upload done) the
  // upload weight never applies: the target graph is the same graph, so is its path.
  const bool all_resident = std::all_of(input.resident.begin(), input.resident.end(), [](const auto& row) {
    return std::all_of(row.begin(), row.end(), [](char r) { return r != 0; });
  });
  if (all_resident) {
    plan.target           = plan.assignment;
    plan.target_latency_s = plan.predicted_latency_s;
    return plan; // nothing to upload
  }
  plan.target       = shortest_assignment(input, weight, plan.target_latency_s, ops);
  plan.upload_order = upload_order(input, plan.target, weight);
  return plan;
}

namespace {

class CiodePlanner : public Planner {
public:
  CiodePlanner(double upload_weight, double horizon_s, const ObjectiveSpec& objective)
      : upload_weight_(upload_weight), horizon_s_(horizon_s), objective_(objective)
  {
  }
  Plan plan(const PlanInput& input) override
  {
    double weight = upload_weight_;
    if (weight == kUploadWeightRemaining)
      weight = input.remaining_queries > 0 ? 1.0 / input.remaining_queries : 0.0;
    else if (weight == kUploadWeightHorizon) // the queries expected within the horizon, from what was seen
      weight = 1.0 / std::max(1.0, input.observed_rate_per_s * horizon_s_);
    if (objective_.kind == Objective::Latency)
      return plan_ciode(input, {weight}, &ops_);
    // The same shortest paths over costs instead of times; the plan reports its latencies.
    Plan plan             = plan_ciode(cost_view(input, objective_), {weight}, &ops_);
    plan.predicted_latency_s = assignment_latency_s(input, plan.assignment);
    plan.target_latency_s    = assignment_latency_s(input, plan.target, weight);
    return plan;
  }

private:
  double upload_weight_, horizon_s_;
  ObjectiveSpec objective_;
};

} // namespace

std::unique_ptr<Planner> make_ciode_planner(double upload_weight, double horizon_s, const ObjectiveSpec& objective)
{
  return std::make_unique<CiodePlanner>(upload_weight, horizon_s, objective);
}

} // namespace ciodesim::plan
