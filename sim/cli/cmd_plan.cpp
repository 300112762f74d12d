// `ciodesim plan`: one CIODE plan for a model on a platform, from predicted costs and ideal
// probes (no simulation). Readable table by default, one JSON object with --json.
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/core/units.hpp"
#include "sim/dnn/model_json.hpp"
#include "sim/experiment/cost_setup.hpp"
#include "sim/experiment/planner_view.hpp"
#include "sim/plan/ciode.hpp"
#include "sim/platform/platform_loader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>

namespace ciodesim::cli {
namespace {

// "D3=20Mbps" -> ("D3", "20Mbps")
std::pair<std::string, std::string> split_assignment(const std::string& text, const char* option)
{
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw InputError(option, text, "expected NAME=VALUE");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

double json_number(double value)
{
  return std::isfinite(value) ? value : -1.0;
}

} // namespace

Runner add_plan(CLI::App& app)
{
  struct Options {
    std::string model, platform = "testbed", traces, resident = "none", train = "others";
    std::vector<std::string> bandwidth, wait;
    double probe_bytes = cost::ProbeConfig{}.probe_bytes;
    double upload_weight = 0.0;
    bool json = false;
  };
  auto opt  = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("plan", "Plan one CIODE offload of a model on a platform (no simulation)");
  cmd->add_option("--model", opt->model, "Model file or shipped name (alexnet, vgg16, resnet50, ...)")->required();
  cmd->add_option("--platform", opt->platform, "Platform file or shipped name")->capture_default_str();
  cmd->add_option("--traces", opt->traces, "Trace directory, file or shipped set name, e.g. caffe-era (default: the shipped traces/)");
  cmd->add_option("--bandwidth", opt->bandwidth, "Access-link bandwidth of a device, e.g. D3=20Mbps (repeatable)");
  cmd->add_option("--wait", opt->wait, "Waiting time W of a processor's lock, e.g. D2.gpu=50ms (repeatable)");
  cmd->add_option("--resident", opt->resident,
                  "Blocks already uploaded: all, none, or a JSON file {processor: [layers or block ids]}")
      ->capture_default_str();
  cmd->add_option("--probe-bytes", opt->probe_bytes, "Size of the bandwidth probe (bytes)")->capture_default_str();
  cmd->add_option("--upload-weight", opt->upload_weight,
                  "Weight of upload time in the target plan (0 = steady state, 1 = this query pays)")
      ->capture_default_str();
  cmd->add_option("--train", opt->train, "Predictor training set: others (leave-one-model-out) or all")
      ->capture_default_str();
  cmd->add_flag("--json", opt->json, "Print one JSON object");
  return [opt]() {
    const dnn::Model model = dnn::load_model_file(dnn::resolve_model_path(opt->model));
    platform::BandwidthOverrides overrides;
    for (const auto& text : opt->bandwidth) {
      const auto [device, value] = split_assignment(text, "--bandwidth");
      try {
        overrides[device] = parse_bandwidth_bps(value);
      } catch (const InputError& e) {
        throw InputError("--bandwidth", device, e.what_text(), e.allowed());
      }
    }
    const auto topo = platform::load_platform(platform::resolve_platform_path(opt->platform), overrides);
    std::vector<double> wait_s(topo.processors.size(), 0.0);
    for (const auto& text : opt->wait) {
      const auto [proc, value] = split_assignment(text, "--wait");
      const int p              = topo.processor_index(proc);
      if (p < 0) {
        std::vector<std::string> names;
        for (const auto& known : topo.processors)
          names.push_back(known.name);
        throw InputError("--wait", proc, "unknown processor", fmt::format("{}", fmt::join(names, ", ")));
      }
      try {
        wait_s[static_cast<std::size_t>(p)] = parse_duration_s(value);
      } catch (const InputError& e) {
        throw InputError("--wait", proc, e.what_text(), e.allowed());
      }
    }
    if (!(opt->probe_bytes > 64) || !std::isfinite(opt->probe_bytes) || opt->probe_bytes > 1e9)
      throw InputError("--probe-bytes", "", "probe must be larger than 64 bytes", "65 .. 1e9 bytes");
    if (!(opt->upload_weight >= 0) || !std::isfinite(opt->upload_weight) || opt->upload_weight > 1e6)
      throw InputError("--upload-weight", "", "must be >= 0", "0 .. 1e6");

    const auto traces = cost::TraceTable::load(opt->traces.empty() ? experiment::default_trace_dir() : experiment::resolve_trace_path(opt->traces));
    std::vector<std::string> profiles;
    for (const auto& p : topo.processors)
      if (std::find(profiles.begin(), profiles.end(), p.profile) == profiles.end())
        profiles.push_back(p.profile);
    const auto trained  = experiment::train_for(model, traces, profiles, opt->train);
    const auto pred     = experiment::predict_layers(model, topo, trained.predictor);
    cost::ProbeConfig probe;
    probe.probe_bytes   = opt->probe_bytes;
    const auto probes   = experiment::ideal_probes(topo, probe);
    const auto resident = experiment::resident_blocks(model, topo, opt->resident);
    const auto input    = experiment::make_plan_input(model, topo, pred, probes, wait_s, resident);

    const auto started = std::chrono::steady_clock::now();
    const plan::Plan plan = plan::plan_ciode(input, plan::CiodeOptions{opt->upload_weight});
    const double plan_time_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::string& requester = input.processors[static_cast<std::size_t>(input.requester)];

    if (opt->json) {
      nlohmann::ordered_json out;
      out["model"]       = model.name();
      out["requester"]   = requester;
      out["processors"]  = input.processors;
      out["input_bytes"] = model.input_bytes();
      out["training_models"] = trained.training_models;
      auto& layers       = out["layers"] = nlohmann::ordered_json::array();
      for (std::size_t l = 0; l < model.size(); ++l) {
        const auto& layer = model.layer(static_cast<int>(l));
        nlohmann::ordered_json j;
        j["name"] = layer.spec.name;
        j["inputs"] = nlohmann::ordered_json::array();
        for (int u : model.inputs_of(static_cast<int>(l)))
          j["inputs"].push_back(model.layer(u).spec.name);
        j["output_bytes"] = layer.info.output_bytes;
        j["param_bytes"]  = layer.info.param_bytes;
        j["block"]        = layer.block;
        for (std::size_t p = 0; p < input.size(); ++p)
          j["predicted_s"][input.processors[p]] = pred[l][p];
        layers.push_back(j);
      }
      for (std::size_t i = 0; i < input.size(); ++i)
        for (std::size_t k = 0; k < input.size(); ++k) {
          out["transfer_s_per_byte"][input.processors[i]][input.processors[k]] = input.s_per_byte[i][k];
          out["latency_s"][input.processors[i]][input.processors[k]]           = input.latency_s[i][k];
        }
      for (std::size_t p = 0; p < input.size(); ++p)
        out["wait_s"][input.processors[p]] = input.wait_s[p];
      for (std::size_t l = 0; l < model.size(); ++l) {
        const auto b = static_cast<std::size_t>(model.layer(static_cast<int>(l)).block);
        out["assignment"][model.layer(static_cast<int>(l)).spec.name] =
            input.processors[static_cast<std::size_t>(plan.assignment[b])];
      }
      out["predicted_latency_s"] = json_number(plan.predicted_latency_s);
      for (std::size_t l = 0; l < model.size(); ++l) {
        const auto b = static_cast<std::size_t>(model.layer(static_cast<int>(l)).block);
        out["target_assignment"][model.layer(static_cast<int>(l)).spec.name] =
            input.processors[static_cast<std::size_t>(plan.target[b])];
      }
      out["target_latency_s"] = json_number(plan.target_latency_s);
      out["upload_order"]     = nlohmann::ordered_json::array();
      out["uploads"]          = nlohmann::ordered_json::array();
      for (const auto& item : plan.upload_order) {
        out["upload_order"].push_back(item.block);
        out["uploads"].push_back({{"block", item.block},
                                  {"processor", input.processors[static_cast<std::size_t>(item.processor)]},
                                  {"param_bytes", input.param_bytes[static_cast<std::size_t>(item.block)]},
                                  {"delay_improvement_s", item.delay_improvement_s}});
      }
      out["plan_time_s"] = plan_time_s;
      fmt::print("{}\n", out.dump(2));
      return 0;
    }

    double local_s = 0;
    for (std::size_t b = 1; b < input.blocks(); ++b)
      local_s += input.exec_s[b][static_cast<std::size_t>(input.requester)];
    fmt::print("CIODE plan: {} on {} (requester {}; predictors trained on {})\n", model.name(), topo.source, requester,
               fmt::join(trained.training_models, ", "));
    for (const auto& d : topo.devices)
      if (!d.requester && !d.access_link.empty()) {
        const auto& r = topo.route(input.requester, d.processors.front());
        fmt::print("  route {} -> {}: {}, latency {}\n", requester, d.name, format_bandwidth(r.bandwidth_Bps),
                   format_duration(r.latency_s));
      }
    for (std::size_t p = 0; p < input.size(); ++p)
      if (input.wait_s[p] > 0)
        fmt::print("  wait W of {}'s lock: {}\n", input.processors[p], format_duration(input.wait_s[p]));
    fmt::print("{:>5}  {:<24} {:>12} {:>12}  {:<8} {:<8}\n", "block", "layers", "params", "out bytes", "now",
               "target");
    for (const auto& block : model.blocks()) {
      const auto b        = static_cast<std::size_t>(block.id);
      const auto& first   = model.layer(block.layers.front()).spec.name;
      const auto& last    = model.layer(block.exit_layer).spec.name;
      const std::string span = block.layers.size() == 1 ? first : first + ".." + last;
      fmt::print("{:>5}  {:<24} {:>12} {:>12}  {:<8} {:<8}\n", block.id, span, format_bytes(block.param_bytes),
                 format_bytes(block.output_bytes), input.processors[static_cast<std::size_t>(plan.assignment[b])],
                 input.processors[static_cast<std::size_t>(plan.target[b])]);
    }
    fmt::print("all local on {}: {}\n", requester, format_duration(local_s));
    fmt::print("plan now (resident: {}): {}\n", opt->resident, format_duration(plan.predicted_latency_s));
    fmt::print("target once uploaded: {} ({:.1f}x faster than local)\n", format_duration(plan.target_latency_s),
               local_s / plan.target_latency_s);
    double upload_bytes = 0;
    for (const auto& item : plan.upload_order)
      upload_bytes += input.param_bytes[static_cast<std::size_t>(item.block)];
    fmt::print("upload order ({} blocks, {}): ", plan.upload_order.size(), format_bytes(upload_bytes));
    for (std::size_t i = 0; i < plan.upload_order.size(); ++i) {
      if (i == 12) {
        fmt::print("... ");
        break;
      }
      fmt::print("{}@{} ", plan.upload_order[i].block,
                 input.processors[static_cast<std::size_t>(plan.upload_order[i].processor)]);
    }
    fmt::print("\nplanning took {}\n", format_duration(plan_time_s));
    return 0;
  };
}

} // namespace ciodesim::cli
