// Baseline planners and M-BEB: hand-computed small cases and DADS against brute force.
#include "sim/coord/backoff.hpp"
#include "sim/core/rng.hpp"
#include "sim/plan/baselines.hpp"
#include "sim/plan/dads.hpp"
#include "sim/plan/model_blocks.hpp"
#include "sim/plan/planner.hpp"
#include "sim/policy/policy.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

using namespace ciodesim;
using plan::PlanInput;

namespace {

// Requester P0 and one server P1; 80 Mbps (1e-7 s/B), no latency. `local`/`server`: block times.
PlanInput two_processors(const std::vector<double>& local, const std::vector<double>& server,
                         const std::vector<double>& out_bytes, const std::vector<double>& params)
{
  PlanInput in;
  in.processors = {"P0", "P1"};
  in.requester  = 0;
  for (std::size_t b = 0; b < local.size(); ++b) {
    in.exec_s.push_back({local[b], server[b]});
    in.in_bytes.push_back(b == 0 ? 0.0 : out_bytes[b - 1]);
    in.out_bytes.push_back(out_bytes[b]);
    in.param_bytes.push_back(params[b]);
  }
  in.s_per_byte = {{0, 1e-7}, {1e-7, 0}};
  in.latency_s  = {{0, 0}, {0, 0}};
  in.wait_s     = {0, 0};
  in.resident.assign(local.size(), {1, 0});
  return in;
}

// blocks: input, a (0.01 s local, 0.02 s server), b (heavy: 1 s local, 0.1 s server), c (0.01 s)
PlanInput heavy_middle()
{
  return two_processors({0, 0.01, 1.0, 0.01}, {0, 0.02, 0.1, 0.01}, {1e5, 1e5, 1e5, 1e3}, {0, 1e5, 1e6, 1e5});
}

} // namespace

TEST_CASE("DADS min cut equals the brute-force optimum on 500 random small DAGs")
{
  Rng rng(99);
  for (int trial = 0; trial < 500; ++trial) {
    const std::size_t n = 2 + static_cast<std::size_t>(rng.uniform01() * 11); // 2..12 layers
    plan::DadsInput in;
    in.consumers.resize(n);
    for (std::size_t v = 1; v < n; ++v) {
      // every layer consumes one or two earlier layers
      const auto a = static_cast<int>(rng.uniform01() * static_cast<double>(v));
      in.consumers[static_cast<std::size_t>(a)].push_back(static_cast<int>(v));
      const auto b = static_cast<int>(rng.uniform01() * static_cast<double>(v));
      if (b != a && rng.uniform01() < 0.3)
        in.consumers[static_cast<std::size_t>(b)].push_back(static_cast<int>(v));
    }
    for (std::size_t v = 0; v < n; ++v) {
      in.edge_s.push_back(v == 0 ? 0.0 : rng.uniform(1e-3, 0.2));
      in.server_s.push_back(v == 0 ? 0.0 : rng.uniform(1e-4, 0.05));
      in.out_bytes.push_back(rng.uniform(1e3, 1e6));
    }
    in.up_latency_s = in.down_latency_s = rng.uniform(0, 1e-3);
    in.up_s_per_byte = in.down_s_per_byte = rng.uniform(1e-8, 1e-6);
    CAPTURE(trial);
    double best = std::numeric_limits<double>::infinity();
    for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
      std::vector<char> on_server(n);
      for (std::size_t v = 0; v < n; ++v)
        on_server[v] = (mask >> v) & 1u;
      best = std::min(best, plan::dads_partition_cost(in, on_server));
    }
    const plan::DadsCut cut = plan::dads_min_cut(in);
    CHECK(cut.latency_s == doctest::Approx(best).epsilon(1e-9));
    CHECK(cut.on_server[0] == 0);
  }
}

