// The requester's query loop: segments of a plan run locally or, through the policy's
// coordination protocol, on a node; failures restart from the last tensor held.
#include "sim/runtime/requester.hpp"

#include "sim/cost/codec.hpp"
#include "sim/plan/model_blocks.hpp"

#include <fmt/format.h>
#include <simgrid/Exception.hpp>
#include <xbt/log.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

XBT_LOG_NEW_DEFAULT_CATEGORY(ciodesim_requester, "ciodesim: requester actors (offloading queries)");

namespace ciodesim::runtime {
Requester::Requester(World& world, const RequesterSpec& spec, int index, int slot, std::shared_ptr<Shared> shared)
    : w_(world)
    , sc_(world.scenario())
    , spec_(spec)
    , model_(*sc_.models.at(spec.model))
    , name_(spec.device + "/r" + std::to_string(index))
    , index_(index)
    , slot_(slot)
    , client_name_(slot == 0 ? name_ : name_ + "#" + std::to_string(slot))
    , client_(world.add_client(client_name_, world.owner_of_requester(index)))
    , req_(0) // plan index: the requester's cpu comes first in procs_
    , req_dev_(world.topology().device_index(spec.device))
    , shared_(std::move(shared))
    , rng_exec_(shared_->rng_exec)
    , base_(shared_->base)
    , policy_(policy::find_policy(sc_.policy))
    , device_estimates_(shared_->device_estimates)
    , last_probe_s_(shared_->last_probe_s)
    , planner_(*shared_->planner)
{
  // Each slot backs off on its own stream (slot 0's is the requester's).
  std::uint64_t backoff_seed = Rng::stream_seed(sc_.seed, sc_.run_index, Purpose::Backoff, static_cast<std::uint64_t>(index));
  if (slot > 0)
    backoff_seed = Rng::derive_seed(backoff_seed, static_cast<std::uint64_t>(slot));
  protocol_ = make_protocol(policy_.protocol, sc_.params, backoff_seed);
  if (!policy_.observes.window_param.empty())
    statistics_window_s_ = sc_.params.number(policy_.observes.window_param);
  const auto& topo = w_.topology();
  // The processors this requester plans over: its own device's, then its candidates'.
  candidate_devices_ = w_.candidate_devices(req_dev_, sc_.candidates);
  procs_             = topo.devices[static_cast<std::size_t>(req_dev_)].processors;
  for (int dev : candidate_devices_) {
    const int first = static_cast<int>(procs_.size());
    for (int p : topo.devices[static_cast<std::size_t>(dev)].processors)
      procs_.push_back(p);
    candidate_plan_range_.emplace_back(first, static_cast<int>(procs_.size()));
  }
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
    residency_.push_back(&w_.residency(p, model_.name(), model_.blocks().size()));
  }
  if (slot == 0) { // the requester-wide planning view, shared by its slots
    for (int p : procs_)
      base_.processors.push_back(topo.processors[static_cast<std::size_t>(p)].name);
    base_.requester = req_;
    plan::fill_blocks(base_, model_, layer_pred);
    std::vector<cost::CodecCost> codec_cost;
    std::vector<int> device;
    for (int p : procs_) {
      codec_cost.push_back(cost::int8_codec_cost(topo.processors[static_cast<std::size_t>(p)].kind == platform::ProcessorKind::Gpu));
      device.push_back(topo.device_of(p));
    }
    plan::set_compression(base_, sc_.compression, codec_cost, device);
    // Per candidate, not per platform device: a requester knows only the nodes it may use.
    device_estimates_.assign(candidate_devices_.size(), cost::ProbeEstimate{});
    last_probe_s_.assign(candidate_devices_.size(), -std::numeric_limits<double>::infinity());
    shared_->in_flight.assign(model_.blocks().size(), std::vector<char>(P, 0));
    shared_->suspected_until.assign(P, -1.0);
  }
  // Energy figures of the requester's device: its processors are plan indices 0..n-1.
  const auto& device = topo.devices[static_cast<std::size_t>(req_dev_)];
  has_power_         = device.has_radio_power;
  for (int p : device.processors) {
    const auto& proc = topo.processors[static_cast<std::size_t>(p)];
    has_power_       = has_power_ && proc.has_power;
    power_.processors.push_back({proc.idle_w, proc.busy_w});
  }
  power_.radio_idle_w = device.radio_idle_w;
  power_.radio_busy_w = device.radio_busy_w;
  if (slot == 0 && has_power_) { // what energy objectives plan with: the device's own figures
    base_.power.idle_w = power_.idle_w();
    base_.power.exec_extra_w.assign(P, 0.0);
    for (std::size_t p = 0; p < power_.processors.size(); ++p)
      base_.power.exec_extra_w[p] = power_.processors[p].busy_w - power_.processors[p].idle_w;
    base_.power.radio_extra_w = power_.radio_busy_w - power_.radio_idle_w;
    for (int p : procs_) // the same rule as crosses_radio: a transfer between devices crosses it
      base_.power.device.push_back(topo.device_of(p));
  }
  predicted_prefix_s_.assign(P, std::vector<double>(base_.blocks() + 1, 0.0));
  for (std::size_t p = 0; p < P; ++p)
    for (std::size_t b = 0; b < base_.blocks(); ++b)
      predicted_prefix_s_[p][b + 1] = predicted_prefix_s_[p][b] + base_.exec_s[b][p];
}

