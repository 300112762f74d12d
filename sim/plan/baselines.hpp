#pragma once
// Factories of the baseline planners (docs/baselines.md).
#include "sim/plan/planner.hpp"

namespace ciodesim::plan {

// Upload the whole model to one server first; run locally until it is all resident; then
// the best two-processor plan.
std::unique_ptr<Planner> make_all_at_once(const PolicyParams& params);
// Enhanced IONN (Shin et al., EMDL 2019); with `load_aware`, PerDNN (Jeong et al.): server
// estimates scaled by the server's recent utilisation, and uploads start at once.
std::unique_ptr<Planner> make_enhanced_ionn(const PolicyParams& params, bool load_aware);
// Neurosurgeon (Kang et al., ASPLOS 2017): one split point, O(N) scan.
std::unique_ptr<Planner> make_neurosurgeon(const PolicyParams& params);
// LoADPart (Liu et al., ICDCS 2022): one split point with the server's load factor
// (measured / predicted, sliding window) and queueing time.
std::unique_ptr<Planner> make_loadpart(const PolicyParams& params);
// DADS (Hu et al., INFOCOM 2019), light-load mode: minimum s-t cut (plan/dads.hpp).
std::unique_ptr<Planner> make_dads(const PolicyParams& params);

} // namespace ciodesim::plan