TEST_CASE("DADS: a layer feeding two server layers uploads its tensor once")
{
  // 0 -> 1 -> {2, 3} -> 4 (diamond); layers 2..4 far cheaper on the server
  plan::DadsInput in;
  in.consumers = {{1}, {2, 3}, {4}, {4}, {}};
  in.edge_s    = {0, 0.001, 1.0, 1.0, 0.001};
  in.server_s  = {0, 0.5, 0.01, 0.01, 0.001};
  in.out_bytes = {1e6, 1e5, 1e5, 1e5, 1e3};
  in.up_s_per_byte = in.down_s_per_byte = 1e-7;
  const auto cut = plan::dads_min_cut(in);
  CHECK(cut.on_server == std::vector<char>{0, 0, 1, 1, 1});
  // 0.001 local + 1e5 B up once (0.01) + 0.021 server + 1e3 B back (1e-4)
  CHECK(cut.latency_s == doctest::Approx(0.001 + 0.01 + 0.021 + 1e-4));
}

TEST_CASE("Neurosurgeon: the best single split, only over resident server blocks")
{
  PlanInput in = heavy_middle();
  auto ns      = policy::make_planner("neurosurgeon");
  // nothing resident: all local (1.02 s); the target splits after block 1
  plan::Plan p = ns->plan(in);
  CHECK(p.assignment == std::vector<int>{0, 0, 0, 0});
  CHECK(p.predicted_latency_s == doctest::Approx(1.02));
  CHECK(p.target == std::vector<int>{0, 0, 1, 1});
  REQUIRE(p.upload_order.size() == 2);
  CHECK(p.upload_order[0].block == 2);
  CHECK(p.upload_order[1].block == 3);
  // server part resident: 0.01 + 1e5 B up (0.01) + 0.11 + 1e3 B back (1e-4)
  in.resident[2][1] = in.resident[3][1] = 1;
  p = ns->plan(in);
  CHECK(p.assignment == std::vector<int>{0, 0, 1, 1});
  CHECK(p.predicted_latency_s == doctest::Approx(0.01 + 0.01 + 0.11 + 1e-4));
}

TEST_CASE("LoADPart: the load factor and queue its server reports move work off a loaded server")
{
  PlanInput in = heavy_middle();
  for (auto& r : in.resident)
    r[1] = 1;
  auto lp = policy::make_planner("loadpart");
  CHECK(lp->plan(in).assignment == std::vector<int>{0, 0, 1, 1});
  in.load_factor = {1.0, 20.0}; // the server runs 20x slower than predicted
  CHECK(lp->plan(in).assignment == std::vector<int>{0, 0, 0, 0});
  in.load_factor = {1.0, 1.0}; // and back: k is fresh at every query, nothing sticks
  CHECK(lp->plan(in).assignment == std::vector<int>{0, 0, 1, 1});
  in.wait_s = {0, 5.0}; // queueing time q from the server's lock also counts
  CHECK(lp->plan(in).assignment == std::vector<int>{0, 0, 0, 0});
}

TEST_CASE("All-at-once: local until the whole model is resident, then the best plan")
{
  PlanInput in = heavy_middle();
  auto aao     = policy::make_planner("all-at-once");
  plan::Plan p = aao->plan(in);
  CHECK(p.assignment == std::vector<int>{0, 0, 0, 0});
  REQUIRE(p.upload_order.size() == 3); // every block, front to back, even those that stay local
  CHECK(p.upload_order[0].block == 1);
  CHECK(p.upload_order[2].block == 3);
  in.resident[2][1] = in.resident[3][1] = 1; // not yet block 1
  CHECK(aao->plan(in).assignment == std::vector<int>{0, 0, 0, 0});
  in.resident[1][1] = 1;
  CHECK(aao->plan(in).assignment[2] == 1);
}

