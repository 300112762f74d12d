#pragma once
// The invalid lock (paper eq. 11) and the replacement rule (paper eq. 10), as pure functions.
#include <limits>
#include <vector>

namespace ciodesim::coord {

struct InvalidLockPolicy {
  double factor = 2.0; // the paper's "twice the predicted time"
  // Latest time the holder may occupy the processor before the node force-ends it.
  double deadline_s(double started_s, double predicted_s) const { return started_s + factor * predicted_s; }
  bool expired(double now_s, double started_s, double predicted_s) const
  {
    return now_s > deadline_s(started_s, predicted_s);
  }
  // What the node returns to the requester: the doubled prediction, its new estimate.
  double reported_s(double predicted_s) const { return factor * predicted_s; }
};

// Cost of doing a remote segment on one candidate, as eq. 10 compares it.
struct Candidate {
  int processor     = -1;
  double wait_s     = 0; // W announced by the candidate's lock (0 for the requester itself)
  double upload_s   = 0; // blocks still to upload there
  double exec_s     = 0; // predicted execution there
  double transfer_s = 0; // tensors in and out (0 on the requester)
  double total() const { return wait_s + upload_s + exec_s + transfer_s; }
};

// Index of the candidate to replace the current target with, or -1 to stay: replace when
// another candidate's W + T_up + T_exec (+ transfers) is lower than the current target's
// remaining wait + its exec and transfers, by more than `margin_s` (hysteresis, so that
// equal estimates do not make a requester switch back and forth).
int choose_replacement(const Candidate& current, const std::vector<Candidate>& others, double margin_s = 0.0);

} // namespace ciodesim::coord
