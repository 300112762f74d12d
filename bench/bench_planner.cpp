// Planning time of the CIODE planner for every shipped model on the 5-processor testbed
// shape, and for synthetic DAGs of growing size, to show O(V + E) growth.
//   build/bench/bench_planner [repetitions]
#include "sim/core/rng.hpp"
#include "sim/dnn/model_json.hpp"
#include "sim/plan/ciode.hpp"
#include "sim/plan/model_blocks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

using namespace ciodesim;

namespace {

constexpr std::size_t kProcessors = 5;

plan::PlanInput input_for(const dnn::Model& m, Rng& rng)
{
  std::vector<std::vector<double>> pred(m.size(), std::vector<double>(kProcessors));
  for (auto& row : pred)
    for (auto& v : row)
      v = rng.uniform(1e-5, 1e-2);
  plan::PlanInput in;
  for (std::size_t p = 0; p < kProcessors; ++p)
    in.processors.push_back(fmt::format("P{}", p));
  plan::fill_blocks(in, m, pred);
  in.s_per_byte.assign(kProcessors, std::vector<double>(kProcessors, 1e-7));
  in.latency_s.assign(kProcessors, std::vector<double>(kProcessors, 2e-4));
  for (std::size_t p = 0; p < kProcessors; ++p)
    in.s_per_byte[p][p] = in.latency_s[p][p] = 0;
  in.wait_s.assign(kProcessors, 0.0);
  in.resident.assign(in.blocks(), std::vector<char>(kProcessors, 0));
  for (auto& r : in.resident)
    r[0] = 1;
  return in;
}

// A chain of residual-style diamonds: about `layers` layers, layers/3 blocks.
dnn::Model synthetic_dag(std::size_t layers)
{
  std::string json = R"({"name": "synthetic", "layers": [{"name": "in", "type": "input", "shape": [8, 8, 8]})";
  std::string prev = "in";
  std::size_t n    = 1;
  for (std::size_t i = 0; n + 3 <= layers; ++i, n += 3) {
    json += fmt::format(R"(, {{"name": "a{0}", "type": "relu", "inputs": ["{1}"]}})"
                        R"(, {{"name": "b{0}", "type": "relu", "inputs": ["a{0}"]}})"
                        R"(, {{"name": "s{0}", "type": "eltwise", "inputs": ["{1}", "b{0}"]}})",
                        i, prev);
    prev = fmt::format("s{}", i);
  }
  return dnn::load_model_text(json + "]}", "synthetic");
}

// Median wall time of plan_ciode over `reps` runs.
double median_plan_time_s(const plan::PlanInput& in, int reps)
{
  std::vector<double> times;
  double sink = 0;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto p  = plan::plan_ciode(in);
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    sink += p.target_latency_s;
  }
  std::sort(times.begin(), times.end());
  if (sink < 0)
    std::puts("");
  return times[times.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
  const int reps = argc > 1 ? std::atoi(argv[1]) : 200;
  Rng rng(1);
  fmt::print("CIODE planning time, {} processors, median of {} runs\n", kProcessors, reps);
  fmt::print("{:<16} {:>8} {:>8} {:>14}\n", "model", "layers", "blocks", "plan_time_us");
  for (const auto& name : dnn::shipped_model_names()) {
    const auto m = dnn::load_model_file(dnn::resolve_model_path(name));
    fmt::print("{:<16} {:>8} {:>8} {:>14.2f}\n", name, m.size(), m.blocks().size(),
               median_plan_time_s(input_for(m, rng), reps) * 1e6);
  }
  fmt::print("\nsynthetic DAGs (residual diamonds): growth should be linear\n");
  fmt::print("{:<16} {:>8} {:>8} {:>14} {:>14}\n", "layers", "layers", "blocks", "plan_time_us", "us_per_block");
  for (std::size_t layers : {100, 1000, 10000, 100000}) {
    const auto m   = synthetic_dag(layers);
    const double t = median_plan_time_s(input_for(m, rng), layers >= 100000 ? 5 : reps);
    const double per_block = t * 1e6 / static_cast<double>(m.blocks().size());
    fmt::print("{:<16} {:>8} {:>8} {:>14.2f} {:>14.4f}\n", fmt::format("~{}", layers), m.size(), m.blocks().size(),
               t * 1e6, per_block);
  }
  return 0;
}
