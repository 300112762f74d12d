#pragma once
// What one query costs its requester's battery (docs/energy.md): every processor of the
// requester's device draws its idle power over the query's latency and its busy power while
// it computes for the query; the network interface draws its busy power while a transfer of
// the query crosses the device's access link and its idle power otherwise:
//   E = sum_p [P_busy(p) t_busy(p) + P_idle(p) (T - t_busy(p))] + P_rbusy t_radio + P_ridle (T - t_radio)
// Plain C++: the runtime measures the times, this adds them up (unit-tested directly).
#include <vector>

namespace ciodesim::cost {

struct ProcessorPower {
  double idle_w = 0, busy_w = 0;
};

struct DevicePower {
  std::vector<ProcessorPower> processors; // the device's processors
  double radio_idle_w = 0, radio_busy_w = 0;
  // Drawn by the device whatever it does: every processor's idle power and the radio's.
  double idle_w() const;
};

// What a query made the requester's device do.
struct QueryActivity {
  double latency_s = 0;        // arrival to answer
  std::vector<double> busy_s;  // [processor of the device] computing for this query (execution, planning)
  double radio_s = 0;          // transfers of this query crossing the device's access link
};

struct QueryEnergy {
  double compute_j = 0; // processors busy
  double idle_j    = 0; // processors idle while the query lasts (waiting, queueing, transfers)
  double radio_j   = 0; // network interface, busy and idle
  double total_j() const { return compute_j + idle_j + radio_j; }
};

QueryEnergy query_energy(const DevicePower& power, const QueryActivity& activity);

} // namespace ciodesim::cost
