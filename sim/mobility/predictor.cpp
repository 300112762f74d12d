#include "sim/mobility/predictor.hpp"

namespace ciodesim::mobility {

Point extrapolate(const Observed& then, const Observed& now, double lookahead_s)
{
  const double dt = now.time_s - then.time_s;
  if (!(dt > 0))
    return now.position;
  const double vx = (now.position.x_m - then.position.x_m) / dt;
  const double vy = (now.position.y_m - then.position.y_m) / dt;
  return {now.position.x_m + vx * lookahead_s, now.position.y_m + vy * lookahead_s};
}

int predict_next_server(const std::vector<ServerSite>& servers, int current, const Observed& then, const Observed& now,
                        double lookahead_s)
{
  const int next = associate(servers, extrapolate(then, now, lookahead_s));
  return next == current ? -1 : next;
}

} // namespace ciodesim::mobility
