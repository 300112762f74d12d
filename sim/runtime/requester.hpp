#pragma once
// The requester actor: the offloading algorithm of paper Algorithm 2 on SimGrid, for every
// policy. Per query: probe stale links, ask the locks for W (what the policy may observe),
// plan (sim/plan through the policy registry), then run the plan segment by segment (a
// segment = consecutive blocks on one processor): local segments on the requester's
// processor, remote ones through the policy's coordination protocol (runtime/protocols).
// The uploader actor sends the blocks the latest plan wants. Internal to runtime/.
#include "sim/core/rng.hpp"
#include "sim/cost/probe.hpp"
#include "sim/cost/sampler.hpp"
#include "sim/plan/planner.hpp"
#include "sim/runtime/agents.hpp"
#include "sim/runtime/protocols/protocol.hpp"

#include <memory>
#include <vector>

namespace ciodesim::runtime {

// State shared by a requester and its uploader.
struct Shared {
  std::vector<plan::UploadItem> upload_order; // latest, from the latest plan
  sg::SemaphorePtr new_plan = sg::Semaphore::create(0);
  bool done = false;
  sg::ActorPtr uploader;                      // stopped when the last query is done
  std::vector<std::vector<char>> in_flight;   // [block][processor]
  std::vector<double> suspected_until;        // [processor] left out of plans until then (faults)
};

class Requester {
public:
  Requester(World& world, const RequesterSpec& spec, int index, coord::ClientId client);

  void run();
  void run_uploader();
  void set_uploader(sg::ActorPtr actor) { shared_->uploader = std::move(actor); }

private:
  std::size_t blocks() const { return base_.blocks(); }
  bool local(int p) const { return local_[static_cast<std::size_t>(p)] != 0; }
  bool suspected(int p) const { return sg::Engine::get_clock() < shared_->suspected_until[static_cast<std::size_t>(p)]; }
  // A node that failed or did not answer is left out of plans for a while.
  void suspect(int p) { shared_->suspected_until[static_cast<std::size_t>(p)] = sg::Engine::get_clock() + sc_.suspect_s; }
  bool resident(int p, int block) const
  {
    return local(p) || (*residency_[static_cast<std::size_t>(p)])[static_cast<std::size_t>(block)] != 0;
  }
  ProcessorState& node(int p) { return w_.processor(procs_[static_cast<std::size_t>(p)]); }
  double seg_predicted_s(int p, int first, int last) const;
  double sample_seg_s(int p, int first, int last);
  void probe_stale_links();
  void refresh_network_view();
  std::vector<double> ask_waits();
  plan::Plan plan_suffix(int first_block, const std::vector<double>& wait_s, double remaining_queries,
                         double& plan_time_s);
  void charge_planning(std::size_t edges, double measured_s, double& plan_time_s);
  SegmentOutcome run_local_segment(int p, int first, int last, QueryRecord& rec, long long qid);
  SegmentOutcome run_remote_segment(int p, int first, int last, QueryRecord& rec, long long qid);
  void move_tensor(int to, double bytes, QueryRecord& rec);
  void upload_now(int p, int block);
  // Eq. 10 for the segment first..last queued on p: asks every lock for W, returns the
  // processor to switch to, or -1 to keep waiting.
  int replacement_for(int p, int first, int last, double predicted, double margin_s);
  // The granted part of a remote segment: input, execution under the protocol's limit
  // (CIODE's invalid lock), release.
  SegmentOutcome execute_remote(int p, int first, int last, double predicted, QueryRecord& rec, long long qid);

  World& w_;
  const Scenario& sc_;
  const RequesterSpec& spec_;
  const dnn::Model& model_;
  std::string name_;
  coord::ClientId client_;
  int req_, req_dev_;              // req_: plan index of the requester's cpu (0)
  std::vector<int> procs_;         // plan index -> world processor index
  std::vector<char> local_;        // plan index -> on the requester's own device
  std::vector<double> control_s_;  // plan index -> one-way latency of a control message
  std::vector<std::vector<double>> predicted_prefix_s_; // [proc][b]: predicted time of blocks 0..b-1
  std::vector<std::vector<char>*> residency_; // plan index -> the node's flags for this model
  std::vector<int> candidate_devices_; // nodes this requester considers, nearest first
  Rng rng_exec_, rng_arrival_;
  std::shared_ptr<Shared> shared_;
  plan::PlanInput base_; // exec predictions, bytes; network, W and residency filled per plan
  plan::PlanInput in_;   // the planner's input, rebuilt in place for every plan (no reallocation)
  const policy::PolicyInfo& policy_;   // what the planner may observe, its protocol
  double utilization_window_s_ = 0;     // observes.utilization: the servers' statistics window
  std::vector<std::vector<cost::LayerRun>> truth_; // [proc][block]: the block's trace rows there
  std::vector<cost::ProbeEstimate> device_estimates_; // [candidate slot], as candidate_devices_
  std::vector<double> last_probe_s_;                  // [candidate slot]
  std::vector<double> penalty_; // per processor: x factor after each invalid lock (this query)
  int tensor_at_ = 0;
  std::unique_ptr<plan::Planner> planner_;
  std::unique_ptr<CoordinationProtocol> protocol_;
};

} // namespace ciodesim::runtime
