#include "sim/dnn/model.hpp"

#include "sim/core/error.hpp"
#include "sim/dnn/shape_inference.hpp"

#include <boost/graph/dominator_tree.hpp>
#include <boost/graph/topological_sort.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>

namespace ciodesim::dnn {
namespace {

std::string where_of(std::size_t index, const std::string& name)
{
  return fmt::format("layers[{}] ({})", index, name);
}

// Kahn's algorithm, taking the lowest file position first among ready layers so that the
// order is stable and follows the file wherever the file is already sorted.
std::vector<int> stable_topological_order(const std::vector<LayerSpec>& specs,
                                          const std::vector<std::vector<int>>& inputs)
{
  const std::size_t n = specs.size();
  std::vector<int> indegree(n, 0);
  std::vector<std::vector<int>> consumers(n);
  for (std::size_t v = 0; v < n; ++v)
    for (int u : inputs[v]) {
      ++indegree[v];
      consumers[static_cast<std::size_t>(u)].push_back(static_cast<int>(v));
    }
  std::vector<int> ready;
  for (std::size_t v = 0; v < n; ++v)
    if (indegree[v] == 0)
      ready.push_back(static_cast<int>(v));
  std::vector<int> order;
  while (!ready.empty()) {
    auto lowest = std::min_element(ready.begin(), ready.end());
    const int v = *lowest;
    ready.erase(lowest);
    order.push_back(v);
    for (int w : consumers[static_cast<std::size_t>(v)])
      if (--indegree[static_cast<std::size_t>(w)] == 0)
        ready.push_back(w);
  }
  if (order.size() != n) {
    for (std::size_t v = 0; v < n; ++v)
      if (indegree[v] > 0)
        throw InputError("", where_of(v, specs[v].name), "layer is part of a cycle: a DNN must be a DAG");
  }
  return order;
}

} // namespace

std::vector<int> dominator_chain(const LayerGraph& graph, int source, int sink)
{
  using Vertex        = boost::graph_traits<LayerGraph>::vertex_descriptor;
  const auto n        = boost::num_vertices(graph);
  const auto index    = boost::get(boost::vertex_index, graph);
  std::vector<Vertex> idom(n, boost::graph_traits<LayerGraph>::null_vertex());
  auto idom_map       = boost::make_iterator_property_map(idom.begin(), index);
  boost::lengauer_tarjan_dominator_tree(graph, boost::vertex(static_cast<std::size_t>(source), graph), idom_map);
  std::vector<int> chain{sink};
  for (Vertex v = static_cast<Vertex>(sink); v != static_cast<Vertex>(source);) {
    v = idom[v];
    if (v == boost::graph_traits<LayerGraph>::null_vertex())
      break; // sink unreachable from source: cannot happen for validated models
    chain.push_back(static_cast<int>(v));
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

Model Model::from_specs(std::string name, std::vector<LayerSpec> specs)
{
  if (specs.empty())
    throw InputError("", "layers", "a model needs at least one layer");
  const std::size_t n = specs.size();

  // Names: unique; inputs: known and not self.
  std::map<std::string, int> by_name;
  for (std::size_t i = 0; i < n; ++i) {
    if (specs[i].name.empty())
      throw InputError("", fmt::format("layers[{}]", i), "layer has an empty name");
    if (!by_name.emplace(specs[i].name, static_cast<int>(i)).second)
      throw InputError("", where_of(i, specs[i].name), "duplicate layer name");
  }
  std::vector<std::vector<int>> file_inputs(n);
  for (std::size_t i = 0; i < n; ++i)
    for (const std::string& in : specs[i].inputs) {
      auto found = by_name.find(in);
      if (found == by_name.end())
        throw InputError("", where_of(i, specs[i].name), fmt::format("unknown input layer '{}'", in));
      if (found->second == static_cast<int>(i))
        throw InputError("", where_of(i, specs[i].name), "layer lists itself as input (a cycle)");
      file_inputs[i].push_back(found->second);
    }

  // Exactly one input layer and one output layer, so that blocks and plans are well defined.
  std::vector<int> consumer_count(n, 0);
  for (const auto& ins : file_inputs)
    for (int u : ins)
      ++consumer_count[static_cast<std::size_t>(u)];
  int source = -1, sink = -1;
  for (std::size_t i = 0; i < n; ++i) {
    const bool is_input = specs[i].type == LayerType::Input;
    if (is_input != file_inputs[i].empty())
      throw InputError("", where_of(i, specs[i].name),
                       is_input ? "input layer must not have inputs" : "layer has no inputs but is not of type input");
    if (is_input) {
      if (source >= 0)
        throw InputError("", where_of(i, specs[i].name), "a model has exactly one input layer; found a second");
      source = static_cast<int>(i);
    }
    if (consumer_count[i] == 0) {
      if (sink >= 0)
        throw InputError("", where_of(i, specs[i].name),
                         fmt::format("a model has exactly one output layer; '{}' and '{}' are both unused",
                                     specs[static_cast<std::size_t>(sink)].name, specs[i].name));
      sink = static_cast<int>(i);
    }
  }
  if (source < 0)
    throw InputError("", "layers", "a model needs one layer of type input");

  const std::vector<int> order = stable_topological_order(specs, file_inputs);
  (void)sink;

  Model model;
  model.name_ = std::move(name);
  std::vector<int> position(n);
  for (std::size_t k = 0; k < n; ++k)
    position[static_cast<std::size_t>(order[k])] = static_cast<int>(k);
  model.layers_.resize(n);
  model.inputs_.resize(n);
  model.consumers_.resize(n);
  model.graph_ = LayerGraph(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t file_index = static_cast<std::size_t>(order[k]);
    Layer& layer                 = model.layers_[k];
    layer.spec                   = std::move(specs[file_index]);
    std::vector<Shape> in_shapes;
    for (int u : file_inputs[file_index]) {
      const int pu = position[static_cast<std::size_t>(u)];
      model.inputs_[k].push_back(pu);
      model.consumers_[static_cast<std::size_t>(pu)].push_back(static_cast<int>(k));
      boost::add_edge(static_cast<std::size_t>(pu), k, model.graph_);
      in_shapes.push_back(model.layers_[static_cast<std::size_t>(pu)].info.output);
    }
    try {
      layer.info = infer_layer(layer.spec, in_shapes);
      // products of file integers overflow int64 long before they stop being absurd
      const Shape& out = layer.info.output;
      const double elements =
          static_cast<double>(out.channels) * static_cast<double>(out.height) * static_cast<double>(out.width);
      if (out.channels < 1 || out.height < 1 || out.width < 1 || elements > kMaxTensorElements)
        throw InputError("", "", fmt::format("output tensor {}x{}x{} is out of range", out.channels, out.height, out.width),
                         fmt::format("1 .. {:g} elements, every dimension >= 1", kMaxTensorElements));
    } catch (const InputError& e) {
      throw InputError("", where_of(file_index, layer.spec.name), e.what_text(), e.allowed());
    }
  }

  // The unique source sorts first and the unique sink last, so the chain runs 0 .. n-1.
  const std::vector<int> cuts = dominator_chain(model.graph_, 0, static_cast<int>(n) - 1);
  std::vector<bool> is_cut(n, false);
  for (int c : cuts)
    is_cut[static_cast<std::size_t>(c)] = true;
  int block_id = 0;
  Block current;
  for (std::size_t k = 0; k < n; ++k) {
    Layer& layer = model.layers_[k];
    layer.block  = block_id;
    current.layers.push_back(static_cast<int>(k));
    current.param_bytes += layer.info.param_bytes;
    current.macs += layer.info.macs;
    current.flops += layer.info.flops;
    if (is_cut[k]) {
      current.id            = block_id;
      current.exit_layer    = static_cast<int>(k);
      current.output_bytes = layer.info.output_bytes;
      current.entry_layer   = model.blocks_.empty() ? -1 : model.blocks_.back().exit_layer;
      current.input_bytes  = model.blocks_.empty() ? 0.0 : model.blocks_.back().output_bytes;
      model.blocks_.push_back(current);
      current = Block{};
      ++block_id;
    }
  }
  return model;
}

int Model::index_of(const std::string& layer_name) const
{
  for (std::size_t i = 0; i < layers_.size(); ++i)
    if (layers_[i].spec.name == layer_name)
      return static_cast<int>(i);
  return -1;
}

double Model::total_params() const
{
  return std::accumulate(layers_.begin(), layers_.end(), 0.0,
                         [](double sum, const Layer& l) { return sum + l.info.param_count; });
}
double Model::total_param_bytes() const
{
  return std::accumulate(layers_.begin(), layers_.end(), 0.0,
                         [](double sum, const Layer& l) { return sum + l.info.param_bytes; });
}
double Model::total_macs() const
{
  return std::accumulate(layers_.begin(), layers_.end(), 0.0,
                         [](double sum, const Layer& l) { return sum + l.info.macs; });
}
double Model::total_flops() const
{
  return std::accumulate(layers_.begin(), layers_.end(), 0.0,
                         [](double sum, const Layer& l) { return sum + l.info.flops; });
}

} // namespace ciodesim::dnn
