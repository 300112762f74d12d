#pragma once
// What a run records: one row per query, per upload, per lock event. Plain data; the
// experiment layer writes them as CSV.
#include <map>
#include <string>
#include <vector>

namespace ciodesim::runtime {

struct QueryRecord {
  std::string requester, device, model, policy;
  int index = 0;
  double arrival_s = 0; // when the query arrived: its latency is end_s - arrival_s
  double start_s = 0;   // when a slot of its requester started serving it
  double end_s = 0;
  // The latency, part by part; they add up to end_s - arrival_s (docs/outputs.md).
  double part_queue_s    = 0; // queued at the requester before a slot took it
  double part_probe_s    = 0; // bandwidth probes
  double part_control_s  = 0; // control messages: W queries, lock requests and grants, fault timeouts
  double part_plan_s     = 0; // planning, on the requester's CPU
  double part_transfer_s = 0; // tensors moving
  double part_wait_s     = 0; // waiting for locks, local and remote (replacement checks, backoff, uploads they trigger)
  double part_local_s    = 0; // executing on the requester's device
  double part_remote_s   = 0; // executing on nodes
  double local_s = 0;   // executing on the requester's own processors
  double offload_s = 0; // executing on remote processors
  double wait_s = 0;    // waiting for remote locks
  double transfer_bytes = 0;
  int blocks_remote = 0;
  int conflicts = 0;    // requests that found the processor busy
  int replanned = 0;    // replacements and re-plans after an invalid lock
  int invalid_locks = 0;
  // Its first plan wanted blocks on other devices and none of them was resident there.
  bool cold_start = false;
  double plan_time_s = 0;
  // The requester's energy over the query (sim/cost/energy.hpp); has_energy false when its
  // device's platform gives no power figures (the CSV cells stay empty).
  bool has_energy = false;
  double energy_compute_j = 0, energy_idle_j = 0, energy_radio_j = 0;
  double energy_j() const { return energy_compute_j + energy_idle_j + energy_radio_j; }
  std::string status = "completed"; // completed | failed | rejected | unfinished
  std::string reason;
};

struct UploadRecord {
  std::string requester, model, processor;
  int block = 0;
  double bytes = 0, start_s = 0, end_s = 0;
};

struct LockRecord {
  std::string processor, client, event; // request | grant | release | withdraw | invalid
  long long query = 0;
  double time_s = 0, wait_s = 0;
  int queue_length = 0;
};

// Mobility: a requester's association changed ("" = no server in range).
struct HandoffRecord {
  std::string requester, from, to;
  double time_s = 0, x_m = 0, y_m = 0;
};

// A block PerDNN moved between servers over the backhaul ahead of the client.
struct MigrationRecord {
  std::string requester, model, from, to;
  int block = 0;
  double bytes = 0, start_s = 0, end_s = 0;
};

// Mobility, per requester: its position at every update (for `plot map`).
struct PositionRecord {
  std::string requester, server;
  double time_s = 0, x_m = 0, y_m = 0, rate_Bps = 0;
};

struct Records {
  std::vector<QueryRecord> queries;
  std::vector<UploadRecord> uploads;
  std::vector<LockRecord> locks;
  std::vector<HandoffRecord> handoffs;     // mobility only
  std::vector<MigrationRecord> migrations; // mobility only
  std::vector<PositionRecord> positions;   // mobility only
  // Per requester: when the upload set of its final plan became all resident (Table 2's
  // offload time); a requester whose planned uploads never completed is absent.
  std::map<std::string, double> upload_complete_s;
  double end_time_s = 0;
  // Whole run, per device with power figures: SimGrid's host energy plugin over its hosts plus
  // its link energy plugin over its access link (uploads and idle time between queries included).
  std::map<std::string, double> device_energy_j;
  // Simulated activities, for benchmarks against raw SimGrid.
  long long execs = 0, comms = 0, delays = 0; // delays: timed waits (control-message latencies, backoffs)
  double exec_flops = 0, comm_bytes = 0, delay_s = 0;
};

} // namespace ciodesim::runtime
