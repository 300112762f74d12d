// `ciodesim traces generate`: derives ground-truth per-layer times from the device model
// (sim/cost/device_model) for every processor profile of a platform, one CSV per model.
// `ciodesim traces calibrate`: fits the model's CPU side to a measured profile
// (sim/cost/calibration) and writes the calibration file `generate` reads.
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/units.hpp"
#include "sim/cost/calibration.hpp"
#include "sim/cost/device_model.hpp"
#include "sim/cost/trace.hpp"
#include "sim/dnn/model_json.hpp"
#include "sim/experiment/cost_setup.hpp"
#include "sim/platform/platform_loader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <vector>

namespace ciodesim::cli {
namespace {

struct GenerateOptions {
  std::string platform = "testbed";
  std::vector<std::string> models;
  std::string out;
  std::string calibration; // file, "none", or "" = the default file if it exists
};

int generate(const GenerateOptions& opt)
{
  const auto topo = platform::load_platform(platform::resolve_platform_path(opt.platform));
  std::map<std::string, cost::ProcessorSpec> specs; // one per profile, sorted
  for (const auto& p : topo.processors)
    specs.emplace(p.profile, cost::ProcessorSpec{p.profile, p.kind == platform::ProcessorKind::Gpu, p.speed_flops,
                                                 p.memory_bandwidth_Bps});
  cost::DeviceModel model = cost::DeviceModel::caffe_era();
  const std::string calibration = experiment::resolve_calibration(opt.calibration);
  if (!calibration.empty())
    model.cpu = cost::load_calibration(calibration, model.cpu);
  const auto names      = opt.models.empty() ? dnn::shipped_model_names() : opt.models;
  const std::string out = opt.out.empty() ? experiment::kWorkingTraceDir : opt.out;
  std::error_code ignored; // an unwritable directory is reported by the first write
  if (opt.out.empty())
    std::filesystem::create_directories(out, ignored);
  fmt::print("CPU profiles: {}{}\nGPU profiles: {}\n", model.cpu.origin,
             calibration.empty() ? "" : fmt::format(" (from {})", calibration), model.gpu.origin);
  // every model is loaded (and checked) before the first file is written: a bad one in the
  // list leaves no partial set of traces
  std::vector<dnn::Model> nets;
  for (const auto& name : names)
    nets.push_back(dnn::load_model_file(dnn::resolve_model_path(name)));
  for (const auto& net : nets) {
    std::string csv      = "# derived by `ciodesim traces generate` from the device model in sim/cost/device_model.cpp;\n"
                           "# see traces/README.md. Regenerate rather than edit.\n";
    for (const auto& [profile, spec] : specs)
      csv += fmt::format("# {} ({}): {}\n", profile, spec.gpu ? "GPU, derived, not measured" : "CPU",
                         spec.gpu ? model.gpu.origin : model.cpu.origin);
    csv += cost::trace_csv_header();
    for (const auto& [profile, spec] : specs) {
      double total = 0;
      for (const auto& layer : net.layers()) {
        const auto t = cost::derive_layer_time(layer, spec, model);
        total += t.mean_s;
        csv += cost::trace_csv_row(net.name(), layer.spec.name, profile, t.mean_s, t.std_s);
      }
      fmt::print("{:<14} {:<10} {:>10.3f} ms\n", net.name(), profile, total * 1e3);
    }
    write_file_atomic(fmt::format("{}/{}.csv", out, net.name()), csv);
  }
  return 0;
}

struct CalibrateOptions {
  std::string measured;
  std::string processor;
  double peak_flops = std::numeric_limits<double>::quiet_NaN(); // NaN: not given
  std::string memory_bandwidth;
  std::string out;
};

int write_calibration(const cost::CalibrationFit& fit, const cost::ProcessorSpec& machine, int threads,
                      const std::string& measured, const std::string& out_option)
{
  const std::string out = out_option.empty() ? experiment::kWorkingCalibrationFile : out_option;
  std::error_code ignored; // an unwritable directory is reported by the write
  if (out_option.empty())
    std::filesystem::create_directories(experiment::kWorkingTraceDir, ignored);
  write_file_atomic(out, cost::calibration_json(fit, machine, threads, std::filesystem::path(measured).filename()));
  fmt::print("wrote {}; `ciodesim traces generate` derives the CPU profiles from it\n", out);
  return 0;
}

int calibrate(const CalibrateOptions& opt)
{
  const std::string measured = opt.measured.empty() ? experiment::default_measured_trace() : opt.measured;
  const auto traces          = cost::TraceTable::load(measured);
  const auto processors      = traces.processors();
  std::string processor      = opt.processor;
  if (processor.empty()) {
    if (processors.size() != 1)
      throw InputError(measured, "processor", "the file holds several processors; name one with --processor",
                       fmt::format("{}", fmt::join(processors, ", ")));
    processor = processors.front();
  }
  cost::ProcessorSpec machine{processor, false, 0, 0};
  int threads = 0;
  cost::parse_roofline_comment(read_text_file(measured), machine, threads);
  if (!std::isnan(opt.peak_flops)) {
    if (!(opt.peak_flops > 0) || !std::isfinite(opt.peak_flops))
      throw InputError("--peak-flops", "", "must be a positive finite number of flop/s", "e.g. 3.5e11");
    machine.peak_flops = opt.peak_flops;
  }
  if (!opt.memory_bandwidth.empty()) {
    try {
      machine.memory_bandwidth_Bps = parse_bandwidth_bps(opt.memory_bandwidth);
    } catch (const InputError& e) {
      throw InputError("--memory-bandwidth", "", e.what_text(), e.allowed());
    }
  }
  if (machine.peak_flops <= 0 || machine.memory_bandwidth_Bps <= 0)
    throw InputError(measured, "# roofline", "the measuring machine's peak is unknown",
                     "profile with `ciodesim profile --roofline`, or give --peak-flops and --memory-bandwidth");
  const auto models = experiment::shipped_models_in(traces);
  const auto layers = cost::measured_layers(traces, models, processor);
  const auto prior  = cost::DeviceModel::caffe_era().cpu;
  const auto fit    = cost::calibrate(layers, machine, prior);
  fmt::print("calibrating the CPU device model against {} ({} layers of {} models on {}, of which {} are fitted: "
             "free layers such as input and dropout and zero times are not; peak {:.4g} flop/s, memory {:.4g} B/s{})\n",
             measured, layers.size(), models.size(), processor, fit.layers_fitted, machine.peak_flops,
             machine.memory_bandwidth_Bps,
             threads > 0 ? fmt::format(", {} thread(s)", threads) : "");
  print_type_comparison(cost::compare_per_type(layers, machine, prior, fit.model));
  fmt::print("overhead {:.1f} us per layer, relative std {:.3f}, time-weighted log rmse {:.3f}\n",
             fit.model.overhead_s * 1e6, fit.model.relative_std, fit.weighted_log_rmse);
  // Per model: the fit above (in sample) and a fit on the other models only (held out).
  if (models.size() < 2)
    return write_calibration(fit, machine, threads, measured, opt.out);
  fmt::print("\n{:<14} {:>12} {:>15} {:>8} {:>15} {:>8}\n", "model", "measured_ms", "calibrated_ms", "err%",
             "held_out_ms", "err%");
  for (const auto& held : models) {
    std::vector<cost::MeasuredLayer> others, own;
    const auto& held_layers = held->layers();
    for (const auto& m : layers) // measured_layers points into the models' own layer vectors
      (m.layer >= held_layers.data() && m.layer < held_layers.data() + held_layers.size() ? own : others).push_back(m);
    const auto other_fit = cost::calibrate(others, machine, prior);
    double measured_s = 0, in_s = 0, out_s = 0;
    for (const auto& m : own) {
      measured_s += m.mean_s;
      in_s += cost::derive_layer_time(*m.layer, machine, fit.model).mean_s;
      out_s += cost::derive_layer_time(*m.layer, machine, other_fit.model).mean_s;
    }
    fmt::print("{:<14} {:>12.2f} {:>15.2f} {:>+8.1f} {:>15.2f} {:>+8.1f}\n", held->name(), measured_s * 1e3,
               in_s * 1e3, 100 * (in_s / measured_s - 1), out_s * 1e3, 100 * (out_s / measured_s - 1));
  }
  return write_calibration(fit, machine, threads, measured, opt.out);
}

} // namespace

void print_type_comparison(const std::vector<cost::TypeComparison>& rows)
{
  fmt::print("{:<10} {:>6} {:>12} {:>14} {:>14}\n", "type", "layers", "measured_ms", "caffe_era_ms", "calibrated_ms");
  cost::TypeComparison total{"total"};
  for (const auto& r : rows) {
    fmt::print("{:<10} {:>6} {:>12.2f} {:>14.2f} {:>14.2f}\n", r.type, r.layers, r.measured_s * 1e3, r.prior_s * 1e3,
               r.calibrated_s * 1e3);
    total.layers += r.layers;
    total.measured_s += r.measured_s, total.prior_s += r.prior_s, total.calibrated_s += r.calibrated_s;
  }
  fmt::print("{:<10} {:>6} {:>12.2f} {:>14.2f} {:>14.2f}\n", total.type, total.layers, total.measured_s * 1e3,
             total.prior_s * 1e3, total.calibrated_s * 1e3);
}

Runner add_traces(CLI::App& app)
{
  auto gen_opt = std::make_shared<GenerateOptions>();
  auto cal_opt = std::make_shared<CalibrateOptions>();
  auto* cmd    = app.add_subcommand("traces", "Ground-truth traces: derive them from the device model, calibrate it");
  cmd->require_subcommand(1);
  auto* gen = cmd->add_subcommand("generate", "Write traces/<model>.csv for every processor profile of a platform");
  gen->add_option("--platform", gen_opt->platform, "Platform file or shipped name")->capture_default_str();
  gen->add_option("--models", gen_opt->models, "Models (default: every shipped model)")->delimiter(',');
  gen->add_option("--out", gen_opt->out, "Output directory (default: traces/ in the working directory)");
  gen->add_option("--calibration", gen_opt->calibration,
                  "CPU calibration file, or `none` for the Caffe-era constants (default: "
                  "traces/cpu-calibration.json here if it exists, else the shipped one)");
  auto* cal = cmd->add_subcommand("calibrate", "Fit the device model's CPU efficiencies to a measured profile");
  cal->add_option("--measured", cal_opt->measured,
                  "Measured trace (default: the shipped traces/measured-xeon-opencv.csv)");
  cal->add_option("--processor", cal_opt->processor, "Processor column to fit (default: the file's only one)");
  cal->add_option("--peak-flops", cal_opt->peak_flops,
                  "Measuring machine's peak FP32 flop/s (default: the trace's `# roofline:` line)")
      ->check(finite_range(1, 1e18));
  cal->add_option("--memory-bandwidth", cal_opt->memory_bandwidth,
                  "Measuring machine's memory bandwidth, e.g. 24GBps (default: the trace's `# roofline:` line)");
  cal->add_option("--out", cal_opt->out, "Calibration file (default: traces/cpu-calibration.json in the working directory)");
  return [cmd, gen, gen_opt, cal_opt]() {
    if (cmd->got_subcommand(gen))
      return generate(*gen_opt);
    return calibrate(*cal_opt);
  };
}

} // namespace ciodesim::cli
