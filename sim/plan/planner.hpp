#pragma once
// Offloading planners behind one interface. A Planner belongs to one requester and may keep
// state across its queries (a fixed upload plan, a chosen server, an observed load
// factor). Pure C++: no SimGrid. Algorithms and sources: docs/baselines.md; the policies
// that use them, with their parameters, are registered in sim/policy/.
#include "sim/plan/plan_input.hpp"

#include <memory>
#include <string>
#include <vector>

namespace ciodesim::plan {


class Planner {
public:
  virtual ~Planner() = default;
  // The plan of one query: `assignment` runs now (resident blocks only); `target` and
  // `upload_order` steer the uploader.
  virtual Plan plan(const PlanInput& input) = 0;
  // Feedback after a remote segment ran on `processor`.
  virtual void observe(int processor, double predicted_s, double measured_s)
  {
    (void)processor;
    (void)predicted_s;
    (void)measured_s;
  }
  // Execution-graph edges (or equivalent steps) evaluated so far: the planning-time charge.
  std::size_t ops() const { return ops_; }

protected:
  std::size_t ops_ = 0;
};

// ---- helpers shared by the single-server baselines -------------------------------------
// The input restricted to two processors: 0 = the requester, 1 = `server`.
PlanInput pair_input(const PlanInput& input, int server);
// Pair assignment (0/1 per block) back to processor ids.
std::vector<int> lift(const std::vector<int>& pair_assignment, const PlanInput& input, int server);
// The remote processor whose two-processor steady-state plan (everything resident) is
// fastest; the server of single-server systems (IONN, Neurosurgeon, ...). Ties: lowest id.
// A non-empty `pinned` processor name is used instead when the input has it.
int best_single_server(const PlanInput& input, std::size_t* ops = nullptr, const std::string& pinned = "");
// Best single split on a pair input: blocks 1..i local, i+1.. on the server, which must hold
// them. Server times x server_factor, plus `queue_s` before the server part. O(B).
std::vector<int> best_split(const PlanInput& pair, double server_factor, double queue_s, double& latency_s,
                            std::size_t* ops = nullptr);
// Remote blocks of `target` on `server`, front to back, that are not resident there yet.
std::vector<UploadItem> front_to_back_uploads(const PlanInput& input, const std::vector<int>& target);

} // namespace ciodesim::plan
