#pragma once
// Factories of the baseline planners (docs/baselines.md).
#include "sim/plan/energy.hpp"
#include "sim/plan/planner.hpp"

#include <string>
#include <vector>

namespace ciodesim::plan {

// PerDNN's server estimate under load: execution x 1 / (1 - u), the M/M/1 ratio of response
// time to service time at utilisation u (what a server's GPU statistics imply for a new
// request); u is capped at kMaxUtilization so a saturated server reads 20x, not infinity.
inline constexpr double kMaxUtilization = 0.95;
double queueing_factor(double utilization);

// Upload the whole model to one server first; run locally until it is all resident; then
// the best two-processor plan.
// `server`: a pinned server's processor name, or "" for the best one (every factory here).
std::unique_ptr<Planner> make_all_at_once(const std::string& server);
// Enhanced IONN (Shin et al., EMDL 2019); with `load_aware`, PerDNN (Jeong et al.): server
// estimates scaled by queueing_factor of the server's recent utilisation by other clients.
struct IonnParams { // defaults and ranges: sim/policy/enhanced_ionn.cpp
  double k;             // final block set at upload weight 1 - k
  int max_range_blocks; // longest contiguous candidate range scored per step
  std::string server;
};
std::unique_ptr<Planner> make_enhanced_ionn(const IonnParams& params, bool load_aware);
// PerDNN's proactive migration (Jeong et al.): of a speculative plan for the server a client
// is expected to visit next, the first blocks of its upload order (IONN's greedy order:
// latency saved per upload second, so the compute-heavy small layers come first) while
// their parameters add up to at most `fraction` of the plan's server-side bytes; at least
// the first block. The paper migrates "only a tiny fraction" of the server-side layers.
std::vector<UploadItem> perdnn_migration(const Plan& speculative, const PlanInput& input, double fraction);
// Neurosurgeon (Kang et al., ASPLOS 2017): one split point, O(N) scan.
// Server times are scaled by `load_factor` (K). `objective` Latency or Energy (the paper's
// two): the server and the split minimise it (plan/energy.hpp).
std::unique_ptr<Planner> make_neurosurgeon(const std::string& server, double load_factor,
                                           const ObjectiveSpec& objective = {});
// LoADPart (Liu et al., ICDCS 2022): one split point with the load factor k and the queueing
// time q its server reports (PlanInput::load_factor, wait_s).
std::unique_ptr<Planner> make_loadpart(const std::string& server);
// DADS (Hu et al., INFOCOM 2019): DSL's minimum s-t cut under light load, DSH's pipeline
// partition under heavy load (plan/dads.hpp), switched by the observed arrival rate.
enum class DadsMode { Dynamic, Light, Heavy };
struct DadsParams { // defaults and ranges: sim/policy/dads.cpp
  DadsMode mode      = DadsMode::Dynamic;
  double heavy_above = 1.0; // DSL plan's utilisation above which DSH takes over
  double light_below = 0.8; // ... and below which DSL returns
};
std::unique_ptr<Planner> make_dads(const std::string& server, const DadsParams& params = {});
// The DADS paper's reference points (plan/reference_points.cpp): every block on the device;
// every block on one server once it holds the whole model (on the device until then).
std::unique_ptr<Planner> make_edge_only();
std::unique_ptr<Planner> make_cloud_only(const std::string& server);

} // namespace ciodesim::plan
