// The mobility actor of a requester (one per requester, when [mobility] is on): moves it
// along its track, associates it with the nearest server in range, sets its access link's
// rate by distance (off out of every range), records handoffs, and for PerDNN predicts the
// next server and migrates layers there ahead of the client. Geometry and prediction are
// plain C++ (sim/mobility); this file only applies them to SimGrid.
#include "sim/mobility/predictor.hpp"
#include "sim/mobility/track.hpp"
#include "sim/plan/baselines.hpp"
#include "sim/runtime/requester.hpp"

#include <simgrid/s4u/Link.hpp>
#include <xbt/log.h>

#include <algorithm>
#include <limits>
#include <optional>

XBT_LOG_NEW_DEFAULT_CATEGORY(ciodesim_mobility, "ciodesim: moving requesters, access rates, handoffs, migration");

namespace ciodesim::runtime {

void Requester::apply_position(double now, mobility::Point where, sg::Link* access, bool first)
{
  const auto& m       = sc_.mobility;
  const auto in_range = mobility::servers_in_range(m.servers, where);
  const int server    = in_range.empty() ? -1 : in_range.front();
  const auto& topo    = w_.topology();
  auto server_name    = [&](int s) { return s < 0 ? std::string() : m.servers[static_cast<std::size_t>(s)].device; };
  double rate         = 0;
  if (server >= 0) {
    const auto& site = m.servers[static_cast<std::size_t>(server)];
    rate = mobility::access_rate_Bps(m.rates_Bps, site.radius_m, mobility::distance_m(where, site.position));
  }
  if (!first && server != shared_->server)
    w_.records().handoffs.push_back({name_, server_name(shared_->server), server_name(server), now, where.x_m, where.y_m});
  // Out of every range the radio has no link: transfers on it fail (the requester restarts
  // from the tensor it holds and runs locally); back in range it is on at the new rate.
  if (server < 0 && access_on_) {
    access->turn_off();
    access_on_ = false;
  } else if (server >= 0) {
    if (!access_on_) {
      access->turn_on();
      access_on_ = true;
    }
    if (access->get_bandwidth() != rate)
      access->set_bandwidth(rate);
  }
  shared_->server = server;
  // What the policy may use: every server in range (CIODE), else the associated one.
  auto usable_device = [&](const std::string& device) {
    for (int s : in_range)
      if (m.servers[static_cast<std::size_t>(s)].device == device)
        return policy_.mobility.all_in_range || s == server;
    return false;
  };
  shared_->reachable.resize(procs_.size());
  for (std::size_t p = 0; p < procs_.size(); ++p)
    shared_->reachable[p] =
        local_[p] != 0 || usable_device(topo.processors[static_cast<std::size_t>(procs_[p])].device) ? 1 : 0;
  shared_->reachable_candidate.resize(candidate_devices_.size());
  for (std::size_t d = 0; d < candidate_devices_.size(); ++d)
    shared_->reachable_candidate[d] = usable_device(topo.devices[static_cast<std::size_t>(candidate_devices_[d])].name) ? 1 : 0;
  w_.records().positions.push_back({name_, server_name(server), now, where.x_m, where.y_m, rate});
}

void Requester::run_mobility()
{
  const auto& m  = sc_.mobility;
  const auto& topo = w_.topology();
  sg::Link* access = sg::Link::by_name(topo.devices[static_cast<std::size_t>(req_dev_)].access_link);
  std::optional<mobility::RandomWaypoint> waypoint;
  const mobility::Track* trace = nullptr;
  if (m.model == "trace")
    trace = &m.traces.at(index_);
  else
    waypoint.emplace(m.waypoint, Rng::stream_seed(sc_.seed, sc_.run_index, Purpose::Mobility, static_cast<std::uint64_t>(index_)));
  auto position = [&](double t) { return trace != nullptr ? trace->at(t) : waypoint->at(t); };

  const bool proactive = policy_.mobility.proactive_migration;
  const double lookahead_s = proactive ? sc_.params.number("perdnn.lookahead_s") : 0.0;
  std::optional<mobility::Observed> previous; // the device's own last position fix
  int migrated_for = -1, migrated_from = -1;  // the last prediction acted on, per association
  bool first = true;
  while (!shared_->done) {
    const double now = sg::Engine::get_clock();
    const mobility::Point here = position(now);
    apply_position(now, here, access, first);
    first = false;
    const mobility::Observed fix{now, here};
    if (proactive && shared_->server >= 0 && previous) {
      if (migrated_from != shared_->server) { // a new association: predictions start again
        migrated_from = shared_->server;
        migrated_for  = -1;
      }
      const int next = mobility::predict_next_server(m.servers, shared_->server, *previous, fix, lookahead_s);
      if (next >= 0 && next != migrated_for) {
        migrated_for   = next;
        const int from = shared_->server;
        // its own actor, so positions keep updating while layers move; it stops between
        // blocks once the requester is done
        sg::Actor::create(name_ + "/migrate", sg::this_actor::get_host(),
                          [me = self.lock(), next, from] { me->migrate_ahead(next, from); });
      }
    }
    previous = fix;
    sg::this_actor::sleep_for(m.update_s);
  }
}

void Requester::migrate_ahead(int next, int from)
{
  const auto& m    = sc_.mobility;
  const auto& topo = w_.topology();
  const std::string& next_device = m.servers[static_cast<std::size_t>(next)].device;
  const std::string& from_device = m.servers[static_cast<std::size_t>(from)].device;
  // The speculative plan: PerDNN's own partitioning for the predicted server alone, with
  // that server's GPU statistics (utilisation by others) and the access rate it has now
  // (the associated server's probed rows stand for the next one's).
  const std::size_t P = procs_.size();
  plan::PlanInput in  = base_;
  in.wait_s.assign(P, 0.0);
  in.local.assign(local_.begin(), local_.end());
  in.utilization.assign(P, 0.0);
  in.load_factor.assign(P, 1.0);
  in.reachable.assign(P, 0);
  const int owner = w_.owner_of(client_);
  int from_cpu = -1, next_cpu = -1;
  for (std::size_t p = 0; p < P; ++p) {
    const auto& device = topo.processors[static_cast<std::size_t>(procs_[p])].device;
    if (device == from_device && from_cpu < 0)
      from_cpu = static_cast<int>(p);
    if (device == next_device && next_cpu < 0)
      next_cpu = static_cast<int>(p);
    in.reachable[p] = local_[p] != 0 || device == next_device ? 1 : 0;
    if (device == next_device)
      in.utilization[p] = w_.utilization(procs_[p], statistics_window_s_, owner);
  }
  if (from_cpu < 0 || next_cpu < 0 || in.s_per_byte.size() != P)
    return; // the requester does not consider one of them (candidates), or has probed nothing yet
  in.resident.assign(in.blocks(), std::vector<char>(P, 0));
  for (std::size_t p = 0; p < P; ++p) {
    const auto& device = topo.processors[static_cast<std::size_t>(procs_[p])].device;
    if (device == next_device) { // the requester's legs to the next server's processors
      const std::size_t twin = static_cast<std::size_t>(from_cpu) + (p - static_cast<std::size_t>(next_cpu));
      const std::size_t src  = twin < P && topo.processors[static_cast<std::size_t>(procs_[twin])].device == from_device
                                   ? twin
                                   : static_cast<std::size_t>(from_cpu);
      in.s_per_byte[static_cast<std::size_t>(req_)][p] = in.s_per_byte[static_cast<std::size_t>(req_)][src];
      in.s_per_byte[p][static_cast<std::size_t>(req_)] = in.s_per_byte[src][static_cast<std::size_t>(req_)];
      in.latency_s[static_cast<std::size_t>(req_)][p]  = in.latency_s[static_cast<std::size_t>(req_)][src];
      in.latency_s[p][static_cast<std::size_t>(req_)]  = in.latency_s[src][static_cast<std::size_t>(req_)];
    }
    for (std::size_t b = 0; b < in.blocks(); ++b) {
      in.resident[b][p] = resident(static_cast<int>(p), static_cast<int>(b)) ? 1 : 0;
      if (!in.reachable[p])
        in.exec_s[b][p] = std::numeric_limits<double>::infinity();
    }
  }
  auto planner            = policy_.make_planner(sc_.params);
  const plan::Plan spec   = planner->plan(in);
  const auto moves        = plan::perdnn_migration(spec, in, sc_.params.number("perdnn.migrate_fraction"));
  for (const auto& item : moves) {
    if (shared_->done)
      return;
    // the backhaul moves what the current server holds; a block it lacks is not migrated
    int source = -1;
    for (std::size_t p = 0; p < P && source < 0; ++p)
      if (topo.processors[static_cast<std::size_t>(procs_[p])].device == from_device &&
          resident(static_cast<int>(p), item.block))
        source = static_cast<int>(p);
    if (source < 0 || resident(item.processor, item.block))
      continue;
    const int src = procs_[static_cast<std::size_t>(source)], dst = procs_[static_cast<std::size_t>(item.processor)];
    const double bytes = base_.param_bytes[static_cast<std::size_t>(item.block)];
    const double t0    = sg::Engine::get_clock();
    try {
      w_.transfer(src, dst, bytes, src); // server to server: the backhaul, never the client's radio
    } catch (const Unreachable&) {
      return; // a server or the backhaul failed: the client uploads when it arrives
    }
    w_.mark_resident(dst, model_.name(), item.block, blocks());
    w_.records().migrations.push_back({name_, model_.name(), w_.processor_name(src), w_.processor_name(dst), item.block,
                                       bytes, t0, sg::Engine::get_clock()});
    XBT_DEBUG("%s: block %d migrated %s -> %s", name_.c_str(), item.block, w_.processor_name(src).c_str(),
              w_.processor_name(dst).c_str());
  }
}

} // namespace ciodesim::runtime
