#include "sim/cost/calibration.hpp"

#include "sim/core/error.hpp"
#include "sim/core/files.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>

namespace ciodesim::cost {
namespace {

// Log-spaced grid of `n` values over [lo, hi].
std::vector<double> log_grid(double lo, double hi, int n)
{
  std::vector<double> g(n);
  for (int i = 0; i < n; ++i)
    g[i] = lo * std::pow(hi / lo, static_cast<double>(i) / (n - 1));
  return g;
}

// One layer as the fit sees it: its two roofline terms at efficiency 1, its weight, log(time).
struct Point {
  double compute_s, memory_s, weight, log_measured;
};

double log_loss(const std::vector<Point>& points, const TypeEfficiency& eff, double overhead_s)
{
  double loss = 0;
  for (const auto& p : points) {
    const double predicted = std::max(p.compute_s / eff.compute, p.memory_s / eff.memory) + overhead_s;
    const double e         = std::log(predicted) - p.log_measured;
    loss += p.weight * e * e;
  }
  return loss;
}

// Keeps parameters the data leave open at the prior (a tie-breaker, not a prior belief).
constexpr double kPull = 1e-9;
double pull(const TypeEfficiency& eff, const TypeEfficiency& prior)
{
  const double a = std::log(eff.compute / prior.compute), b = std::log(eff.memory / prior.memory);
  return kPull * (a * a + b * b);
}

struct TypeBest {
  TypeEfficiency eff;
  double loss = 0;
};

// Best efficiency pair on an `n` x `n` log grid over [lo, hi].
TypeBest search(const std::vector<Point>& points, const TypeEfficiency& prior, double overhead_s,
                const TypeEfficiency& lo, const TypeEfficiency& hi, int n)
{
  TypeBest best{prior, 1e300};
  const auto cg = log_grid(lo.compute, hi.compute, n), mg = log_grid(lo.memory, hi.memory, n);
  for (double c : cg)
    for (double m : mg) {
      const TypeEfficiency eff{c, m};
      const double loss = log_loss(points, eff, overhead_s) + pull(eff, prior);
      if (loss < best.loss)
        best = {eff, loss};
    }
  return best;
}

// Efficiency bounds: compute up to 2x the peak estimate (turbo above the measured clock is
// impossible, but keeps the optimum off the edge), memory up to 8x STREAM (small tensors
// stay in caches).
constexpr TypeEfficiency kLow{1e-4, 1e-3}, kHigh{2.0, 8.0};

TypeBest fit_type(const std::vector<Point>& points, const TypeEfficiency& prior, double overhead_s, bool refine)
{
  TypeBest best = search(points, prior, overhead_s, kLow, kHigh, 40);
  if (!refine)
    return best;
  // Zoom in three times, one grid step either way each time (final steps ~0.2 %).
  double step_c = std::pow(kHigh.compute / kLow.compute, 1.0 / 39);
  double step_m = std::pow(kHigh.memory / kLow.memory, 1.0 / 39);
  for (int round = 0; round < 3; ++round) {
    const TypeEfficiency lo{std::max(kLow.compute, best.eff.compute / step_c),
                            std::max(kLow.memory, best.eff.memory / step_m)};
    const TypeEfficiency hi{std::min(kHigh.compute, best.eff.compute * step_c),
                            std::min(kHigh.memory, best.eff.memory * step_m)};
    const TypeBest zoomed = search(points, prior, overhead_s, lo, hi, 12);
    if (zoomed.loss < best.loss)
      best = zoomed;
    step_c = std::pow(step_c, 2.0 / 11), step_m = std::pow(step_m, 2.0 / 11);
  }
  return best;
}

double total_loss(const std::map<dnn::LayerType, std::vector<Point>>& by_type, const KindModel& prior,
                  double overhead_s, bool refine)
{
  double loss = 0;
  for (const auto& [type, points] : by_type)
    loss += fit_type(points, prior.efficiency(type), overhead_s, refine).loss;
  return loss;
}

} // namespace

std::vector<MeasuredLayer> measured_layers(const TraceTable& traces,
                                           const std::vector<std::unique_ptr<dnn::Model>>& models,
                                           const std::string& processor)
{
  std::vector<MeasuredLayer> out;
  for (const auto& model : models)
    for (const auto& layer : model->layers())
      if (const TraceEntry* e = traces.find(model->name(), layer.spec.name, processor))
        out.push_back({&layer, e->mean_s, e->std_s});
  return out;
}

bool parse_roofline_comment(const std::string& trace_text, ProcessorSpec& machine, int& threads)
{
  std::istringstream in(trace_text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# roofline:", 0) != 0)
      continue;
    std::istringstream fields(line.substr(11));
    bool flops = false, bandwidth = false;
    for (std::string kv; fields >> kv;) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos)
        continue;
      const std::string key = kv.substr(0, eq);
      const double value    = std::strtod(kv.c_str() + eq + 1, nullptr);
      if (key == "peak_flops")
        machine.peak_flops = value, flops = value > 0;
      else if (key == "memory_bandwidth_Bps")
        machine.memory_bandwidth_Bps = value, bandwidth = value > 0;
      else if (key == "threads")
        threads = static_cast<int>(value);
    }
    return flops && bandwidth;
  }
  return false;
}

