#pragma once
// Shared state of one simulation: processors with their waiting locks and resident model
// blocks, the probed network, and the records. Actors run one at a time (SimGrid's
// cooperative scheduling), so plain data is safe here. Internal to runtime/.
#include "sim/coord/rules.hpp"
#include "sim/coord/waiting_lock.hpp"
#include "sim/platform/topology.hpp"
#include "sim/runtime/records.hpp"
#include "sim/runtime/scenario.hpp"

#include <simgrid/s4u.hpp>

#include <cstdio>
#include <deque>
#include <limits>
#include <stdexcept>
#include <unordered_map>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ciodesim::runtime {

namespace sg = simgrid::s4u;

// An activity that could not happen or did not finish because a host or a link it needs is
// down: found down before it started (SimGrid asserts on a transfer to a host that is off),
// or SimGrid's host and network failure exceptions while it ran. Callers catch this one type.
struct Unreachable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ProcessorState {
  int index = 0;
  sg::Host* host = nullptr;
  coord::WaitingLock lock;
  std::map<coord::ClientId, sg::SemaphorePtr> waiters; // queued clients blocked on their grant
  std::map<std::string, std::vector<char>> resident;   // model -> block -> uploaded here
  struct Hold {
    double start_s, end_s;
    int owner;       // World::owner_of the holding client
    double ratio;    // held / announced (the node's measured-over-predicted)
  };
  std::deque<Hold> busy;                               // recent lock holds, oldest first
  int holder_owner = -1;                               // owner of the current holder
  double held_since_s = -1;                            // the current holder's grant time
  bool up = true;                                      // false between a failure and its recovery
  int failures = 0;                                    // failures so far (a state lost in between)
  std::vector<sg::SemaphorePtr> recovery_waiters;      // actors waiting for it to come back
  // ORACLE (loadpart-oracle only; sim/runtime/true_load.cpp): the work each lock client will
  // truly hold it for, at nominal speed; started_s: when its execution began (-1: not yet).
  struct TrueWork {
    double seconds = 0, started_s = -1;
  };
  std::map<coord::ClientId, TrueWork> true_work;
};

// A model's per-layer costs on one processor profile: what planners predict, and the trace
// rows executions are drawn from. Shared by every requester with that model and profile.
struct ProfileCosts {
  std::vector<double> predicted_s;                  // [layer]
  std::vector<const cost::TraceEntry*> truth;       // [layer]
};

class World {
public:
  World(const Scenario& scenario, const platform::Topology& topology);
  ~World();
  World(const World&)            = delete;
  World& operator=(const World&) = delete;

  const Scenario& scenario() const { return sc_; }
  const platform::Topology& topology() const { return topo_; }
  ProcessorState& processor(int p) { return procs_[static_cast<std::size_t>(p)]; }
  std::size_t processors() const { return procs_.size(); }
  Records& records() { return records_; }
  const Records& records() const { return records_; }

  // Computed on first use per (model, profile): thousands of requesters share a few pairs.
  const ProfileCosts& profile_costs(const dnn::Model& model, const std::string& profile);

  bool on_device(int processor, const std::string& device) const;
  int cpu_of(const std::string& device) const;
  const std::string& processor_name(int p) const { return topo_.processors[static_cast<std::size_t>(p)].name; }
  // One-way latency of a control message between two processors (lock RPCs, grants).
  double control_latency_s(int from, int to) const;

  void mark_resident(int p, const std::string& model, int block, std::size_t blocks);
  // The residency flags of `model` on processor p, created if needed; the reference stays
  // valid for the whole run (requesters keep it to avoid a lookup per block and plan).
  std::vector<char>& residency(int p, const std::string& model, std::size_t blocks);

  // Waiting-lock operations at the node, with records. `request` returns the answer; a
  // queued client later blocks on wait_grant. A request to a processor that is down throws
  // Unreachable (callers that model a timeout check `up` first).
  coord::LockAnswer lock_request(int p, coord::ClientId client, const std::string& client_name, long long query,
                                 double predicted_s);
  void lock_release(int p, coord::ClientId client, const std::string& client_name, long long query,
                    const char* event = "release");
  void lock_withdraw(int p, coord::ClientId client, const std::string& client_name, long long query);
  // Releases the lock or leaves its queue, whichever the client is in (nothing otherwise: a
  // failure reset it). For a query that is given up.
  void lock_leave(int p, coord::ClientId client, const std::string& client_name, long long query);
  // Blocks until the lock is granted or timeout_s passes (< 0: no timeout); true if granted.
  // Returns false at once when the processor fails meanwhile.
  bool wait_grant(int p, coord::ClientId client, double timeout_s);

  // The `count` nodes nearest to `device` (route latency, then bandwidth, then a seeded tie
  // key per pair), in device order; requester devices are never candidates; count <= 0: every node. Nodes of
  // the device's own subnet are ranked first, others only if it has fewer than `count`: in
  // a hierarchical platform a route leaving the subnet is never the shorter one, and a
  // requester of a 10,000-device platform never resolves a route to every node.
  std::vector<int> candidate_devices(int device, int count) const;

