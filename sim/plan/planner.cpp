#include "sim/plan/planner.hpp"

#include "sim/plan/ciode.hpp"

#include <limits>

namespace ciodesim::plan {
PlanInput pair_input(const PlanInput& in, int server)
{
  const auto r = static_cast<std::size_t>(in.requester), s = static_cast<std::size_t>(server);
  PlanInput out;
  out.processors = {in.processors[r], in.processors[s]};
  out.requester  = 0;
  out.in_bytes   = in.in_bytes;
  out.out_bytes  = in.out_bytes;
  out.param_bytes = in.param_bytes;
  for (std::size_t b = 0; b < in.blocks(); ++b) {
    out.exec_s.push_back({in.exec_s[b][r], in.exec_s[b][s]});
    out.resident.push_back({1, in.resident[b][s]});
  }
  out.s_per_byte = {{0.0, in.s_per_byte[r][s]}, {in.s_per_byte[s][r], 0.0}};
  out.latency_s  = {{0.0, in.latency_s[r][s]}, {in.latency_s[s][r], 0.0}};
  out.wait_s     = {0.0, in.wait_s[s]};
  if (!in.utilization.empty())
    out.utilization = {0.0, in.utilization[s]};
  if (!in.load_factor.empty())
    out.load_factor = {1.0, in.load_factor[s]};
  if (in.codec.active()) {
    out.codec.compressed               = in.codec.compressed;
    out.codec.quantize_s_per_element   = {in.codec.quantize_s_per_element[r], in.codec.quantize_s_per_element[s]};
    out.codec.dequantize_s_per_element = {in.codec.dequantize_s_per_element[r], in.codec.dequantize_s_per_element[s]};
    out.codec.device                   = {in.codec.device[r], in.codec.device[s]};
  }
  return out;
}

std::vector<int> lift(const std::vector<int>& pair_assignment, const PlanInput& in, int server)
{
  std::vector<int> out(pair_assignment.size());
  for (std::size_t b = 0; b < out.size(); ++b)
    out[b] = pair_assignment[b] == 0 ? in.requester : server;
  return out;
}

int best_single_server(const PlanInput& in, std::size_t* ops, const std::string& pinned)
{
  for (std::size_t p = 0; p < in.size() && !pinned.empty(); ++p)
    if (in.processors[p] == pinned && !in.is_local(static_cast<int>(p)) && in.is_reachable(static_cast<int>(p)))
      return static_cast<int>(p);
  int best_server = -1;
  double best     = std::numeric_limits<double>::infinity();
  for (std::size_t p = 0; p < in.size(); ++p) {
    if (in.is_local(static_cast<int>(p)) || !in.is_reachable(static_cast<int>(p)))
      continue;
    double latency = 0;
    shortest_assignment(pair_input(in, static_cast<int>(p)), 0.0, latency, ops);
    if (latency < best * (1 - 1e-12)) {
      best        = latency;
      best_server = static_cast<int>(p);
    }
  }
  return best_server < 0 ? in.requester : best_server;
}

std::vector<int> best_split(const PlanInput& pair, double server_factor, double queue_s, double& latency_s,
                            std::size_t* ops)
{
  const std::size_t blocks = pair.blocks();
  // suffix sums of server time, and whether the suffix is resident
  std::vector<double> server_suffix(blocks + 1, 0.0);
  std::vector<char> resident_suffix(blocks + 1, 1);
  for (std::size_t b = blocks; b-- > 1;) {
    server_suffix[b]   = server_suffix[b + 1] + pair.exec_s[b][1] * server_factor;
    resident_suffix[b] = resident_suffix[b + 1] && pair.resident[b][1];
  }
  double local_prefix = 0;
  std::size_t best_i  = blocks - 1; // all local
  double best         = 0;
  for (std::size_t b = 1; b < blocks; ++b)
    best += pair.exec_s[b][0];
  for (std::size_t i = 0; i + 1 < blocks; ++i) { // i = last local block
    if (i > 0)
      local_prefix += pair.exec_s[i][0];
    if (!resident_suffix[i + 1])
      continue;
    const double t = local_prefix + pair.tensor_s(0, 1, i + 1) + queue_s + server_suffix[i + 1] +
                     pair.tensor_s(1, 0, blocks);
    if (t < best * (1 - 1e-12)) {
      best   = t;
      best_i = i;
    }
  }
  if (ops != nullptr)
    *ops += 2 * blocks;
  latency_s = best;
  std::vector<int> assignment(blocks, 0);
  for (std::size_t b = best_i + 1; b < blocks; ++b)
    assignment[b] = 1;
  return assignment;
}

std::vector<UploadItem> front_to_back_uploads(const PlanInput& in, const std::vector<int>& target)
{
  std::vector<UploadItem> items;
  for (std::size_t b = 1; b < in.blocks(); ++b) {
    const int p = target[b];
    if (!in.is_local(p) && !in.resident[b][static_cast<std::size_t>(p)])
      items.push_back({static_cast<int>(b), p, 0, 0.0});
  }
  return items;
}

} // namespace ciodesim::plan