double Requester::hold_predicted_s(int p, int first, double exec_predicted_s) const
{
  if (local(p)) // the tensor moves before the request, and no message travels
    return exec_predicted_s;
  return control_s_[static_cast<std::size_t>(p)] +
         base_.tensor_s(tensor_at_, p, static_cast<std::size_t>(first)) + exec_predicted_s;
}

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

bool Requester::crosses_radio(int from, int to) const
{
  if (local(from) != local(to))
    return true; // one end on the requester's device, the other beyond its access link
  return !local(from) &&
         w_.relayed(procs_[static_cast<std::size_t>(from)], procs_[static_cast<std::size_t>(to)], procs_[req_]);
}

void Requester::move_tensor(int to, std::size_t block, QueryRecord& rec)
{
  if (tensor_at_ == to)
    return;
  const int from = tensor_at_;
  // An int8-compressed tensor (plan_input.hpp's TensorCodec): quantised on the sender and
  // dequantised on the receiver, each an execution on that processor (part of the transfer).
  const bool codec      = base_.compressed(from, to, block);
  const double elements = codec ? base_.in_bytes[block] / cost::kFloat32Bytes : 0.0;
  auto run_codec        = [&](int p, double s_per_element) {
    const int wp    = procs_[static_cast<std::size_t>(p)];
    const double t0 = sg::Engine::get_clock();
    w_.execute(wp, elements * s_per_element * w_.topology().processors[static_cast<std::size_t>(wp)].speed_flops);
    if (static_cast<std::size_t>(p) < activity_.busy_s.size())
      activity_.busy_s[static_cast<std::size_t>(p)] += sg::Engine::get_clock() - t0;
  };
  const Timed timed(rec.part_transfer_s);
  if (codec)
    run_codec(from, base_.codec.quantize_s_per_element[static_cast<std::size_t>(from)]);
  const double t0 = sg::Engine::get_clock();
  rec.transfer_bytes += w_.transfer(procs_[static_cast<std::size_t>(from)], procs_[static_cast<std::size_t>(to)],
                                    base_.tensor_bytes(from, to, block), procs_[req_]);
  if (crosses_radio(from, to))
    activity_.radio_s += sg::Engine::get_clock() - t0;
  tensor_at_ = to;
  if (codec)
    run_codec(to, base_.codec.dequantize_s_per_element[static_cast<std::size_t>(to)]);
}

void Requester::record_energy(QueryRecord& rec)
{
  if (!has_power_)
    return;
  activity_.latency_s    = rec.end_s - rec.arrival_s;
  const auto energy      = cost::query_energy(power_, activity_);
  rec.has_energy         = true;
  rec.energy_compute_j   = energy.compute_j;
  rec.energy_idle_j      = energy.idle_j;
  rec.energy_radio_j     = energy.radio_j;
}

