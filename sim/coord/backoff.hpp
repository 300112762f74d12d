#pragma once
// M-BEB, modified binary exponential backoff (the CIODE paper's ref. [42]), as the
// coordination of requesters that have no waiting lock: a request that finds the processor
// busy is a conflict; the requester waits a random time within its window and proposes
// again. The window changes linearly: W <- min(W + delta, W_max) after a conflict,
// W <- max(W - delta, W_min) after a success. (The paper's sentence has increase and
// decrease the other way round; growing after conflicts is the scheme's purpose.)
#include <algorithm>

namespace ciodesim::coord {

struct MbebParams { // defaults and ranges: sim/policy/mbeb.cpp
  double initial_window_s;
  double delta_s;
  double min_window_s;
  double max_window_s;
  int max_attempts; // conflicts in one query before the rest runs locally
};

class MbebBackoff {
public:
  explicit MbebBackoff(const MbebParams& params) : params_(params), window_s_(params.initial_window_s) {}

  // After a conflict: the wait before proposing again (u01 uniform in [0, 1)), then the
  // window grows.
  double on_conflict(double u01)
  {
    const double wait = u01 * window_s_;
    window_s_         = std::min(window_s_ + params_.delta_s, params_.max_window_s);
    return wait;
  }
  void on_success() { window_s_ = std::max(window_s_ - params_.delta_s, params_.min_window_s); }
  double window_s() const { return window_s_; }
  const MbebParams& params() const { return params_; }

private:
  MbebParams params_;
  double window_s_;
};

} // namespace ciodesim::coord
