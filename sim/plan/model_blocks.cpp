#include "sim/plan/model_blocks.hpp"

namespace ciodesim::plan {

void fill_blocks(PlanInput& input, const dnn::Model& model, const std::vector<std::vector<double>>& layer_pred_s)
{
  const std::size_t procs = layer_pred_s.empty() ? 0 : layer_pred_s.front().size();
  input.exec_s.clear();
  input.in_bytes.clear();
  input.out_bytes.clear();
  input.param_bytes.clear();
  for (const auto& block : model.blocks()) {
    std::vector<double> exec(procs, 0.0);
    for (int l : block.layers)
      for (std::size_t p = 0; p < procs; ++p)
        exec[p] += layer_pred_s[static_cast<std::size_t>(l)][p];
    input.exec_s.push_back(std::move(exec));
    input.in_bytes.push_back(block.input_bytes);
    input.out_bytes.push_back(block.output_bytes);
    input.param_bytes.push_back(block.param_bytes);
  }
}

void set_compression(PlanInput& input, cost::Compression compression, const std::vector<cost::CodecCost>& cost,
                     const std::vector<int>& device)
{
  input.codec = TensorCodec{};
  if (compression == cost::Compression::None)
    return;
  input.codec.compressed.assign(input.blocks(), 0);
  for (std::size_t b = 2; b < input.blocks(); ++b)
    input.codec.compressed[b] = 1;
  for (const auto& c : cost) {
    input.codec.quantize_s_per_element.push_back(c.quantize_s_per_element);
    input.codec.dequantize_s_per_element.push_back(c.dequantize_s_per_element);
  }
  input.codec.device = device;
}

} // namespace ciodesim::plan
