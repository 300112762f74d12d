#include "sim/dnn/layer.hpp"

#include <utility>

namespace ciodesim::dnn {
namespace {
constexpr std::pair<const char*, LayerType> kTypeNames[] = {
    {"input", LayerType::Input},     {"conv", LayerType::Conv},       {"dwconv", LayerType::DwConv},
    {"fc", LayerType::Fc},           {"pool", LayerType::Pool},       {"relu", LayerType::Relu},
    {"lrn", LayerType::Lrn},         {"batchnorm", LayerType::BatchNorm}, {"scale", LayerType::Scale},
    {"concat", LayerType::Concat},   {"eltwise", LayerType::Eltwise}, {"dropout", LayerType::Dropout},
    {"softmax", LayerType::Softmax}, {"flatten", LayerType::Flatten},
};
} // namespace

bool parse_layer_type(const std::string& name, LayerType& out)
{
  for (const auto& [text, type] : kTypeNames)
    if (name == text) {
      out = type;
      return true;
    }
  return false;
}

const char* layer_type_name(LayerType type)
{
  for (const auto& [text, t] : kTypeNames)
    if (t == type)
      return text;
  return "?";
}

std::string layer_type_names()
{
  std::string all;
  for (const auto& [text, type] : kTypeNames) {
    (void)type;
    if (!all.empty())
      all += ", ";
    all += text;
  }
  return all;
}

} // namespace ciodesim::dnn
