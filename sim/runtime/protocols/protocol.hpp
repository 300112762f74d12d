#pragma once
// Coordination protocols: how a requester gets a node processor that other clients also
// want. One interface, one file per protocol; the requester picks the one its policy's
// registry entry names (policy::Protocol) and never asks which it is. Internal to runtime/.
#include "sim/policy/policy.hpp"
#include "sim/runtime/world.hpp"

#include <cstdint>
#include <functional>
#include <memory>

namespace ciodesim::runtime {

// How a segment of a plan ended.
enum class SegmentOutcome {
  Done,     // executed; the query goes on with the next segment
  Replan,   // given up (replacement, invalid lock, a bounced request): plan the rest again
  NodeLost, // the node or a link failed: its tensor is gone, restart from the last one held
};

// A remote segment whose lock request was refused: what a protocol may use while it waits.
struct PendingSegment {
  World& world;
  int processor;                // world index of the node processor
  coord::ClientId client;
  const std::string& requester; // client name, for lock records
  long long query_id;
  double predicted_s;           // predicted execution of the segment
  double one_way_s;             // control-message latency to the node
  double wait_started_s;        // when the request reached the node
  QueryRecord& record;
  // Eq. 10 with this hysteresis: the plan index to switch to, or -1 to keep waiting.
  std::function<int(double margin_s)> replacement;
  // Called after the protocol withdrew for `replacement`: uploads what the new target lacks.
  std::function<void(int plan_index)> switch_to;
};

class CoordinationProtocol {
public:
  explicit CoordinationProtocol(const policy::ParamValues& params) : max_replans_(params.integer("ciode.max_replans")) {}
  virtual ~CoordinationProtocol() = default;

  virtual void start_query() {}
  // The lock refused the grant and the request is queued (or bounced): wait. Done once the
  // lock is held; Replan when the segment is given up. Adds the wait to record.wait_s.
  virtual SegmentOutcome wait_for_grant(PendingSegment& segment) = 0;
  // The lock is held and the grant reached the requester.
  virtual void on_granted() {}
  // Latest time after its start a granted execution may run before the node force-ends it
  // (< 0: never), and the factor the prediction is multiplied by when it does.
  virtual double execution_limit_s(double predicted_s) const
  {
    (void)predicted_s;
    return -1.0;
  }
  virtual double invalid_lock_factor() const { return 1.0; }
  // Whether the segment's input travels with the lock request (no reservation: it waits in
  // the node's queue) instead of after the grant.
  virtual bool data_with_request() const { return false; }
  // Whether the rest of the query should run locally (too many re-plans or conflicts).
  virtual bool gives_up(const QueryRecord& record) const { return record.replanned >= max_replans_; }

protected:
  // The node failed while we were queued: its queue is gone.
  static bool lost(const PendingSegment& s)
  {
    auto& node = s.world.processor(s.processor);
    return !s.world.up(s.processor) || !(node.lock.holds(s.client) || node.lock.queued(s.client));
  }

  int max_replans_;
};

std::unique_ptr<CoordinationProtocol> make_waiting_lock_protocol(const policy::ParamValues& params);
std::unique_ptr<CoordinationProtocol> make_fifo_protocol(const policy::ParamValues& params);
// `seed`: the requester's backoff stream.
std::unique_ptr<CoordinationProtocol> make_backoff_protocol(const policy::ParamValues& params, std::uint64_t seed);

std::unique_ptr<CoordinationProtocol> make_protocol(policy::Protocol protocol, const policy::ParamValues& params,
                                                    std::uint64_t backoff_seed);

} // namespace ciodesim::runtime
