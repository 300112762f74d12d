#pragma once
// The waiting lock of one processor (paper Section 4.2/4.3): one query runs at a time, the
// others queue FIFO, and every request is answered with the estimated waiting time
//   W = remaining predicted time of the holder + sum of predicted (upload + exec) of the queue.
// A client (a requester, or the node's own local load) holds at most one entry per lock.
// Pure state machine: time is passed in, nothing blocks. Invariants (checked, throw
// std::logic_error): FIFO grants, W >= 0, at most one holder.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

namespace ciodesim::coord {

using ClientId = int;

struct LockEntry {
  ClientId client      = -1;
  std::uint64_t query  = 0;
  double predicted_s   = 0; // upload + exec the client expects to need the processor for
  double enqueued_at_s = 0;
  double granted_at_s  = -1;
};

struct LockAnswer {
  bool granted       = false; // the client holds the lock now
  double wait_s      = 0;     // W announced (0 when granted)
  std::size_t ahead  = 0;     // entries ahead in the queue (holder included)
};

class WaitingLock {
public:
  // Enqueues a request; grants at once if the lock is free.
  LockAnswer request(ClientId client, std::uint64_t query, double predicted_s, double now_s);
  // W that a new request would be told now (no side effect).
  double estimated_wait_s(double now_s) const;
  // W for an entry already queued: what is ahead of it.
  double wait_ahead_s(ClientId client, double now_s) const;
  // The holder finishes (normally or forced by the invalid lock). Returns the next holder,
  // granted at now_s, if any.
  std::optional<LockEntry> release(ClientId client, double now_s);
  // A queued (not holding) client leaves the queue (replacement).
  void withdraw(ClientId client);

  const std::optional<LockEntry>& holder() const { return holder_; }
  std::size_t queue_length() const { return queue_.size(); }
  const std::deque<LockEntry>& queue() const { return queue_; } // in grant order
  bool holds(ClientId client) const { return holder_ && holder_->client == client; }
  bool queued(ClientId client) const;

private:
  std::optional<LockEntry> holder_;
  std::deque<LockEntry> queue_;
  std::uint64_t grants_ = 0;
};

} // namespace ciodesim::coord
