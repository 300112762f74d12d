#include "sim/experiment/planner_view.hpp"

#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/plan/model_blocks.hpp"
#include "sim/runtime/network_view.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace ciodesim::experiment {

bool on_requester_device(const platform::Topology& topo, int processor)
{
  const int dev = topo.device_of(processor);
  return topo.devices[static_cast<std::size_t>(dev)].requester;
}

ProbeMatrix ideal_probes(const platform::Topology& topo, const cost::ProbeConfig& probe)
{
  const int req_dev = topo.requester_device();
  if (req_dev < 0)
    throw InputError(topo.source, "", "platform has no requester (a cpu host with role=requester)");
  std::vector<int> all(topo.processors.size());
  for (std::size_t p = 0; p < all.size(); ++p)
    all[p] = static_cast<int>(p);
  const auto estimates = runtime::ideal_device_estimates(topo, req_dev, probe);
  return runtime::compose_star(
      topo, req_dev, [&](int dev) { return estimates[static_cast<std::size_t>(dev)]; }, all);
}

std::vector<std::vector<double>> predict_layers(const dnn::Model& model, const platform::Topology& topo,
                                                const cost::CostPredictor& predictor)
{
  std::vector<std::vector<double>> pred(model.size(), std::vector<double>(topo.processors.size()));
  for (std::size_t l = 0; l < model.size(); ++l)
    for (std::size_t p = 0; p < topo.processors.size(); ++p)
      pred[l][p] = predictor.predict(model.layer(static_cast<int>(l)), topo.processors[p].profile);
  return pred;
}

std::vector<std::vector<char>> resident_blocks(const dnn::Model& model, const platform::Topology& topo,
                                               const std::string& spec)
{
  const std::size_t n = topo.processors.size();
  std::vector<std::vector<char>> resident(model.blocks().size(), std::vector<char>(n, 0));
  for (std::size_t b = 0; b < resident.size(); ++b)
    for (std::size_t p = 0; p < n; ++p)
      resident[b][p] = spec == "all" || on_requester_device(topo, static_cast<int>(p));
  if (spec == "all" || spec == "none")
    return resident;

  nlohmann::json doc;
  try {
    const std::string text = read_text_file(spec);
    check_json_nesting(text, spec);
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(spec, fmt::format("byte {}", e.byte), "malformed JSON");
  }
  if (!doc.is_object())
    throw InputError(spec, "", "expected an object {processor: [layer names or block ids]}");
  for (const auto& [proc_name, items] : doc.items()) {
    const int p = topo.processor_index(proc_name);
    if (p < 0)
      throw InputError(spec, proc_name, "unknown processor");
    if (!items.is_array())
      throw InputError(spec, proc_name, "expected a list of layer names or block ids");
    std::vector<int> layers_present(model.size(), 0);
    for (const auto& item : items) {
      if (item.is_number_integer()) {
        const int b = item.get<int>();
        if (b < 0 || b >= static_cast<int>(model.blocks().size()))
          throw InputError(spec, proc_name, fmt::format("block id {} out of range", b),
                           fmt::format("0..{}", model.blocks().size() - 1));
        resident[static_cast<std::size_t>(b)][static_cast<std::size_t>(p)] = 1;
      } else if (item.is_string()) {
        const int l = model.index_of(item.get<std::string>());
        if (l < 0)
          throw InputError(spec, proc_name, fmt::format("unknown layer '{}'", item.get<std::string>()));
        layers_present[static_cast<std::size_t>(l)] = 1;
      } else
        throw InputError(spec, proc_name, "expected layer names or block ids");
    }
    for (const auto& block : model.blocks()) {
      bool all = true;
      for (int l : block.layers)
        all = all && layers_present[static_cast<std::size_t>(l)];
      if (all)
        resident[static_cast<std::size_t>(block.id)][static_cast<std::size_t>(p)] = 1;
    }
  }
  return resident;
}

plan::PlanInput make_plan_input(const dnn::Model& model, const platform::Topology& topo,
                                const std::vector<std::vector<double>>& layer_pred_s, const ProbeMatrix& probes,
                                const std::vector<double>& wait_s, const std::vector<std::vector<char>>& resident)
{
  plan::PlanInput in;
  for (const auto& p : topo.processors)
    in.processors.push_back(p.name);
  in.requester = topo.devices[static_cast<std::size_t>(topo.requester_device())].processors.front();
  plan::fill_blocks(in, model, layer_pred_s);
  runtime::set_network(in, probes);
  in.wait_s   = wait_s;
  in.resident = resident;
  return in;
}

} // namespace ciodesim::experiment
