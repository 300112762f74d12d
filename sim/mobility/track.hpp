#pragma once
// Where a requester is over time: a piecewise-linear track through timed way points, from a
// trace file or drawn by the random waypoint model. Pure C++.
#include "sim/core/rng.hpp"
#include "sim/mobility/geometry.hpp"

#include <map>
#include <string>
#include <vector>

namespace ciodesim::mobility {

struct Sample {
  double time_s = 0;
  Point position;
};

// Straight lines between samples (sorted by time); before the first sample the requester
// stands at the first one, after the last at the last one.
class Track {
public:
  Track() = default;
  explicit Track(std::vector<Sample> samples);
  Point at(double time_s) const;
  const std::vector<Sample>& samples() const { return samples_; }
  void append(Sample s) { samples_.push_back(s); } // time_s >= the last sample's
  bool empty() const { return samples_.empty(); }
  double end_s() const { return samples_.empty() ? 0.0 : samples_.back().time_s; }

private:
  std::vector<Sample> samples_;
};

// Random waypoint (Johnson & Maltz): from a uniform start in the area, walk straight to a
// uniform destination at a speed uniform in [speed_min, speed_max], pause for a time uniform
// in [pause_min, pause_max], repeat. Draws come from one seeded stream, leg by leg, so the
// track up to any time is the same whatever time is asked for first.
struct WaypointParams {
  double width_m = 100, height_m = 100;
  double speed_min_mps = 1, speed_max_mps = 1;
  double pause_min_s = 0, pause_max_s = 0;
};

class RandomWaypoint {
public:
  RandomWaypoint(const WaypointParams& params, std::uint64_t seed);
  Point at(double time_s); // extends the track as needed
  const Track& track() const { return track_; }

private:
  void extend_past(double time_s);
  WaypointParams params_;
  Rng rng_;
  Track track_;
};

// A trace file: CSV with header time_s,requester,x_m,y_m; `requester` is the index of the
// [[requester]] in the config (0-based). Rows of one requester in increasing time. Returns
// the tracks by requester index; InputError naming the file, line and field otherwise.
std::map<int, Track> load_trace(const std::string& path, int requesters);
std::map<int, Track> parse_trace(const std::string& text, const std::string& origin, int requesters);

} // namespace ciodesim::mobility