TEST_CASE("Enhanced IONN: greedy ranges by speedup per upload second, queries use what is uploaded")
{
  // blocks 1 and 3 both gain 0.9 s on the server; 3 uploads 10x faster, so it goes first
  PlanInput in = two_processors({0, 1.0, 0.001, 1.0, 0.001}, {0, 0.1, 0.5, 0.1, 0.5}, {1e3, 1e3, 1e3, 1e3, 1e3},
                                {0, 1e7, 0, 1e6, 0});
  auto ionn    = policy::make_planner("enhanced-ionn");
  plan::Plan p = ionn->plan(in);
  CHECK(p.assignment == std::vector<int>{0, 0, 0, 0, 0});
  REQUIRE(p.upload_order.size() == 2);
  CHECK(p.upload_order[0].block == 3);
  CHECK(p.upload_order[1].block == 1);
  in.resident[3][1] = 1;
  p = ionn->plan(in);
  CHECK(p.assignment == std::vector<int>{0, 0, 0, 1, 0});
  REQUIRE(p.upload_order.size() == 1);
  CHECK(p.upload_order[0].block == 1);
  CHECK(ionn->ops() > 0);
}

TEST_CASE("PerDNN: server estimates scale with the server's utilisation as M/M/1 response time")
{
  PlanInput in = heavy_middle();
  for (auto& r : in.resident)
    r[1] = 1;
  auto perdnn = policy::make_planner("perdnn");
  in.utilization = {0, 0};
  const plan::Plan idle = perdnn->plan(in);
  CHECK(idle.assignment[2] == 1);
  in.utilization = {0, 0.5}; // half busy with others' work: server times x 1 / (1 - 0.5) = 2 (0.2 s still wins)
  const plan::Plan busy = perdnn->plan(in);
  CHECK(busy.assignment[2] == 1);
  CHECK(busy.predicted_latency_s > idle.predicted_latency_s);
  // idle: a local, b and c on the server: 0.01 + 0.01 + 0.11 + 1e-4 = 0.1301
  // busy: b on the server at 0.2, c back home (0.01 + 0.01 local): 0.01 + 0.01 + 0.2 + 0.02 = 0.24
  CHECK(idle.predicted_latency_s == doctest::Approx(0.1301));
  CHECK(busy.predicted_latency_s == doctest::Approx(0.24));
  CHECK(busy.assignment[3] == 0);
  CHECK(plan::queueing_factor(0.0) == 1.0);
  CHECK(plan::queueing_factor(0.8) == doctest::Approx(5.0));
  CHECK(plan::queueing_factor(1.0) == doctest::Approx(20.0)); // capped
}

TEST_CASE("Enhanced IONN under mobility: a handoff to another server starts its upload plan from scratch")
{
  // two equal servers P1, P2; the client is associated with P1, then with P2
  PlanInput in = two_processors({0, 1.0, 0.001, 1.0, 0.001}, {0, 0.1, 0.5, 0.1, 0.5}, {1e3, 1e3, 1e3, 1e3, 1e3},
                                {0, 1e7, 0, 1e6, 0});
  in.processors.push_back("P2");
  for (auto& row : in.exec_s)
    row.push_back(row[1]);
  for (auto& row : in.resident)
    row.push_back(0);
  in.s_per_byte = {{0, 1e-7, 1e-7}, {1e-7, 0, 1e-7}, {1e-7, 1e-7, 0}};
  in.latency_s.assign(3, std::vector<double>(3, 0.0));
  in.wait_s = {0, 0, 0};
  in.reachable = {1, 1, 0};
  auto ionn = policy::make_planner("enhanced-ionn");
  plan::Plan p = ionn->plan(in);
  REQUIRE(p.upload_order.size() == 2);
  CHECK(p.upload_order[0].processor == 1);
  in.resident[3][1] = 1; // block 3 reached P1
  p = ionn->plan(in);
  CHECK(p.assignment[3] == 1);
  // handoff: P1 out of reach (the runtime also makes its times infinite)
  in.reachable = {1, 0, 1};
  for (auto& row : in.exec_s)
    row[1] = std::numeric_limits<double>::infinity();
  p = ionn->plan(in);
  CHECK(p.assignment == std::vector<int>{0, 0, 0, 0, 0}); // nothing on P2 yet: a cold start
  REQUIRE(p.upload_order.size() == 2);                      // the whole plan again, for P2
  CHECK(p.upload_order[0].processor == 2);
  CHECK(p.upload_order[0].block == 3);
  CHECK(p.target[3] == 2);
  // out of every server's range: all local, and back in range the planner finds a server
  in.reachable = {1, 0, 0};
  for (auto& row : in.exec_s)
    row[2] = std::numeric_limits<double>::infinity();
  p = ionn->plan(in);
  CHECK(p.assignment == std::vector<int>{0, 0, 0, 0, 0});
  CHECK(p.upload_order.empty());
  in.reachable = {1, 0, 1};
  for (auto& row : in.exec_s)
    row[2] = 0.1;
  in.exec_s[2][2] = in.exec_s[4][2] = 0.5;
  in.exec_s[0][2] = 0;
  p = ionn->plan(in);
  REQUIRE_FALSE(p.upload_order.empty());
  CHECK(p.upload_order[0].processor == 2);
}

