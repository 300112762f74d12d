// `ciodesim info MODEL`: the layer table of a model with inferred shapes, bytes, MACs and blocks.
#include "sim/cli/commands.hpp"
#include "sim/core/units.hpp"
#include "sim/dnn/model_json.hpp"

#include <fmt/format.h>

namespace ciodesim::cli {

Runner add_info(CLI::App& app)
{
  auto* cmd   = app.add_subcommand("info", "Print a model's layer table: shapes, bytes, parameters, MACs, blocks");
  auto model = std::make_shared<std::string>();
  cmd->add_option("model", *model, "Model file or shipped model name (alexnet, vgg16, resnet50, ...)")->required();
  return [model]() {
    const dnn::Model m = dnn::load_model_file(dnn::resolve_model_path(*model));
    fmt::print("{:<28} {:<9} {:>16} {:>12} {:>12} {:>12} {:>6}\n", "layer", "type", "output (CxHxW)", "out bytes",
               "params", "MACs", "block");
    for (const auto& layer : m.layers()) {
      const auto& s = layer.info.output;
      fmt::print("{:<28} {:<9} {:>16} {:>12.0f} {:>12.0f} {:>12.0f} {:>6}\n", layer.spec.name,
                 dnn::layer_type_name(layer.spec.type), fmt::format("{}x{}x{}", s.channels, s.height, s.width),
                 layer.info.output_bytes, layer.info.param_count, layer.info.macs, layer.block);
    }
    fmt::print("total: {} layers, {} blocks, {:.3f} M params ({}), {:.3f} GMAC, {:.3f} GFLOP, input {}\n", m.size(),
               m.blocks().size(), m.total_params() / 1e6, format_bytes(m.total_param_bytes()), m.total_macs() / 1e9,
               m.total_flops() / 1e9, format_bytes(m.input_bytes()));
    return 0;
  };
}

} // namespace ciodesim::cli
