// The requester actor: the CIODE offloading algorithm (paper Algorithm 2) on SimGrid.
// Per query: probe stale links, ask the waiting locks for W, plan (sim/plan), then run the
// plan segment by segment (a segment = consecutive blocks on one processor): local segments
// on the requester's processor, remote ones under the target's waiting lock, with the
// replacement rule while waiting and the invalid-lock watchdog while executing.
#include "sim/core/rng.hpp"
#include "sim/cost/sampler.hpp"
#include "sim/coord/backoff.hpp"
#include "sim/plan/planner.hpp"
#include "sim/plan/model_blocks.hpp"
#include "sim/runtime/agents.hpp"
#include "sim/runtime/network_view.hpp"

#include <simgrid/Exception.hpp>
#include <xbt/log.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>

XBT_LOG_NEW_DEFAULT_CATEGORY(ciodesim_requester, "ciodesim: requester actors (CIODE offloading)");

namespace ciodesim::runtime {
namespace {

constexpr double kControlMessageCheck_s = 1e-3; // shortest interval between replacement checks

struct NodeLost : std::exception {
  const char* what() const noexcept override { return "node lost"; }
};

// A measured duration as a real clock reads it (1 ns resolution): the same transfer
// measured at different simulated times then gives the same number.
double round_ns(double duration_s)
{
  return std::round(duration_s * 1e9) / 1e9;
}

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
  Requester(World& world, const RequesterSpec& spec, int index, coord::ClientId client)
      : w_(world)
      , sc_(world.scenario())
      , spec_(spec)
      , model_(*sc_.models.at(spec.model))
      , name_(spec.device + "/r" + std::to_string(index))
      , client_(client)
      , req_(0) // plan index: the requester's cpu comes first in procs_
      , req_dev_(world.topology().device_index(spec.device))
      , rng_exec_(Rng::derive_seed(sc_.seed + static_cast<std::uint64_t>(sc_.run_index), 1000 + index))
      , rng_arrival_(Rng::derive_seed(sc_.seed + static_cast<std::uint64_t>(sc_.run_index), 2000 + index))
      , rng_backoff_(Rng::derive_seed(sc_.seed + static_cast<std::uint64_t>(sc_.run_index), 6000 + index))
      , shared_(std::make_shared<Shared>())
      , planner_(plan::make_planner(sc_.policy, sc_.policy_params))
      , coordination_(coord::coordination_of(sc_.policy))
      , backoff_(sc_.mbeb)
  {
    // Only CIODE's waiting lock and LoADPart's probe RPC tell a requester about queues;
    // PerDNN scales by the servers' recent utilisation.
    sees_wait_        = coordination_ == coord::Coordination::WaitingLock || sc_.policy == "loadpart";
    sees_utilization_ = sc_.policy == "perdnn";
    const auto& topo = w_.topology();
    // The processors this requester plans over: its own device's, then its candidates'.
    candidate_devices_ = w_.candidate_devices(req_dev_, sc_.candidates);
    procs_             = topo.devices[static_cast<std::size_t>(req_dev_)].processors;
    for (int dev : candidate_devices_)
      for (int p : topo.devices[static_cast<std::size_t>(dev)].processors)
        procs_.push_back(p);
    const std::size_t P = procs_.size(), L = model_.size();
    std::vector<std::vector<double>> layer_pred(L, std::vector<double>(P));
    truth_.assign(P, std::vector<cost::LayerRun>(model_.blocks().size()));
    for (std::size_t p = 0; p < P; ++p) {
      const auto& costs = w_.profile_costs(model_, topo.processors[static_cast<std::size_t>(procs_[p])].profile);
      for (std::size_t l = 0; l < L; ++l) {
        layer_pred[l][p] = costs.predicted_s[l];
        truth_[p][static_cast<std::size_t>(model_.layer(static_cast<int>(l)).block)].add(*costs.truth[l]);
      }
    }
    for (int p : procs_) {
      control_s_.push_back(w_.control_latency_s(procs_[req_], p));
      local_.push_back(w_.on_device(p, spec_.device) ? 1 : 0);
      base_.processors.push_back(topo.processors[static_cast<std::size_t>(p)].name);
      residency_.push_back(&w_.residency(p, model_.name(), model_.blocks().size()));
    }
    base_.requester = req_;
    plan::fill_blocks(base_, model_, layer_pred);
    predicted_prefix_s_.assign(P, std::vector<double>(base_.blocks() + 1, 0.0));
    for (std::size_t p = 0; p < P; ++p)
      for (std::size_t b = 0; b < base_.blocks(); ++b)
        predicted_prefix_s_[p][b + 1] = predicted_prefix_s_[p][b] + base_.exec_s[b][p];
    // Per candidate, not per platform device: a requester knows only the nodes it may use.
    device_estimates_.assign(candidate_devices_.size(), cost::ProbeEstimate{});
    last_probe_s_.assign(candidate_devices_.size(), -std::numeric_limits<double>::infinity());
    shared_->in_flight.assign(model_.blocks().size(), std::vector<char>(P, 0));
    shared_->suspected_until.assign(P, -1.0);
  }

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
  bool run_local_segment(int p, int first, int last, QueryRecord& rec, long long qid);
  // 0: done; 1: re-plan needed (replacement or invalid lock); 2: the node failed (re-plan
  // from the last tensor the requester holds)
  int run_remote_segment(int p, int first, int last, QueryRecord& rec, long long qid);
  void move_tensor(int to, double bytes, QueryRecord& rec);
  void upload_now(int p, int block);
  // Eq. 10 for the segment first..last queued on p: asks every lock for W, returns the
  // processor to switch to, or -1 to keep waiting.
  int replacement_for(int p, int first, int last, double predicted);
  // The granted part of a remote segment: input, execution under the invalid lock, release.
  int execute_remote(int p, int first, int last, double predicted, QueryRecord& rec, long long qid);

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
  Rng rng_exec_, rng_arrival_, rng_backoff_;
  std::shared_ptr<Shared> shared_;
  plan::PlanInput base_; // exec predictions, bytes; network, W and residency filled per plan
  plan::PlanInput in_;   // the planner's input, rebuilt in place for every plan (no reallocation)
  bool sees_wait_ = false, sees_utilization_ = false;
  std::vector<std::vector<cost::LayerRun>> truth_; // [proc][block]: the block's trace rows there
  std::vector<cost::ProbeEstimate> device_estimates_; // [candidate slot], as candidate_devices_
  std::vector<double> last_probe_s_;                  // [candidate slot]
  std::vector<double> penalty_; // per processor: x factor after each invalid lock (this query)
  int tensor_at_ = 0;
  std::unique_ptr<plan::Planner> planner_;
  coord::Coordination coordination_;
  coord::MbebBackoff backoff_;
  int attempts_ = 0; // M-BEB: conflicts of the current query
};

double Requester::seg_predicted_s(int p, int first, int last) const
{
  const auto& prefix = predicted_prefix_s_[static_cast<std::size_t>(p)];
  const double t     = prefix[static_cast<std::size_t>(last) + 1] - prefix[static_cast<std::size_t>(first)];
  return t * penalty_[static_cast<std::size_t>(p)];
}

double Requester::sample_seg_s(int p, int first, int last)
{
  cost::SamplerOptions opt;
  opt.std_scale = sc_.exec_jitter;
  return cost::sample_runs(&truth_[static_cast<std::size_t>(p)][static_cast<std::size_t>(first)],
                           static_cast<std::size_t>(last - first + 1), rng_exec_, opt);
}

void Requester::probe_stale_links()
{
  const auto& topo = w_.topology();
  const double now = sg::Engine::get_clock();
  bool probed      = false;
  for (std::size_t d = 0; d < candidate_devices_.size(); ++d) {
    if (now - last_probe_s_[d] < sc_.probe_interval_s)
      continue;
    probed           = true;
    const int target = topo.devices[static_cast<std::size_t>(candidate_devices_[d])].processors.front();
    double t0 = sg::Engine::get_clock();
    w_.transfer(procs_[req_], target, sc_.probe.ping_bytes, procs_[req_]);
    const double ping_s = round_ns(sg::Engine::get_clock() - t0);
    t0 = sg::Engine::get_clock();
    w_.transfer(procs_[req_], target, sc_.probe.probe_bytes, procs_[req_]);
    const double probe_s  = round_ns(sg::Engine::get_clock() - t0);
    device_estimates_[d]  = cost::estimate_from_probe(sc_.probe, ping_s, probe_s);
    last_probe_s_[d]      = sg::Engine::get_clock();
  }
  if (probed)
    refresh_network_view();
}

void Requester::refresh_network_view()
{
  auto estimate = [this](int device) {
    const auto slot = std::lower_bound(candidate_devices_.begin(), candidate_devices_.end(), device);
    return device_estimates_[static_cast<std::size_t>(slot - candidate_devices_.begin())];
  };
  set_network(base_, compose_star(w_.topology(), req_dev_, estimate, procs_));
}

// One round of lock queries to every other device: the slowest round trip is paid once
// (the questions go out together).
std::vector<double> Requester::ask_waits()
{
  const std::size_t P = procs_.size();
  double one_way      = 0;
  for (std::size_t p = 0; p < P; ++p)
    if (!local(static_cast<int>(p)))
      one_way = std::max(one_way, control_s_[p]);
  w_.delay(one_way);
  std::vector<double> wait(P, 0.0);
  const double now = sg::Engine::get_clock();
  for (std::size_t p = 0; p < P; ++p)
    wait[p] = node(static_cast<int>(p)).lock.estimated_wait_s(now);
  w_.delay(one_way);
  return wait;
}

void Requester::charge_planning(std::size_t edges, double measured_s, double& plan_time_s)
{
  const double speed = node(req_).host->get_speed();
  double flops       = 0;
  if (sc_.planner.mode == "measured")
    flops = measured_s * speed; // this machine's wall time, as if it were the requester's CPU
  else
    flops = static_cast<double>(edges) * sc_.planner.seconds_per_op * sc_.planner.reference_flops;
  const double t0 = sg::Engine::get_clock();
  if (flops > 0)
    w_.execute(procs_[req_], flops);
  plan_time_s += sg::Engine::get_clock() - t0;
}

plan::Plan Requester::plan_suffix(int first_block, const std::vector<double>& wait_s, double remaining_queries,
                                  double& plan_time_s)
{
  // Blocks first_block.. with a pseudo block 0 holding the tensor that enters first_block
  // (the star data flow keeps every intermediate tensor on the requester). Built in in_,
  // whose vectors keep their capacity from plan to plan.
  const std::size_t P  = base_.size();
  const std::size_t nb = blocks() - static_cast<std::size_t>(first_block) + 1;
  plan::PlanInput& in  = in_;
  if (in.processors.empty())
    in.processors = base_.processors;
  in.requester         = req_;
  in.remaining_queries = remaining_queries;
  in.s_per_byte        = base_.s_per_byte;
  in.latency_s         = base_.latency_s;
  in.wait_s.assign(P, 0.0);
  in.local.assign(local_.begin(), local_.end());
  in.utilization.assign(P, 0.0);
  for (std::size_t p = 0; p < P; ++p) {
    if (sees_wait_ && !local_[p])
      in.wait_s[p] = wait_s[p];
    if (sees_utilization_)
      in.utilization[p] = w_.utilization(procs_[p], sc_.utilization_window_s);
  }
  in.exec_s.resize(nb);
  in.resident.resize(nb);
  in.in_bytes.assign(1, 0.0);
  in.out_bytes.assign(1, base_.in_bytes[static_cast<std::size_t>(first_block)]);
  in.param_bytes.assign(1, 0.0);
  in.exec_s[0].assign(P, 0.0);
  in.resident[0].assign(P, 1);
  for (std::size_t b = static_cast<std::size_t>(first_block), i = 1; b < blocks(); ++b, ++i) {
    auto& exec = in.exec_s[i];
    exec.assign(base_.exec_s[b].begin(), base_.exec_s[b].end());
    for (std::size_t p = 0; p < P; ++p)
      exec[p] = suspected(static_cast<int>(p)) ? std::numeric_limits<double>::infinity() : exec[p] * penalty_[p];
    in.in_bytes.push_back(base_.in_bytes[b]);
    in.out_bytes.push_back(base_.out_bytes[b]);
    in.param_bytes.push_back(base_.param_bytes[b]);
    auto& res = in.resident[i];
    res.resize(P);
    for (std::size_t p = 0; p < P; ++p)
      res[p] = resident(static_cast<int>(p), static_cast<int>(b));
  }
  const auto started    = std::chrono::steady_clock::now();
  const std::size_t ops0 = planner_->ops();
  plan::Plan plan       = planner_->plan(in);
  const double measured = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  charge_planning(planner_->ops() - ops0, measured, plan_time_s);
  // back to full block ids
  const int shift = first_block - 1;
  std::vector<int> assignment(blocks(), req_), target(blocks(), req_);
  for (std::size_t b = 1; b < in.blocks(); ++b) {
    assignment[b + static_cast<std::size_t>(shift)] = plan.assignment[b];
    target[b + static_cast<std::size_t>(shift)]     = plan.target[b];
  }
  plan.assignment = assignment;
  plan.target     = target;
  for (auto& item : plan.upload_order)
    item.block += shift;
  return plan;
}

void Requester::move_tensor(int to, double bytes, QueryRecord& rec)
{
  if (tensor_at_ == to)
    return;
  rec.transfer_bytes +=
      w_.transfer(procs_[static_cast<std::size_t>(tensor_at_)], procs_[static_cast<std::size_t>(to)], bytes, procs_[req_]);
  tensor_at_ = to;
}

bool Requester::run_local_segment(int p, int first, int last, QueryRecord& rec, long long qid)
{
  move_tensor(p, base_.in_bytes[static_cast<std::size_t>(first)], rec);
  const double predicted = seg_predicted_s(p, first, last);
  const auto answer      = w_.lock_request(procs_[static_cast<std::size_t>(p)], client_, name_, qid, predicted);
  if (!answer.granted)
    w_.wait_grant(procs_[static_cast<std::size_t>(p)], client_, -1);
  const double t0 = sg::Engine::get_clock();
  const double seconds = sample_seg_s(p, first, last);
  w_.execute(procs_[static_cast<std::size_t>(p)],
             seconds * w_.topology().processors[static_cast<std::size_t>(procs_[static_cast<std::size_t>(p)])].speed_flops);
  rec.local_s += sg::Engine::get_clock() - t0;
  w_.lock_release(procs_[static_cast<std::size_t>(p)], client_, name_, qid);
  return true;
}

void Requester::upload_now(int p, int block)
{
  const double t0 = sg::Engine::get_clock();
  w_.transfer(procs_[req_], procs_[static_cast<std::size_t>(p)], base_.param_bytes[static_cast<std::size_t>(block)],
              procs_[req_]);
  w_.mark_resident(procs_[static_cast<std::size_t>(p)], model_.name(), block, blocks());
  w_.records().uploads.push_back(UploadRecord{name_, model_.name(), w_.processor_name(procs_[static_cast<std::size_t>(p)]), block,
                                              base_.param_bytes[static_cast<std::size_t>(block)], t0,
                                              sg::Engine::get_clock()});
}

int Requester::replacement_for(int p, int first, int last, double predicted)
{
  const auto wait  = ask_waits();
  const double now = sg::Engine::get_clock();
  if (!node(p).lock.queued(client_))
    return -1; // granted meanwhile, or the node failed and its queue is gone
  const double in_bytes = base_.in_bytes[static_cast<std::size_t>(first)];
  const double out_bytes = base_.out_bytes[static_cast<std::size_t>(last)];
  coord::Candidate current{p, node(p).lock.wait_ahead_s(client_, now), 0.0, predicted,
                           base_.transfer_s(req_, p, in_bytes) + base_.transfer_s(p, req_, out_bytes)};
  std::vector<coord::Candidate> others;
  for (std::size_t r = 0; r < procs_.size(); ++r) {
    const int ri = static_cast<int>(r);
    if (ri == p)
      continue;
    coord::Candidate c{ri, local(ri) ? 0.0 : wait[r], 0.0, seg_predicted_s(ri, first, last), 0.0};
    if (!local(ri)) {
      for (int b = first; b <= last; ++b)
        if (!resident(ri, b))
          c.upload_s += base_.upload_s(ri, b);
      c.transfer_s = base_.transfer_s(req_, ri, in_bytes) + base_.transfer_s(ri, req_, out_bytes);
    }
    others.push_back(c);
  }
  const int choice = coord::choose_replacement(current, others, sc_.ciode.replacement_margin_s);
  return choice < 0 ? -1 : others[static_cast<std::size_t>(choice)].processor;
}

int Requester::run_remote_segment(int p, int first, int last, QueryRecord& rec, long long qid)
{
  const double one_way   = control_s_[static_cast<std::size_t>(p)];
  const double predicted = seg_predicted_s(p, first, last);
  const int wp           = procs_[static_cast<std::size_t>(p)];
  if (!w_.up(wp)) { // no answer: the requester gives up after a timeout and suspects the node
    w_.delay(2 * one_way + sc_.fault_timeout_s);
    suspect(p);
    ++rec.replanned;
    return 2;
  }
  w_.delay(one_way); // the request travels to the node
  const double t_wait0 = sg::Engine::get_clock();
  const auto answer    = w_.lock_request(procs_[static_cast<std::size_t>(p)], client_, name_, qid, predicted);
  if (!answer.granted && coordination_ == coord::Coordination::Backoff) {
    // M-BEB: no queue. The request bounces; back off within the window, then propose again.
    w_.lock_withdraw(procs_[static_cast<std::size_t>(p)], client_, name_, qid);
    ++rec.conflicts;
    ++attempts_;
    w_.delay(one_way); // the refusal travels back
    w_.delay(backoff_.on_conflict(rng_backoff_.uniform01()));
    rec.wait_s += sg::Engine::get_clock() - t_wait0;
    return 1;
  }
  auto lost = [&] { // the node failed while we were queued: its queue is gone
    return !w_.up(wp) || !(node(p).lock.holds(client_) || node(p).lock.queued(client_));
  };
  if (!answer.granted && coordination_ == coord::Coordination::Fifo) {
    ++rec.conflicts; // baselines simply queue
    w_.wait_grant(procs_[static_cast<std::size_t>(p)], client_, -1.0);
  } else if (!answer.granted) {
    // Queued behind others: the lock told us W. Apply eq. 10 now, and again whenever we
    // have waited longer than the lock announced.
    ++rec.conflicts;
    double timeout = 0.0;
    while (true) {
      if (lost())
        break;
      if (sc_.ciode.replacement) {
        const int r = replacement_for(p, first, last, predicted);
        if (node(p).lock.holds(client_))
          break;
        if (r >= 0) {
          w_.lock_withdraw(procs_[static_cast<std::size_t>(p)], client_, name_, qid);
          ++rec.replanned;
          rec.wait_s += sg::Engine::get_clock() - t_wait0;
          XBT_DEBUG("%s: query %lld replaces %s by %s", name_.c_str(), qid, w_.processor_name(procs_[static_cast<std::size_t>(p)]).c_str(),
                    w_.processor_name(procs_[static_cast<std::size_t>(r)]).c_str());
          if (!local(r)) // upload what the new target lacks, then re-plan (Algorithm 2, lines 4-6)
            for (int b = first; b <= last; ++b)
              if (!resident(r, b))
                upload_now(r, b);
          return 1;
        }
        timeout = std::max({node(p).lock.wait_ahead_s(client_, sg::Engine::get_clock()), 0.25 * predicted,
                            kControlMessageCheck_s});
      }
      if (w_.wait_grant(procs_[static_cast<std::size_t>(p)], client_, sc_.ciode.replacement ? timeout : -1.0))
        break;
    }
  }
  rec.wait_s += sg::Engine::get_clock() - t_wait0;
  if (lost()) {
    w_.delay(sc_.fault_timeout_s); // the requester notices the silence
    suspect(p);
    ++rec.replanned;
    return 2;
  }
  w_.delay(one_way); // the answer (or the grant) travels back
  if (coordination_ == coord::Coordination::Backoff)
    backoff_.on_success();
  try {
    return execute_remote(p, first, last, predicted, rec, qid);
  } catch (const simgrid::Exception&) {
    // The node or a link failed under the segment: its tensor is lost; release what we
    // hold (a link failure leaves the node and its lock alive; a node failure reset it) and
    // re-plan without it.
    if (node(p).lock.holds(client_))
      w_.lock_release(wp, client_, name_, qid);
    suspect(p);
    ++rec.replanned;
    return 2;
  }
}

int Requester::execute_remote(int p, int first, int last, double predicted, QueryRecord& rec, long long qid)
{
  const double one_way = control_s_[static_cast<std::size_t>(p)];

  move_tensor(p, base_.in_bytes[static_cast<std::size_t>(first)], rec);
  const double seconds = sample_seg_s(p, first, last);
  const double t0      = sg::Engine::get_clock();
  auto exec            = sg::this_actor::exec_init(seconds * w_.topology().processors[static_cast<std::size_t>(procs_[static_cast<std::size_t>(p)])].speed_flops)
                  ->set_host(node(p).host);
  exec->start();
  const coord::InvalidLockPolicy watchdog{sc_.ciode.invalid_lock_factor};
  try {
    // Only CIODE's nodes run the invalid lock; elsewhere the holder runs to completion.
    exec->wait_for(coordination_ == coord::Coordination::WaitingLock ? watchdog.deadline_s(0.0, predicted) : -1.0);
  } catch (const simgrid::TimeoutException&) {
    // Invalid lock (eq. 11): the node force-ends the query, frees the processor and
    // returns the doubled prediction; the requester re-plans with it.
    exec->cancel();
    rec.offload_s += sg::Engine::get_clock() - t0;
    ++rec.invalid_locks;
    ++rec.replanned;
    w_.lock_release(procs_[static_cast<std::size_t>(p)], client_, name_, qid, "invalid");
    penalty_[static_cast<std::size_t>(p)] *= watchdog.factor;
    w_.delay(one_way); // the node's answer travels back
    return 1;
  }
  rec.offload_s += sg::Engine::get_clock() - t0;
  rec.blocks_remote += last - first + 1;
  w_.lock_release(procs_[static_cast<std::size_t>(p)], client_, name_, qid);
  planner_->observe(p, predicted, sg::Engine::get_clock() - t0);
  return 0;
}

void Requester::run()
{
  const std::size_t P = procs_.size();
  double arrival      = 0;
  for (int q = 0; q < spec_.queries; ++q) {
    arrival = next_arrival_s(spec_.arrival, q, arrival, rng_arrival_);
    w_.wait_arrival(arrival);
    QueryRecord rec     = start_query(name_, spec_.device, model_.name(), sc_.policy, q);
    const long long qid = query_id(client_, q);
    penalty_.assign(P, 1.0);
    tensor_at_ = req_;
    attempts_  = 0;

    probe_stale_links();
    int first      = 1;
    int held_first = 1;
    bool first_plan = true;
    while (first < static_cast<int>(blocks())) {
      const auto wait = ask_waits();
      plan::Plan plan = plan_suffix(first, wait, spec_.queries - q, rec.plan_time_s);
      if (first_plan) { // the target and upload order steer the uploader
        shared_->upload_order = plan.upload_order;
        shared_->new_plan->release();
        first_plan = false;
      }
      // give up offloading the rest after too many re-plans (CIODE) or conflicts (M-BEB)
      if (rec.replanned >= sc_.ciode.max_replans || attempts_ >= sc_.mbeb.max_attempts)
        std::fill(plan.assignment.begin(), plan.assignment.end(), req_);
      // run segments until one asks for a re-plan
      bool replan = false;
      while (first < static_cast<int>(blocks()) && !replan) {
        if (local(tensor_at_))
          held_first = first; // the requester holds the input of block `first`
        const int p = plan.assignment[static_cast<std::size_t>(first)];
        int last    = first;
        while (last + 1 < static_cast<int>(blocks()) && plan.assignment[static_cast<std::size_t>(last + 1)] == p)
          ++last;
        try {
          int outcome = 0;
          if (local(p))
            run_local_segment(p, first, last, rec, qid);
          else
            outcome = run_remote_segment(p, first, last, rec, qid);
          if (outcome == 0) {
            first = last + 1;
          } else if (outcome == 1) {
            replan = true;
            move_tensor(req_, base_.in_bytes[static_cast<std::size_t>(first)], rec);
          } else {
            throw NodeLost{};
          }
        } catch (const std::exception& e) {
          // A failure lost the tensor on a node (NodeLost, or SimGrid's host/network
          // failure while moving it): restart from the last tensor the requester holds.
          if (dynamic_cast<const NodeLost*>(&e) == nullptr && dynamic_cast<const simgrid::Exception*>(&e) == nullptr)
            throw;
          if (!local(tensor_at_))
            suspect(tensor_at_);
          tensor_at_ = req_;
          first      = held_first;
          replan     = true;
        }
      }
    }
    move_tensor(req_, base_.out_bytes.back(), rec);
    rec.end_s = sg::Engine::get_clock();
    w_.records().queries.push_back(rec);
  }
  // Uploads serve queries; with none left, an upload in flight is abandoned.
  shared_->done = true;
  if (shared_->uploader)
    shared_->uploader->kill();
}

void Requester::run_uploader()
{
  // Uploads blocks one at a time, always the first of the latest order that is neither
  // resident nor in flight: a new plan re-orders what is left.
  while (true) {
    const plan::UploadItem* next = nullptr;
    for (const auto& item : shared_->upload_order)
      if (!resident(item.processor, item.block) && !suspected(item.processor) &&
          !shared_->in_flight[static_cast<std::size_t>(item.block)][static_cast<std::size_t>(item.processor)]) {
        next = &item;
        break;
      }
    if (next == nullptr) {
      if (shared_->done)
        return;
      shared_->new_plan->acquire();
      if (shared_->done)
        return;
      continue;
    }
    const plan::UploadItem item = *next;
    shared_->in_flight[static_cast<std::size_t>(item.block)][static_cast<std::size_t>(item.processor)] = 1;
    try {
      upload_now(item.processor, item.block);
    } catch (const simgrid::Exception&) {
      suspect(item.processor); // the target or a link failed: the upload starts again later
    }
    shared_->in_flight[static_cast<std::size_t>(item.block)][static_cast<std::size_t>(item.processor)] = 0;
    if (shared_->done)
      return;
  }
}

} // namespace

