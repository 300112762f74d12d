// CIODE's coordination (paper Section 4.3): a refused request queues at the node's waiting
// lock, which announced W. While waiting, the replacement rule (eq. 10) is applied at once
// and again whenever the wait outlasts what the lock announced; a granted execution that
// runs past factor x its prediction is force-ended by the node (the invalid lock, eq. 11).
#include "sim/coord/rules.hpp"
#include "sim/runtime/protocols/protocol.hpp"

#include <xbt/log.h>

#include <algorithm>

XBT_LOG_NEW_DEFAULT_CATEGORY(ciodesim_waiting_lock, "ciodesim: CIODE's waiting-lock protocol");

namespace ciodesim::runtime {
namespace {

constexpr double kControlMessageCheck_s = 1e-3; // shortest interval between replacement checks

class WaitingLockProtocol : public CoordinationProtocol {
public:
  explicit WaitingLockProtocol(const policy::ParamValues& params)
      : CoordinationProtocol(params)
      , replacement_(params.boolean("ciode.replacement"))
      , margin_s_(params.number("ciode.replacement_margin_s"))
      , watchdog_{params.number("ciode.invalid_lock_factor")}
  {
  }

  SegmentOutcome wait_for_grant(PendingSegment& s) override
  {
    ++s.record.conflicts;
    auto& lock     = s.world.processor(s.processor).lock;
    double timeout = 0.0;
    while (!lost(s)) {
      if (replacement_) {
        const int r = s.replacement(margin_s_);
        if (lock.holds(s.client))
          break;
        if (r >= 0) {
          s.world.lock_withdraw(s.processor, s.client, s.requester, s.query_id);
          ++s.record.replanned;
          s.record.wait_s += sg::Engine::get_clock() - s.wait_started_s;
          XBT_DEBUG("%s: query %lld leaves %s (replacement)", s.requester.c_str(), s.query_id,
                    s.world.processor_name(s.processor).c_str());
          s.switch_to(r); // upload what the new target lacks, then re-plan (Algorithm 2, lines 4-6)
          return SegmentOutcome::Replan;
        }
        timeout = std::max({lock.wait_ahead_s(s.client, sg::Engine::get_clock()), 0.25 * s.predicted_s,
                            kControlMessageCheck_s});
      }
      if (s.world.wait_grant(s.processor, s.client, replacement_ ? timeout : -1.0))
        break;
    }
    s.record.wait_s += sg::Engine::get_clock() - s.wait_started_s;
    return SegmentOutcome::Done;
  }

  double execution_limit_s(double predicted_s) const override { return watchdog_.deadline_s(0.0, predicted_s); }
  double invalid_lock_factor() const override { return watchdog_.factor; }

private:
  bool replacement_;
  double margin_s_;
  coord::InvalidLockPolicy watchdog_;
};

} // namespace

std::unique_ptr<CoordinationProtocol> make_waiting_lock_protocol(const policy::ParamValues& params)
{
  return std::make_unique<WaitingLockProtocol>(params);
}

} // namespace ciodesim::runtime
