// The requester's energy per query, in closed form (CM02, no jitter, oracle predictions):
//   E = P_busy t_busy + P_idle (T - t_busy) + P_radio_busy t_radio + P_radio_idle (T - t_radio)
// tests/sim/data/pair-power.xml: pair.xml (D1 <-> Dk at 1e6 B/s and 2 ms, hosts 1 Gflop/s) with
// D1 at 2 W idle / 15 W busy and its radio at 0.8 / 1.5 W. tiny.json: c1 takes 1.0 s on D1 and
// 0.1 s on the nodes; r1, f1, out take 1, 2 and 1 ms on D1.
#include "sim_helpers.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace ciodesim;
using testing::pinned_config;
using testing::run_toml;

namespace {
constexpr double kLat = 0.002, kBw = 1e6;
constexpr double kIdle = 2.0, kBusy = 15.0, kRadioIdle = 0.8, kRadioBusy = 1.5;

double closed_form_j(double latency_s, double busy_s, double radio_s)
{
  return kBusy * busy_s + kIdle * (latency_s - busy_s) + kRadioBusy * radio_s + kRadioIdle * (latency_s - radio_s);
}
} // namespace

TEST_CASE("energy of a local and of an offloaded query: P_busy t_busy + P_idle t_idle + radio terms")
{
  const auto r = run_toml(pinned_config("pair-power.xml", "[[requester]]\ndevice = \"D1\"\nmodel = \"" + testing::kData +
                                                              "/tiny.json\"\nqueries = 2\narrival = \"period\"\nperiod_s = 100\n"));
  REQUIRE(r.queries.size() == 2);
  // Query 0: nothing uploaded yet, all local. It first probes D2 and D3 (a 64 B ping and a
  // 64 kB probe each, the radio busy), asks the locks for W (one round trip, radio idle),
  // then computes c1, r1, f1 and out.
  const auto& q0        = r.queries[0];
  const double probes   = 2 * ((kLat + 64 / kBw) + (kLat + 64e3 / kBw));
  const double compute0 = 1.0 + 0.001 + 0.002 + 0.001;
  const double t0       = probes + 2 * kLat + compute0;
  REQUIRE(q0.blocks_remote == 0);
  REQUIRE(q0.has_energy);
  CHECK(q0.end_s - q0.arrival_s == doctest::Approx(t0).epsilon(1e-9));
  CHECK(q0.energy_j() == doctest::Approx(closed_form_j(t0, compute0, probes)).epsilon(1e-9));
  CHECK(q0.energy_compute_j == doctest::Approx(kBusy * compute0).epsilon(1e-9));
  CHECK(q0.energy_radio_j == doctest::Approx(kRadioBusy * probes + kRadioIdle * (t0 - probes)).epsilon(1e-9));
  // Query 1 (t = 100 s, c1 uploaded long before): c1 on D2. W round trip, lock round trip
  // (radio idle), input out and c1's output back (radio busy), c1 on D2 (D1 idle), the rest local.
  const auto& q1        = r.queries[1];
  const double radio1   = (kLat + 1024 / kBw) + (kLat + 4096 / kBw);
  const double compute1 = 0.001 + 0.002 + 0.001;
  const double t1       = 2 * kLat + 2 * kLat + radio1 + 0.1 + compute1;
  REQUIRE(q1.blocks_remote == 1);
  CHECK(q1.end_s - q1.arrival_s == doctest::Approx(t1).epsilon(1e-9));
  CHECK(q1.energy_j() == doctest::Approx(closed_form_j(t1, compute1, radio1)).epsilon(1e-9));
  CHECK(q1.energy_idle_j == doctest::Approx(kIdle * (t1 - compute1)).epsilon(1e-9));
  // Offloading c1 costs D1 less than running it: 0.1 s idle + transfers vs 1 s busy.
  CHECK(q1.energy_j() < q0.energy_j());
}

TEST_CASE("a device's whole-run energy: SimGrid's host energy plugin plus the radio's busy time")
{
  // One all-local query on pair-power.xml: D1 computes 1.004 s after its probes and W round
  // trip; the uploader then sends c1 (160 B) to a node. The run ends with the query.
  experiment::LoadedExperiment loaded;
  const auto r = run_toml(pinned_config("pair-power.xml", "[[requester]]\ndevice = \"D1\"\nmodel = \"" + testing::kData +
                                                              "/tiny.json\"\nqueries = 1\n"),
                          &loaded);
  REQUIRE(r.queries.size() == 1);
  REQUIRE(r.device_energy_j.count("D1") == 1);
  CHECK(r.device_energy_j.count("D3") == 0); // no power figures on D3
  const double end_s    = r.end_time_s;
  const double compute  = 1.004;
  // D1's radio is busy during its probes and while the upload of c1 crosses its link (the
  // uploader runs alongside the query; it may be cut short when the query ends).
  double upload_s = 0;
  for (const auto& u : r.uploads)
    upload_s += u.end_s - u.start_s;
  const double probes = 2 * ((kLat + 64 / kBw) + (kLat + 64e3 / kBw));
  const double host_j  = kBusy * compute + kIdle * (end_s - compute);
  const double radio_j = kRadioBusy * (probes + upload_s) + kRadioIdle * (end_s - probes - upload_s);
  CHECK(r.device_energy_j.at("D1") == doctest::Approx(host_j + radio_j).epsilon(1e-9));
}
