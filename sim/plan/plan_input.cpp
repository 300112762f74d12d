#include "sim/plan/plan_input.hpp"

#include "sim/cost/codec.hpp"

#include <limits>

namespace ciodesim::plan {

double PlanInput::transfer_s(int from, int to, double bytes) const
{
  if (from == to)
    return 0.0;
  const auto f = static_cast<std::size_t>(from), t = static_cast<std::size_t>(to);
  return latency_s[f][t] + bytes * s_per_byte[f][t];
}

bool PlanInput::compressed(int from, int to, std::size_t block) const
{
  if (from == to || block >= codec.compressed.size() || !codec.compressed[block])
    return false;
  return codec.device[static_cast<std::size_t>(from)] != codec.device[static_cast<std::size_t>(to)];
}

double PlanInput::tensor_bytes(int from, int to, std::size_t block) const
{
  const double bytes = block < blocks() ? in_bytes[block] : out_bytes.back();
  return compressed(from, to, block) ? bytes / cost::kFloat32Bytes : bytes;
}

double PlanInput::codec_s(int from, int to, std::size_t block) const
{
  if (!compressed(from, to, block))
    return 0.0;
  const double elements = in_bytes[block] / cost::kFloat32Bytes;
  return elements * (codec.quantize_s_per_element[static_cast<std::size_t>(from)] +
                     codec.dequantize_s_per_element[static_cast<std::size_t>(to)]);
}

double PlanInput::tensor_s(int from, int to, std::size_t block) const
{
  return transfer_s(from, to, tensor_bytes(from, to, block)) + codec_s(from, to, block);
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
      total += input.tensor_s(previous, p, b) + input.wait_s[pu];
    total += input.exec_s[b][pu];
    if (!input.resident[b][pu]) {
      if (upload_weight < 0)
        return std::numeric_limits<double>::infinity();
      total += upload_weight * input.upload_s(p, static_cast<int>(b));
    }
    previous = p;
  }
  return total + input.tensor_s(previous, input.requester, input.blocks());
}

} // namespace ciodesim::plan
