#include "sim/runtime/world.hpp"

#include "sim/core/rng.hpp"
#include "sim/runtime/raw_replay.hpp"

#include <fmt/format.h>
#include <simgrid/Exception.hpp>
#include <xbt/log.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>

XBT_LOG_NEW_DEFAULT_CATEGORY(ciodesim_world, "ciodesim: node state, locks and transfers");

namespace ciodesim::runtime {

World::World(const Scenario& scenario, const platform::Topology& topology) : sc_(scenario), topo_(topology)
{
  auto* engine = sg::Engine::get_instance();
  for (std::size_t p = 0; p < topo_.processors.size(); ++p) {
    ProcessorState st;
    st.index = static_cast<int>(p);
    st.host  = engine->host_by_name(topo_.processors[p].name);
    procs_.push_back(std::move(st));
  }
  radios_.assign(topo_.devices.size(), Radio{});
  may_fail_.assign(procs_.size(), 0);
  for (const auto& f : sc_.faults) {
    if (!f.processor.empty())
      may_fail_[static_cast<std::size_t>(topo_.processor_index(f.processor))] = 1;
    if (!f.link.empty())
      fault_links_.insert(f.link);
  }
  for (std::size_t p = 0; p < procs_.size() && control_host_ == nullptr; ++p)
    if (may_fail_[p] == 0)
      control_host_ = procs_[p].host;
  if (control_host_ == nullptr) // the config rejects this; a direct caller gets an error too
    throw std::runtime_error("every processor has a fault: the simulation's actors need one that never fails");
  // Records grow by the million at scale: reserve what the configured queries need (the
  // lock events' reserve is address space only until rows are written), so no growth copies
  // the rows already recorded.
  std::size_t queries = 0;
  for (const auto& r : sc_.requesters)
    queries += static_cast<std::size_t>(std::max(r.queries, 0));
  for (const auto& b : sc_.background)
    queries += static_cast<std::size_t>(std::max(b.queries, 0));
  records_.queries.reserve(queries);
  records_.locks.reserve(4 * queries);
  for (std::size_t d = 0; d < topo_.devices.size(); ++d)
    if (!topo_.devices[d].requester) // requesters offload to nodes, not to each other
      nodes_by_subnet_[topo_.devices[d].subnet].push_back(static_cast<int>(d));
  if (!sc_.activity_log_path.empty()) {
    activity_log_ = std::fopen(sc_.activity_log_path.c_str(), "wb");
    if (activity_log_ == nullptr)
      throw std::runtime_error("cannot write the activity log " + sc_.activity_log_path);
    for (std::size_t p = 0; p < procs_.size(); ++p)
      processor_of_host_[procs_[p].host] = static_cast<int>(p);
  }
}

World::~World()
{
  if (activity_log_ != nullptr)
    std::fclose(activity_log_);
}

void World::log_activity(int kind, int a, int b, double amount)
{
  if (activity_log_ == nullptr)
    return;
  LoggedActivity entry;
  entry.actor      = sg::this_actor::get_pid();
  entry.actor_host = processor_of_host_.at(sg::this_actor::get_host());
  entry.kind       = kind;
  entry.a = a, entry.b = b, entry.amount = amount;
  std::fwrite(&entry, sizeof entry, 1, activity_log_);
}

const ProfileCosts& World::profile_costs(const dnn::Model& model, const std::string& profile)
{
  auto [it, inserted] = profile_costs_.try_emplace({model.name(), profile});
  if (inserted)
    for (const auto& layer : model.layers()) {
      it->second.predicted_s.push_back(predicted_layer_s(sc_, model, layer, profile));
      it->second.truth.push_back(&sc_.traces->at(model.name(), layer.spec.name, profile));
    }
  return it->second;
}

bool World::on_device(int processor, const std::string& device) const
{
  return topo_.processors[static_cast<std::size_t>(processor)].device == device;
}

int World::cpu_of(const std::string& device) const
{
  return topo_.devices[static_cast<std::size_t>(topo_.device_index(device))].processors.front();
}

double World::control_latency_s(int from, int to) const
{
  return from == to ? 0.0 : topo_.route(from, to).latency_s;
}

std::vector<char>& World::residency(int p, const std::string& model, std::size_t blocks)
{
  auto& res = procs_[static_cast<std::size_t>(p)].resident[model];
  if (res.empty())
    res.assign(blocks, 0);
  return res;
}

void World::mark_resident(int p, const std::string& model, int block, std::size_t blocks)
{
  residency(p, model, blocks)[static_cast<std::size_t>(block)] = 1;
}

void World::record_lock(int p, const std::string& client, const char* event, long long query, double wait_s)
{
  const auto& lock = procs_[static_cast<std::size_t>(p)].lock;
  records_.locks.push_back(LockRecord{processor_name(p), client, event, query, sg::Engine::get_clock(), wait_s,
                                      static_cast<int>(lock.queue_length())});
}

coord::LockAnswer World::lock_request(int p, coord::ClientId client, const std::string& client_name, long long query,
                                      double predicted_s)
{
  auto& st                = procs_[static_cast<std::size_t>(p)];
  if (!st.up)
    throw Unreachable(processor_name(p) + " is down");
  const coord::LockAnswer a = st.lock.request(client, static_cast<std::uint64_t>(query), predicted_s,
                                              sg::Engine::get_clock());
  record_lock(p, client_name, "request", query, a.wait_s);
  if (a.granted) {
    record_lock(p, client_name, "grant", query, 0.0);
    st.held_since_s = sg::Engine::get_clock();
    st.holder_owner = owner_of(client);
  }
  else
    st.waiters[client] = sg::Semaphore::create(0);
  return a;
}

void World::lock_release(int p, coord::ClientId client, const std::string& client_name, long long query,
                         const char* event)
{
  auto& st  = procs_[static_cast<std::size_t>(p)];
  if (!st.lock.holds(client) && st.failures > 0)
    return; // a failure reset the lock under its holder
  const double now = sg::Engine::get_clock();
  const double announced_s = st.lock.holder() ? st.lock.holder()->predicted_s : 0.0;
  auto next        = st.lock.release(client, now);
  record_lock(p, client_name, event, query, 0.0);
  const double held_s = now - st.held_since_s;
  st.busy.push_back({st.held_since_s, now, st.holder_owner, announced_s > 0 ? held_s / announced_s : 1.0});
  while (st.busy.size() > 256)
    st.busy.pop_front();
  st.held_since_s = next ? now : -1;
  st.holder_owner = next ? owner_of(next->client) : -1;
  if (next) {
    record_lock(p, client_names[static_cast<std::size_t>(next->client)], "grant", static_cast<long long>(next->query),
                0.0);
    auto it = st.waiters.find(next->client);
    if (it != st.waiters.end()) {
      it->second->release();
      st.waiters.erase(it);
    }
  }
}

std::vector<int> World::candidate_devices(int device, int count) const
{
  const auto& me = topo_.devices[static_cast<std::size_t>(device)];
  const int from = me.processors.front();
  // latency, -bandwidth, then a tie key drawn per (requester, node): equally near nodes (the
  // other subnets of a generated platform) are spread over the requesters instead of every
  // requester picking the lowest-numbered ones.
  using Ranked   = std::tuple<double, double, std::uint64_t, int>;
  auto ranked_in = [&](const std::vector<int>& nodes) {
    std::vector<Ranked> ranked;
    for (int d : nodes)
      if (d != device) {
        const auto& r = topo_.route(from, topo_.devices[static_cast<std::size_t>(d)].processors.front());
        ranked.emplace_back(r.latency_s, -r.bandwidth_Bps,
                            Rng::derive_seed(static_cast<std::uint64_t>(device), static_cast<std::uint64_t>(d)), d);
      }
    std::sort(ranked.begin(), ranked.end());
    return ranked;
  };
  const auto own        = nodes_by_subnet_.find(me.subnet);
  std::vector<Ranked> ranked = own == nodes_by_subnet_.end() ? std::vector<Ranked>{} : ranked_in(own->second);
  if (count <= 0 || ranked.size() < static_cast<std::size_t>(count)) {
    std::vector<int> others;
    for (const auto& [subnet, nodes] : nodes_by_subnet_)
      if (subnet != me.subnet)
        others.insert(others.end(), nodes.begin(), nodes.end());
    const auto more = ranked_in(others);
    ranked.insert(ranked.end(), more.begin(), more.end());
  }
  if (count > 0 && static_cast<std::size_t>(count) < ranked.size())
    ranked.resize(static_cast<std::size_t>(count));
  std::vector<int> out;
  for (const auto& t : ranked)
    out.push_back(std::get<3>(t));
  std::sort(out.begin(), out.end()); // plan order follows device order
  return out;
}

void World::delay(double seconds)
{
  ++records_.delays;
  records_.delay_s += seconds;
  log_activity(LoggedActivity::Sleep, 0, 0, seconds);
  sg::this_actor::sleep_for(seconds);
}

void World::wait_arrival(double time_s)
{
  const double now = sg::Engine::get_clock();
  if (time_s <= now)
    return;
  ++records_.delays;
  records_.delay_s += time_s - now;
  log_activity(LoggedActivity::Sleep, 0, 0, time_s - now);
  sg::this_actor::sleep_until(time_s);
}

void World::radio_on(int device)
{
  Radio& r = radios_[static_cast<std::size_t>(device)];
  if (r.active++ == 0)
    r.since_s = sg::Engine::get_clock();
}

void World::radio_off(int device)
{
  Radio& r = radios_[static_cast<std::size_t>(device)];
  if (--r.active == 0)
    r.busy_s += sg::Engine::get_clock() - r.since_s;
}

double World::radio_busy_s(int device) const
{
  const Radio& r = radios_[static_cast<std::size_t>(device)];
  return r.busy_s + (r.active > 0 ? sg::Engine::get_clock() - r.since_s : 0.0);
}

void World::execute(int p, double flops)
{
  ++records_.execs;
  records_.exec_flops += flops;
  log_activity(LoggedActivity::Exec, p, p, flops);
  auto* host = procs_[static_cast<std::size_t>(p)].host;
  if (!host->is_on())
    throw Unreachable(processor_name(p) + " is down");
  try {
    sg::this_actor::exec_init(flops)->set_host(host)->start()->wait();
  } catch (const simgrid::HostFailureException&) {
    throw Unreachable(processor_name(p) + " failed during an execution");
  }
}

double World::utilization(int p, double window_s, int exclude_owner) const
{
  const auto& st    = procs_[static_cast<std::size_t>(p)];
  const double now  = sg::Engine::get_clock();
  const double from = now - window_s;
  double busy = st.held_since_s >= 0 && (exclude_owner < 0 || st.holder_owner != exclude_owner)
                    ? now - std::max(from, st.held_since_s)
                    : 0.0;
  for (const auto& h : st.busy)
    if (h.end_s > from && (exclude_owner < 0 || h.owner != exclude_owner))
      busy += h.end_s - std::max(h.start_s, from);
  return std::min(1.0, busy / window_s);
}

double World::load_factor(int p, double window_s) const
{
  const auto& st    = procs_[static_cast<std::size_t>(p)];
  const double from = sg::Engine::get_clock() - window_s;
  double sum        = 0;
  int n             = 0;
  for (const auto& h : st.busy)
    if (h.end_s > from) {
      sum += h.ratio;
      ++n;
    }
  if (n > 0)
    return sum / n;
  // No recent work to measure: the node still knows its external load (a slowdown).
  const double available = st.host->get_available_speed();
  return available > 0 ? 1.0 / available : 1.0;
}

coord::ClientId World::add_client(const std::string& name, int owner)
{
  client_names.push_back(name);
  client_owner_.push_back(owner);
  return static_cast<coord::ClientId>(client_names.size() - 1);
}

void World::lock_withdraw(int p, coord::ClientId client, const std::string& client_name, long long query)
{
  auto& st = procs_[static_cast<std::size_t>(p)];
  st.lock.withdraw(client);
  st.waiters.erase(client);
  record_lock(p, client_name, "withdraw", query, 0.0);
}

void World::lock_leave(int p, coord::ClientId client, const std::string& client_name, long long query)
{
  const auto& lock = procs_[static_cast<std::size_t>(p)].lock;
  if (lock.holds(client))
    lock_release(p, client, client_name, query);
  else if (lock.queued(client))
    lock_withdraw(p, client, client_name, query);
}

bool World::wait_grant(int p, coord::ClientId client, double timeout_s)
{
  auto& st = procs_[static_cast<std::size_t>(p)];
  if (st.lock.holds(client))
    return true;
  auto it = st.waiters.find(client);
  if (it == st.waiters.end())
    return st.lock.holds(client);
  sg::SemaphorePtr sem = it->second; // keep alive while blocked
  if (timeout_s < 0) {
    sem->acquire();
    return st.up && st.lock.holds(client);
  }
  const bool timed_out = sem->acquire_timeout(timeout_s);
  return st.up && (!timed_out || st.lock.holds(client));
}

void World::fail(int p)
{
  auto& st = procs_[static_cast<std::size_t>(p)];
  if (!st.up)
    return;
  st.up = false;
  ++st.failures;
  record_lock(p, "-", "failed", 0, 0.0);
  if (st.held_since_s >= 0)
    st.busy.push_back({st.held_since_s, sg::Engine::get_clock(), st.holder_owner, 1.0});
  st.held_since_s = -1;
  st.holder_owner = -1;
  st.lock         = coord::WaitingLock{}; // the queue dies with the node
  for (auto& [client, sem] : st.waiters)
    sem->release();
  st.waiters.clear();
  for (auto& [model, flags] : st.resident) // memory is lost: uploads start again
    std::fill(flags.begin(), flags.end(), 0);
}

double World::recovery_s(int p) const
{
  if (up(p))
    return sg::Engine::get_clock();
  // The fault that is on now and ends last (overlapping windows keep it down until then).
  // The latest end of the faults on now (overlapping windows keep it down until then); one
  // ending right now may not have been applied yet.
  const double now = sg::Engine::get_clock();
  double until     = -1;
  for (const auto& f : sc_.faults)
    if (!f.processor.empty() && topo_.processor_index(f.processor) == p && f.from_s <= now && now <= f.to_s)
      until = std::max(until, f.to_s);
  return until >= now ? until : std::numeric_limits<double>::infinity();
}

bool World::await_recovery(int p)
{
  while (!up(p)) {
    if (!std::isfinite(recovery_s(p)))
      return false;
    auto sem = sg::Semaphore::create(0);
    procs_[static_cast<std::size_t>(p)].recovery_waiters.push_back(sem);
    sem->acquire();
  }
  return true;
}

bool World::reachable(int a, int b)
{
  if (sc_.faults.empty()) // nothing ever fails: no route look-ups
    return true;
  const auto& ha = procs_[static_cast<std::size_t>(a)].host;
  const auto& hb = procs_[static_cast<std::size_t>(b)].host;
  if (!ha->is_on() || !hb->is_on())
    return false;
  if (a == b)
    return true;
  // Only links a fault names: a link turned off otherwise (mobility: out of radio range) is
  // one its device knows is off, and SimGrid fails a transfer over it at once.
  auto [it, inserted] = route_links_.try_emplace({a, b});
  if (inserted) {
    std::vector<sg::Link*> route;
    double latency_s = 0;
    ha->route_to(hb, route, &latency_s);
    for (auto* l : route)
      if (fault_links_.count(l->get_name()) != 0)
        it->second.push_back(l);
  }
  return std::all_of(it->second.begin(), it->second.end(), [](const sg::Link* l) { return l->is_on(); });
}

double World::notice_s(int a, int b) const
{
  return 2 * control_latency_s(a, b) + sc_.fault_timeout_s;
}

sg::Host* World::actor_host(int p) const
{
  return may_fail_[static_cast<std::size_t>(p)] != 0 ? control_host_ : procs_[static_cast<std::size_t>(p)].host;
}

void World::recover(int p)
{
  auto& st = procs_[static_cast<std::size_t>(p)];
  st.up    = true;
  record_lock(p, "-", "recovered", 0, 0.0);
  for (auto& sem : st.recovery_waiters)
    sem->release();
  st.recovery_waiters.clear();
}

bool World::relayed(int from, int to, int via) const
{
  const auto& pf = topo_.processors[static_cast<std::size_t>(from)];
  const auto& pt = topo_.processors[static_cast<std::size_t>(to)];
  const auto& pv = topo_.processors[static_cast<std::size_t>(via)];
  return pf.device != pt.device && pf.device != pv.device && pt.device != pv.device;
}

double World::transfer(int from, int to, double bytes, int via)
{
  if (from == to || bytes <= 0)
    return 0.0;
  const bool direct  = !relayed(from, to, via);
  const auto size    = static_cast<std::uint64_t>(std::llround(bytes));
  records_.comms += direct ? 1 : 2;
  records_.comm_bytes += static_cast<double>(size) * (direct ? 1 : 2);
  auto send = [&](int a, int b) {
    if (!reachable(a, b)) { // SimGrid asserts on an endpoint that is off; the sender times out
      delay(notice_s(a, b));
      throw Unreachable(fmt::format("{} -> {}: no answer", processor_name(a), processor_name(b)));
    }
    log_activity(LoggedActivity::Comm, a, b, static_cast<double>(size));
    // A leg between two devices crosses both access links (their radios are busy meanwhile),
    // also when it fails.
    const int da = topo_.device_of(a), db = topo_.device_of(b);
    struct Radios {
      World& w;
      int a, b;
      Radios(World& world, int da, int db) : w(world), a(da), b(db)
      {
        if (a != b) {
          w.radio_on(a);
          w.radio_on(b);
        }
      }
      ~Radios()
      {
        if (a != b) {
          w.radio_off(a);
          w.radio_off(b);
        }
      }
      Radios(const Radios&)            = delete;
      Radios& operator=(const Radios&) = delete;
    } radios(*this, da, db);
    try {
      sg::Comm::sendto(procs_[static_cast<std::size_t>(a)].host, procs_[static_cast<std::size_t>(b)].host, size);
    } catch (const simgrid::Exception&) { // NetworkFailureException, HostFailureException
      throw Unreachable(fmt::format("{} -> {}: a host or link failed during the transfer", processor_name(a),
                                    processor_name(b)));
    }
  };
  if (direct) {
    send(from, to);
  } else {
    send(from, via);
    send(via, to);
  }
  return direct ? bytes : 2 * bytes;
}

} // namespace ciodesim::runtime
