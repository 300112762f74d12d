#pragma once
// Ground-truth draws of a layer's execution time. Used only by the runtime's processor
// workers; planners never see these values.
#include "sim/core/rng.hpp"
#include "sim/cost/trace.hpp"

namespace ciodesim::cost {

struct SamplerOptions {
  double std_scale   = 1.0; // multiplies the trace std (exec jitter knob; 0 = always the mean)
  double min_fraction = 0.2; // a draw never falls below this fraction of the mean
};

// One draw: a measured sample picked uniformly when the row has samples, otherwise
// normal(mean, std x std_scale), truncated below at min_fraction x mean.
double sample_exec_time(const TraceEntry& entry, Rng& rng, const SamplerOptions& options = {});

} // namespace ciodesim::cost