SegmentOutcome Requester::run_local_segment(int p, int first, int last, QueryRecord& rec, long long qid)
{
  move_tensor(p, static_cast<std::size_t>(first), rec);
  const double predicted = seg_predicted_s(p, first, last);
  const int wp           = procs_[static_cast<std::size_t>(p)];
  try {
    const auto answer = w_.lock_request(wp, client_, client_name_, qid, predicted);
    if (!answer.granted) { // queued behind other work on the requester's own processor
      const Timed timed(rec.part_wait_s);
      if (!w_.wait_grant(wp, client_, -1))
        throw Unreachable(w_.processor_name(wp) + " failed while the query was queued");
    }
    const double seconds = sample_seg_s(p, first, last);
    {
      const double t0 = sg::Engine::get_clock();
      const Timed timed(rec.local_s);
      w_.execute(wp, seconds * w_.topology().processors[static_cast<std::size_t>(wp)].speed_flops);
      activity_.busy_s[static_cast<std::size_t>(p)] += sg::Engine::get_clock() - t0;
    }
  } catch (const Unreachable&) {
    // One of the device's own processors failed (its lock was reset): the requester's CPU
    // means the query is lost, another one (a GPU) is left out and the rest re-planned.
    check_alive();
    return segment_lost(p, wp, rec, qid);
  }
  w_.lock_release(wp, client_, client_name_, qid);
  return SegmentOutcome::Done;
}

int Requester::replacement_for(int p, int first, int last, double predicted, double margin_s)
{
  const auto wait  = ask_waits();
  const double now = sg::Engine::get_clock();
  if (!node(p).lock.queued(client_))
    return -1; // granted meanwhile, or the node failed and its queue is gone
  const auto in_block = static_cast<std::size_t>(first), out_block = static_cast<std::size_t>(last) + 1;
  coord::Candidate current{p, node(p).lock.wait_ahead_s(client_, now), 0.0, predicted,
                           base_.tensor_s(req_, p, in_block) + base_.tensor_s(p, req_, out_block)};
  std::vector<coord::Candidate> others;
  for (std::size_t r = 0; r < procs_.size(); ++r) {
    const int ri = static_cast<int>(r);
    if (ri == p || !reachable(ri))
      continue;
    coord::Candidate c{ri, local(ri) ? 0.0 : wait[r], 0.0, seg_predicted_s(ri, first, last), 0.0};
    if (!local(ri)) {
      for (int b = first; b <= last; ++b)
        if (!resident(ri, b))
          c.upload_s += base_.upload_s(ri, b);
      c.transfer_s = base_.tensor_s(req_, ri, in_block) + base_.tensor_s(ri, req_, out_block);
    }
    others.push_back(c);
  }
  const int choice = coord::choose_replacement(current, others, margin_s);
  return choice < 0 ? -1 : others[static_cast<std::size_t>(choice)].processor;
}

SegmentOutcome Requester::segment_lost(int p, int wp, QueryRecord& rec, long long qid)
{
  w_.lock_leave(wp, client_, client_name_, qid);
  suspect(p);
  ++rec.replanned;
  return SegmentOutcome::NodeLost;
}