QueryRecord start_query(const std::string& requester, const std::string& device, const std::string& model,
                        const std::string& policy, int index)
{
  QueryRecord rec;
  rec.requester = requester;
  rec.device    = device;
  rec.model     = model;
  rec.policy    = policy;
  rec.index     = index;
  rec.start_s   = sg::Engine::get_clock();
  return rec;
}

long long query_id(coord::ClientId client, int index)
{
  return static_cast<long long>(client) * 100000000LL + index;
}

double next_arrival_s(const ArrivalSpec& arrival, int index, double previous_s, Rng& rng)
{
  if (index == 0) // a Poisson process's first event also comes after an exponential gap
    return arrival.kind == Arrival::Poisson ? arrival.start_s + rng.exponential(arrival.rate_per_s) : arrival.start_s;
  switch (arrival.kind) {
    case Arrival::BackToBack: return 0.0; // as soon as the previous query ends
    case Arrival::Period: return arrival.start_s + index * arrival.period_s;
    case Arrival::Poisson: return previous_s + rng.exponential(arrival.rate_per_s);
  }
  return 0.0;
}

void start_requester(World& world, const RequesterSpec& spec, int requester_index, coord::ClientId client)
{
  auto agent = std::make_shared<Requester>(world, spec, requester_index, client);
  auto* host = world.processor(world.cpu_of(spec.device)).host;
  const std::string name = spec.device + "/r" + std::to_string(requester_index);
  sg::Actor::create(name, host, [agent] { agent->run(); });
  agent->set_uploader(sg::Actor::create(name + "/uploader", host, [agent] { agent->run_uploader(); }));
}

} // namespace ciodesim::runtime
