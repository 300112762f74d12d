// `ciodesim validate FILE...`: checks models, platforms (and later traces and configs)
// without running anything; one summary line per good file, one error line per bad one.
#include "sim/cli/commands.hpp"
#include "sim/cli/isolated.hpp"
#include "sim/core/error.hpp"
#include "sim/cost/trace.hpp"
#include "sim/experiment/config.hpp"
#include "sim/experiment/sweep.hpp"
#include "sim/dnn/model_json.hpp"
#include "sim/platform/platform_loader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstdio>
#include <string>

namespace ciodesim::cli {
namespace {

bool ends_with(const std::string& text, const std::string& suffix)
{
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string validate_model(const std::string& path)
{
  const dnn::Model model = dnn::load_model_file(path);
  return fmt::format("model {}: {} layers, {} blocks, {:.2f} M params ({:.1f} MB), {:.3f} GMAC", model.name(),
                     model.size(), model.blocks().size(), model.total_params() / 1e6, model.total_param_bytes() / 1e6,
                     model.total_macs() / 1e9);
}

std::string validate_trace(const std::string& path)
{
  const auto table = cost::TraceTable::load(path);
  const auto models = table.models();
  const auto procs  = table.processors();
  return fmt::format("trace: {} rows, models [{}], processors [{}]", table.size(), fmt::join(models, ", "),
                     fmt::join(procs, ", "));
}

std::string validate_experiment(const std::string& path)
{
  // Every point of a [sweep] grid without an engine, then the base point into SimGrid (link
  // values and routes only the engine checks).
  const auto grid = experiment::read_sweep_grid(path);
  experiment::SweepOptions all;
  all.config_path = path;
  experiment::validate_points(grid, all);
  const auto e = experiment::load_experiment(path);
  int queries = 0;
  for (const auto& r : e.scenario.requesters)
    queries += r.queries;
  return fmt::format("experiment {}: policy {}, {} requester(s), {} queries, {} repetition(s), network {}, config {}{}",
                     e.scenario.name, e.scenario.policy, e.scenario.requesters.size(), queries, e.repetitions,
                     e.scenario.network_model, e.config_hash,
                     grid.points.size() > 1 ? fmt::format("; sweep: all {} points valid", grid.points.size()) : "");
}

std::string validate_platform(const std::string& path)
{
  const platform::Topology topo = platform::load_platform(path);
  std::string devices;
  for (const auto& d : topo.devices)
    devices += (devices.empty() ? "" : ", ") + d.name + (d.requester ? " (requester)" : "");
  return fmt::format("platform: {} devices [{}], {} processors", topo.devices.size(), devices, topo.processors.size());
}

// SimGrid allows one platform per process, so every platform file is checked in a child.
int in_child(const std::function<std::string()>& check, const std::string& path)
{
  return run_isolated([&] { std::printf("ok: %s: %s\n", escape_control(path).c_str(), check().c_str()); });
}

} // namespace

Runner add_validate(CLI::App& app)
{
  auto* cmd   = app.add_subcommand("validate", "Check models (.json), platforms (.xml), traces (.csv) and experiments (.toml) without running");
  auto files = std::make_shared<std::vector<std::string>>();
  cmd->add_option("files", *files, "Files to check")->required();
  return [files]() {
    int worst = 0;
    for (const std::string& path : *files) {
      try {
        if (ends_with(path, ".json"))
          std::printf("ok: %s: %s\n", escape_control(path).c_str(), validate_model(path).c_str());
        else if (ends_with(path, ".csv"))
          std::printf("ok: %s: %s\n", escape_control(path).c_str(), validate_trace(path).c_str());
        else if (ends_with(path, ".xml"))
          worst = std::max(worst, in_child([&] { return validate_platform(path); }, path));
        else if (ends_with(path, ".toml"))
          worst = std::max(worst, in_child([&] { return validate_experiment(path); }, path));
        else
          throw InputError(path, "", "unknown kind of file", ".json (model), .xml (platform), .csv (trace), .toml (experiment)");
      } catch (const InputError& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        worst = kExitBadInput;
      }
    }
    return worst;
  };
}

} // namespace ciodesim::cli