  // Fraction of the last `window_s` during which processor p was held (server statistics),
  // leaving out the holds of `exclude_owner` (a client's own work is not server load).
  double utilization(int p, double window_s, int exclude_owner = -1) const;
  // The node's load factor k (LoADPart): mean held / announced time of the holds that ended
  // in the last `window_s`, every client's; when none did, 1 / the processor's available
  // speed ratio (its external load: 1 unless a slowdown is on).
  double load_factor(int p, double window_s) const;
  // ORACLE, read only for a policy that observes true_load (loadpart-oracle;
  // sim/runtime/true_load.cpp). A lock client tells what it will truly hold processor p for:
  // when it queues, its work's true mean; when its execution starts, the time drawn.
  void note_true_work(int p, coord::ClientId client, double seconds, bool started);
  // The true remaining work at p's lock now: what its holder has left, plus each queued
  // client's true work, at p's available speed.
  double true_wait_s(int p) const;
  // p's true slowdown now: 1 / its available speed ratio (a [[slowdown]]; 1 otherwise).
  double true_slowdown(int p) const;

  // A lock client: a requester's in-flight slot or one background query. `owner` groups the
  // clients of one requester (or background) for the statistics above.
  coord::ClientId add_client(const std::string& name, int owner);
  int owner_of(coord::ClientId client) const { return client_owner_[static_cast<std::size_t>(client)]; }

  // A node processor fails: its queue and its uploaded blocks are lost, queued clients are
  // woken (they find `up` false). Recovery makes it usable again (empty).
  void fail(int p);
  void recover(int p);
  bool up(int p) const { return procs_[static_cast<std::size_t>(p)].up; }
  int failures(int p) const { return procs_[static_cast<std::size_t>(p)].failures; }
  // When a processor that is down now comes back, from the fault schedule (infinity: a
  // permanent fault). Simulation mechanics, never shown to a planner.
  double recovery_s(int p) const;
  // Blocks until processor p is up; false at once when it is down for good.
  bool await_recovery(int p);
  // Whether a message from processor a reaches processor b now: both hosts on and every
  // link of the route on.
  bool reachable(int a, int b);
  // How long a sender takes to notice that b does not answer: a round trip + faults.timeout_s.
  double notice_s(int a, int b) const;
  // Where the actors serving processor p live: p's host if no fault names it, else a host
  // no fault names (SimGrid kills the actors of a host turned off; a requester whose device
  // fails must still report its queries, a background load must restart).
  sg::Host* actor_host(int p) const;
  sg::Host* control_host() const { return control_host_; }

  // A timed wait of the calling actor (a control message in flight, a backoff), counted.
  void delay(double seconds);
  // Waits until the next query arrives (no-op if it is due): a timed wait, counted.
  void wait_arrival(double time_s);

  // Runs `flops` on processor p (blocking), counted for benchmarks. Throws Unreachable when
  // p is down or fails meanwhile.
  void execute(int p, double flops);

  // Moves a tensor (or parameters) from one processor to another along the star rule:
  // direct inside a device or from/to the requester device, else through `via`. Returns
  // the bytes put on the wire (twice `bytes` when the transfer takes two legs). Throws
  // Unreachable when a leg cannot start (after notice_s) or fails midway.
  double transfer(int from, int to, double bytes, int via);
  // Whether that transfer takes two legs through `via` (neither end on via's device nor
  // both ends on one device).
  bool relayed(int from, int to, int via) const;

  // Seconds during which at least one transfer crossed device d's access link (its radio was
  // busy), up to now: the whole-run radio energy (docs/energy.md).
  double radio_busy_s(int device) const;

  std::vector<std::string> client_names; // by ClientId, for lock records
  // Owners for the statistics: requester r, then background b.
  int owner_of_requester(int r) const { return r; }
  int owner_of_background(int b) const { return static_cast<int>(sc_.requesters.size()) + b; }
  // Background queries arrived but not finished, by query id: reported as "unfinished"
  // when the run ends first (background load stops with the last requester).
  std::map<long long, QueryRecord> background_in_flight;

private:
  void record_lock(int p, const std::string& client, const char* event, long long query, double wait_s);

  std::vector<int> client_owner_; // by ClientId
  const Scenario& sc_;
  const platform::Topology& topo_;
  std::vector<ProcessorState> procs_;
  Records records_;
  std::FILE* activity_log_ = nullptr;             // Scenario::activity_log_path, for bench replays
  std::unordered_map<const sg::Host*, int> processor_of_host_;
  void log_activity(int kind, int a, int b, double amount);
  // Per device: transfers crossing its access link now, since when, and the busy time so far.
  struct Radio {
    int active = 0;
    double since_s = 0, busy_s = 0;
  };
  std::vector<Radio> radios_;
  void radio_on(int device);
  void radio_off(int device);
  std::map<std::pair<int, int>, std::vector<sg::Link*>> route_links_; // (a, b) -> its links a fault names
  std::set<std::string> fault_links_;
  std::vector<char> may_fail_;   // [processor] named by a [[fault]]
  sg::Host* control_host_ = nullptr; // a host no fault names
  std::map<std::string, std::vector<int>> nodes_by_subnet_; // subnet -> node devices, in order
  std::map<std::pair<std::string, std::string>, ProfileCosts> profile_costs_; // (model, profile)
};

} // namespace ciodesim::runtime
