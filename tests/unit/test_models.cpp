// Shipped models: totals against published figures; shape inference details.
#include "sim/dnn/model_json.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace ciodesim;

namespace {
dnn::Model shipped(const std::string& name)
{
  return dnn::load_model_file(std::string(CIODESIM_SOURCE_DIR) + "/models/" + name + ".json");
}
// |value / reference - 1| <= 1%
void check_within_1pct(double value, double reference)
{
  CHECK(value == doctest::Approx(reference).epsilon(0.01));
}
} // namespace

TEST_CASE("AlexNet totals (Caffe bvlc_alexnet: 60,965,224 params, 0.72 GMAC per Krizhevsky et al./ptflops)")
{
  const auto m = shipped("alexnet");
  check_within_1pct(m.total_params() / 1e6, 60.97);
  check_within_1pct(m.total_macs() / 1e9, 0.72);
  CHECK(m.total_params() == 60965224.0); // exact Caffe blob count
  CHECK(m.input_bytes() == 3 * 227 * 227 * 4.0);
  // a chain: one layer per block
  CHECK(m.blocks().size() == m.size());
}

TEST_CASE("VGG-16 totals (Simonyan & Zisserman: 138.36 M params, 15.5 GMAC per torchvision model card)")
{
  const auto m = shipped("vgg16");
  check_within_1pct(m.total_params() / 1e6, 138.36);
  check_within_1pct(m.total_macs() / 1e9, 15.5);
  CHECK(m.total_params() == 138357544.0);
}

TEST_CASE("ResNet-50 totals (torchvision model card: 25.56 M params, 4.09 GMAC)")
{
  const auto m = shipped("resnet50");
  check_within_1pct(m.total_params() / 1e6, 25.56);
  check_within_1pct(m.total_macs() / 1e9, 4.1);
  CHECK(m.total_params() == 25557032.0); // learnable, as torchvision counts them
}

TEST_CASE("ResNet-18 totals (torchvision model card: 11.69 M params, 1.81 GMAC)")
{
  const auto m = shipped("resnet18");
  check_within_1pct(m.total_params() / 1e6, 11.69);
  check_within_1pct(m.total_macs() / 1e9, 1.8);
}

TEST_CASE("GoogLeNet totals (Szegedy et al. / bvlc_googlenet: ~6.8-7.0 M params, ~1.5-1.6 GMAC)")
{
  const auto m = shipped("googlenet");
  CHECK(m.total_params() / 1e6 >= 6.8 * 0.99);
  CHECK(m.total_params() / 1e6 <= 7.0 * 1.01);
  CHECK(m.total_macs() / 1e9 >= 1.5 * 0.99);
  CHECK(m.total_macs() / 1e9 <= 1.6 * 1.01);
}

TEST_CASE("MobileNet v1 totals (Howard et al., Table 8: 4.2 M params, 569 M mult-adds)")
{
  const auto m = shipped("mobilenet_v1");
  check_within_1pct(m.total_params() / 1e6, 4.2);
  check_within_1pct(m.total_macs() / 1e9, 0.569);
}

TEST_CASE("shape inference follows Caffe's conv and pooling formulas")
{
  const auto m = shipped("alexnet");
  auto shape   = [&](const char* name) { return m.layer(m.index_of(name)).info.output; };
  CHECK(shape("conv1") == dnn::Shape{96, 55, 55});
  CHECK(shape("pool1") == dnn::Shape{96, 27, 27});
  CHECK(shape("pool5") == dnn::Shape{256, 6, 6});
  CHECK(shape("fc6") == dnn::Shape{4096, 1, 1});
  // grouped conv2: (96/2)*5*5*256 weights + 256 biases
  CHECK(m.layer(m.index_of("conv2")).info.param_count == 48.0 * 25 * 256 + 256);
  // GoogLeNet pools round up (Caffe ceil mode): 112 -> 56
  const auto g = shipped("googlenet");
  CHECK(g.layer(g.index_of("pool1/3x3_s2")).info.output == dnn::Shape{64, 56, 56});
  CHECK(g.layer(g.index_of("inception_3a/output")).info.output == dnn::Shape{256, 28, 28});
  CHECK(g.layer(g.index_of("inception_5b/output")).info.output == dnn::Shape{1024, 7, 7});
}

TEST_CASE("batchnorm statistics are uploaded but are not learnable parameters")
{
  const auto m = shipped("resnet50");
  const auto& bn = m.layer(m.index_of("bn_conv1")).info;
  CHECK(bn.param_count == 0);
  CHECK(bn.stat_count == 128);
  CHECK(bn.param_bytes == 128 * 4.0);
  CHECK(m.total_param_bytes() > m.total_params() * 4.0);
}