CalibrationFit calibrate(const std::vector<MeasuredLayer>& layers, const ProcessorSpec& machine,
                         const KindModel& prior)
{
  std::map<dnn::LayerType, std::vector<Point>> by_type;
  double total_s = 0, weighted_cv = 0;
  for (const auto& m : layers)
    if (!is_free_layer(m.layer->spec.type) && m.mean_s > 0)
      total_s += m.mean_s;
  if (total_s <= 0)
    throw InputError("calibration", "", "no measured layer with a positive time to fit");
  CalibrationFit fit;
  for (const auto& m : layers) {
    if (is_free_layer(m.layer->spec.type) || m.mean_s <= 0)
      continue;
    const auto& info         = m.layer->info;
    const double bytes_moved = info.input_bytes + info.output_bytes + info.param_bytes;
    by_type[m.layer->spec.type].push_back({info.flops / machine.peak_flops, bytes_moved / machine.memory_bandwidth_Bps,
                                           m.mean_s / total_s, std::log(m.mean_s)});
    weighted_cv += (m.std_s / m.mean_s) * (m.mean_s / total_s);
    ++fit.layers_fitted;
  }
  // The overhead is shared by every type: scan it (0-100 us by 2 us, then +-2 us by 0.25 us),
  // fitting the types independently for each value.
  double best_loss = 1e300, best_overhead_s = 0;
  for (int step = 0; step <= 50; ++step)
    if (const double loss = total_loss(by_type, prior, step * 2e-6, false); loss < best_loss)
      best_loss = loss, best_overhead_s = step * 2e-6;
  best_loss = 1e300;
  const double coarse_s = best_overhead_s;
  for (int step = -8; step <= 8; ++step) {
    const double overhead_s = coarse_s + step * 0.25e-6;
    if (overhead_s < 0)
      continue;
    if (const double loss = total_loss(by_type, prior, overhead_s, true); loss < best_loss)
      best_loss = loss, best_overhead_s = overhead_s;
  }
  fit.model              = prior;
  fit.model.overhead_s   = best_overhead_s;
  fit.model.relative_std = weighted_cv;
  double loss            = 0;
  for (const auto& [type, points] : by_type) {
    const TypeBest best      = fit_type(points, prior.efficiency(type), best_overhead_s, true);
    fit.model.per_type[type] = best.eff;
    loss += log_loss(points, best.eff, best_overhead_s);
  }
  fit.weighted_log_rmse = std::sqrt(loss);
  return fit;
}

