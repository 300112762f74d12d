// The parameter every single-server baseline shares: which server it offloads to.
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

const ParamGroup& single_server_group()
{
  static const ParamGroup group{
      "single_server",
      "the server of the single-server baselines (all-at-once, IONN, PerDNN, Neurosurgeon, DADS, LoADPart, cloud-only)",
      {Param::processor("processor", "pin this server (e.g. \"D3.gpu\"); \"\": the fastest for the model")},
      {}};
  return group;
}

} // namespace ciodesim::policy