TEST_CASE("PerDNN's migration: the head of the speculative upload order, up to a fraction of server bytes")
{
  plan::PlanInput in = two_processors({0, 1, 1, 1, 1}, {0, 0.1, 0.1, 0.1, 0.1}, {1, 1, 1, 1, 1}, {0, 10, 20, 30, 40});
  plan::Plan spec;
  spec.target       = {0, 1, 1, 1, 0}; // server-side bytes: 10 + 20 + 30 = 60
  spec.upload_order = {{2, 1, 0, 0}, {1, 1, 0, 0}, {3, 1, 0, 0}};
  auto blocks = [](const std::vector<plan::UploadItem>& items) {
    std::vector<int> out;
    for (const auto& i : items)
      out.push_back(i.block);
    return out;
  };
  CHECK(blocks(plan::perdnn_migration(spec, in, 0.5)) == std::vector<int>{2, 1}); // 30 <= 30
  CHECK(blocks(plan::perdnn_migration(spec, in, 0.4)) == std::vector<int>{2});    // 30 > 24
  CHECK(blocks(plan::perdnn_migration(spec, in, 0.01)) == std::vector<int>{2});   // at least one
  CHECK(blocks(plan::perdnn_migration(spec, in, 1.0)) == std::vector<int>{2, 1, 3});
}

TEST_CASE("M-BEB: the window grows linearly on conflict, shrinks on success, within bounds")
{
  coord::MbebBackoff b({0.01, 0.01, 0.005, 0.03, 50});
  CHECK(b.window_s() == doctest::Approx(0.01));
  CHECK(b.on_conflict(0.5) == doctest::Approx(0.005)); // half of the current window
  CHECK(b.window_s() == doctest::Approx(0.02));
  b.on_conflict(0.0);
  b.on_conflict(0.0);
  CHECK(b.window_s() == doctest::Approx(0.03)); // capped
  b.on_success();
  CHECK(b.window_s() == doctest::Approx(0.02));
  b.on_success();
  b.on_success();
  CHECK(b.window_s() == doctest::Approx(0.005)); // floor
  CHECK(policy::find_policy("mbeb").protocol == policy::Protocol::Backoff);
  CHECK(policy::find_policy("ciode").protocol == policy::Protocol::WaitingLock);
  CHECK(policy::find_policy("perdnn").protocol == policy::Protocol::Fifo);
}

