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
  std::vector<double> edge_s, server_s, out_bytes;
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

} // namespace ciodesim::plan
