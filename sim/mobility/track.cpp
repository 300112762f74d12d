#include "sim/mobility/track.hpp"

#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace ciodesim::mobility {

Track::Track(std::vector<Sample> samples) : samples_(std::move(samples)) {}

Point Track::at(double time_s) const
{
  if (samples_.empty())
    return {};
  if (time_s <= samples_.front().time_s)
    return samples_.front().position;
  if (time_s >= samples_.back().time_s)
    return samples_.back().position;
  // the first sample after time_s
  const auto after = std::upper_bound(samples_.begin(), samples_.end(), time_s,
                                      [](double t, const Sample& s) { return t < s.time_s; });
  const Sample& b = *after;
  const Sample& a = *(after - 1);
  const double span = b.time_s - a.time_s;
  const double f    = span > 0 ? (time_s - a.time_s) / span : 1.0;
  return {a.position.x_m + f * (b.position.x_m - a.position.x_m), a.position.y_m + f * (b.position.y_m - a.position.y_m)};
}

RandomWaypoint::RandomWaypoint(const WaypointParams& params, std::uint64_t seed) : params_(params), rng_(seed)
{
  track_.append({0.0, {rng_.uniform(0, params_.width_m), rng_.uniform(0, params_.height_m)}});
}

void RandomWaypoint::extend_past(double time_s)
{
  while (track_.end_s() <= time_s) {
    const Sample from = track_.samples().back();
    const Point to{rng_.uniform(0, params_.width_m), rng_.uniform(0, params_.height_m)};
    const double speed = rng_.uniform(params_.speed_min_mps, params_.speed_max_mps);
    const double pause = rng_.uniform(params_.pause_min_s, params_.pause_max_s);
    // a zero-length leg (or no speed and no pause) still advances time, so the loop ends
    const double walk = speed > 0 ? distance_m(from.position, to) / speed : 0.0;
    const double arrive = from.time_s + std::max(walk, 1e-9);
    track_.append({arrive, to});
    if (pause > 0)
      track_.append({arrive + pause, to});
  }
}

Point RandomWaypoint::at(double time_s)
{
  extend_past(time_s);
  return track_.at(time_s);
}

std::map<int, Track> parse_trace(const std::string& text, const std::string& origin, int requesters)
{
  std::vector<int> line_of;
  const auto rows = parse_csv(text, origin, &line_of);
  const std::vector<std::string> header{"time_s", "requester", "x_m", "y_m"};
  if (rows.empty() || rows.front() != header)
    throw InputError(origin, "line 1", "expected the header time_s,requester,x_m,y_m");
  std::map<int, std::vector<Sample>> by_requester;
  auto number = [&](const std::string& cell, std::size_t r, const char* field) {
    char* end      = nullptr;
    const double v = std::strtod(cell.c_str(), &end);
    if (cell.empty() || end != cell.c_str() + cell.size() || !std::isfinite(v) || std::fabs(v) > 1e9)
      throw InputError(origin, fmt::format("line {}: {}", line_of[r], field), fmt::format("not a number: '{}'", escape_control(cell)),
                       "a finite number, |value| <= 1e9");
    return v;
  };
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() == 1 && row[0].empty())
      continue; // a blank line
    if (row.size() != 4)
      throw InputError(origin, fmt::format("line {}", line_of[r]), fmt::format("{} fields", row.size()),
                       "4: time_s,requester,x_m,y_m");
    const double t = number(row[0], r, "time_s");
    const double q = number(row[1], r, "requester");
    if (t < 0)
      throw InputError(origin, fmt::format("line {}: time_s", line_of[r]), "negative time", ">= 0");
    if (q != std::floor(q) || q < 0 || q >= requesters)
      throw InputError(origin, fmt::format("line {}: requester", line_of[r]), fmt::format("no requester {}", row[1]),
                       fmt::format("0 .. {} (the [[requester]] index)", requesters - 1));
    auto& samples = by_requester[static_cast<int>(q)];
    if (!samples.empty() && t < samples.back().time_s)
      throw InputError(origin, fmt::format("line {}: time_s", line_of[r]), "earlier than this requester's previous row",
                       "rows of one requester in increasing time");
    samples.push_back({t, {number(row[2], r, "x_m"), number(row[3], r, "y_m")}});
  }
  std::map<int, Track> out;
  for (auto& [q, samples] : by_requester)
    out.emplace(q, Track(std::move(samples)));
  return out;
}

std::map<int, Track> load_trace(const std::string& path, int requesters)
{
  return parse_trace(read_text_file(path), path, requesters);
}

} // namespace ciodesim::mobility
