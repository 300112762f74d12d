#pragma once
// The documented device model that derives per-layer ground-truth times when no measured
// trace exists (the paper publishes none, and this machine has none of its hardware):
//   time = max(flops / (peak x compute_eff[type]), bytes_moved / (mem_bw x memory_eff))
//          + per-layer overhead (framework dispatch; kernel launch on GPUs)
//   std  = relative_std x time
// bytes_moved = input + output + parameter bytes. Every constant and its source is in
// traces/README.md; `ciodesim traces generate` writes traces/*.csv from it.
#include "sim/dnn/layer.hpp"

#include <string>

namespace ciodesim::cost {

struct ProcessorSpec {
  std::string profile;        // trace processor name, e.g. "gtx1070"
  bool gpu = false;
  double peak_flops = 0;      // FP32 flop/s
  double memory_bandwidth_Bps = 0;
};

struct DerivedTime {
  double mean_s = 0;
  double std_s  = 0;
};

DerivedTime derive_layer_time(const dnn::Layer& layer, const ProcessorSpec& proc);

} // namespace ciodesim::cost
