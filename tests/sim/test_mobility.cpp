// Mobility in simulation, closed form: association, a handoff, the access rate by distance,
// leaving every server's range, and PerDNN's migration ahead of the client.
#include "sim_helpers.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace ciodesim;
using testing::pinned_config;
using testing::run_toml;

namespace {
const std::string kTiny = testing::kData + "/tiny.json";

// The requester walks at 10 m/s from D2's site (0, 0) to D3's (100, 0), then at 20 m/s on
// to (300, 0). Both servers cover 60 m; two rate levels: 1e6 B/s (8 Mbps) within 30 m,
// 5e5 B/s (4 Mbps) beyond. Updates every 0.5 s, so:
//   t = 5.0: x = 50, equidistant, D2 kept (lower index); t = 5.5: x = 55, handoff D2 -> D3;
//   t = 13.0: x = 160, on D3's edge; t = 13.5: x = 170, out of every range.
struct Walk {
  Walk()
      : path((std::filesystem::temp_directory_path() / ("ciodesim_walk." + std::to_string(::getpid()) + ".csv")).string())
  {
    std::ofstream(path) << "time_s,requester,x_m,y_m\n0,0,0,0\n10,0,100,0\n20,0,300,0\n";
  }
  ~Walk() { std::remove(path.c_str()); }
  std::string config(const std::string& policy, const std::string& extra = "") const
  {
    return pinned_config("pair.xml",
                         "[mobility]\nmodel = \"trace\"\ntrace = \"" + path +
                             "\"\nupdate_s = 0.5\nrates_Mbps = [8, 4]\n"
                             "[[mobility.server]]\ndevice = \"D2\"\nx_m = 0\ny_m = 0\nradius_m = 60\n"
                             "[[mobility.server]]\ndevice = \"D3\"\nx_m = 100\ny_m = 0\nradius_m = 60\n" +
                             extra + "[[requester]]\ndevice = \"D1\"\nmodel = \"" + kTiny +
                             "\"\nqueries = 20\narrival = \"period\"\nperiod_s = 1.0\n",
                         "policy = \"" + policy + "\"\n");
  }
  std::string path;
};

const runtime::PositionRecord& position_at(const runtime::Records& r, double t)
{
  for (const auto& p : r.positions)
    if (std::abs(p.time_s - t) < 1e-9)
      return p;
  FAIL("no position at ", t);
  return r.positions.front();
}
} // namespace

TEST_CASE("mobility: one handoff where the nearer server takes over, rates by distance, then out of range")
{
  const Walk walk;
  const auto r = run_toml(walk.config("enhanced-ionn"));
  REQUIRE(r.handoffs.size() == 2);
  CHECK(r.handoffs[0].time_s == doctest::Approx(5.5));
  CHECK(r.handoffs[0].from == "D2");
  CHECK(r.handoffs[0].to == "D3");
  CHECK(r.handoffs[0].x_m == doctest::Approx(55));
  CHECK(r.handoffs[1].time_s == doctest::Approx(13.5));
  CHECK(r.handoffs[1].from == "D3");
  CHECK(r.handoffs[1].to == "");
  // association and rate levels along the way
  CHECK(position_at(r, 5.0).server == "D2");
  CHECK(position_at(r, 3.0).rate_Bps == 1e6);   // 30 m from D2: first ring
  CHECK(position_at(r, 3.5).rate_Bps == 5e5);   // 35 m: second ring
  CHECK(position_at(r, 8.0).rate_Bps == 1e6);   // 20 m from D3
  CHECK(position_at(r, 13.0).rate_Bps == 5e5);  // 60 m: D3's edge
  CHECK(position_at(r, 13.5).server == "");
  CHECK(position_at(r, 13.5).rate_Bps == 0);
  // c1's 160 parameter bytes go to D2 first (at 1e6 B/s: 2 ms latency + 160 us), and after
  // the handoff to D3 from scratch, sent by the query of t = 6 (x = 60, 40 m from D3: 5e5 B/s, 320 us)
  REQUIRE(r.uploads.size() == 2);
  CHECK(r.uploads[0].processor == "D2.cpu");
  CHECK(r.uploads[0].end_s - r.uploads[0].start_s == doctest::Approx(2e-3 + 160 / 1e6));
  CHECK(r.uploads[1].processor == "D3.cpu");
  CHECK(r.uploads[1].start_s > 6.0); // after the query's probe of D3 and its plan
  CHECK(r.uploads[1].end_s < 6.5);   // before the next update (x = 65: still 5e5 B/s)
  CHECK(r.uploads[1].end_s - r.uploads[1].start_s == doctest::Approx(2e-3 + 160 / 5e5));
  // cold starts: the first query, and the first after the handoff (D3 holds nothing)
  REQUIRE(r.queries.size() == 20);
  for (const auto& q : r.queries)
    CHECK_MESSAGE(q.cold_start == (q.index == 0 || q.index == 6), "query ", q.index);
  // out of every range from 13.5 s: no query lost, the rest runs locally
  for (const auto& q : r.queries) {
    CHECK(q.status == "completed");
    if (q.arrival_s >= 14.0)
      CHECK(q.blocks_remote == 0);
    else if (q.index >= 1 && q.index <= 5)
      CHECK(q.blocks_remote > 0); // c1 offloaded to D2
  }
}

