// `ciodesim traces generate`: derives ground-truth per-layer times from the device model
// (sim/cost/device_model) for every processor profile of a platform, one CSV per model.
#include "sim/cli/commands.hpp"
#include "sim/core/files.hpp"
#include "sim/cost/device_model.hpp"
#include "sim/cost/trace.hpp"
#include "sim/dnn/model_json.hpp"
#include "sim/experiment/cost_setup.hpp"
#include "sim/platform/platform_loader.hpp"

#include <fmt/format.h>

#include <map>

namespace ciodesim::cli {

Runner add_traces(CLI::App& app)
{
  struct Options {
    std::string platform = "testbed";
    std::vector<std::string> models;
    std::string out;
  };
  auto opt  = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("traces", "Ground-truth traces: `traces generate` derives them from the device model");
  auto* gen = cmd->add_subcommand("generate", "Write traces/<model>.csv for every processor profile of a platform");
  cmd->require_subcommand(1);
  gen->add_option("--platform", opt->platform, "Platform file or shipped name")->capture_default_str();
  gen->add_option("--models", opt->models, "Models (default: every shipped model)")->delimiter(',');
  gen->add_option("--out", opt->out, "Output directory (default: <source>/traces)");
  return [opt]() {
    const auto topo = platform::load_platform(platform::resolve_platform_path(opt->platform));
    std::map<std::string, cost::ProcessorSpec> specs; // one per profile, sorted
    for (const auto& p : topo.processors)
      specs.emplace(p.profile, cost::ProcessorSpec{p.profile, p.kind == platform::ProcessorKind::Gpu, p.speed_flops,
                                                   p.memory_bandwidth_Bps});
    const auto names = opt->models.empty() ? dnn::shipped_model_names() : opt->models;
    const std::string out = opt->out.empty() ? experiment::default_trace_dir() : opt->out;
    for (const auto& name : names) {
      const dnn::Model model = dnn::load_model_file(dnn::resolve_model_path(name));
      std::string csv = "# derived by `ciodesim traces generate` from the device model in sim/cost/device_model.cpp;\n"
                        "# see traces/README.md. Regenerate rather than edit.\n" +
                        cost::trace_csv_header();
      for (const auto& [profile, spec] : specs) {
        double total = 0;
        for (const auto& layer : model.layers()) {
          const auto t = cost::derive_layer_time(layer, spec);
          total += t.mean_s;
          csv += cost::trace_csv_row(model.name(), layer.spec.name, profile, t.mean_s, t.std_s);
        }
        fmt::print("{:<14} {:<10} {:>10.3f} ms\n", model.name(), profile, total * 1e3);
      }
      write_file_atomic(fmt::format("{}/{}.csv", out, model.name()), csv);
    }
    return 0;
  };
}

} // namespace ciodesim::cli