std::vector<TypeComparison> compare_per_type(const std::vector<MeasuredLayer>& layers, const ProcessorSpec& machine,
                                             const KindModel& prior, const KindModel& calibrated)
{
  std::map<std::string, TypeComparison> rows;
  for (const auto& m : layers) {
    auto& row = rows[dnn::layer_type_name(m.layer->spec.type)];
    row.type  = dnn::layer_type_name(m.layer->spec.type);
    row.layers += 1;
    row.measured_s += m.mean_s;
    row.prior_s += derive_layer_time(*m.layer, machine, prior).mean_s;
    row.calibrated_s += derive_layer_time(*m.layer, machine, calibrated).mean_s;
  }
  std::vector<TypeComparison> out;
  for (auto& [name, row] : rows)
    out.push_back(row);
  return out;
}

std::string calibration_json(const CalibrationFit& fit, const ProcessorSpec& machine, int threads,
                             const std::string& source)
{
  nlohmann::ordered_json j;
  j["comment"] = "CPU device model calibrated by `ciodesim traces calibrate`; regenerate rather than edit "
                 "(traces/README.md)";
  j["source"]  = source;
  j["machine"] = {{"profile", machine.profile},
                  {"peak_flops", machine.peak_flops},
                  {"memory_bandwidth_Bps", machine.memory_bandwidth_Bps},
                  {"threads", threads}};
  j["overhead_s"]   = fit.model.overhead_s;
  j["relative_std"] = fit.model.relative_std;
  nlohmann::ordered_json types = nlohmann::ordered_json::object();
  for (const auto& [type, eff] : fit.model.per_type)
    types[dnn::layer_type_name(type)] = {{"compute_eff", eff.compute}, {"memory_eff", eff.memory}};
  j["types"] = types;
  j["fit"]   = {{"layers", fit.layers_fitted}, {"weighted_log_rmse", fit.weighted_log_rmse}};
  return j.dump(2) + "\n";
}

KindModel load_calibration(const std::string& path, const KindModel& prior, ProcessorSpec* machine)
{
  nlohmann::json j;
  try {
    const std::string text = read_text_file(path);
    check_json_nesting(text, path);
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path, "", std::string("not valid JSON: ") + e.what());
  }
  // A positive finite number at j[key], or InputError naming the field.
  auto positive = [&](const nlohmann::json& obj, const std::string& key, const std::string& where, bool zero_ok) {
    if (!obj.is_object() || !obj.contains(key) || !obj[key].is_number())
      throw InputError(path, where + key, "missing or not a number");
    const double v = obj[key].get<double>();
    if (!std::isfinite(v) || v < 0 || (!zero_ok && v == 0))
      throw InputError(path, where + key, "out of range", zero_ok ? "a finite number >= 0" : "a finite number > 0");
    return v;
  };
  KindModel model    = prior;
  model.overhead_s   = positive(j, "overhead_s", "", true);
  model.relative_std = positive(j, "relative_std", "", true);
  if (!j.contains("types") || !j["types"].is_object())
    throw InputError(path, "types", "missing or not an object of layer type -> {compute_eff, memory_eff}");
  for (const auto& [name, eff] : j["types"].items()) {
    dnn::LayerType type;
    if (!dnn::parse_layer_type(name, type))
      throw InputError(path, "types." + name, "unknown layer type", dnn::layer_type_names());
    model.per_type[type] = {positive(eff, "compute_eff", "types." + name + ".", false),
                            positive(eff, "memory_eff", "types." + name + ".", false)};
  }
  std::string source = j.value("source", std::string{"?"});
  if (machine != nullptr) {
    const auto& m                 = j.contains("machine") ? j["machine"] : nlohmann::json::object();
    machine->profile              = m.is_object() ? m.value("profile", std::string{}) : std::string{};
    machine->peak_flops           = positive(m, "peak_flops", "machine.", false);
    machine->memory_bandwidth_Bps = positive(m, "memory_bandwidth_Bps", "machine.", false);
  }
  model.origin = "calibrated against " + source + " (" + std::filesystem::path(path).filename().string() + ")";
  return model;
}

} // namespace ciodesim::cost
