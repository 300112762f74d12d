// A node's own inference load (paper Fig. 5: D2 runs queries locally while D1 offloads):
// whole-model queries on one processor, each holding that processor's waiting lock. Open
// arrivals (period, Poisson): an arrival actor hands each query to a server actor of its own,
// which queues at the lock like any client, so load builds real queues (M/D/1 at a fixed
// service time). Back-to-back: one closed loop, each query after the last.
#include "sim/cost/sampler.hpp"
#include "sim/runtime/agents.hpp"

#include <xbt/log.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

XBT_LOG_NEW_DEFAULT_CATEGORY(ciodesim_background, "ciodesim: background load on edge nodes");

namespace ciodesim::runtime {
namespace {

// A server of open arrivals: serves one query at a time, then waits for the next.
struct Server {
  sg::SemaphorePtr wake = sg::Semaphore::create(0);
  int query             = 0;
  double arrival_s      = 0;
};

// What every query of one background load shares.
struct Load {
  BackgroundSpec spec;
  int processor = 0, index = 0, owner = 0;
  std::string name, device;
  double predicted_s = 0, speed_flops = 0;
  cost::LayerRun truth; // the whole model, drawn at once per query
  Rng rng_exec{0};
  std::vector<std::shared_ptr<Server>> idle; // open arrivals: servers waiting for a query
  int servers = 0;
};

// A query that could not be served: recorded as failed, with why.
void record_failed(World& world, QueryRecord rec, long long qid, std::string reason)
{
  rec.end_s  = sg::Engine::get_clock();
  rec.status = "failed";
  rec.reason = std::move(reason);
  world.background_in_flight.erase(qid);
  world.records().queries.push_back(rec);
}

// One query: queue at the lock (a client of its own), run, release, record. A failure of
// the processor while it waits or runs fails it; so does arriving while it is down.
void serve(World& world, Load& load, int q, double arrival_s)
{
  const coord::ClientId client = world.add_client(load.name, load.owner);
  const long long qid          = query_id(client, q);
  QueryRecord rec              = start_query(load.name, load.device, load.spec.model, "local", q);
  rec.arrival_s                = arrival_s;
  rec.part_queue_s             = rec.start_s - arrival_s;
  const std::string& processor = world.processor_name(load.processor);
  if (!world.up(load.processor))
    return record_failed(world, rec, qid, processor + " was down when the query arrived");
  world.background_in_flight[qid] = rec;
  world.note_true_work(load.processor, client, load.truth.mean_s(), false); // ORACLE bookkeeping (true_load.cpp)
  if (!world.lock_request(load.processor, client, load.name, qid, load.predicted_s).granted) {
    ++rec.conflicts;
    const bool granted = world.wait_grant(load.processor, client, -1);
    rec.wait_s = rec.part_wait_s = sg::Engine::get_clock() - rec.start_s;
    if (!granted)
      return record_failed(world, rec, qid, processor + " failed while the query was queued");
  }
  rec.wait_s = rec.part_wait_s = sg::Engine::get_clock() - rec.start_s;
  auto& in_flight  = world.background_in_flight[qid]; // it runs now (if the run ends first: unfinished)
  in_flight        = rec;
  in_flight.status = "running";
  cost::SamplerOptions opt;
  opt.std_scale        = world.scenario().exec_jitter;
  const double seconds = cost::sample_runs(&load.truth, 1, load.rng_exec, opt);
  world.note_true_work(load.processor, client, seconds, true);
  const double t0      = sg::Engine::get_clock();
  try {
    world.execute(load.processor, seconds * load.speed_flops);
  } catch (const Unreachable&) {
    rec.local_s = rec.part_local_s = sg::Engine::get_clock() - t0;
    return record_failed(world, rec, qid, processor + " failed during the query");
  }
  rec.local_s = rec.part_local_s = sg::Engine::get_clock() - t0;
  world.lock_release(load.processor, client, load.name, qid);
  rec.end_s = sg::Engine::get_clock();
  world.background_in_flight.erase(qid);
  world.records().queries.push_back(rec);
}

// An open arrival goes to an idle server, or to a new one when every server is busy. The
// schedule is that of one actor per query: a released semaphore and a created actor both join
// the run list at this call, and the server runs serve() at once. What it saves is an actor
// context per query (a stack and the guard page's two mprotect calls: a quarter of a loaded
// run's CPU); servers number the most queries in the system at once.
void dispatch(World& world, const std::shared_ptr<Load>& load, sg::Host* host, int q)
{
  const double now = sg::Engine::get_clock();
  if (!load->idle.empty()) {
    const std::shared_ptr<Server> server = load->idle.back();
    load->idle.pop_back();
    server->query     = q;
    server->arrival_s = now;
    server->wake->release();
    return;
  }
  auto server       = std::make_shared<Server>();
  server->query     = q;
  server->arrival_s = now;
  sg::Actor::create(load->name + "#" + std::to_string(load->servers++), host, [&world, load, server] {
    for (;;) {
      serve(world, *load, server->query, server->arrival_s);
      load->idle.push_back(server);
      server->wake->acquire();
    }
  })->daemonize();
}

} // namespace

void start_background(World& world, const BackgroundSpec& spec, int background_index)
{
  const auto& sc = world.scenario();
  auto load      = std::make_shared<Load>();
  load->spec      = spec;
  load->processor = world.topology().processor_index(spec.processor);
  load->index     = background_index;
  load->owner     = world.owner_of_background(background_index);
  load->name      = spec.processor + "/bg" + std::to_string(background_index);
  const auto& proc = world.topology().processors[static_cast<std::size_t>(load->processor)];
  load->device      = proc.device;
  load->speed_flops = proc.speed_flops;
  // The node knows its own model: it announces the predicted whole-model time.
  const ProfileCosts& costs = world.profile_costs(*sc.models.at(spec.model), proc.profile);
  for (double t : costs.predicted_s)
    load->predicted_s += t;
  for (const cost::TraceEntry* e : costs.truth)
    load->truth.add(*e);
  load->rng_exec =
      Rng(Rng::stream_seed(sc.seed, sc.run_index, Purpose::BackgroundExec, static_cast<std::uint64_t>(background_index)));
  if (load->spec.arrival.kind == Arrival::Poisson && load->spec.utilization > 0)
    load->spec.arrival.rate_per_s = load->spec.utilization / load->predicted_s;

  // On a host that never fails (World::actor_host): the load outlives its processor's faults.
  auto* host = world.actor_host(load->processor);
  sg::Actor::create(load->name, host, [&world, load, host] {
    const auto& scenario = world.scenario();
    Rng rng_arrival(Rng::stream_seed(scenario.seed, scenario.run_index, Purpose::BackgroundArrival,
                                     static_cast<std::uint64_t>(load->index)));
    double arrival = 0;
    for (int q = 0; q < load->spec.queries; ++q) {
      arrival = next_arrival_s(load->spec.arrival, q, arrival, rng_arrival);
      world.wait_arrival(arrival);
      // Open arrivals that find the processor down fail at once (serve); a closed loop waits
      // for it to come back, and after a permanent fault reports all its remaining queries.
      if (load->spec.arrival.kind == Arrival::BackToBack && !world.up(load->processor)) {
        if (!world.await_recovery(load->processor)) { // down for good
          for (int r = q; r < load->spec.queries; ++r) {
            QueryRecord rec = start_query(load->name, load->device, load->spec.model, "local", r);
            rec.end_s       = rec.start_s;
            rec.status      = "failed";
            rec.reason      = world.processor_name(load->processor) + " failed for good (a permanent fault)";
            world.records().queries.push_back(rec);
          }
          return;
        } // else the loop restarts with its processor
      }
      if (load->spec.arrival.kind == Arrival::BackToBack)
        serve(world, *load, q, sg::Engine::get_clock());
      else
        dispatch(world, load, host, q);
    }
  })->daemonize();
}

} // namespace ciodesim::runtime
