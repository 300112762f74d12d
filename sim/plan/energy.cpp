#include "sim/plan/energy.hpp"

#include "sim/cost/codec.hpp"

#include <limits>
#include <stdexcept>

namespace ciodesim::plan {
namespace {

// Scales a time by a cost per second; 0 stays 0 and infinity (a forbidden step) stays infinity.
double scaled(double time, double per_s)
{
  return time == 0 ? 0.0 : time * per_s;
}

} // namespace

const char* objective_name(Objective objective)
{
  switch (objective) {
    case Objective::Latency: return "latency";
    case Objective::Energy: return "energy";
    case Objective::Weighted: return "weighted";
  }
  return "?";
}

double assignment_energy_j(const PlanInput& input, const std::vector<int>& assignment, double upload_weight)
{
  if (!input.power.known())
    throw std::invalid_argument("energy of a plan: the requester's power is unknown");
  const RequesterPower& w = input.power;
  const int req           = input.requester;
  // The tensor entering `block` (plan_input.hpp's tensor_s): on the wire at the radio's
  // power, its (de)quantisation at the power of the processor that does it.
  auto transfer_j = [&](int from, int to, std::size_t block) {
    double j = input.transfer_s(from, to, input.tensor_bytes(from, to, block)) * (w.idle_w + w.transfer_extra_w(from, to));
    if (input.compressed(from, to, block)) {
      const double elements = input.in_bytes[block] / cost::kFloat32Bytes;
      const auto f = static_cast<std::size_t>(from), t = static_cast<std::size_t>(to);
      j += elements * (input.codec.quantize_s_per_element[f] * (w.idle_w + w.exec_extra_w[f]) +
                       input.codec.dequantize_s_per_element[t] * (w.idle_w + w.exec_extra_w[t]));
    }
    return j;
  };
  double total = 0;
  int previous = req;
  for (std::size_t b = 1; b < input.blocks(); ++b) {
    const int p   = assignment[b];
    const auto pu = static_cast<std::size_t>(p);
    if (p != previous || b == 1) // a segment starts: the tensor moves, the lock's W is waited out idle
      total += transfer_j(previous, p, b) + input.wait_s[pu] * w.idle_w;
    total += input.exec_s[b][pu] * (w.idle_w + w.exec_extra_w[pu]);
    if (!input.resident[b][pu]) {
      if (upload_weight < 0)
        return std::numeric_limits<double>::infinity();
      total += upload_weight * input.upload_s(p, static_cast<int>(b)) *
               (w.idle_w + w.transfer_extra_w(req, p));
    }
    previous = p;
  }
  return total + transfer_j(previous, req, input.blocks());
}

PlanInput cost_view(const PlanInput& input, const ObjectiveSpec& objective)
{
  if (objective.kind == Objective::Latency)
    return input;
  if (!input.power.known())
    throw std::invalid_argument(std::string("objective \"") + objective_name(objective.kind) +
                                "\" needs the requester's power figures (wattage_per_state, wattage_range)");
  double per_s = 0, per_j = 1; // cost = per_s x time + per_j x energy
  if (objective.kind == Objective::Weighted) {
    const std::vector<int> all_local(input.blocks(), input.requester);
    const double t_local = assignment_latency_s(input, all_local);
    const double e_local = assignment_energy_j(input, all_local);
    per_s = (1 - objective.weight) / (t_local > 0 ? t_local : 1.0);
    per_j = objective.weight / (e_local > 0 ? e_local : 1.0);
  }
  const RequesterPower& w = input.power;
  auto cost_per_s         = [&](double extra_w) { return per_s + per_j * (w.idle_w + extra_w); };
  PlanInput view          = input;
  const std::size_t procs = input.size();
  for (auto& row : view.exec_s)
    for (std::size_t q = 0; q < procs; ++q)
      row[q] = scaled(row[q], cost_per_s(w.exec_extra_w[q]));
  for (std::size_t p = 0; p < procs; ++p) {
    for (std::size_t q = 0; q < procs; ++q) {
      const double c       = cost_per_s(w.transfer_extra_w(static_cast<int>(p), static_cast<int>(q)));
      view.latency_s[p][q] = scaled(input.latency_s[p][q], c);
      view.s_per_byte[p][q] = scaled(input.s_per_byte[p][q], c);
    }
    view.wait_s[p] = scaled(input.wait_s[p], cost_per_s(0.0));
    if (input.codec.active()) { // (de)quantising keeps processor p busy
      view.codec.quantize_s_per_element[p]   = scaled(input.codec.quantize_s_per_element[p], cost_per_s(w.exec_extra_w[p]));
      view.codec.dequantize_s_per_element[p] = scaled(input.codec.dequantize_s_per_element[p], cost_per_s(w.exec_extra_w[p]));
    }
  }
  return view;
}

} // namespace ciodesim::plan
