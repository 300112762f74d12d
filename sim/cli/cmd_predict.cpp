// `ciodesim predict`: the planner's cost view. `--report` validates the per-layer-type
// regressions leave-one-model-out (train on the other models, predict the held-out one).
#include "sim/cli/commands.hpp"
#include "sim/cost/predictor.hpp"
#include "sim/dnn/model_json.hpp"
#include "sim/experiment/cost_setup.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <filesystem>
#include <algorithm>
#include <map>

namespace ciodesim::cli {
namespace {

// The device model against the measured profile of the machine a calibration was fitted on:
// the documented Caffe-era constants and the calibrated ones, per layer type.
void print_calibration_check(const cost::TraceTable& traces, const std::vector<std::unique_ptr<dnn::Model>>& models,
                             const std::string& given)
{
  const std::string calibration = experiment::resolve_calibration(given);
  if (calibration.empty())
    return;
  const auto prior = cost::DeviceModel::caffe_era().cpu;
  cost::ProcessorSpec machine;
  const auto calibrated = cost::load_calibration(calibration, prior, &machine);
  const auto layers     = cost::measured_layers(traces, models, machine.profile);
  if (layers.empty())
    return fmt::print("\n(no measured rows of {}, the machine {} was fitted on)\n", machine.profile, calibration);
  fmt::print("\nderived vs measured per layer type on {} ({}; {:.4g} flop/s, {:.4g} B/s)\n", machine.profile,
             std::filesystem::path(calibration).filename().string(), machine.peak_flops, machine.memory_bandwidth_Bps);
  print_type_comparison(cost::compare_per_type(layers, machine, prior, calibrated));
}

} // namespace

Runner add_predict(CLI::App& app)
{
  struct Options {
    std::string traces;
    std::string model;
    bool report = false;
    std::string train = "others";
    std::string calibration;
  };
  auto opt  = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("predict", "Predicted per-layer times (the planners' view) and their accuracy");
  cmd->add_option("--traces", opt->traces, "Trace directory, file or shipped set name, e.g. caffe-era (default: the shipped traces/)");
  cmd->add_option("--model", opt->model, "Print predicted vs traced time per layer for this model");
  cmd->add_option("--train", opt->train, "Training set for --model: others (leave-one-model-out) or all")
      ->capture_default_str();
  cmd->add_flag("--report", opt->report,
                "Leave-one-model-out accuracy per processor and model; derived vs measured per layer type");
  cmd->add_option("--calibration", opt->calibration,
                  "CPU calibration whose measuring machine --report compares, or `none` (default: "
                  "traces/cpu-calibration.json here if it exists, else the shipped one)");
  return [opt]() {
    const auto traces   = cost::TraceTable::load(opt->traces.empty() ? experiment::default_trace_dir() : experiment::resolve_trace_path(opt->traces));
    const auto profiles = traces.processors();
    if (!opt->model.empty()) {
      const dnn::Model model = dnn::load_model_file(dnn::resolve_model_path(opt->model));
      traces.require_complete(model, profiles);
      const auto trained = experiment::train_for(model, traces, profiles, opt->train);
      fmt::print("model {}; predictors trained on: {}\n", model.name(), fmt::join(trained.training_models, ", "));
      fmt::print("{:<28}", "layer");
      for (const auto& p : profiles)
        fmt::print(" {:>20}", p + " true/pred ms");
      fmt::print("\n");
      for (const auto& layer : model.layers()) {
        fmt::print("{:<28}", layer.spec.name);
        for (const auto& p : profiles)
          fmt::print(" {:>9.3f}/{:<10.3f}", traces.at(model.name(), layer.spec.name, p).mean_s * 1e3,
                     trained.predictor.predict(layer, p) * 1e3);
        fmt::print("\n");
      }
    }
    if (opt->report || opt->model.empty()) {
      const auto models = experiment::shipped_models_in(traces);
      std::vector<const dnn::Model*> ptrs;
      for (const auto& m : models) {
        traces.require_complete(*m, profiles);
        ptrs.push_back(m.get());
      }
      const auto rows = cost::leave_one_model_out(ptrs, traces, profiles);
      fmt::print("leave-one-model-out validation ({} models, {} processors)\n", ptrs.size(), profiles.size());
      std::size_t model_w = 5, proc_w = 9; // the columns fit the longest name (a CPU's model name can be long)
      for (const auto& r : rows) {
        model_w = std::max(model_w, r.model.size());
        proc_w  = std::max(proc_w, r.processor.size());
      }
      fmt::print("{:<{}}  {:<{}} {:>12} {:>12} {:>10} {:>12}\n", "model", model_w, "processor", proc_w, "true_ms",
                 "predicted_ms", "total_err%", "layer_mape%");
      std::map<std::string, std::pair<double, int>> per_processor;
      for (const auto& r : rows) {
        fmt::print("{:<{}}  {:<{}} {:>12.3f} {:>12.3f} {:>+10.1f} {:>12.1f}\n", r.model, model_w, r.processor, proc_w,
                   r.true_total_s * 1e3, r.predicted_total_s * 1e3, r.total_error_pct, r.layer_mape_pct);
        per_processor[r.processor].first += std::fabs(r.total_error_pct);
        per_processor[r.processor].second += 1;
      }
      fmt::print("mean |total error| per processor:");
      for (const auto& [p, acc] : per_processor)
        fmt::print("  {} {:.1f}%", p, acc.first / acc.second);
      fmt::print("\n");
      print_calibration_check(traces, models, opt->calibration);
    }
    return 0;
  };
}

} // namespace ciodesim::cli