TEST_CASE("every policy plans every block and never runs a non-resident block")
{
  Rng rng(3);
  for (const auto& name : policy::policy_names()) {
    CAPTURE(name);
    auto planner = policy::make_planner(name);
    PlanInput in = heavy_middle();
    in.processors.push_back("P2");
    for (auto& row : in.exec_s)
      row.push_back(row[1] * 2);
    in.s_per_byte = {{0, 1e-7, 2e-7}, {1e-7, 0, 3e-7}, {2e-7, 3e-7, 0}};
    in.latency_s.assign(3, std::vector<double>(3, 0.0));
    in.wait_s = {0, 0, 0};
    for (int q = 0; q < 5; ++q) {
      in.resident.assign(in.blocks(), {1, 0, 0});
      for (std::size_t b = 1; b < in.blocks(); ++b)
        for (std::size_t p = 1; p < 3; ++p)
          in.resident[b][p] = rng.uniform01() < 0.5;
      const plan::Plan plan = planner->plan(in);
      REQUIRE(plan.assignment.size() == in.blocks());
      for (std::size_t b = 1; b < in.blocks(); ++b)
        CHECK(in.resident[b][static_cast<std::size_t>(plan.assignment[b])]);
      CHECK(std::isfinite(plan.predicted_latency_s));
    }
  }
}

TEST_CASE("edge-only keeps every block on the device and uploads nothing")
{
  PlanInput in = heavy_middle();
  for (auto& r : in.resident)
    r[1] = 1; // even with the model on the server
  auto eo      = policy::make_planner("edge-only");
  plan::Plan p = eo->plan(in);
  CHECK(p.assignment == std::vector<int>{0, 0, 0, 0});
  CHECK(p.target == std::vector<int>{0, 0, 0, 0});
  CHECK(p.upload_order.empty());
  CHECK(p.predicted_latency_s == doctest::Approx(1.02));
  CHECK_FALSE(policy::find_policy("edge-only").observes.links); // it never probes
}

TEST_CASE("cloud-only: every block on the server once it holds the whole model, the device until then")
{
  PlanInput in = heavy_middle();
  auto co      = policy::make_planner("cloud-only");
  plan::Plan p = co->plan(in);
  CHECK(p.assignment == std::vector<int>{0, 0, 0, 0});
  CHECK(p.target == std::vector<int>{0, 1, 1, 1});
  REQUIRE(p.upload_order.size() == 3); // front to back
  CHECK(p.upload_order[0].block == 1);
  CHECK(p.upload_order[2].block == 3);
  in.resident[1][1] = in.resident[2][1] = 1; // a suffix is not enough: cloud-only never splits
  CHECK(co->plan(in).assignment == std::vector<int>{0, 0, 0, 0});
  in.resident[3][1] = 1;
  p = co->plan(in);
  CHECK(p.assignment == std::vector<int>{0, 1, 1, 1});
  // 1e5 B up (0.01) + 0.02 + 0.1 + 0.01 on the server + 1e3 B back (1e-4)
  CHECK(p.predicted_latency_s == doctest::Approx(0.01 + 0.13 + 1e-4));
  CHECK(p.upload_order.empty());
}

namespace {
// A random DAG of 2..max_layers layers for DADS (every layer consumes one or two earlier ones).
plan::DadsInput random_dads_dag(Rng& rng, std::size_t max_layers)
{
  const std::size_t n = 2 + static_cast<std::size_t>(rng.uniform01() * static_cast<double>(max_layers - 1));
  plan::DadsInput in;
  in.consumers.resize(n);
  for (std::size_t v = 1; v < n; ++v) {
    const auto a = static_cast<int>(rng.uniform01() * static_cast<double>(v));
    in.consumers[static_cast<std::size_t>(a)].push_back(static_cast<int>(v));
    const auto b = static_cast<int>(rng.uniform01() * static_cast<double>(v));
    if (b != a && rng.uniform01() < 0.3)
      in.consumers[static_cast<std::size_t>(b)].push_back(static_cast<int>(v));
  }
  for (std::size_t v = 0; v < n; ++v) {
    in.edge_s.push_back(v == 0 ? 0.0 : rng.uniform(1e-3, 0.2));
    in.server_s.push_back(v == 0 ? 0.0 : rng.uniform(1e-4, 0.1));
    in.out_bytes.push_back(rng.uniform(1e3, 1e6));
  }
  in.up_latency_s = in.down_latency_s = rng.uniform(0, 1e-3);
  in.up_s_per_byte = in.down_s_per_byte = rng.uniform(1e-8, 1e-6);
  return in;
}
} // namespace

