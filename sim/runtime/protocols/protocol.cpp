#include "sim/runtime/protocols/protocol.hpp"

namespace ciodesim::runtime {

std::unique_ptr<CoordinationProtocol> make_protocol(policy::Protocol protocol, const policy::ParamValues& params,
                                                    std::uint64_t backoff_seed)
{
  switch (protocol) {
    case policy::Protocol::WaitingLock: return make_waiting_lock_protocol(params);
    case policy::Protocol::Fifo: return make_fifo_protocol(params);
    case policy::Protocol::Backoff: return make_backoff_protocol(params, backoff_seed);
  }
  return make_fifo_protocol(params);
}

} // namespace ciodesim::runtime