TEST_CASE("mobility: PerDNN predicts the next server and migrates over the backhaul before the handoff")
{
  // Dead reckoning 2 s ahead: at t = 3.5 (x = 35, moving 10 m/s) the point 55 m is D3's, so
  // c1 moves D2 -> D3 over D2.net + D3.net (1e6 B/s, 2 ms): 2 ms + 160 us, before t = 5.5.
  const Walk walk;
  const auto r = run_toml(walk.config("perdnn", "[perdnn]\nlookahead_s = 2.0\n"));
  REQUIRE(r.migrations.size() == 1);
  const auto& m = r.migrations.front();
  CHECK(m.from == "D2.cpu");
  CHECK(m.to == "D3.cpu");
  CHECK(m.bytes == 160);
  CHECK(m.start_s == doctest::Approx(3.5));
  CHECK(m.end_s - m.start_s == doctest::Approx(2e-3 + 160 / 1e6));
  // the client never uploads c1 to D3 itself, and its first query there is not a cold start
  for (const auto& u : r.uploads)
    CHECK(u.processor == "D2.cpu");
  REQUIRE(r.queries.size() == 20);
  for (const auto& q : r.queries)
    CHECK_MESSAGE(q.cold_start == (q.index == 0), "query ", q.index);
  CHECK(r.queries[6].blocks_remote > 0); // c1 runs on D3 at once
}

TEST_CASE("mobility: leaving every range while a segment runs on a server: the query restarts locally, none lost")
{
  // Standing at D2's site until 0.9 s, then gone (x = 500 at the update of t = 1.0). The
  // query of t = 0.95 offloads c1 to D2 (0.1 s there); the radio goes off under it, the output
  // cannot come back, and the requester runs c1 itself (1.0 s) from the input it kept.
  const std::string path =
      (std::filesystem::temp_directory_path() / ("ciodesim_leave." + std::to_string(::getpid()) + ".csv")).string();
  std::ofstream(path) << "time_s,requester,x_m,y_m\n0,0,0,0\n0.9,0,0,0\n1.0,0,500,0\n";
  const auto r = run_toml(pinned_config(
      "pair.xml",
      "[mobility]\nmodel = \"trace\"\ntrace = \"" + path +
          "\"\nupdate_s = 0.5\nrates_Mbps = [8]\n"
          "[[mobility.server]]\ndevice = \"D2\"\nx_m = 0\ny_m = 0\nradius_m = 60\n"
          "[[mobility.server]]\ndevice = \"D3\"\nx_m = 100\ny_m = 0\nradius_m = 60\n"
          "[[preload]]\nprocessor = \"D2.cpu\"\nmodel = \"" + kTiny + "\"\n"
          "[[requester]]\ndevice = \"D1\"\nmodel = \"" + kTiny + "\"\nqueries = 4\narrival = \"period\"\nperiod_s = 0.95\n",
      "policy = \"enhanced-ionn\"\n"));
  std::remove(path.c_str());
  REQUIRE(r.queries.size() == 4);
  for (const auto& q : r.queries)
    CHECK(q.status == "completed");
  CHECK(r.queries[0].local_s < 0.5); // c1 offloaded while in range
  CHECK(r.queries[1].offload_s > 0.09); // c1 ran on D2 ...
  CHECK(r.queries[1].local_s > 1.0);    // ... and again locally: its output was lost
  CHECK(r.queries[1].end_s > 2.0);
  CHECK(r.queries[3].local_s > 1.0);
  REQUIRE(r.handoffs.size() == 1);
  CHECK(r.handoffs[0].time_s == doctest::Approx(1.0));
}

TEST_CASE("mobility: leaving every range during a bandwidth probe: the probe is abandoned, the query runs locally")
{
  // A 2e6-byte probe of D2 takes 2 s at 1e6 B/s; the radio goes off at t = 1.0 under it.
  const std::string path =
      (std::filesystem::temp_directory_path() / ("ciodesim_probe." + std::to_string(::getpid()) + ".csv")).string();
  std::ofstream(path) << "time_s,requester,x_m,y_m\n0,0,0,0\n0.9,0,0,0\n1.0,0,500,0\n";
  const std::string toml =
      "seed = 7\npolicy = \"enhanced-ionn\"\nplatform = \"" + testing::kData + "/pair.xml\"\ntraces = \"" +
      testing::kData + "/traces\"\n[network]\nmodel = \"CM02\"\n[jitter]\nexec = 0.0\n[predictor]\ntrain = \"oracle\"\n"
      "[planner]\nseconds_per_op = 0.0\n[probe]\nbytes = 2000000\ninterval_s = 1e9\n"
      "[mobility]\nmodel = \"trace\"\ntrace = \"" + path + "\"\nupdate_s = 0.5\nrates_Mbps = [8]\n"
      "[[mobility.server]]\ndevice = \"D2\"\nx_m = 0\ny_m = 0\nradius_m = 60\n"
      "[[mobility.server]]\ndevice = \"D3\"\nx_m = 100\ny_m = 0\nradius_m = 60\n"
      "[[requester]]\ndevice = \"D1\"\nmodel = \"" + kTiny + "\"\nqueries = 2\n";
  const auto r = run_toml(toml);
  std::remove(path.c_str());
  REQUIRE(r.queries.size() == 2);
  for (const auto& q : r.queries) {
    CHECK(q.status == "completed");
    CHECK(q.blocks_remote == 0);
  }
  CHECK(r.queries[0].part_probe_s == doctest::Approx(1.0).epsilon(0.01)); // until the radio went off
  CHECK(r.queries[0].local_s > 1.0);
}