TEST_CASE("DSH's stages: edge layers, uploaded tensors + the output back, server layers")
{
  plan::DadsInput in;
  in.consumers = {{1}, {2, 3}, {4}, {4}, {}};
  in.edge_s    = {0, 0.001, 1.0, 1.0, 0.001};
  in.server_s  = {0, 0.5, 0.01, 0.01, 0.001};
  in.out_bytes = {1e6, 1e5, 1e5, 1e5, 1e3};
  in.up_s_per_byte = in.down_s_per_byte = 1e-7;
  const auto st = plan::dads_stages(in, {0, 0, 1, 1, 1});
  CHECK(st.edge_s == doctest::Approx(0.001));
  CHECK(st.network_s == doctest::Approx(0.01 + 1e-4)); // layer 1's tensor once, the output back
  CHECK(st.server_s == doctest::Approx(0.021));
  CHECK(std::isinf(plan::dads_stages(in, {0, 1, 0, 1, 1}).bottleneck_s())); // layer 2 would come back
}

TEST_CASE("DSH's approximation against exhaustive search on 300 random small DAGs: within 3x, mostly optimal")
{
  Rng rng(2019);
  int optimal = 0, trials = 300;
  double worst = 1;
  for (int trial = 0; trial < trials; ++trial) {
    const plan::DadsInput in = random_dads_dag(rng, 12);
    const std::size_t n      = in.edge_s.size();
    const int slots          = 1 + trial % 4; // 1..4 frames in flight
    CAPTURE(trial);
    double best = std::numeric_limits<double>::infinity();
    for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
      std::vector<char> on_server(n);
      for (std::size_t v = 0; v < n; ++v)
        on_server[v] = (mask >> v) & 1u;
      best = std::min(best, plan::dads_period_s(plan::dads_stages(in, on_server), slots));
    }
    const plan::DadsHeavyCut h = plan::dads_heavy_cut(in, slots);
    CHECK(h.period_s == doctest::Approx(plan::dads_period_s(plan::dads_stages(in, h.on_server), slots)));
    CHECK(h.period_s >= best * (1 - 1e-9));
    CHECK(h.period_s <= 3 * best * (1 + 1e-9)); // the paper's bound
    // never worse than DSL's own cut, which the grid contains
    CHECK(h.period_s <= plan::dads_period_s(plan::dads_stages(in, plan::dads_min_cut(in).on_server), slots) * (1 + 1e-9));
    optimal += h.period_s <= best * (1 + 1e-9) ? 1 : 0;
    worst = std::max(worst, h.period_s / best);
  }
  MESSAGE("DSH optimal in " << optimal << " of " << trials << " DAGs; worst ratio " << worst);
  CHECK(optimal > 0);
}

namespace {
// input 1e4 B; two blocks of 0.1 s on the device, 0.08 s on the server; 1e4 B between them.
// DSL (least sum): both on the server, 0.1611 s, 0.16 s per frame (the server). DSH: one on
// each side, 0.1811 s but 0.1 s per frame.
PlanInput balanced_pipeline()
{
  PlanInput in = two_processors({0, 0.1, 0.1}, {0, 0.08, 0.08}, {1e4, 1e4, 1e3}, {0, 1e5, 1e5});
  for (auto& r : in.resident)
    r[1] = 1;
  return in;
}
} // namespace

