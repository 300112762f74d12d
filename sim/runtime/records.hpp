#pragma once
// What a run records: one row per query, per upload, per lock event. Plain data; the
// experiment layer writes them as CSV.
#include <string>
#include <vector>

namespace ciodesim::runtime {

struct QueryRecord {
  std::string requester, device, model, policy;
  int index = 0;
  double start_s = 0, end_s = 0;
  double local_s = 0;   // executing on the requester's own processors
  double offload_s = 0; // executing on remote processors
  double wait_s = 0;    // waiting for remote locks
  double transfer_bytes = 0;
  int blocks_remote = 0;
  int conflicts = 0;    // requests that found the processor busy
  int replanned = 0;    // replacements and re-plans after an invalid lock
  int invalid_locks = 0;
  double plan_time_s = 0;
  std::string status = "completed"; // completed | failed
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

struct Records {
  std::vector<QueryRecord> queries;
  std::vector<UploadRecord> uploads;
  std::vector<LockRecord> locks;
  double end_time_s = 0;
  // Simulated activities, for benchmarks against raw SimGrid.
  long long execs = 0, comms = 0, delays = 0; // delays: timed waits (control-message latencies, backoffs)
  double exec_flops = 0, comm_bytes = 0, delay_s = 0;
};

} // namespace ciodesim::runtime
