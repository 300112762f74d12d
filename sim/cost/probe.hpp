#pragma once
// The planner's network view comes from probes, as in the paper (v = bytes / time): before
// planning, the requester times a tiny ping and a probe transfer of `probe_bytes` to each
// candidate. From the two times it estimates a fixed per-transfer latency and a per-byte
// cost, so that transfer(bytes) = latency_s + bytes x s_per_byte. (The paper's single-probe
// v = bytes / time is the special case latency_s = 0; the ping keeps small tensors from
// being under-estimated.)
namespace ciodesim::cost {

struct ProbeConfig {
  double probe_bytes = 256e3; // payload of the bandwidth probe
  double ping_bytes  = 64;    // payload of the latency ping
};

struct ProbeEstimate {
  double latency_s    = 0;
  double s_per_byte   = 0;
  double bandwidth_Bps() const { return s_per_byte > 0 ? 1.0 / s_per_byte : 0.0; }
};

// From measured times of the ping and of the probe.
ProbeEstimate estimate_from_probe(const ProbeConfig& config, double ping_time_s, double probe_time_s);

// What a probe measures on an idle route of the given bandwidth and latency (CM02 network
// model: time = latency + bytes / bandwidth); used when planning outside a simulation.
double ideal_transfer_time_s(double bytes, double bandwidth_Bps, double latency_s);

} // namespace ciodesim::cost
