#include "sim/mobility/geometry.hpp"

#include <algorithm>
#include <cmath>

namespace ciodesim::mobility {

double distance_m(Point a, Point b)
{
  return std::hypot(a.x_m - b.x_m, a.y_m - b.y_m);
}

std::vector<int> servers_in_range(const std::vector<ServerSite>& servers, Point where)
{
  std::vector<std::pair<double, int>> hits;
  for (std::size_t s = 0; s < servers.size(); ++s) {
    const double d = distance_m(servers[s].position, where);
    if (d <= servers[s].radius_m)
      hits.emplace_back(d, static_cast<int>(s));
  }
  std::sort(hits.begin(), hits.end()); // distance, then index: deterministic ties
  std::vector<int> out;
  for (const auto& h : hits)
    out.push_back(h.second);
  return out;
}

int associate(const std::vector<ServerSite>& servers, Point where)
{
  const auto in_range = servers_in_range(servers, where);
  return in_range.empty() ? -1 : in_range.front();
}

double access_rate_Bps(const std::vector<double>& rates_Bps, double radius_m, double distance)
{
  if (rates_Bps.empty() || !(distance <= radius_m))
    return 0.0;
  const auto levels = static_cast<double>(rates_Bps.size());
  // level = ceil(d / (radius / n)) - 1, with d = 0 in the first level
  const double ring = radius_m / levels;
  auto level        = distance <= 0 ? 0 : static_cast<std::size_t>(std::ceil(distance / ring)) - 1;
  level             = std::min(level, rates_Bps.size() - 1);
  return rates_Bps[level];
}

} // namespace ciodesim::mobility
