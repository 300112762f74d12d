#include "sim/runtime/simulation.hpp"

#include "sim/runtime/agents.hpp"

#include <fmt/format.h>
#include <simgrid/kernel/ProfileBuilder.hpp>
#include <simgrid/plugins/energy.h>
#include <simgrid/version.h>
#include <xbt/log.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <unordered_map>

XBT_LOG_NEW_DEFAULT_CATEGORY(ciodesim_simulation, "ciodesim: simulation set-up and run");

namespace ciodesim::runtime {
namespace {

// Access-link bandwidth jitter: every period a new bandwidth uniform in
// nominal x [1 - j, 1 + j], drawn from our seeded RNG. Links are sealed once the platform
// is loaded (no profile can be attached in a run's process), so a daemon actor per link
// sets the values; daemons end with the last query.
void start_bandwidth_jitter(const World& world, const Scenario& sc, const platform::Topology& topo)
{
  if (sc.bandwidth_jitter <= 0)
    return;
  for (std::size_t d = 0; d < topo.devices.size(); ++d) {
    const auto& device = topo.devices[d];
    if (device.access_link.empty())
      continue;
    auto* link           = sg::Link::by_name(device.access_link);
    const double nominal = link->get_bandwidth();
    const std::uint64_t seed = Rng::stream_seed(sc.seed, sc.run_index, Purpose::BandwidthJitter, static_cast<std::uint64_t>(d));
    auto* host = world.actor_host(device.processors.front());
    sg::Actor::create("jitter/" + device.access_link, host, [link, nominal, seed, &sc] {
      Rng rng(seed);
      while (true) {
        link->set_bandwidth(nominal * (1.0 + sc.bandwidth_jitter * rng.uniform(-1.0, 1.0)));
        sg::this_actor::sleep_for(sc.bandwidth_jitter_period_s);
      }
    })->daemonize();
  }
}

// Slowdowns as host speed profiles (scale factors); overlapping windows multiply.
void attach_slowdowns(const Scenario& sc)
{
  std::set<std::string> processors;
  for (const auto& s : sc.slowdowns)
    processors.insert(s.processor);
  for (const auto& proc : processors) {
    std::set<double> times{0.0};
    for (const auto& s : sc.slowdowns)
      if (s.processor == proc) {
        times.insert(s.from_s);
        times.insert(s.to_s);
      }
    std::string text;
    for (double t : times) {
      double factor = 1.0;
      for (const auto& s : sc.slowdowns)
        if (s.processor == proc && s.from_s <= t && t < s.to_s)
          factor *= s.factor;
      text += fmt::format("{:.9g} {:.9g}\n", t, factor);
    }
    sg::Host::by_name(proc)->set_speed_profile(
        simgrid::kernel::profile::ProfileBuilder::from_string("ciodesim-speed-" + proc, text, -1));
  }
}

// Faults: a daemon turns hosts and links off and on at the configured times (a permanent
// fault has no end). It lives on a host no fault names (World::control_host).
void start_faults(World& world, const Scenario& sc, const platform::Topology& topo)
{
  if (sc.faults.empty())
    return;
  struct Event {
    double time_s;
    bool off;
    int processor;
    std::string link;
  };
  std::vector<Event> events;
  for (const auto& f : sc.faults) {
    const int p = f.processor.empty() ? -1 : topo.processor_index(f.processor);
    events.push_back({f.from_s, true, p, f.link});
    if (std::isfinite(f.to_s))
      events.push_back({f.to_s, false, p, f.link});
  }
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.time_s < b.time_s; });
  // Overlapping faults of one resource: it is down while any of them is on.
  sg::Actor::create("faults", world.control_host(), [&world, events] {
    std::map<int, int> processor_down;
    std::map<std::string, int> link_down;
    for (const auto& e : events) {
      sg::this_actor::sleep_until(e.time_s);
      if (e.processor >= 0) {
        auto* h     = world.processor(e.processor).host;
        int& depth  = processor_down[e.processor];
        depth += e.off ? 1 : -1;
        if (e.off && depth == 1) {
          world.fail(e.processor);
          h->turn_off();
        } else if (!e.off && depth == 0) {
          h->turn_on();
          world.recover(e.processor);
        }
      } else {
        auto* link = sg::Link::by_name(e.link);
        int& depth = link_down[e.link];
        depth += e.off ? 1 : -1;
        if (e.off && depth == 1)
          link->turn_off();
        else if (!e.off && depth == 0)
          link->turn_on();
      }
    }
  })->daemonize();
}

// Each device's energy over the whole run (docs/energy.md): its hosts from SimGrid's host
// energy plugin, its radio from the time transfers crossed its access link (the link energy
// plugin is not used: in 3.32 it crashes when an actor blocked on an unmatched comm is
// killed, and it samples link usage only when comms start and end), for devices whose every
// processor and access link carry power figures.
void record_device_energy(const World& world, const platform::Topology& topo, Records& records)
{
  const double end_s = sg::Engine::get_clock();
  for (std::size_t d = 0; d < topo.devices.size(); ++d) {
    const auto& device = topo.devices[d];
    bool complete      = device.has_radio_power;
    double joules      = 0;
    for (int p : device.processors) {
      const auto& proc = topo.processors[static_cast<std::size_t>(p)];
      complete         = complete && proc.has_power;
      if (proc.has_power)
        joules += sg_host_get_consumed_energy(sg::Host::by_name(proc.name));
    }
    if (!complete)
      continue;
    const double busy_s = world.radio_busy_s(static_cast<int>(d));
    joules += device.radio_busy_w * busy_s + device.radio_idle_w * (end_s - busy_s);
    records.device_energy_j[device.name] = joules;
  }
}

