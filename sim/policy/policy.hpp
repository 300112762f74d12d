#pragma once
// An offloading policy as one registered unit: its name and description, how its
// requesters share processors (the coordination protocol), what a device running it may
// observe, the parameter groups it reads, and the factory of its planner. The runtime asks
// this entry; it never compares policy names. Adding a policy: docs/extending.md. Pure C++:
// no SimGrid.
#include "sim/plan/planner.hpp"
#include "sim/policy/params.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ciodesim::policy {

// How a policy's requesters share a processor (the runtime implements each one).
enum class Protocol {
  WaitingLock, // CIODE: queue with announced W, replacement (eq. 10), invalid lock (eq. 11)
  Fifo,        // offloading baselines: queue, nothing else
  Backoff,     // M-BEB: no queue; back off and propose again
};
const char* protocol_name(Protocol protocol);

// What a requester may tell its planner beyond predictions and probed bandwidth. Each is
// something a real device could know at planning time.
struct Observes {
  bool wait        = false; // W: the queue at each lock, the requester's own included (CIODE's lock, LoADPart's probe RPC)
  bool utilization = false; // each server's recent busy fraction by other clients (PerDNN's server statistics)
  bool server_load = false; // each server's measured / predicted over its recent work (LoADPart's k)
  bool feedback    = false; // measured vs predicted time of its own remote segments (Planner::observe)
  bool links       = true;  // probes its links before planning (edge-only never uses the network)
  // ORACLE, not something a device could know: each server's true remaining work at its lock
  // and its true slowdown, read from the simulation at the moment of the decision, with no
  // RPC (loadpart-oracle: a reference upper bound; sim/runtime/true_load.cpp).
  bool true_load   = false;
  std::string window_param; // the "section.key" holding the servers' statistics window, if any
};

// What a policy does when its requesters move (docs/mobility.md). Every policy sees its
// reachable servers change; by default it plans over the server it is associated with.
struct MobilityBehaviour {
  bool all_in_range = false;        // plan over every server in wireless range (CIODE)
  bool proactive_migration = false; // predict the next server and migrate layers there (PerDNN)
};

struct PolicyInfo {
  std::string name;        // as written in configs: policy = "ciode"
  std::string description; // one line
  Protocol protocol = Protocol::Fifo;
  Observes observes;
  MobilityBehaviour mobility;
  std::vector<const ParamGroup*> groups; // the sections it reads, e.g. [ionn], [single_server]
  std::function<std::unique_ptr<plan::Planner>(const ParamValues&)> make_planner;
};

// The registry, in registration order (sim/policy/builtin.def).
const std::vector<PolicyInfo>& policies();
// Names in registration order.
std::vector<std::string> policy_names();
// The entry named `name`; an InputError listing the registered names if there is none.
const PolicyInfo& find_policy(const std::string& name);
// Every parameter group some policy or protocol reads, once each, in first-use order.
const std::vector<const ParamGroup*>& param_groups();
// Defaults of every group (what a config that sets nothing gets).
ParamValues default_params();
// A planner of `name` with default parameters (tests, `ciodesim plan`).
std::unique_ptr<plan::Planner> make_planner(const std::string& name, const ParamValues& values = default_params());

// Groups read by the runtime's coordination protocols whatever the policy: [ciode] holds the
// waiting lock's and every requester's re-plan limit, [mbeb] the backoff window.
const ParamGroup& ciode_group();
// CIODE's planner from [ciode] (also M-BEB's).
std::unique_ptr<plan::Planner> make_ciode_planner(const ParamValues& values);
const ParamGroup& mbeb_group();
// [single_server]: the pinned server of the single-server baselines.
const ParamGroup& single_server_group();

} // namespace ciodesim::policy
