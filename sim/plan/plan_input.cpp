#include "sim/plan/plan_input.hpp"

#include <limits>

namespace ciodesim::plan {

double PlanInput::transfer_s(int from, int to, double bytes) const
{
  if (from == to)
    return 0.0;
  const auto f = static_cast<std::size_t>(from), t = static_cast<std::size_t>(to);
  return latency_s[f][t] + bytes * s_per_byte[f][t];
}

double PlanInput::upload_s(int processor, int block) const
{
  return transfer_s(requester, processor, param_bytes[static_cast<std::size_t>(block)]);
}

double assignment_latency_s(const PlanInput& input, const std::vector<int>& assignment, double upload_weight)
{
  double total = 0;
  int previous = input.requester;
  for (std::size_t b = 1; b < input.blocks(); ++b) {
    const int p = assignment[b];
    const auto pu = static_cast<std::size_t>(p);
    if (p != previous || b == 1) // a segment starts: its lock's W (the first one included)
      total += input.transfer_s(previous, p, input.in_bytes[b]) + input.wait_s[pu];
    total += input.exec_s[b][pu];
    if (!input.resident[b][pu]) {
      if (upload_weight < 0)
        return std::numeric_limits<double>::infinity();
      total += upload_weight * input.upload_s(p, static_cast<int>(b));
    }
    previous = p;
  }
  return total + input.transfer_s(previous, input.requester, input.out_bytes.back());
}

} // namespace ciodesim::plan