SegmentOutcome Requester::run_remote_segment(int p, int first, int last, QueryRecord& rec, long long qid)
{
  const double one_way   = control_s_[static_cast<std::size_t>(p)];
  const double predicted = seg_predicted_s(p, first, last);
  const int wp           = procs_[static_cast<std::size_t>(p)];
  // No answer (the node or a link is down): the requester gives up after a timeout and
  // suspects the node.
  auto no_answer = [&](double noticed_after_s) {
    const Timed timed(rec.part_control_s);
    w_.delay(noticed_after_s);
    return segment_lost(p, wp, rec, qid); // a link failed: the node still has our entry
  };
  if (!w_.reachable(procs_[req_], wp))
    return no_answer(2 * one_way + sc_.fault_timeout_s);
  // A protocol without reservations (FIFO) sends the tensor with the request: it queues at the
  // node while the processor finishes others' work, so device, link and node form a pipeline.
  // With a reservation (waiting lock, backoff) the request travels alone and the tensor
  // follows the grant.
  const bool with_data = protocol_->data_with_request();
  const int from       = tensor_at_;
  if (with_data) {
    move_tensor(p, static_cast<std::size_t>(first), rec); // a failure: Unreachable
  } else {
    {
      const Timed timed(rec.part_control_s);
      w_.delay(one_way); // the request travels to the node
    }
    if (!w_.reachable(procs_[req_], wp)) // it failed while the request travelled
      return no_answer(one_way + sc_.fault_timeout_s);
  }
  if (!w_.up(wp)) // it failed as the tensor arrived
    return no_answer(sc_.fault_timeout_s);
  const double t_wait0 = sg::Engine::get_clock();
  double true_mean_s   = 0; // ORACLE bookkeeping (true_load.cpp): what this segment will truly need
  for (int b = first; b <= last; ++b)
    true_mean_s += truth_[static_cast<std::size_t>(p)][static_cast<std::size_t>(b)].mean_s();
  w_.note_true_work(wp, client_, true_mean_s, false);
  const auto answer    = w_.lock_request(wp, client_, client_name_, qid,
                                         with_data ? predicted : hold_predicted_s(p, first, predicted));
  if (!answer.granted) {
    const Timed timed(rec.part_wait_s);
    PendingSegment pending{w_, wp, client_, client_name_, qid, predicted, one_way, t_wait0, rec,
                           [&](double margin_s) { return replacement_for(p, first, last, predicted, margin_s); },
                           [&](int r) {
                             if (!local(r))
                               for (int b = first; b <= last; ++b)
                                 if (!resident(r, b)) {
                                   const double t0 = sg::Engine::get_clock();
                                   upload_now(r, b);
                                   activity_.radio_s += sg::Engine::get_clock() - t0;
                                 }
                           }};
    if (protocol_->wait_for_grant(pending) == SegmentOutcome::Replan)
      return SegmentOutcome::Replan;
  }
  // the node failed while we were queued (its queue is gone), or the grant cannot reach us
  if (!w_.up(wp) || !(node(p).lock.holds(client_) || node(p).lock.queued(client_)) ||
      !w_.reachable(procs_[req_], wp))
    return no_answer(sc_.fault_timeout_s); // the requester notices the silence
  if (!with_data) {
    const Timed timed(rec.part_control_s);
    w_.delay(one_way); // the answer (or the grant) travels back
  }
  protocol_->on_granted();
  try {
    return execute_remote(p, first, last, predicted, rec, qid, from);
  } catch (const Unreachable&) {
    // The node or a link failed under the segment: its tensor is lost; release what we
    // hold (a link failure leaves the node and its lock alive; a node failure reset it) and
    // re-plan without it. Unless it was the requester's own CPU that failed.
    check_alive();
    return segment_lost(p, wp, rec, qid);
  }
}

