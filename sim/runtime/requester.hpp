#pragma once
// The requester actor: the offloading algorithm of paper Algorithm 2 on SimGrid, for every
// policy. Per query: probe stale links, ask the locks for W (what the policy may observe),
// plan (sim/plan through the policy registry), then run the plan segment by segment (a
// segment = consecutive blocks on one processor): local segments on the requester's
// processor, remote ones through the policy's coordination protocol (runtime/protocols).
// The uploader actor sends the blocks the latest plan wants. Internal to runtime/.
#include "sim/core/rng.hpp"
#include "sim/cost/energy.hpp"
#include "sim/cost/probe.hpp"
#include "sim/cost/sampler.hpp"
#include "sim/mobility/geometry.hpp"
#include "sim/plan/planner.hpp"
#include "sim/runtime/agents.hpp"
#include "sim/runtime/protocols/protocol.hpp"

#include <deque>
#include <memory>
#include <stdexcept>
#include <vector>

namespace ciodesim::runtime {

// Adds the simulated time a scope takes to one part of a query's latency, also when the
// scope unwinds (a failure): every blocking step of a query sits in exactly one such scope,
// so the parts add up to the latency.
class Timed {
public:
  explicit Timed(double& part_s) : part_s_(part_s), t0_(sg::Engine::get_clock()) {}
  ~Timed() { part_s_ += sg::Engine::get_clock() - t0_; }
  Timed(const Timed&)            = delete;
  Timed& operator=(const Timed&) = delete;

private:
  double& part_s_;
  double t0_;
};

// The requester's own CPU failed while it served a query: the query's input and its
// intermediate tensors (star data flow) are gone, the query fails.
struct RequesterDown : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A query waiting at its requester: its index and when it arrived.
struct PendingQuery {
  int index        = 0;
  double arrival_s = 0;
};

// What the in-flight slots of one requester share with each other and with its uploader:
// the planner (it may keep state across queries), the probed network, the upload plan, the
// arrival queue and the arrival statistics a device can observe.
struct Shared {
  std::unique_ptr<plan::Planner> planner;
  plan::PlanInput base; // exec predictions, bytes, probed network (slot 0 builds it)
  std::vector<cost::ProbeEstimate> device_estimates; // [candidate slot]
  std::vector<double> last_probe_s;                  // [candidate slot]
  // One slot probes at a time; the others wait and then find the estimate fresh (slots
  // probing together would share the link and each measure a fraction of it).
  sg::MutexPtr probing = sg::Mutex::create();
  Rng rng_exec{0};

  std::vector<plan::UploadItem> upload_order; // latest, from the latest plan
  bool planned = false;                        // a plan has given the uploader its order
  sg::SemaphorePtr new_plan = sg::Semaphore::create(0);
  bool uploader_idle = false;                  // the uploader waits for new_plan (nothing to send)
  bool upload_complete_noted = false;          // Records::upload_complete_s holds this requester
  bool done = false;
  sg::ActorPtr uploader;                      // stopped when the last query is done
  std::vector<std::vector<char>> in_flight;   // [block][processor]
  std::vector<double> suspected_until;        // [processor] left out of plans until then (faults)

  // Mobility (sim/runtime/mobility.cpp; empty when off): what is reachable now.
  std::vector<char> reachable;           // [processor] requester's own: always
  std::vector<char> reachable_candidate; // [candidate slot] its device is reachable
  int server = -1;                       // associated server (MobilitySpec::servers index), -1: none
  sg::ActorPtr mobility;                 // stopped with the uploader

  // Open arrivals: the arrival actor queues queries, free slots take them in order.
  std::deque<PendingQuery> queue;
  sg::SemaphorePtr queued = sg::Semaphore::create(0);
  int next_index     = 0; // back-to-back: the next query a free slot starts
  int slots_running  = 0;
  // The latest arrivals, for the rate a device can estimate of its own stream: over a
  // window of recent ones, so it follows a stream that speeds up (a closed loop whose
  // queries get faster as blocks are uploaded).
  static constexpr std::size_t kRateWindow = 10;
  std::deque<double> recent_arrivals_s;
  void note_arrival(double time_s)
  {
    recent_arrivals_s.push_back(time_s);
    if (recent_arrivals_s.size() > kRateWindow)
      recent_arrivals_s.pop_front();
  }
  double observed_rate_per_s() const
  {
    if (recent_arrivals_s.size() < 2 || !(recent_arrivals_s.back() > recent_arrivals_s.front()))
      return 0.0;
    return static_cast<double>(recent_arrivals_s.size() - 1) / (recent_arrivals_s.back() - recent_arrivals_s.front());
  }
};

// One in-flight slot of a requester: it serves one query at a time (a requester with
// max_in_flight = k has k slots, each its own lock client). Slot 0 also builds the shared
// planning view and runs the uploader.
class Requester {
public:
  Requester(World& world, const RequesterSpec& spec, int index, int slot, std::shared_ptr<Shared> shared);

