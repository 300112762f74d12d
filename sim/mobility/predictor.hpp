#pragma once
// PerDNN's next-server prediction from what the client itself has seen of its trajectory
// (its own past positions; never the future): dead reckoning. The velocity over the last
// observation window is extrapolated `lookahead_s` ahead; the server that point would be
// associated with is the prediction when it differs from the current one. Pure C++.
#include "sim/mobility/geometry.hpp"

#include <vector>

namespace ciodesim::mobility {

struct Observed {
  double time_s = 0;
  Point position;
};

// Where a requester seen at `then` and `now` will be `lookahead_s` after `now`, at constant
// velocity (standing still when then.time_s >= now.time_s).
Point extrapolate(const Observed& then, const Observed& now, double lookahead_s);

// The server expected next: associate() of the extrapolated point if it is not `current`,
// else -1 (no handoff expected within the look-ahead).
int predict_next_server(const std::vector<ServerSite>& servers, int current, const Observed& then, const Observed& now,
                        double lookahead_s);

} // namespace ciodesim::mobility