SegmentOutcome Requester::execute_remote(int p, int first, int last, double predicted, QueryRecord& rec, long long qid,
                                         int from)
{
  const double one_way = control_s_[static_cast<std::size_t>(p)];

  // Star data flow: the requester keeps a copy of an input it sends or relays; only a
  // tensor moving inside one node (cpu -> gpu) bypasses it.
  const bool requester_has_copy = local(from) || w_.relayed(procs_[static_cast<std::size_t>(from)],
                                                           procs_[static_cast<std::size_t>(p)], procs_[req_]);
  move_tensor(p, static_cast<std::size_t>(first), rec);
  const double seconds = sample_seg_s(p, first, last);
  w_.note_true_work(procs_[static_cast<std::size_t>(p)], client_, seconds, true);
  const double t0      = sg::Engine::get_clock();
  if (!node(p).host->is_on()) { // it failed while the input travelled: the answer never comes
    const Timed timed(rec.part_control_s);
    w_.delay(one_way + sc_.fault_timeout_s);
    throw Unreachable(w_.processor_name(procs_[static_cast<std::size_t>(p)]) + " is down");
  }
  auto exec = sg::this_actor::exec_init(seconds * w_.topology().processors[static_cast<std::size_t>(procs_[static_cast<std::size_t>(p)])].speed_flops)
                  ->set_host(node(p).host);
  exec->start();
  bool invalid = false;
  {
    const Timed timed(rec.offload_s);
    try {
      // Only CIODE's nodes run the invalid lock; elsewhere the holder runs to completion.
      exec->wait_for(protocol_->execution_limit_s(predicted));
    } catch (const simgrid::TimeoutException&) {
      exec->cancel();
      invalid = true;
    } catch (const simgrid::HostFailureException&) {
      throw Unreachable(w_.processor_name(procs_[static_cast<std::size_t>(p)]) + " failed during the segment");
    }
  }
  if (invalid) {
    // Invalid lock (eq. 11): the node force-ends the query, frees the processor and
    // returns the doubled prediction; the requester re-plans with it. The requester still
    // holds the segment's input (star data flow): nothing is sent back.
    ++rec.invalid_locks;
    ++rec.replanned;
    w_.lock_release(procs_[static_cast<std::size_t>(p)], client_, client_name_, qid, "invalid");
    penalty_[static_cast<std::size_t>(p)] *= protocol_->invalid_lock_factor();
    if (requester_has_copy) // re-planning resends from the requester's copy, not from the node
      tensor_at_ = req_;
    const Timed timed(rec.part_control_s);
    w_.delay(one_way); // the node's answer travels back
    return SegmentOutcome::Replan;
  }
  rec.blocks_remote += last - first + 1;
  w_.lock_release(procs_[static_cast<std::size_t>(p)], client_, client_name_, qid);
  if (policy_.observes.feedback)
    planner_.observe(p, predicted, sg::Engine::get_clock() - t0);
  return SegmentOutcome::Done;
}

QueryRecord Requester::rejected(const PendingQuery& query, const std::string& reason) const
{
  QueryRecord rec = start_query(name_, spec_.device, model_.name(), sc_.policy, query.index);
  rec.arrival_s = rec.start_s = rec.end_s = query.arrival_s;
  rec.status    = "rejected";
  rec.reason    = reason;
  return rec;
}

void Requester::run()
{
  if (spec_.arrival.kind == Arrival::BackToBack) {
    // Closed loop: a slot's next query arrives as its last one ends (the paper's client).
    while (shared_->next_index < spec_.queries) {
      const int index = shared_->next_index++;
      if (index == 0)
        w_.wait_arrival(spec_.arrival.start_s);
      shared_->note_arrival(sg::Engine::get_clock());
      serve({index, sg::Engine::get_clock()});
    }
  } else {
    while (true) {
      shared_->queued->acquire();
      if (shared_->queue.empty())
        break; // the arrivals are over
      const PendingQuery query = shared_->queue.front();
      shared_->queue.pop_front();
      serve(query);
    }
  }
  // Uploads serve queries; with none left, an upload in flight is abandoned.
  if (--shared_->slots_running == 0) {
    shared_->done = true;
    if (shared_->uploader)
      shared_->uploader->kill();
    if (shared_->mobility)
      shared_->mobility->kill();
  }
}

void Requester::run_arrivals()
{
  Rng rng(Rng::stream_seed(sc_.seed, sc_.run_index, Purpose::Arrival, static_cast<std::uint64_t>(index_)));
  double arrival = 0;
  for (int q = 0; q < spec_.queries; ++q) {
    arrival = next_arrival_s(spec_.arrival, q, arrival, rng);
    w_.wait_arrival(arrival);
    shared_->note_arrival(arrival);
    if (spec_.queue_limit > 0 && static_cast<int>(shared_->queue.size()) >= spec_.queue_limit) {
      w_.records().queries.push_back(
          rejected({q, arrival}, fmt::format("{} queries already waiting (queue_limit)", spec_.queue_limit)));
      continue;
    }
    shared_->queue.push_back({q, arrival});
    shared_->queued->release();
  }
  for (int s = 0; s < spec_.max_in_flight; ++s)
    shared_->queued->release(); // wakes every slot: an empty queue now means the end
}

void Requester::check_alive() const
{
  const int self = procs_[req_];
  if (!w_.up(self))
    throw RequesterDown(fmt::format("the requester's processor {} failed", w_.processor_name(self)));
  if (w_.failures(self) != own_failures_)
    throw RequesterDown(fmt::format("the requester's processor {} failed and restarted during the query",
                                    w_.processor_name(self)));
}

