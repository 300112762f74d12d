#include "sim/cost/device_model.hpp"

#include <algorithm>

namespace ciodesim::cost {
namespace {

// Fraction of peak FP32 throughput a Caffe-era framework reaches per layer type (batch 1).
// CPU: Caffe + OpenBLAS at batch 1 uses GEMM shapes far from peak (im2col, small N).
// GPU: cuDNN convolutions at batch 1 reach roughly a third of peak.
struct Efficiency {
  double cpu_compute, gpu_compute;
};
Efficiency compute_efficiency(dnn::LayerType type)
{
  using T = dnn::LayerType;
  switch (type) {
    case T::Conv: return {0.05, 0.35};
    case T::DwConv: return {0.01, 0.05};  // little reuse: nearly memory bound
    case T::Fc: return {0.05, 0.30};      // batch 1 GEMV: memory bound in practice
    default: return {0.05, 0.30};         // element-wise layers: memory bound in practice
  }
}

constexpr double kCpuMemoryEfficiency = 0.50; // STREAM-like fraction of peak DRAM bandwidth
constexpr double kGpuMemoryEfficiency = 0.70;
constexpr double kCpuLayerOverhead_s  = 20e-6; // framework dispatch per layer
constexpr double kGpuLayerOverhead_s  = 30e-6; // dispatch + kernel launch(es)
constexpr double kCpuRelativeStd      = 0.03;
constexpr double kGpuRelativeStd      = 0.05; // clock boost and launch jitter

bool is_free(dnn::LayerType type)
{
  // The input is already in memory; dropout and flatten are identities at inference
  // (Caffe runs them in place and the cost is below measurement noise).
  return type == dnn::LayerType::Input || type == dnn::LayerType::Dropout || type == dnn::LayerType::Flatten;
}

} // namespace

DerivedTime derive_layer_time(const dnn::Layer& layer, const ProcessorSpec& proc)
{
  if (is_free(layer.spec.type))
    return {};
  const Efficiency eff      = compute_efficiency(layer.spec.type);
  const double compute_eff  = proc.gpu ? eff.gpu_compute : eff.cpu_compute;
  const double memory_eff   = proc.gpu ? kGpuMemoryEfficiency : kCpuMemoryEfficiency;
  const double bytes_moved  = layer.info.input_bytes + layer.info.output_bytes + layer.info.param_bytes;
  const double compute_s    = layer.info.flops / (proc.peak_flops * compute_eff);
  const double memory_s     = bytes_moved / (proc.memory_bandwidth_Bps * memory_eff);
  const double overhead_s   = proc.gpu ? kGpuLayerOverhead_s : kCpuLayerOverhead_s;
  DerivedTime t;
  t.mean_s = std::max(compute_s, memory_s) + overhead_s;
  t.std_s  = t.mean_s * (proc.gpu ? kGpuRelativeStd : kCpuRelativeStd);
  return t;
}

} // namespace ciodesim::cost
