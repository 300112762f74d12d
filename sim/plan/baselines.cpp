#include "sim/plan/baselines.hpp"

#include "sim/cost/codec.hpp"

#include "sim/plan/ciode.hpp"
#include "sim/plan/dads.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ciodesim::plan {
namespace {

// Shared by the single-server baselines: the server is chosen on the first query.
class SingleServer : public Planner {
public:
  explicit SingleServer(std::string pinned) : pinned_(std::move(pinned)) {}

protected:
  // The plan when no remote processor exists: everything on the requester.
  static Plan all_local(const PlanInput& in)
  {
    Plan plan;
    plan.assignment.assign(in.blocks(), in.requester);
    plan.target              = plan.assignment;
    plan.predicted_latency_s = plan.target_latency_s = assignment_latency_s(in, plan.assignment);
    return plan;
  }

  int server(const PlanInput& in)
  {
    // Under mobility the server leaves reach (a handoff) or one comes into reach after none
    // was: choose again, as a client does at its new edge server.
    const bool lost  = server_ >= 0 && server_ != in.requester && !in.is_reachable(server_);
    const bool found = server_ == in.requester && !in.reachable.empty();
    if (server_ < 0 || lost || found) {
      const int chosen = best_single_server(in, &ops_, pinned_);
      if (server_ >= 0 && chosen != server_)
        new_server();
      server_ = chosen;
    }
    return server_;
  }
  // A new server after a handoff: per-server state starts again (IONN: a cold start).
  virtual void new_server() {}
  int server_ = -1;
  std::string pinned_;
};

class AllAtOnce : public SingleServer {
public:
  using SingleServer::SingleServer;
  Plan plan(const PlanInput& in) override
  {
    const int s = server(in);
    if (s == in.requester)
      return all_local(in);
    Plan plan;
    plan.target.assign(in.blocks(), in.requester);
    plan.assignment.assign(in.blocks(), in.requester);
    const PlanInput pair = pair_input(in, s);
    plan.target = lift(shortest_assignment(pair, 0.0, plan.target_latency_s, &ops_), in, s);
    bool whole_model = true;
    for (std::size_t b = 1; b < in.blocks(); ++b) {
      whole_model = whole_model && in.resident[b][static_cast<std::size_t>(s)];
      if (!in.resident[b][static_cast<std::size_t>(s)]) // every block, front to back
        plan.upload_order.push_back({static_cast<int>(b), s, 0, 0.0});
    }
    if (whole_model)
      plan.assignment = lift(shortest_assignment(pair, -1.0, plan.predicted_latency_s, &ops_), in, s);
    else
      plan.predicted_latency_s = assignment_latency_s(in, plan.assignment);
    return plan;
  }
};

} // namespace

double queueing_factor(double utilization)
{
  return 1.0 / (1.0 - std::clamp(utilization, 0.0, kMaxUtilization));
}

namespace {

// Enhanced IONN: the final block set F is the two-processor plan with upload cost weighted
// by 1 - k (k = 0.999). Contiguous ranges of F are scored by the latency they save per
// second of upload, and taken greedily; the upload order is fixed on the first query. Each
// query runs the best plan among uploaded blocks. PerDNN: the same partitioning with the
// server's times scaled by queueing_factor(its recent utilisation by others), re-read per query.
class EnhancedIonn : public SingleServer {
public:
  EnhancedIonn(const IonnParams& params, bool load_aware)
      : SingleServer(params.server), params_(params), load_aware_(load_aware)
  {
  }

