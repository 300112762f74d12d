// M-BEB (the CIODE paper's ref. [42]): no queue. A request that finds the processor busy
// bounces; the requester backs off within its window (sim/coord/backoff.hpp) and proposes
// again through a re-plan.
#include "sim/coord/backoff.hpp"
#include "sim/core/rng.hpp"
#include "sim/runtime/protocols/protocol.hpp"

namespace ciodesim::runtime {
namespace {

coord::MbebParams mbeb_params(const policy::ParamValues& v)
{
  return {v.number("mbeb.initial_window_s"), v.number("mbeb.delta_s"), v.number("mbeb.min_window_s"),
          v.number("mbeb.max_window_s"), v.integer("mbeb.max_attempts")};
}

class Backoff : public CoordinationProtocol {
public:
  Backoff(const policy::ParamValues& params, std::uint64_t seed)
      : CoordinationProtocol(params), backoff_(mbeb_params(params)), rng_(seed)
  {
  }

  void start_query() override { attempts_ = 0; }

  SegmentOutcome wait_for_grant(PendingSegment& s) override
  {
    s.world.lock_withdraw(s.processor, s.client, s.requester, s.query_id);
    ++s.record.conflicts;
    ++attempts_;
    s.world.delay(s.one_way_s); // the refusal travels back
    s.world.delay(backoff_.on_conflict(rng_.uniform01()));
    s.record.wait_s += sg::Engine::get_clock() - s.wait_started_s;
    return SegmentOutcome::Replan;
  }

  void on_granted() override { backoff_.on_success(); }

  bool gives_up(const QueryRecord& record) const override
  {
    return CoordinationProtocol::gives_up(record) || attempts_ >= backoff_.params().max_attempts;
  }

private:
  coord::MbebBackoff backoff_;
  Rng rng_;
  int attempts_ = 0; // conflicts of the current query
};

} // namespace

std::unique_ptr<CoordinationProtocol> make_backoff_protocol(const policy::ParamValues& params, std::uint64_t seed)
{
  return std::make_unique<Backoff>(params, seed);
}

} // namespace ciodesim::runtime
