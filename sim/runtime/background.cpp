// A node's own inference load (paper Fig. 5: D2 runs queries locally while D1 offloads):
// whole-model queries on one processor, each holding that processor's waiting lock.
#include "sim/cost/sampler.hpp"
#include "sim/runtime/agents.hpp"

#include <xbt/log.h>

XBT_LOG_NEW_DEFAULT_CATEGORY(ciodesim_background, "ciodesim: background load on edge nodes");

namespace ciodesim::runtime {

void start_background(World& world, const BackgroundSpec& spec, int background_index, coord::ClientId client)
{
  const int p         = world.topology().processor_index(spec.processor);
  const auto& sc      = world.scenario();
  const auto& model   = *sc.models.at(spec.model);
  const auto& profile = world.topology().processors[static_cast<std::size_t>(p)].profile;
  const std::string name = spec.processor + "/bg" + std::to_string(background_index);
  // The node knows its own model: it announces the predicted whole-model time.
  const ProfileCosts& costs = world.profile_costs(model, profile);
  double predicted_s        = 0;
  for (double t : costs.predicted_s)
    predicted_s += t;
  cost::LayerRun truth; // the whole model, drawn at once per query
  for (const cost::TraceEntry* e : costs.truth)
    truth.add(*e);
  const double speed = world.topology().processors[static_cast<std::size_t>(p)].speed_flops;

  BackgroundSpec load = spec;
  if (load.arrival.kind == Arrival::Poisson && load.utilization > 0)
    load.arrival.rate_per_s = load.utilization / predicted_s;

  sg::Actor::create(name, world.processor(p).host, [&world, spec = load, p, client, name, predicted_s, truth, speed, background_index] {
    const auto& sc = world.scenario();
    Rng rng_exec(Rng::stream_seed(sc.seed, sc.run_index, Purpose::BackgroundExec, static_cast<std::uint64_t>(background_index)));
    Rng rng_arrival(Rng::stream_seed(sc.seed, sc.run_index, Purpose::BackgroundArrival, static_cast<std::uint64_t>(background_index)));
    cost::SamplerOptions opt;
    opt.std_scale  = sc.exec_jitter;
    double arrival = 0;
    for (int q = 0; q < spec.queries; ++q) {
      arrival = next_arrival_s(spec.arrival, q, arrival, rng_arrival);
      world.wait_arrival(arrival);
      QueryRecord rec =
          start_query(name, world.topology().processors[static_cast<std::size_t>(p)].device, spec.model, "local", q);
      const long long qid = query_id(client, q);
      if (!world.lock_request(p, client, name, qid, predicted_s).granted) {
        ++rec.conflicts;
        world.wait_grant(p, client, -1);
      }
      rec.wait_s = sg::Engine::get_clock() - rec.start_s;
      const double seconds = cost::sample_runs(&truth, 1, rng_exec, opt);
      const double t0 = sg::Engine::get_clock();
      world.execute(p, seconds * speed);
      rec.local_s = sg::Engine::get_clock() - t0;
      world.lock_release(p, client, name, qid);
      rec.end_s = sg::Engine::get_clock();
      world.records().queries.push_back(rec);
    }
  })->daemonize();
}

} // namespace ciodesim::runtime