  void run();          // the slot: take queries from the queue (or back to back) until none are left
  void run_arrivals(); // the arrival process of an open stream (period, Poisson)
  void run_uploader();
  void run_mobility(); // slot 0: moves the requester, sets its access rate, records handoffs
  // Slot 0's own handle, for actors it starts that may outlive the ones holding it (PerDNN's
  // migration, after the mobility actor is stopped).
  std::weak_ptr<Requester> self;
  // Records when the latest plan's upload set became all resident (a plan that asks for a
  // block not yet resident clears it: at the end it says when the final plan's set arrived).
  void note_upload_complete();

private:
  std::size_t blocks() const { return base_.blocks(); }
  bool local(int p) const { return local_[static_cast<std::size_t>(p)] != 0; }
  bool suspected(int p) const { return sg::Engine::get_clock() < shared_->suspected_until[static_cast<std::size_t>(p)]; }
  // A node that failed or did not answer is left out of plans for a while.
  void suspect(int p) { shared_->suspected_until[static_cast<std::size_t>(p)] = sg::Engine::get_clock() + sc_.suspect_s; }
  // Mobility: a processor out of wireless reach (the policy's view) is left out like a
  // suspected one.
  bool reachable(int p) const
  {
    return shared_->reachable.empty() || shared_->reachable[static_cast<std::size_t>(p)] != 0;
  }
  bool usable(int p) const { return !suspected(p) && reachable(p); }
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
  void serve(const PendingQuery& query);
  // The query's steps from the probes to the output back home (serve records it).
  void run_query(QueryRecord& rec, long long qid);
  // Throws RequesterDown when the requester's CPU is down or failed since the query began.
  void check_alive() const;
  // After a failure: every processor of candidate slot d is left out for a while.
  void suspect_device(std::size_t candidate);
  QueryRecord rejected(const PendingQuery& query, const std::string& reason) const;
  void charge_planning(std::size_t edges, double measured_s, double& plan_time_s);
  SegmentOutcome run_local_segment(int p, int first, int last, QueryRecord& rec, long long qid);
  // What the lock of plan processor p is held for by a segment first..last: the grant's way
  // back, the input tensor's transfer and the predicted execution (announced, so W is).
  double hold_predicted_s(int p, int first, double exec_predicted_s) const;
  SegmentOutcome run_remote_segment(int p, int first, int last, QueryRecord& rec, long long qid);
  // A segment lost to a failure: leave processor p's lock (wp: its platform index), suspect
  // it, count the re-plan.
  SegmentOutcome segment_lost(int p, int wp, QueryRecord& rec, long long qid);
  void move_tensor(int to, std::size_t block, QueryRecord& rec); // the tensor entering `block` (blocks(): the output)
  // Whether a transfer between plan processors crosses the requester's access link (its radio).
  bool crosses_radio(int from, int to) const;
  void record_energy(QueryRecord& rec);
  void upload_now(int p, int block);
  // Mobility: one position update (association, access rate, reachability, handoff record).
  void apply_position(double now, mobility::Point where, sg::Link* access, bool first);
  // PerDNN: the speculative plan for server `next` and the migration of its first blocks
  // from the associated server `from` over the backhaul (its own actor).
  void migrate_ahead(int next, int from);
  // Eq. 10 for the segment first..last queued on p: asks every lock for W, returns the
  // processor to switch to, or -1 to keep waiting.
  int replacement_for(int p, int first, int last, double predicted, double margin_s);
  // The granted part of a remote segment: input, execution under the protocol's limit
  // (CIODE's invalid lock), release.
  // `from`: where the segment's input was before it moved to p (the star data flow's copy rule).
  SegmentOutcome execute_remote(int p, int first, int last, double predicted, QueryRecord& rec, long long qid, int from);

  World& w_;
  const Scenario& sc_;
  const RequesterSpec& spec_;
  const dnn::Model& model_;
  std::string name_; // the requester's name (records), "D1/r0"
  int index_, slot_;
  std::string client_name_; // lock client of this slot: the name, "#k" appended for slot k > 0
  coord::ClientId client_;
  int req_, req_dev_;              // req_: plan index of the requester's cpu (0)
  std::vector<int> procs_;         // plan index -> world processor index
  std::vector<char> local_;        // plan index -> on the requester's own device
  std::vector<double> control_s_;  // plan index -> one-way latency of a control message
  std::vector<std::vector<double>> predicted_prefix_s_; // [proc][b]: predicted time of blocks 0..b-1
  std::vector<std::vector<char>*> residency_; // plan index -> the node's flags for this model
  std::vector<int> candidate_devices_; // nodes this requester considers, nearest first
  std::shared_ptr<Shared> shared_;
  Rng& rng_exec_;             // shared by the slots: one execution stream per requester
  plan::PlanInput& base_;     // shared_->base
  plan::PlanInput in_;        // this slot's planner input, rebuilt in place for every plan
  const policy::PolicyInfo& policy_;  // what the planner may observe, its protocol
  double statistics_window_s_ = 0;     // observes.utilization / server_load: the servers' window
  std::vector<std::vector<cost::LayerRun>> truth_; // [proc][block]: the block's trace rows there
  std::vector<cost::ProbeEstimate>& device_estimates_; // [candidate slot], as candidate_devices_
  std::vector<double>& last_probe_s_;                  // [candidate slot]
  std::vector<double> penalty_; // per processor: x factor after each invalid lock (this query)
  std::vector<char> usable_;    // per processor, during plan_suffix
  int tensor_at_ = 0;
  bool access_on_ = true; // mobility: the access link is on (some server in range)
  // Energy: the device's power figures (has_power_ when every processor and the radio have
  // them) and what the current query made it do.
  bool has_power_ = false;
  cost::DevicePower power_;
  cost::QueryActivity activity_; // busy_s by plan index of the device's processors (they come first)
  int own_failures_ = 0; // failures of the requester's CPU when the current query began
  std::vector<std::pair<int, int>> candidate_plan_range_; // [candidate slot]: its plan indices [first, last)
  plan::Planner& planner_;
  std::unique_ptr<CoordinationProtocol> protocol_;
};

} // namespace ciodesim::runtime
