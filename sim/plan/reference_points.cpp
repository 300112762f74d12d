// The DADS and Neurosurgeon papers' reference points: the whole model on the edge device, or
// the whole model on one server ("cloud"). docs/baselines.md.
#include "sim/plan/baselines.hpp"

namespace ciodesim::plan {
namespace {

class EdgeOnly : public Planner {
public:
  Plan plan(const PlanInput& in) override
  {
    Plan plan;
    plan.assignment.assign(in.blocks(), in.requester);
    plan.target              = plan.assignment;
    plan.predicted_latency_s = plan.target_latency_s = assignment_latency_s(in, plan.assignment);
    ops_ += in.blocks();
    return plan;
  }
};

// Every block on the server. Until the server holds the whole model (uploaded front to back,
// or preinstalled with [[preload]], the papers' setting) a query cannot run there and runs on
// the device, as All-at-once does.
class CloudOnly : public Planner {
public:
  explicit CloudOnly(std::string pinned) : pinned_(std::move(pinned)) {}
  Plan plan(const PlanInput& in) override
  {
    if (server_ < 0)
      server_ = best_single_server(in, &ops_, pinned_);
    Plan plan;
    plan.assignment.assign(in.blocks(), in.requester);
    plan.target.assign(in.blocks(), server_);
    plan.target[0] = in.requester; // block 0 is the input, always on the requester
    bool resident  = true;
    for (std::size_t b = 1; b < in.blocks(); ++b)
      resident = resident && in.resident[b][static_cast<std::size_t>(server_)];
    if (server_ == in.requester)
      plan.target = plan.assignment;
    else if (resident)
      plan.assignment = plan.target;
    plan.predicted_latency_s = assignment_latency_s(in, plan.assignment);
    plan.target_latency_s    = assignment_latency_s(in, plan.target, 0.0);
    plan.upload_order        = front_to_back_uploads(in, plan.target);
    ops_ += in.blocks();
    return plan;
  }

private:
  std::string pinned_;
  int server_ = -1;
};

} // namespace

std::unique_ptr<Planner> make_edge_only()
{
  return std::make_unique<EdgeOnly>();
}
std::unique_ptr<Planner> make_cloud_only(const std::string& server)
{
  return std::make_unique<CloudOnly>(server);
}

} // namespace ciodesim::plan