void Requester::suspect_device(std::size_t candidate)
{
  const auto [first, last] = candidate_plan_range_[candidate];
  for (int p = first; p < last; ++p)
    suspect(p);
}

void Requester::serve(const PendingQuery& query)
{
  const std::size_t P = procs_.size();
  const int q         = query.index;
  QueryRecord rec     = start_query(name_, spec_.device, model_.name(), sc_.policy, q);
  rec.arrival_s       = query.arrival_s;
  rec.part_queue_s    = rec.start_s - query.arrival_s;
  const long long qid = query_id(client_, q);
  penalty_.assign(P, 1.0);
  tensor_at_ = req_;
  protocol_->start_query();
  activity_ = cost::QueryActivity{};
  activity_.busy_s.assign(power_.processors.size(), 0.0);
  const int self = procs_[req_];
  if (!w_.up(self)) {
    // The requester's device is down: a closed loop (the device's own application) goes on
    // when it is back; a query of an open stream (or any, after a permanent fault) is lost.
    const bool permanent = !std::isfinite(w_.recovery_s(self));
    bool back            = false;
    if (spec_.arrival.kind == Arrival::BackToBack && !permanent) {
      const Timed timed(rec.part_queue_s);
      back = w_.await_recovery(self);
    }
    if (!back) {
      rec.status = "failed";
      rec.reason = fmt::format("the requester's processor {} was down{}", w_.processor_name(self),
                               permanent ? " (a permanent fault)" : "");
    }
  }
  if (rec.status != "failed") {
    own_failures_ = w_.failures(self);
    try {
      run_query(rec, qid);
    } catch (const RequesterDown& e) {
      rec.status = "failed";
      rec.reason = e.what();
      for (int p : procs_) // what the query held or waited for is given up
        w_.lock_leave(p, client_, client_name_, qid);
    }
  }
  rec.end_s         = sg::Engine::get_clock();
  rec.part_local_s  = rec.local_s;
  rec.part_remote_s = rec.offload_s;
  rec.part_plan_s   = rec.plan_time_s;
  record_energy(rec);
  w_.records().queries.push_back(std::move(rec));
}

