// What a requester knows when it plans: probed links, the W its locks announce, and the
// planner's input assembled from them (PlanInput), with the planning time charged to its CPU.
#include "sim/runtime/network_view.hpp"
#include "sim/runtime/requester.hpp"

#include <simgrid/Exception.hpp>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <cmath>
#include <limits>

namespace ciodesim::runtime {
namespace {

// A measured duration as a real clock reads it (1 ns resolution): the same transfer
// measured at different simulated times then gives the same number.
double round_ns(double duration_s)
{
  return std::round(duration_s * 1e9) / 1e9;
}

} // namespace

void Requester::probe_stale_links()
{
  // Nothing stale: nothing to probe, and no slot is probing (a probe in flight leaves its
  // estimate stale until it ends), so the mutex is not needed (two simcalls per query).
  {
    const double now = sg::Engine::get_clock();
    bool stale       = false;
    for (double last_s : last_probe_s_)
      stale = stale || !(now - last_s < sc_.probe_interval_s);
    if (!stale)
      return;
  }
  const std::unique_lock<sg::Mutex> guard(*shared_->probing);
  const auto& topo = w_.topology();
  const double now = sg::Engine::get_clock();
  bool probed      = false;
  for (std::size_t d = 0; d < candidate_devices_.size(); ++d) {
    if (now - last_probe_s_[d] < sc_.probe_interval_s)
      continue;
    if (!shared_->reachable_candidate.empty() && !shared_->reachable_candidate[d])
      continue; // out of wireless reach: nothing to probe

    const auto [first, last] = candidate_plan_range_[d];
    bool all_suspected       = true;
    for (int p = first; p < last; ++p)
      all_suspected = all_suspected && suspected(p);
    if (all_suspected) // it failed lately: probed again once the suspicion is over
      continue;
    const int target = topo.devices[static_cast<std::size_t>(candidate_devices_[d])].processors.front();
    try {
      double t0 = sg::Engine::get_clock();
      w_.transfer(procs_[req_], target, sc_.probe.ping_bytes, procs_[req_]);
      const double ping_s = round_ns(sg::Engine::get_clock() - t0);
      t0 = sg::Engine::get_clock();
      w_.transfer(procs_[req_], target, sc_.probe.probe_bytes, procs_[req_]);
      const double probe_s = round_ns(sg::Engine::get_clock() - t0);
      device_estimates_[d] = cost::estimate_from_probe(sc_.probe, ping_s, probe_s);
      last_probe_s_[d]     = sg::Engine::get_clock();
      probed               = true;
    } catch (const Unreachable&) {
      // No answer, or the probe broke off: the requester's own CPU, or the device is left
      // out of plans for a while (its last estimate stays).
      check_alive();
      suspect_device(d);
    }
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
  // Suspected nodes are not asked. A node whose question or answer is lost (it or a link is
  // down) keeps the round waiting until its round trip + faults.timeout_s, then is suspected.
  const std::size_t P = procs_.size();
  double one_way      = 0;
  for (std::size_t p = 0; p < P; ++p)
    if (!local(static_cast<int>(p)) && !suspected(static_cast<int>(p)))
      one_way = std::max(one_way, control_s_[p]);
  w_.delay(one_way);
  std::vector<double> wait(P, 0.0);
  std::vector<int> silent;
  double round_s   = 2 * one_way;
  const double now = sg::Engine::get_clock();
  for (std::size_t p = 0; p < P; ++p) {
    const int pi = static_cast<int>(p);
    if (!local(pi) && (suspected(pi) || !w_.reachable(procs_[req_], procs_[p]))) {
      if (!suspected(pi)) {
        silent.push_back(pi);
        round_s = std::max(round_s, 2 * control_s_[p] + sc_.fault_timeout_s);
      }
      continue;
    }
    wait[p] = node(pi).lock.estimated_wait_s(now);
  }
  w_.delay(one_way);
  if (round_s > 2 * one_way)
    w_.delay(round_s - 2 * one_way);
  for (int p : silent)
    suspect(p);
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
  const Timed timed(plan_time_s);
  if (flops > 0)
    w_.execute(procs_[req_], flops);
  activity_.busy_s[static_cast<std::size_t>(req_)] += sg::Engine::get_clock() - t0; // planning keeps the CPU busy
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
  in.requester           = req_;
  in.remaining_queries   = remaining_queries; // an oracle: read only by upload_weight = "remaining"
  in.observed_rate_per_s = shared_->observed_rate_per_s();
  in.slots               = spec_.max_in_flight;
  in.s_per_byte        = base_.s_per_byte;
  in.latency_s         = base_.latency_s;
  in.power             = base_.power;
  in.wait_s.assign(P, 0.0);
  in.local.assign(local_.begin(), local_.end());
  in.utilization.assign(P, 0.0);
  in.load_factor.assign(P, 1.0);
  in.reachable.assign(shared_->reachable.begin(), shared_->reachable.end()); // empty unless mobile
  const int owner = w_.owner_of(client_);
  for (std::size_t p = 0; p < P; ++p) {
    if (policy_.observes.wait) // the requester's own processors included: it sees its own queue
      in.wait_s[p] = wait_s[p];
    if (policy_.observes.utilization && !local_[p])
      in.utilization[p] = w_.utilization(procs_[p], statistics_window_s_, owner);
    if (policy_.observes.server_load && !local_[p])
      in.load_factor[p] = w_.load_factor(procs_[p], statistics_window_s_);
    if (policy_.observes.true_load && !local_[p]) { // ORACLE (loadpart-oracle): the truth, no RPC
      in.wait_s[p]      = w_.true_wait_s(procs_[p]);
      in.load_factor[p] = w_.true_slowdown(procs_[p]);
    }
  }
  in.exec_s.resize(nb);
  in.resident.resize(nb);
  in.in_bytes.assign(1, 0.0);
  in.out_bytes.assign(1, base_.in_bytes[static_cast<std::size_t>(first_block)]);
  in.param_bytes.assign(1, 0.0);
  in.codec = base_.codec; // its flags follow the blocks below
  if (in.codec.active())
    in.codec.compressed.assign(1, 0);
  in.exec_s[0].assign(P, 0.0);
  in.resident[0].assign(P, 1);
  usable_.resize(P);
  for (std::size_t p = 0; p < P; ++p) // once per plan, not per block (each asks the clock)
    usable_[p] = usable(static_cast<int>(p)) ? 1 : 0;
  for (std::size_t b = static_cast<std::size_t>(first_block), i = 1; b < blocks(); ++b, ++i) {
    auto& exec = in.exec_s[i];
    exec.assign(base_.exec_s[b].begin(), base_.exec_s[b].end());
    for (std::size_t p = 0; p < P; ++p)
      exec[p] = usable_[p] != 0 ? exec[p] * penalty_[p] : std::numeric_limits<double>::infinity();
    in.in_bytes.push_back(base_.in_bytes[b]);
    in.out_bytes.push_back(base_.out_bytes[b]);
    in.param_bytes.push_back(base_.param_bytes[b]);
    if (in.codec.active())
      in.codec.compressed.push_back(base_.codec.compressed[b]);
    auto& res = in.resident[i];
    res.resize(P);
    for (std::size_t p = 0; p < P; ++p)
      res[p] = resident(static_cast<int>(p), static_cast<int>(b));
  }
  const auto started    = std::chrono::steady_clock::now();
  const std::size_t ops0 = planner_.ops();
  plan::Plan plan       = planner_.plan(in);
  const double measured = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  charge_planning(planner_.ops() - ops0, measured, plan_time_s);
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

} // namespace ciodesim::runtime
