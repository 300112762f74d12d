#include "sim/cost/sampler.hpp"

#include <algorithm>
#include <cmath>

namespace ciodesim::cost {

double sample_exec_time(const TraceEntry& entry, Rng& rng, const SamplerOptions& options)
{
  if (!entry.samples_s.empty() && options.std_scale > 0) {
    const auto index = static_cast<std::size_t>(rng.uniform01() * static_cast<double>(entry.samples_s.size()));
    return entry.samples_s[std::min(index, entry.samples_s.size() - 1)];
  }
  if (options.std_scale <= 0 || entry.std_s <= 0)
    return entry.mean_s;
  const double draw = rng.normal(entry.mean_s, entry.std_s * options.std_scale);
  return std::max(draw, options.min_fraction * entry.mean_s);
}

void LayerRun::add(const TraceEntry& entry)
{
  mean_s_ += entry.mean_s;
  variance_s2_ += entry.std_s * entry.std_s;
  has_samples_ = has_samples_ || !entry.samples_s.empty();
  layers_.push_back(&entry);
}

double sample_runs(const LayerRun* runs, std::size_t count, Rng& rng, const SamplerOptions& options)
{
  double mean_s = 0, variance_s2 = 0;
  bool per_layer = false;
  for (std::size_t i = 0; i < count; ++i) {
    mean_s += runs[i].mean_s();
    variance_s2 += runs[i].variance_s2();
    per_layer = per_layer || runs[i].has_samples();
  }
  if (options.std_scale <= 0)
    return mean_s;
  if (per_layer) {
    double t = 0;
    for (std::size_t i = 0; i < count; ++i)
      for (const TraceEntry* e : runs[i].layers())
        t += sample_exec_time(*e, rng, options);
    return t;
  }
  if (variance_s2 <= 0)
    return mean_s;
  const double draw = rng.normal(mean_s, std::sqrt(variance_s2) * options.std_scale);
  return std::max(draw, options.min_fraction * mean_s);
}

} // namespace ciodesim::cost
