#pragma once
// M-BEB, modified binary exponential backoff (the CIODE paper's ref. [42]), as the
// coordination of requesters that have no waiting lock: a request that finds the processor
// busy is a conflict; the requester waits a random time within its window and proposes
// again. The window changes linearly: W <- min(W + delta, W_max) after a conflict,
// W <- max(W - delta, W_min) after a success. (The paper's sentence has increase and
// decrease the other way round; growing after conflicts is the scheme's purpose.)
#include <algorithm>
#include <string>

namespace ciodesim::coord {

struct MbebParams {
  double initial_window_s = 0.01;
  double delta_s          = 0.01;
  double min_window_s     = 0.0;
  double max_window_s     = 0.2;
  int max_attempts        = 50; // conflicts in one query before the rest runs locally
};

class MbebBackoff {
public:
  explicit MbebBackoff(const MbebParams& params = {}) : params_(params), window_s_(params.initial_window_s) {}

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

// How a policy's requesters share processors.
enum class Coordination {
  WaitingLock, // CIODE: queue with announced W, replacement (eq. 10), invalid lock (eq. 11)
  Fifo,        // offloading baselines: queue, nothing else
  Backoff,     // M-BEB: no queue; back off and propose again
};

inline Coordination coordination_of(const std::string& policy)
{
  if (policy == "ciode")
    return Coordination::WaitingLock;
  if (policy == "mbeb")
    return Coordination::Backoff;
  return Coordination::Fifo;
}

} // namespace ciodesim::coord
