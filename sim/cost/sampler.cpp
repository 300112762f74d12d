#include "sim/cost/sampler.hpp"

#include <algorithm>

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

} // namespace ciodesim::cost
