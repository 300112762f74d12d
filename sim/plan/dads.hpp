#pragma once
// DADS light-load mode (DSL): the edge/cloud partition of a DAG that minimises one
// inference's latency is a minimum s-t cut (Hu et al., INFOCOM 2019). Graph: source e (the
// edge device), sink c (the server); per layer v: e->v with the server time of v (paid if v
// runs on the server), v->c with the edge time of v (paid if v stays on the edge); per
// produced tensor, u->v (or u->aux->{v...} when u has several consumers, so the tensor is
// paid once) with the upload time of u's output; v->u infinite so that nothing returns from
// the server to the edge; e->input infinite; e->output += the download of the final output.
// Solved with Boost.Graph's boykov_kolmogorov_max_flow.
#include <vector>

namespace ciodesim::plan {

struct DadsInput {
  std::vector<std::vector<int>> consumers; // per layer, in topological order; layer 0 is the input
  std::vector<double> edge_s, server_s, out_bytes; // out_bytes: as it crosses the link (int8 if compressed)
  // [layer] quantising its output on the edge and dequantising it on the server when it is
  // uploaded (int8 compression, plan_input.hpp's TensorCodec); empty: none.
  std::vector<double> quantize_s, dequantize_s;
  double up_latency_s = 0, up_s_per_byte = 0;     // edge -> server
  double down_latency_s = 0, down_s_per_byte = 0; // server -> edge (final output)
};

struct DadsCut {
  std::vector<char> on_server; // per layer
  double latency_s = 0;        // the cut's cost = the max flow
};

DadsCut dads_min_cut(const DadsInput& input);
// The same cost for any partition (tests compare the cut against brute force).
double dads_partition_cost(const DadsInput& input, const std::vector<char>& on_server);

// DADS heavy-load mode (DSH). Frames stream in and the edge, the link and the server work on
// different frames at once: a pipeline whose throughput is 1 / its slowest stage. Stages of
// a partition: edge = its edge layers, network = the tensors it uploads plus the output's
// way back (one shared link), server = its server layers.
struct DadsStages {
  double edge_s = 0, network_s = 0, server_s = 0;
  double bottleneck_s() const;
  double sum_s() const { return edge_s + network_s + server_s; }
};
// Infinite stages for a partition that sends anything back to the edge or the input away.
DadsStages dads_stages(const DadsInput& input, const std::vector<char>& on_server);

// Minimising the slowest stage is NP-hard on a DAG (Hu et al.); DSH's approximation: min
// cuts of the graph with the edge costs scaled by alpha and the server costs by gamma, over
// a grid of (alpha, gamma), plus all-edge and all-server; the candidate whose true period is
// lowest wins. The grid holds (1, 1), DSL's cut, whose slowest stage is at most its sum and so
// at most 3 x the optimum (max <= sum <= 3 max): the 3-approximation. Then a local search
// moves single layers across the cut while that lowers the period. `slots` = frames in
// flight: a pipeline of k frames cannot beat latency / k, so the period is
// max(bottleneck, sum / k) (k >= 3: the bottleneck alone). Ties: the lower latency.
struct DadsHeavyCut {
  std::vector<char> on_server;
  DadsStages stages;
  double period_s = 0; // max(bottleneck, sum / slots): seconds per frame at saturation
  int cuts = 0;        // min cuts solved
};
// Scales of the grid: 2^-4 .. 2^4 (81 min cuts).
const std::vector<double>& dsh_scales();
double dads_period_s(const DadsStages& stages, int slots);
DadsHeavyCut dads_heavy_cut(const DadsInput& input, int slots, const std::vector<double>& scales = dsh_scales());

} // namespace ciodesim::plan