// Deterministic row order whatever the event interleaving: by requester name, then index,
// then recording order (a stable sort by name and index). Sorts small integer keys and moves
// each record once, in place: a million records compared by name and swapped whole took seconds.
void sort_queries(std::vector<QueryRecord>& queries)
{
  std::unordered_map<std::string_view, int> rank;
  for (const auto& q : queries)
    rank.emplace(q.requester, 0);
  std::vector<std::string_view> names;
  names.reserve(rank.size());
  for (const auto& [name, r] : rank)
    names.push_back(name);
  std::sort(names.begin(), names.end());
  for (std::size_t i = 0; i < names.size(); ++i)
    rank[names[i]] = static_cast<int>(i);
  struct Key {
    int requester, index;
    std::size_t position;
  };
  std::vector<Key> keys;
  keys.reserve(queries.size());
  for (std::size_t i = 0; i < queries.size(); ++i)
    keys.push_back({rank[queries[i].requester], queries[i].index, i});
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return std::tie(a.requester, a.index, a.position) < std::tie(b.requester, b.index, b.position);
  });
  // In place, cycle by cycle (a sorted copy would double the records' memory at the peak):
  // position j receives the record from keys[j].position.
  std::vector<char> placed(queries.size(), 0);
  for (std::size_t i = 0; i < queries.size(); ++i) {
    if (placed[i] != 0)
      continue;
    QueryRecord held = std::move(queries[i]);
    std::size_t j    = i;
    while (true) {
      placed[j]             = 1;
      const std::size_t from = keys[j].position;
      if (from == i) {
        queries[j] = std::move(held);
        break;
      }
      queries[j] = std::move(queries[from]);
      j          = from;
    }
  }
}

} // namespace

std::string simgrid_version()
{
  return fmt::format("{}.{}.{}", SIMGRID_VERSION_MAJOR, SIMGRID_VERSION_MINOR, SIMGRID_VERSION_PATCH);
}

Records run_simulation(const Scenario& scenario, const platform::Topology& topology, const QueryProgress& progress)
{
  // Wall time of each phase, for profiling at scale (docs/performance.md):
  // CIODESIM_SIMGRID_ARGS=--log=ciodesim_simulation.thres:info prints them.
  auto phase_start = std::chrono::steady_clock::now();
  auto phase       = [&phase_start](const char* what) {
    const auto now = std::chrono::steady_clock::now();
    XBT_INFO("%s: %.3f s wall", what, std::chrono::duration<double>(now - phase_start).count());
    phase_start = now;
  };
  World world(scenario, topology);
  start_bandwidth_jitter(world, scenario, topology);
  start_faults(world, scenario, topology);
  attach_slowdowns(scenario);
  for (const auto& preload : scenario.preloads) {
    const std::size_t blocks = scenario.models.at(preload.model)->blocks().size();
    for (std::size_t b = 0; b < blocks; ++b)
      world.mark_resident(topology.processor_index(preload.processor), preload.model, static_cast<int>(b), blocks);
  }

  for (std::size_t r = 0; r < scenario.requesters.size(); ++r)
    start_requester(world, scenario.requesters[r], static_cast<int>(r));
  for (std::size_t b = 0; b < scenario.background.size(); ++b)
    start_background(world, scenario.background[b], static_cast<int>(b));

  phase("set-up (world, actors)");
  // SimGrid ends run() on a deadlock as if the simulation were over: that is a failure
  // (exit 1, one line), never a run with missing rows.
  static bool deadlocked = false;
  static bool registered = false;
  if (!registered) {
    sg::Engine::on_deadlock_cb([] { deadlocked = true; });
    registered = true;
  }
  deadlocked = false;
  // Progress: every 1024 clock advances, the rows recorded so far (a cheap read; the
  // signal is connected once per process, like the deadlock callback).
  static const World* progress_world         = nullptr;
  static const QueryProgress* progress_report = nullptr;
  static bool progress_registered            = false;
  if (progress && !progress_registered) {
    sg::Engine::on_time_advance_cb([](double) {
      static unsigned advances = 0;
      if (progress_world != nullptr && (++advances & 1023U) == 0)
        (*progress_report)(static_cast<long long>(progress_world->records().queries.size()));
    });
    progress_registered = true;
  }
  progress_world  = progress ? &world : nullptr;
  progress_report = progress ? &progress : nullptr;
  sg::Engine::get_instance()->run();
  progress_world  = nullptr;
  progress_report = nullptr;
  phase("engine run");
  if (deadlocked)
    throw std::runtime_error(fmt::format("simulation deadlocked at t={:.9g} s: some activities can never "
                                         "complete (an absurd time, size or speed, or a fault)",
                                         sg::Engine::get_clock()));
  Records records    = std::move(world.records());
  records.end_time_s = sg::Engine::get_clock();
  record_device_energy(world, topology, records);
  for (auto& [id, rec] : world.background_in_flight) { // load still queued when the last requester ended
    rec.end_s  = records.end_time_s;
    // its parts up to now: waiting for the lock, then (once granted: "running") executing
    const double spent_s = rec.end_s - rec.arrival_s - rec.part_queue_s;
    if (rec.status == "running")
      rec.local_s = rec.part_local_s = spent_s - rec.part_wait_s;
    else
      rec.wait_s = rec.part_wait_s = spent_s;
    rec.status = "unfinished";
    rec.reason = "the run ended first (background load stops with the last requester)";
    records.queries.push_back(rec);
  }
  sort_queries(records.queries);
  phase("records (energy, unfinished load, sort)");
  return records;
}

} // namespace ciodesim::runtime
