#pragma once
// A DNN as a DAG of layers (Boost.Graph), in topological order, cut into the blocks of its
// dominator chain: the layers that every input->output path passes through ("cut layers")
// split the DAG into blocks with one input tensor and one output tensor each. A chain keeps
// one layer per block; a ResNet residual unit or a GoogLeNet inception module is one block.
#include "sim/dnn/layer.hpp"

#include <boost/graph/adjacency_list.hpp>

#include <string>
#include <vector>

namespace ciodesim::dnn {

using LayerGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS>;

struct Block {
  int id = 0;
  std::vector<int> layers;  // in topological order
  int entry_layer = -1;     // layer whose output feeds the block (-1 for block 0: the network input)
  int exit_layer  = -1;     // the block's cut layer: its output leaves the block
  double param_bytes = 0;   // what must be uploaded for a node to run the block
  double macs  = 0;
  double flops = 0;
  double input_bytes  = 0;  // tensor entering the block (0 for block 0)
  double output_bytes = 0;  // tensor leaving the block
};

class Model {
public:
  // Validates names and edges, rejects cycles, infers every shape and cuts the blocks.
  // Throws InputError with where = "layers[i] (name)" and an empty file name.
  static Model from_specs(std::string name, std::vector<LayerSpec> specs);

  const std::string& name() const { return name_; }
  std::size_t size() const { return layers_.size(); }
  const Layer& layer(int index) const { return layers_.at(static_cast<std::size_t>(index)); }
  const std::vector<Layer>& layers() const { return layers_; } // in topological order
  int index_of(const std::string& layer_name) const;          // -1 if absent
  const std::vector<int>& inputs_of(int index) const { return inputs_.at(static_cast<std::size_t>(index)); }
  const std::vector<int>& consumers_of(int index) const { return consumers_.at(static_cast<std::size_t>(index)); }
  const LayerGraph& graph() const { return graph_; }
  const std::vector<Block>& blocks() const { return blocks_; }

  int input_layer() const { return 0; }
  int output_layer() const { return static_cast<int>(layers_.size()) - 1; }
  double input_bytes() const { return layers_.front().info.output_bytes; }

  double total_params() const;
  double total_param_bytes() const;
  double total_macs() const;
  double total_flops() const;

private:
  std::string name_;
  std::vector<Layer> layers_; // sorted topologically; vertex i of graph_ is layers_[i]
  std::vector<std::vector<int>> inputs_;
  std::vector<std::vector<int>> consumers_;
  LayerGraph graph_;
  std::vector<Block> blocks_;
};

// Indices of the cut layers (the dominator chain of the output, from the input to the
// output), for a DAG with a single source (vertex `source`) and a single sink (`sink`).
std::vector<int> dominator_chain(const LayerGraph& graph, int source, int sink);

} // namespace ciodesim::dnn
