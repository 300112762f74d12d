// A worked example of a policy in one file (docs/extending.md): send the whole model to the
// remote processor that runs it fastest. Until that processor holds every block, queries
// use the fastest processor that already does, or run locally; the uploader sends the
// missing blocks front to back. Registered by one line in sim/policy/builtin.def.
#include "sim/plan/planner.hpp"
#include "sim/policy/policy.hpp"

#include <limits>

namespace ciodesim::policy {
namespace {

class GreedyFastest : public plan::Planner {
public:
  explicit GreedyFastest(double max_wait_s) : max_wait_s_(max_wait_s) {}

  plan::Plan plan(const plan::PlanInput& in) override
  {
    const std::size_t blocks = in.blocks();
    const double local_s     = whole_model_s(in, in.requester);
    int fastest = in.requester, serving = in.requester;
    double fastest_s = std::numeric_limits<double>::infinity(), serving_s = local_s;
    for (std::size_t p = 0; p < in.size(); ++p) {
      const int pi = static_cast<int>(p);
      if (in.is_local(pi) || in.wait_s[p] > max_wait_s_)
        continue;
      const double t = whole_model_s(in, pi);
      ops_ += blocks;
      if (t < fastest_s) {
        fastest_s = t;
        fastest   = pi;
      }
      bool holds = true;
      for (std::size_t b = 1; b < blocks && holds; ++b)
        holds = in.resident[b][p] != 0;
      if (holds && t < serving_s) {
        serving_s = t;
        serving   = pi;
      }
    }
    plan::Plan plan;
    plan.assignment = on(in, serving);
    plan.predicted_latency_s = serving_s;
    if (fastest_s < local_s) {
      plan.target           = on(in, fastest);
      plan.target_latency_s = fastest_s;
      plan.upload_order     = plan::front_to_back_uploads(in, plan.target);
    } else {
      plan.target           = plan.assignment;
      plan.target_latency_s = serving_s;
    }
    return plan;
  }

private:
  // Every block on processor p (block 0, the input, stays on the requester).
  static std::vector<int> on(const plan::PlanInput& in, int p)
  {
    std::vector<int> assignment(in.blocks(), p);
    assignment[0] = in.requester;
    return assignment;
  }
  static double whole_model_s(const plan::PlanInput& in, int p)
  {
    return plan::assignment_latency_s(in, on(in, p), 0.0); // uploads not charged: we want the fastest
  }

  double max_wait_s_;
};

const ParamGroup& greedy_fastest_group()
{
  static const ParamGroup group{
      "greedy_fastest",
      "the example policy of docs/extending.md",
      {Param::number("max_wait_s", 1e9, 0.0, 1e9, "skip processors whose announced wait W exceeds this")},
      {}};
  return group;
}

} // namespace

PolicyInfo policy_greedy_fastest()
{
  PolicyInfo p;
  p.name          = "greedy-fastest";
  p.description   = "example: the whole model to the remote processor that runs it fastest";
  p.protocol      = Protocol::Fifo;
  p.observes.wait = true; // W from the nodes' locks, to skip busy ones
  p.groups        = {&greedy_fastest_group()};
  p.make_planner  = [](const ParamValues& v) {
    return std::make_unique<GreedyFastest>(v.number("greedy_fastest.max_wait_s"));
  };
  return p;
}

} // namespace ciodesim::policy
