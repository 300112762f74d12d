#pragma once
// Ground-truth draws of a layer's execution time. Used only by the runtime's processor
// workers; planners never see these values.
#include "sim/core/rng.hpp"
#include "sim/cost/trace.hpp"

#include <vector>

namespace ciodesim::cost {

struct SamplerOptions {
  double std_scale   = 1.0; // multiplies the trace std (exec jitter knob; 0 = always the mean)
  double min_fraction = 0.2; // a draw never falls below this fraction of the mean
};

// One draw: a measured sample picked uniformly when the row has samples, otherwise
// normal(mean, std x std_scale), truncated below at min_fraction x mean.
double sample_exec_time(const TraceEntry& entry, Rng& rng, const SamplerOptions& options = {});

// Consecutive layers run one after the other, and a sum of independent normal draws is one
// normal draw with the summed means and variances: a run of layers is drawn at once (one
// random draw per executed segment instead of one per layer), unless a layer has measured
// samples, whose bootstrap draws are then taken layer by layer.
class LayerRun {
public:
  void add(const TraceEntry& entry);
  double mean_s() const { return mean_s_; }
  double variance_s2() const { return variance_s2_; }
  bool has_samples() const { return has_samples_; }
  const std::vector<const TraceEntry*>& layers() const { return layers_; }

private:
  double mean_s_ = 0, variance_s2_ = 0;
  bool has_samples_ = false;
  std::vector<const TraceEntry*> layers_;
};

// One draw of the total time of runs[0..count): normal(sum of means, sqrt(sum of variances)
// x std_scale) truncated below at min_fraction x the summed mean, or the sum of per-layer
// draws when a layer has samples.
double sample_runs(const LayerRun* runs, std::size_t count, Rng& rng, const SamplerOptions& options = {});

} // namespace ciodesim::cost