  Plan plan(const PlanInput& in) override
  {
    const int s = server(in);
    if (s == in.requester)
      return all_local(in);
    Plan plan;
    PlanInput pair = pair_input(in, s);
    if (load_aware_ && !pair.utilization.empty()) {
      const double factor = queueing_factor(pair.utilization[1]);
      for (auto& row : pair.exec_s)
        row[1] *= factor;
    }
    if (!planned_) {
      upload_plan(pair);
      planned_ = true;
    }
    plan.assignment = lift(shortest_assignment(pair, -1.0, plan.predicted_latency_s, &ops_), in, s);
    plan.target     = target_;
    plan.target_latency_s = target_latency_s_;
    for (int b : order_)
      if (!in.resident[static_cast<std::size_t>(b)][static_cast<std::size_t>(s)])
        plan.upload_order.push_back({b, s, 0, 0.0});
    return plan;
  }

private:
  void upload_plan(const PlanInput& pair)
  {
    const std::size_t blocks = pair.blocks();
    std::vector<int> final_set = shortest_assignment(pair, 1.0 - params_.k, target_latency_s_, &ops_);
    target_ = lift(final_set, pair, server_);
    PlanInput work = pair;
    double current = 0;
    shortest_assignment(work, -1.0, current, &ops_);
    auto remaining = [&](std::size_t b) { return final_set[b] == 1 && !work.resident[b][1]; };
    while (true) {
      double best_score = -std::numeric_limits<double>::infinity();
      std::size_t best_first = 0, best_last = 0;
      double best_latency = current;
      for (std::size_t i = 1; i < blocks; ++i) {
        if (!remaining(i))
          continue;
        double upload = 0;
        auto trial    = work.resident;
        for (std::size_t j = i; j < blocks && j < i + static_cast<std::size_t>(params_.max_range_blocks) &&
                                final_set[j] == 1;
             ++j) {
          if (!work.resident[j][1]) {
            upload += pair.upload_s(1, static_cast<int>(j));
            trial[j][1] = 1;
          }
          std::swap(work.resident, trial);
          double latency = 0;
          shortest_assignment(work, -1.0, latency, &ops_);
          std::swap(work.resident, trial);
          const double speedup = current - latency;
          const double score   = upload > 0 ? speedup / upload : (speedup > 0 ? 1e300 : speedup);
          if (score > best_score * (1 + 1e-12) || best_score == -std::numeric_limits<double>::infinity()) {
            best_score   = score;
            best_first   = i;
            best_last    = j;
            best_latency = latency;
          }
        }
      }
      if (best_first == 0)
        break; // F is uploaded
      for (std::size_t b = best_first; b <= best_last; ++b)
        if (!work.resident[b][1]) {
          work.resident[b][1] = 1;
          order_.push_back(static_cast<int>(b));
        }
      current = best_latency;
    }
  }

  void new_server() override
  {
    planned_ = false;
    order_.clear();
    target_.clear();
  }

  IonnParams params_;
  bool load_aware_;
  bool planned_ = false;
  std::vector<int> target_;
  double target_latency_s_ = 0;
  std::vector<int> order_;
};

// Neurosurgeon and LoADPart: one split point, server part uploaded front to back.
// LoADPart's server times are scaled by the load factor k its server reports and its queue
// q is added (both through the probe RPC, fresh at every query); Neurosurgeon's by a fixed K.
class SplitPlanner : public SingleServer {
public:
  SplitPlanner(const std::string& pinned, double load_factor, bool load_aware, const ObjectiveSpec& objective = {})
      : SingleServer(pinned), load_factor_(load_factor), load_aware_(load_aware), objective_(objective)
  {
  }

  Plan plan(const PlanInput& in) override
  {
    if (objective_.kind == Objective::Latency)
      return split(in, in);
    // Neurosurgeon's energy objective: the same O(N) scan over the split's energy (each
    // step's time x the requester's power meanwhile), the server chosen by it as well.
    Plan plan                = split(in, cost_view(in, objective_));
    plan.predicted_latency_s = assignment_latency_s(in, plan.assignment);
    plan.target_latency_s    = assignment_latency_s(in, plan.target, 0.0);
    return plan;
  }

private:
  // `cost`: the input whose times are the objective's costs (`in` itself for latency).
  Plan split(const PlanInput& in, const PlanInput& cost)
  {
    const int s = server(cost);
    if (s == in.requester)
      return all_local(in);
    Plan plan;
    PlanInput pair = pair_input(cost, s);
    const double k = load_aware_ && !pair.load_factor.empty() ? pair.load_factor[1] : load_factor_;
    const double q = load_aware_ ? pair.wait_s[1] : 0.0;
    plan.assignment = lift(best_split(pair, k, q, plan.predicted_latency_s, &ops_), in, s);
    PlanInput all_resident = pair;
    for (auto& r : all_resident.resident)
      r[1] = 1;
    plan.target       = lift(best_split(all_resident, k, q, plan.target_latency_s, &ops_), in, s);
    plan.upload_order = front_to_back_uploads(in, plan.target);
    return plan;
  }

