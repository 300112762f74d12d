#include "sim/cost/device_model.hpp"

#include <algorithm>

namespace ciodesim::cost {

const TypeEfficiency& KindModel::efficiency(dnn::LayerType type) const
{
  const auto it = per_type.find(type);
  return it == per_type.end() ? other : it->second;
}

DeviceModel DeviceModel::caffe_era()
{
  using T = dnn::LayerType;
  DeviceModel m;
  // CPU: Caffe + OpenBLAS at batch 1 uses GEMM shapes far from peak (im2col, small N);
  // depthwise convolutions have little reuse; 50 % of peak DRAM bandwidth is STREAM-like.
  m.cpu.other        = {0.05, 0.50};
  m.cpu.per_type     = {{T::DwConv, {0.01, 0.50}}};
  m.cpu.overhead_s   = 20e-6; // framework dispatch per layer
  m.cpu.relative_std = 0.03;
  m.cpu.origin       = "Caffe-era constants (sim/cost/device_model.cpp)";
  // GPU: cuDNN convolutions at batch 1 reach roughly a third of peak; GEMV and element-wise
  // layers end up memory bound.
  m.gpu.other        = {0.30, 0.70};
  m.gpu.per_type     = {{T::Conv, {0.35, 0.70}}, {T::DwConv, {0.05, 0.70}}};
  m.gpu.overhead_s   = 30e-6; // dispatch + kernel launch(es)
  m.gpu.relative_std = 0.05;  // clock boost and launch jitter
  m.gpu.origin       = "Caffe/cuDNN-era constants (sim/cost/device_model.cpp)";
  return m;
}

bool is_free_layer(dnn::LayerType type)
{
  return type == dnn::LayerType::Input || type == dnn::LayerType::Dropout || type == dnn::LayerType::Flatten;
}

DerivedTime derive_layer_time(const dnn::Layer& layer, const ProcessorSpec& proc, const KindModel& kind)
{
  if (is_free_layer(layer.spec.type))
    return {};
  const TypeEfficiency& eff = kind.efficiency(layer.spec.type);
  const double bytes_moved  = layer.info.input_bytes + layer.info.output_bytes + layer.info.param_bytes;
  const double compute_s    = layer.info.flops / (proc.peak_flops * eff.compute);
  const double memory_s     = bytes_moved / (proc.memory_bandwidth_Bps * eff.memory);
  DerivedTime t;
  t.mean_s = std::max(compute_s, memory_s) + kind.overhead_s;
  t.std_s  = t.mean_s * kind.relative_std;
  return t;
}

DerivedTime derive_layer_time(const dnn::Layer& layer, const ProcessorSpec& proc, const DeviceModel& model)
{
  return derive_layer_time(layer, proc, proc.gpu ? model.gpu : model.cpu);
}

} // namespace ciodesim::cost