void Requester::run_query(QueryRecord& rec, long long qid)
{
  const int q = rec.index;
  if (policy_.observes.links) {
    const Timed timed(rec.part_probe_s);
    probe_stale_links();
  }
  activity_.radio_s += rec.part_probe_s; // probes are transfers from the requester
  check_alive();
  int first       = 1;
  int held_first  = 1; // the requester's CPU holds the input of this block (star data flow)
  bool first_plan = true;
  // A failure loses the tensor on a node (NodeLost, or a transfer or execution that could
  // not finish): restart from the last tensor the requester holds. Every failure counts as a
  // re-plan, so after max_replans the rest runs locally: the loop ends.
  auto restart = [&] {
    if (!local(tensor_at_))
      suspect(tensor_at_);
    tensor_at_ = req_;
    first      = held_first;
  };
  while (true) {
    while (first < static_cast<int>(blocks())) {
      std::vector<double> wait(procs_.size(), 0.0);
      if (policy_.observes.wait) { // only a policy that reads W asks the locks for it
        const Timed timed(rec.part_control_s);
        wait = ask_waits();
      }
      check_alive();
      plan::Plan plan;
      try {
        plan = plan_suffix(first, wait, spec_.queries - q, rec.plan_time_s);
      } catch (const Unreachable& e) { // planning runs on the requester's CPU: it failed
        check_alive();
        throw RequesterDown(e.what());
      }
      if (first_plan) { // the target and upload order steer the uploader
        // a cold start: the plan wants layers elsewhere and none of them is there yet
        // (layers with parameters: a parameterless one is trivially "there")
        bool wants_remote = false, holds_some = false;
        for (int b = first; b < static_cast<int>(blocks()); ++b) {
          const int t = plan.target[static_cast<std::size_t>(b)];
          if (!local(t) && base_.param_bytes[static_cast<std::size_t>(b)] > 0) {
            wants_remote = true;
            holds_some   = holds_some || resident(t, b);
          }
        }
        rec.cold_start        = wants_remote && !holds_some;
        shared_->upload_order = plan.upload_order;
        shared_->planned      = true;
        bool to_upload = false;
        for (const auto& item : plan.upload_order)
          to_upload = to_upload || !resident(item.processor, item.block);
        if (to_upload && shared_->upload_complete_noted) { // something new to upload: not complete (any more)
          w_.records().upload_complete_s.erase(name_);
          shared_->upload_complete_noted = false;
        }
        // An idle uploader woken for an order that is all resident would only note that, at
        // this instant: do it here (a wake-up per query is a context switch per query).
        if (to_upload || !shared_->uploader_idle)
          shared_->new_plan->release();
        else
          note_upload_complete();
        first_plan = false;
      }
      // give up offloading the rest after too many re-plans (CIODE) or conflicts (M-BEB)
      if (protocol_->gives_up(rec))
        std::fill(plan.assignment.begin(), plan.assignment.end(), req_);
      // run segments until one asks for a re-plan
      bool replan = false;
      while (first < static_cast<int>(blocks()) && !replan) {
        if (tensor_at_ == req_)
          held_first = first;
        const int p = plan.assignment[static_cast<std::size_t>(first)];
        int last    = first;
        while (last + 1 < static_cast<int>(blocks()) && plan.assignment[static_cast<std::size_t>(last + 1)] == p)
          ++last;
        try {
          const SegmentOutcome outcome =
              local(p) ? run_local_segment(p, first, last, rec, qid) : run_remote_segment(p, first, last, rec, qid);
          switch (outcome) {
            case SegmentOutcome::Done: first = last + 1; break;
            case SegmentOutcome::Replan:
              replan = true;
              move_tensor(req_, static_cast<std::size_t>(first), rec);
              break;
            case SegmentOutcome::NodeLost:
              restart(); // the segment counted its re-plan
              replan = true;
              break;
          }
        } catch (const Unreachable&) { // moving the tensor failed: either end may be down
          check_alive();
          ++rec.replanned;
          if (p != req_)
            suspect(p);
          restart();
          replan = true;
        }
        check_alive();
      }
    }
    try {
      move_tensor(req_, blocks(), rec); // the output comes home
      break;
    } catch (const Unreachable&) {
      check_alive();
      ++rec.replanned;
      restart();
    }
  }
  check_alive(); // the device failed and came back meanwhile: its query is gone
}

void start_requester(World& world, const RequesterSpec& spec, int requester_index)
{
  const auto& sc = world.scenario();
  auto shared    = std::make_shared<Shared>();
  shared->planner  = policy::find_policy(sc.policy).make_planner(sc.params);
  shared->rng_exec = Rng(Rng::stream_seed(sc.seed, sc.run_index, Purpose::Exec, static_cast<std::uint64_t>(requester_index)));
  auto* host             = world.actor_host(world.cpu_of(spec.device)); // alive through its device's faults
  const std::string name = spec.device + "/r" + std::to_string(requester_index);
  std::vector<std::shared_ptr<Requester>> slots;
  for (int s = 0; s < spec.max_in_flight; ++s)
    slots.push_back(std::make_shared<Requester>(world, spec, requester_index, s, shared));
  shared->slots_running = spec.max_in_flight;
  slots.front()->self   = slots.front();
  // Mobility first: its position at time 0 (association, reach, access rate) is in place
  // before the first query plans. Stopped (like the uploader) when the last query ends.
  if (sc.mobility.enabled)
    shared->mobility = sg::Actor::create(name + "/mobility", host, [slot = slots.front()] { slot->run_mobility(); });
  for (int s = 0; s < spec.max_in_flight; ++s) {
    auto slot = slots[static_cast<std::size_t>(s)];
    sg::Actor::create(s == 0 ? name : name + "#" + std::to_string(s), host, [slot] { slot->run(); });
  }
  if (spec.arrival.kind != Arrival::BackToBack)
    sg::Actor::create(name + "/arrivals", host, [slot = slots.front()] { slot->run_arrivals(); });
  shared->uploader = sg::Actor::create(name + "/uploader", host, [slot = slots.front()] { slot->run_uploader(); });
}

} // namespace ciodesim::runtime
