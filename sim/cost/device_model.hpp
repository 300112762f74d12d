#pragma once
// The documented device model that derives per-layer ground-truth times when no measured
// trace exists (the paper publishes none, and this machine has none of its hardware):
//   time = max(flops / (peak x compute_eff[type]), bytes_moved / (mem_bw x memory_eff[type]))
//          + per-layer overhead (framework dispatch; kernel launch on GPUs)
//   std  = relative_std x time
// bytes_moved = input + output + parameter bytes. The efficiencies are fractions of the
// processor's peak, so one set serves every processor of a kind: the CPU set is calibrated
// against a measured profile (`ciodesim traces calibrate`), the GPU set stays documented
// Caffe/cuDNN-era constants. Sources in traces/README.md; `ciodesim traces generate` writes
// traces/*.csv from it.
#include "sim/dnn/layer.hpp"

#include <map>
#include <string>

namespace ciodesim::cost {

struct ProcessorSpec {
  std::string profile;        // trace processor name, e.g. "gtx1070"
  bool gpu = false;
  double peak_flops = 0;      // FP32 flop/s
  double memory_bandwidth_Bps = 0;
};

// Fractions of peak flop/s and of peak memory bandwidth a layer type reaches.
struct TypeEfficiency {
  double compute = 0;
  double memory  = 0;
};

// The model of one processor kind (CPU or GPU).
struct KindModel {
  std::map<dnn::LayerType, TypeEfficiency> per_type; // types absent here use `other`
  TypeEfficiency other;
  double overhead_s   = 0; // per executed layer
  double relative_std = 0;
  std::string origin;      // where the constants come from (written into generated traces)

  const TypeEfficiency& efficiency(dnn::LayerType type) const;
};

struct DeviceModel {
  KindModel cpu, gpu;
  // The documented Caffe-era constants (batch 1: Caffe + BLAS on CPUs, cuDNN on GPUs).
  static DeviceModel caffe_era();
};

struct DerivedTime {
  double mean_s = 0;
  double std_s  = 0;
};

// True for layers the model charges nothing: the input is already in memory; dropout and
// flatten are identities at inference (Caffe runs them in place).
bool is_free_layer(dnn::LayerType type);

DerivedTime derive_layer_time(const dnn::Layer& layer, const ProcessorSpec& proc, const KindModel& kind);
DerivedTime derive_layer_time(const dnn::Layer& layer, const ProcessorSpec& proc, const DeviceModel& model);

} // namespace ciodesim::cost