TEST_CASE("DADS: DSL under light load, DSH when frames arrive faster than DSL's plan serves them")
{
  PlanInput in = balanced_pipeline();
  in.slots     = 2;
  const std::vector<int> dsl{0, 1, 1}, dsh{0, 0, 1};
  CHECK(plan::make_dads("", {plan::DadsMode::Light, 1.0, 0.8})->plan(in).assignment == dsl);
  CHECK(plan::make_dads("", {plan::DadsMode::Heavy, 1.0, 0.8})->plan(in).assignment == dsh);
  auto dynamic = plan::make_dads("", {});
  CHECK(dynamic->plan(in).assignment == dsl); // no arrivals seen yet
  in.observed_rate_per_s = 10; // u = 10/s x 0.16 s = 1.6 > 1: heavy
  CHECK(dynamic->plan(in).assignment == dsh);
  in.observed_rate_per_s = 5; // u = 0.8: inside the hysteresis band, stays heavy
  CHECK(dynamic->plan(in).assignment == dsh);
  in.observed_rate_per_s = 4; // u = 0.64 < 0.8: light again
  CHECK(dynamic->plan(in).assignment == dsl);
  in.slots               = 1; // one frame at a time cannot pipeline: DSL whatever the load
  in.observed_rate_per_s = 100;
  CHECK(dynamic->plan(in).assignment == dsl);
}

TEST_CASE("int8 compression: intermediate tensors cross at a quarter of their bytes plus (de)quantisation, and the split moves")
{
  // input (2e6 B float32) -> a (4e6 B out: 0.05 s local, 0.005 s server) -> b (1e3 B out:
  // 0.5 s local, 0.05 s server); 1e-7 s/B. As float32 the whole model goes to the server:
  // 0.2 (input up) + 0.055 + 1e-4 (output back) = 0.2551 s, against 0.05 + 0.4 + 0.05 +
  // 1e-4 for the split after a.
  PlanInput in = two_processors({0, 0.05, 0.5}, {0, 0.005, 0.05}, {2e6, 4e6, 1e3}, {0, 0, 0});
  for (auto& r : in.resident)
    r[1] = 1;
  for (const char* name : {"neurosurgeon", "loadpart", "dads", "ciode"})
    CHECK_MESSAGE((policy::make_planner(name)->plan(in).assignment == std::vector<int>{0, 1, 1}), name);
  // int8, 10 ns per element to quantise and 1 ns to dequantise (on either processor): a's
  // output crosses as 1e6 B and costs 1e6 x 11 ns; the input and the output as they are.
  plan::set_compression(in, cost::Compression::Int8, {{1e-8, 1e-9}, {1e-8, 1e-9}}, {0, 1});
  CHECK(in.tensor_bytes(0, 1, 1) == 2e6);
  CHECK(in.tensor_bytes(0, 1, 2) == 1e6);
  CHECK(in.tensor_bytes(1, 0, 2) == 1e6);
  CHECK(in.tensor_bytes(1, 0, 3) == 1e3);
  CHECK(in.codec_s(0, 1, 1) == 0.0);
  CHECK(in.codec_s(0, 1, 2) == doctest::Approx(1e6 * 1.1e-8));
  CHECK(in.codec_s(1, 1, 2) == 0.0);
  CHECK(in.tensor_s(0, 1, 2) == doctest::Approx(0.1 + 0.011));
  const double split_after_a = 0.05 + 0.1 + 0.011 + 0.05 + 1e-4;
  CHECK(plan::assignment_latency_s(in, {0, 0, 1}) == doctest::Approx(split_after_a));
  CHECK(plan::assignment_latency_s(in, {0, 1, 1}) == doctest::Approx(0.2551));
  for (const char* name : {"neurosurgeon", "loadpart", "dads", "ciode"}) {
    const plan::Plan p = policy::make_planner(name)->plan(in);
    CHECK_MESSAGE((p.assignment == std::vector<int>{0, 0, 1}), name);
    CHECK_MESSAGE(p.predicted_latency_s == doctest::Approx(split_after_a), name);
  }
  // Processors of one device move tensors as they are.
  plan::set_compression(in, cost::Compression::Int8, {{1e-8, 1e-9}, {1e-8, 1e-9}}, {0, 0});
  CHECK(in.tensor_bytes(0, 1, 2) == 4e6);
  CHECK(in.codec_s(0, 1, 2) == 0.0);
  plan::set_compression(in, cost::Compression::None, {}, {});
  CHECK(!in.codec.active());
}
