#pragma once
// This machine's roofline: the sustained FP32 flop/s and DRAM bandwidth that calibration
// divides measured layer times by (the device model's efficiencies are fractions of these,
// just as D1-D3's are fractions of their published peaks). Measured, not looked up: the
// development machine is a VM whose CPU model string names no part.
namespace ciodesim::profile {

struct Roofline {
  double peak_flops = 0;           // FP32 flop/s over all threads: independent FMA chains
  double memory_bandwidth_Bps = 0; // STREAM triad over arrays far larger than the caches
  int threads = 1;
};

Roofline measure_roofline(int threads);

} // namespace ciodesim::profile
