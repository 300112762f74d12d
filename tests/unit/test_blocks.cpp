// Dominator-chain blocks on hand-drawn DAGs and on ResNet-50 / GoogLeNet.
#include "sim/core/error.hpp"
#include "sim/dnn/model_json.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace ciodesim;

namespace {
dnn::Model from_json(const std::string& layers)
{
  return dnn::load_model_text(R"({"name": "t", "layers": [)" + layers + "]}", "test.json");
}
std::vector<int> blocks_of(const dnn::Model& m)
{
  std::vector<int> ids;
  for (const auto& l : m.layers())
    ids.push_back(l.block);
  return ids;
}
const char* kIn = R"({"name": "in", "type": "input", "shape": [4, 8, 8]})";
} // namespace

TEST_CASE("a chain keeps one layer per block")
{
  const auto m = from_json(std::string(kIn) + R"(,
    {"name": "a", "type": "relu"}, {"name": "b", "type": "relu"}, {"name": "c", "type": "relu"})");
  CHECK(blocks_of(m) == std::vector<int>{0, 1, 2, 3});
  CHECK(m.blocks().size() == 4);
  CHECK(m.blocks()[2].entry_layer == 1);
  CHECK(m.blocks()[2].exit_layer == 2);
  CHECK(m.blocks()[2].input_bytes == 4 * 8 * 8 * 4.0);
}

TEST_CASE("a diamond becomes one block ending at the join")
{
  //      in -> a -> b ----> d -> e
  //             \-> c --/
  const auto m = from_json(std::string(kIn) + R"(,
    {"name": "a", "type": "relu"},
    {"name": "b", "type": "relu", "inputs": ["a"]},
    {"name": "c", "type": "relu", "inputs": ["a"]},
    {"name": "d", "type": "eltwise", "inputs": ["b", "c"]},
    {"name": "e", "type": "relu"})");
  CHECK(blocks_of(m) == std::vector<int>{0, 1, 2, 2, 2, 3});
  const auto& diamond = m.blocks()[2];
  CHECK(diamond.layers == std::vector<int>{2, 3, 4});
  CHECK(diamond.entry_layer == 1);
  CHECK(diamond.exit_layer == 4);
}

TEST_CASE("a skip edge over several layers joins them into one block")
{
  // in -> a -> b -> c -> d(a, c) : b, c, d form one block; a skip from 'in' to the end
  // makes everything but the input and the output one block
  const auto m = from_json(std::string(kIn) + R"(,
    {"name": "a", "type": "relu"}, {"name": "b", "type": "relu"}, {"name": "c", "type": "relu"},
    {"name": "d", "type": "eltwise", "inputs": ["a", "c"]})");
  CHECK(blocks_of(m) == std::vector<int>{0, 1, 2, 2, 2});

  const auto skip = from_json(std::string(kIn) + R"(,
    {"name": "a", "type": "relu"}, {"name": "b", "type": "relu"},
    {"name": "d", "type": "eltwise", "inputs": ["in", "b"]}, {"name": "e", "type": "relu"})");
  CHECK(blocks_of(skip) == std::vector<int>{0, 1, 1, 1, 2});
}

TEST_CASE("layers listed out of order are sorted topologically")
{
  const auto m = from_json(R"(
    {"name": "late", "type": "relu", "inputs": ["early"]},
    {"name": "early", "type": "relu", "inputs": ["in"]},
    {"name": "in", "type": "input", "shape": [1, 2, 2]})");
  CHECK(m.layer(0).spec.name == "in");
  CHECK(m.layer(1).spec.name == "early");
  CHECK(m.layer(2).spec.name == "late");
}

TEST_CASE("ResNet-50: each residual unit is one block, the stem and head are chains")
{
  const auto m = dnn::load_model_file(std::string(CIODESIM_SOURCE_DIR) + "/models/resnet50.json");
  // input, conv1, bn, scale, relu, pool1 | 16 units (each: unit block + its relu) | pool5, fc, prob
  CHECK(m.blocks().size() == 6 + 16 * 2 + 3);
  const auto& res2a = m.blocks()[6];
  CHECK(m.layer(res2a.exit_layer).spec.name == "res2a");
  CHECK(res2a.layers.size() == 15); // 3 x (conv, bn, scale) + 2 relu + shortcut (conv, bn, scale) + eltwise
  CHECK(m.layer(m.blocks()[7].exit_layer).spec.name == "res2a_relu");
  const auto& res2b = m.blocks()[8];
  CHECK(res2b.layers.size() == 12);
  // every block has a single input tensor: its entry layer's output
  for (std::size_t b = 1; b < m.blocks().size(); ++b)
    CHECK(m.blocks()[b].entry_layer == m.blocks()[b - 1].exit_layer);
}

TEST_CASE("GoogLeNet: an inception module is one block")
{
  const auto m = dnn::load_model_file(std::string(CIODESIM_SOURCE_DIR) + "/models/googlenet.json");
  const int out = m.index_of("inception_3a/output");
  const int blk = m.layer(out).block;
  CHECK(m.blocks()[static_cast<std::size_t>(blk)].exit_layer == out);
  CHECK(m.blocks()[static_cast<std::size_t>(blk)].layers.size() == 14); // 6 conv + 6 relu + pool + concat
}

TEST_CASE("malformed models are rejected with file and layer named")
{
  auto error_of = [](const std::string& layers) {
    try {
      from_json(layers);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of(std::string(kIn) + R"(, {"name": "a", "type": "cnv"})").find("unknown layer type 'cnv'") !=
        std::string::npos);
  CHECK(error_of(std::string(kIn) + R"(, {"name": "a", "type": "relu", "inputs": ["b"]},
          {"name": "b", "type": "relu", "inputs": ["a"]})")
            .find("cycle") != std::string::npos);
  CHECK(error_of(std::string(kIn) + R"(, {"name": "in", "type": "relu"})").find("duplicate layer name") !=
        std::string::npos);
  CHECK(error_of(std::string(kIn) + R"(, {"name": "a", "type": "relu", "inputs": ["zz"]})")
            .find("unknown input layer 'zz'") != std::string::npos);
  CHECK(error_of(std::string(kIn) + R"(, {"name": "c", "type": "conv", "num_output": 4, "kernel": 0})")
            .find("kernel must be positive") != std::string::npos);
  CHECK(error_of(std::string(kIn) + R"(, {"name": "c", "type": "conv", "num_output": 4, "kernel": 9})")
            .find("does not fit") != std::string::npos);
  CHECK(error_of(std::string(kIn) + R"(, {"name": "c", "type": "conv", "num_output": 4, "kernel": 3, "colour": 1})")
            .find("unknown key 'colour'") != std::string::npos);
  CHECK(error_of(std::string(kIn) + R"(, {"name": "a", "type": "relu"}, {"name": "b", "type": "relu", "inputs": ["in"]})")
            .find("exactly one output layer") != std::string::npos);
  CHECK(error_of(std::string(kIn)).find("no error") != std::string::npos);
  CHECK(error_of(std::string(kIn) + R"(, {"name": "a", "type": "cnv"})").rfind("test.json: layers[1] (a).type: ", 0) == 0);
}
