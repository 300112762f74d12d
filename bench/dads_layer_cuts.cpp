// Offline check (issue 16): do DADS's minimum cuts on the layer DAG beat its cuts on the
// dominator-block chain (the runtime's unit, where a cut is one split)? For each model, trace
// set, server processor and uplink bandwidth: the layer-level min cut's latency against the
// block-chain min cut's, both by plan::dads_min_cut on trace means (no queueing, no latency),
// edge = the testbed's requester CPU (i5-5200U). Prints a table; asserts nothing.
#include "sim/core/files.hpp"
#include "sim/cost/trace.hpp"
#include "sim/dnn/model_json.hpp"
#include "sim/plan/dads.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

using namespace ciodesim;

namespace {

plan::DadsInput layer_input(const dnn::Model& m, const cost::TraceTable& t, const std::string& edge,
                            const std::string& server, double s_per_byte)
{
  plan::DadsInput in;
  for (std::size_t l = 0; l < m.size(); ++l) {
    const auto& layer = m.layer(static_cast<int>(l));
    in.consumers.push_back(m.consumers_of(static_cast<int>(l)));
    in.edge_s.push_back(t.at(m.name(), layer.spec.name, edge).mean_s);
    in.server_s.push_back(t.at(m.name(), layer.spec.name, server).mean_s);
    in.out_bytes.push_back(layer.info.output_bytes);
  }
  in.up_s_per_byte = in.down_s_per_byte = s_per_byte;
  return in;
}

plan::DadsInput block_input(const dnn::Model& m, const plan::DadsInput& layers)
{
  plan::DadsInput in;
  const auto& blocks = m.blocks();
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    double e = 0, s = 0;
    for (int l : blocks[b].layers) {
      e += layers.edge_s[static_cast<std::size_t>(l)];
      s += layers.server_s[static_cast<std::size_t>(l)];
    }
    in.consumers.push_back(b + 1 < blocks.size() ? std::vector<int>{static_cast<int>(b + 1)} : std::vector<int>{});
    in.edge_s.push_back(e);
    in.server_s.push_back(s);
    in.out_bytes.push_back(b == 0 ? m.input_bytes() : blocks[b].output_bytes);
  }
  in.up_s_per_byte = in.down_s_per_byte = layers.up_s_per_byte;
  return in;
}

} // namespace

int main()
{
  const std::string root = data_dir();
  fmt::print("| model | traces | server | uplink | layer-DAG cut (s) | block-chain cut (s) | gain | layers on server (DAG / chain) |\n");
  fmt::print("|---|---|---|---|---|---|---|---|\n");
  int better = 0, rows = 0;
  for (const char* traces : {"traces", "traces/caffe-era"}) {
    const auto table = cost::TraceTable::load(root + "/" + traces);
    for (const char* model : {"googlenet", "resnet50", "resnet18"}) {
      const dnn::Model m = dnn::load_model_file(dnn::resolve_model_path(model));
      for (const char* server : {"rtx2060", "gtx1070", "i7-9700", "i5-3470"})
        for (double mbps : {1.1, 5.85, 18.88, 80.0, 1000.0}) {
          const plan::DadsInput layers = layer_input(m, table, "i5-5200U", server, 8.0 / (mbps * 1e6));
          const plan::DadsInput blocks = block_input(m, layers);
          const plan::DadsCut dag = plan::dads_min_cut(layers), chain = plan::dads_min_cut(blocks);
          int dag_n = 0, chain_n = 0;
          for (char c : dag.on_server)
            dag_n += c;
          for (std::size_t b = 0; b < chain.on_server.size(); ++b)
            if (chain.on_server[b])
              chain_n += static_cast<int>(m.blocks()[b].layers.size());
          const double gain = (chain.latency_s - dag.latency_s) / chain.latency_s;
          better += gain > 1e-9 ? 1 : 0;
          ++rows;
          fmt::print("| {} | {} | {} | {} Mbps | {:.6f} | {:.6f} | {:.3f} % | {} / {} |\n", model, traces, server, mbps,
                     dag.latency_s, chain.latency_s, 100 * gain, dag_n, chain_n);
        }
    }
  }
  fmt::print("\nlayer-DAG cuts strictly better in {} of {} settings\n", better, rows);
  return 0;
}
