// The offloading baselines' coordination: a refused request queues at the node's lock and
// waits for its turn, nothing else; the tensor travels with the request.
#include "sim/runtime/protocols/protocol.hpp"

namespace ciodesim::runtime {
namespace {

class Fifo : public CoordinationProtocol {
public:
  using CoordinationProtocol::CoordinationProtocol;

  SegmentOutcome wait_for_grant(PendingSegment& s) override
  {
    ++s.record.conflicts;
    s.world.wait_grant(s.processor, s.client, -1.0);
    s.record.wait_s += sg::Engine::get_clock() - s.wait_started_s;
    return SegmentOutcome::Done;
  }
  // No reservation: the request carries its tensor, which queues at the node.
  bool data_with_request() const override { return true; }
};

} // namespace

std::unique_ptr<CoordinationProtocol> make_fifo_protocol(const policy::ParamValues& params)
{
  return std::make_unique<Fifo>(params);
}

} // namespace ciodesim::runtime