  double load_factor_;
  bool load_aware_;
  ObjectiveSpec objective_;
};

// DADS on the block chain (the runtime's unit; see docs/baselines.md for layer-level cuts):
// DSL's min cut under light load, DSH's pipeline partition under heavy load, switched by
// the arrival rate the device observes against the DSL plan's service rate.
class Dads : public SingleServer {
public:
  Dads(const std::string& pinned, const DadsParams& params) : SingleServer(pinned), params_(params) {}
  Plan plan(const PlanInput& in) override
  {
    const int s = server(in);
    if (s == in.requester)
      return all_local(in);
    Plan plan;
    const PlanInput pair = pair_input(in, s);
    const DadsInput now = dads_input(pair, true), later = dads_input(pair, false);
    const int slots = std::max(1, in.slots);
    // DSL's plan and the rate it can serve, as a pipeline of `slots` frames
    const DadsCut light = dads_min_cut(now);
    ops_ += 4 * pair.blocks();
    const double light_period_s = dads_period_s(dads_stages(now, light.on_server), slots);
    update_mode(in.observed_rate_per_s * light_period_s, slots);
    std::vector<char> on_server = light.on_server, target = dads_min_cut(later).on_server;
    ops_ += 4 * pair.blocks();
    if (heavy_) {
      on_server = heavy_cut(now, slots, heavy_now_);
      target    = heavy_cut(later, slots, heavy_later_);
    }
    plan.assignment          = lift_cut(on_server, in, s);
    plan.predicted_latency_s = assignment_latency_s(in, plan.assignment);
    plan.target              = lift_cut(target, in, s);
    plan.target_latency_s    = assignment_latency_s(in, plan.target, 0.0);
    plan.upload_order        = front_to_back_uploads(in, plan.target);
    return plan;
  }

private:
  // Utilisation u = observed arrival rate x the DSL plan's seconds per frame. Dynamic mode
  // switches to DSH when u exceeds heavy_above and back when it falls below light_below.
  // One frame in flight cannot pipeline: any plan then serves 1 / its latency, DSL's best.
  void update_mode(double utilization, int slots)
  {
    if (params_.mode == DadsMode::Light || slots < 2) {
      heavy_ = false;
      return;
    }
    if (params_.mode == DadsMode::Heavy) {
      heavy_ = true;
      return;
    }
    if (!heavy_ && utilization > params_.heavy_above)
      heavy_ = true;
    else if (heavy_ && utilization < params_.light_below)
      heavy_ = false;
  }

  static DadsInput dads_input(const PlanInput& pair, bool resident_only)
  {
    DadsInput d;
    const std::size_t blocks = pair.blocks();
    d.consumers.resize(blocks);
    for (std::size_t b = 0; b + 1 < blocks; ++b)
      d.consumers[b] = {static_cast<int>(b + 1)};
    for (std::size_t b = 0; b < blocks; ++b) {
      d.edge_s.push_back(pair.exec_s[b][0]);
      const bool usable = !resident_only || pair.resident[b][1];
      d.server_s.push_back(usable ? pair.exec_s[b][1] : 1e20);
      // the tensor b sends up is the one entering b + 1 (the last block's output goes down as it is)
      const bool up = b + 1 < blocks;
      d.out_bytes.push_back(up ? pair.tensor_bytes(0, 1, b + 1) : pair.out_bytes[b]);
      if (pair.codec.active()) {
        const double elements = up && pair.compressed(0, 1, b + 1) ? pair.in_bytes[b + 1] / cost::kFloat32Bytes : 0.0;
        d.quantize_s.push_back(elements * pair.codec.quantize_s_per_element[0]);
        d.dequantize_s.push_back(elements * pair.codec.dequantize_s_per_element[1]);
      }
    }
    d.up_latency_s    = pair.latency_s[0][1];
    d.up_s_per_byte   = pair.s_per_byte[0][1];
    d.down_latency_s  = pair.latency_s[1][0];
    d.down_s_per_byte = pair.s_per_byte[1][0];
    return d;
  }
  static std::vector<int> lift_cut(const std::vector<char>& on_server, const PlanInput& in, int s)
  {
    std::vector<int> assignment(on_server.size());
    for (std::size_t b = 0; b < on_server.size(); ++b)
      assignment[b] = on_server[b] ? s : in.requester;
    return assignment;
  }

  // DSH's partition of `input`, reused while the input is unchanged (same predictions, probed
  // link and resident set: frame after frame under a steady load); a new input is solved
  // and charged again.
  struct Memo {
    DadsInput input;
    int slots = 0;
    std::vector<char> on_server;
  };
  std::vector<char> heavy_cut(const DadsInput& input, int slots, Memo& memo)
  {
    const bool same = memo.slots == slots && memo.input.edge_s == input.edge_s && memo.input.server_s == input.server_s &&
                      memo.input.out_bytes == input.out_bytes && memo.input.quantize_s == input.quantize_s &&
                      memo.input.dequantize_s == input.dequantize_s && memo.input.up_s_per_byte == input.up_s_per_byte &&
                      memo.input.up_latency_s == input.up_latency_s &&
                      memo.input.down_s_per_byte == input.down_s_per_byte &&
                      memo.input.down_latency_s == input.down_latency_s;
    if (!same) {
      const DadsHeavyCut h = dads_heavy_cut(input, slots);
      ops_ += static_cast<std::size_t>(h.cuts) * 4 * input.edge_s.size();
      memo = {input, slots, h.on_server};
    }
    return memo.on_server;
  }

  DadsParams params_;
  bool heavy_ = false;
  Memo heavy_now_, heavy_later_;
};

} // namespace

std::vector<UploadItem> perdnn_migration(const Plan& speculative, const PlanInput& input, double fraction)
{
  double server_bytes = 0;
  for (std::size_t b = 1; b < speculative.target.size() && b < input.blocks(); ++b)
    if (!input.is_local(speculative.target[b]))
      server_bytes += input.param_bytes[b];
  std::vector<UploadItem> out;
  double taken = 0;
  for (const auto& item : speculative.upload_order) {
    const double bytes = input.param_bytes[static_cast<std::size_t>(item.block)];
    if (!out.empty() && taken + bytes > fraction * server_bytes)
      break;
    out.push_back(item);
    taken += bytes;
  }
  return out;
}

std::unique_ptr<Planner> make_all_at_once(const std::string& server)
{
  return std::make_unique<AllAtOnce>(server);
}
std::unique_ptr<Planner> make_enhanced_ionn(const IonnParams& params, bool load_aware)
{
  return std::make_unique<EnhancedIonn>(params, load_aware);
}
std::unique_ptr<Planner> make_neurosurgeon(const std::string& server, double load_factor, const ObjectiveSpec& objective)
{
  return std::make_unique<SplitPlanner>(server, load_factor, false, objective);
}
std::unique_ptr<Planner> make_loadpart(const std::string& server)
{
  return std::make_unique<SplitPlanner>(server, 1.0, true);
}
std::unique_ptr<Planner> make_dads(const std::string& server, const DadsParams& params)
{
  return std::make_unique<Dads>(server, params);
}

} // namespace ciodesim::plan
