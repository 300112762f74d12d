// Small simulations with closed-form expected times (CM02, no jitter, oracle predictions).
// tests/sim/data/pair.xml: D1 <-> Dk at 1e6 B/s and 2 ms; hosts at 1 Gflop/s.
// tests/sim/data/tiny.json: data (1x16x16: 1024 B) -> c1 (conv, out 4096 B, 160 B params)
//   -> r1 -> f1 -> out; c1 takes 1.0 s on D1 and 0.1 s on the nodes.
#include "sim/cost/codec.hpp"
#include "sim_helpers.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using namespace ciodesim;
using testing::pinned_config;
using testing::run_toml;

namespace {
constexpr double kLat = 0.002; // route latency D1 <-> Dk
constexpr double kBw  = 1e6;   // route bandwidth, bytes/s
const std::string kTiny = testing::kData + "/tiny.json";

std::string requester(const std::string& extra = "")
{
  return "[[requester]]\ndevice = \"D1\"\nmodel = \"" + kTiny + "\"\n" + extra;
}

std::vector<runtime::LockRecord> lock_events(const runtime::Records& r, const std::string& processor,
                                             const std::string& event)
{
  std::vector<runtime::LockRecord> out;
  for (const auto& l : r.locks)
    if (l.processor == processor && l.event == event)
      out.push_back(l);
  return out;
}
} // namespace

TEST_CASE("all-local latency equals the sum of the trace means")
{
  const auto r = run_toml(pinned_config("solo.xml", requester("queries = 3\n")));
  REQUIRE(r.queries.size() == 3);
  for (const auto& q : r.queries) {
    CHECK(q.end_s - q.start_s == doctest::Approx(1.0 + 0.001 + 0.002 + 0.001).epsilon(1e-9));
    CHECK(q.blocks_remote == 0);
    CHECK(q.status == "completed");
  }
}

TEST_CASE("one block offloaded = local + W round trip + lock round trip + input + remote exec + output")
{
  // Query 1 starts at t = 100 s, long after c1's upload: it offloads c1 to D2 and runs the
  // rest locally.
  const auto r = run_toml(pinned_config("pair.xml", requester("queries = 2\narrival = \"period\"\nperiod_s = 100\n")));
  REQUIRE(r.queries.size() == 2);
  const auto& q1 = r.queries[1];
  CHECK(q1.blocks_remote == 1);
  const double ask_w   = 2 * kLat;                // one round of lock questions
  const double lock_rt = 2 * kLat;                // request and grant
  const double input   = kLat + 1024 / kBw;       // data tensor to D2
  const double remote  = 0.1;                     // c1 on D2
  const double output  = kLat + 4096 / kBw;       // c1's output back
  const double local   = 0.001 + 0.002 + 0.001;   // r1, f1, out on D1
  CHECK(q1.end_s - q1.start_s == doctest::Approx(ask_w + lock_rt + input + remote + output + local).epsilon(1e-9));
  CHECK(q1.offload_s == doctest::Approx(0.1).epsilon(1e-9));
  CHECK(q1.local_s == doctest::Approx(local).epsilon(1e-9));
  CHECK(q1.transfer_bytes == 1024 + 4096);
  // Query 0 found nothing uploaded: all local.
  CHECK(r.queries[0].blocks_remote == 0);
}

TEST_CASE("the upload of a block completes at latency + param_bytes / bandwidth")
{
  const auto r = run_toml(pinned_config("pair.xml", requester("queries = 1\n")));
  const auto it = std::find_if(r.uploads.begin(), r.uploads.end(), [](const auto& u) { return u.block == 1; });
  REQUIRE(it != r.uploads.end());
  CHECK(it->processor == "D2.cpu");
  CHECK(it->bytes == 160); // 4 x (3x3x1) weights + 4 biases, float32
  CHECK(it->end_s - it->start_s == doctest::Approx(kLat + 160 / kBw).epsilon(1e-9));
}

TEST_CASE("two requesters on one processor are served FIFO and the second is told the holder W")
{
  const std::string body = "[ciode]\nreplacement = false\n[[preload]]\nprocessor = \"D2.cpu\"\nmodel = \"" + kTiny +
                           "\"\n" + requester("queries = 1\n") + requester("queries = 1\n");
  const auto r        = run_toml(pinned_config("pair.xml", body));
  const auto requests = lock_events(r, "D2.cpu", "request");
  const auto grants   = lock_events(r, "D2.cpu", "grant");
  const auto releases = lock_events(r, "D2.cpu", "release");
  REQUIRE(requests.size() == 2);
  REQUIRE(grants.size() == 2);
  CHECK(requests[0].client != requests[1].client);
  CHECK(grants[0].client == requests[0].client); // FIFO: granted in request order
  CHECK(grants[1].client == requests[1].client);
  CHECK(requests[1].time_s == doctest::Approx(requests[0].time_s));
  // W: the holder's announced hold = the grant's way back + its input transfer + c1's
  // predicted 0.1 s; both requesters probed D2 at once over D1's link, so each estimates
  // half the bandwidth (2 / kBw per byte).
  CHECK(requests[1].wait_s == doctest::Approx(kLat + (kLat + 1024 * 2 / kBw) + 0.1));
  CHECK(grants[1].time_s == doctest::Approx(releases[0].time_s));
  REQUIRE(r.queries.size() == 2);
  const auto& second = r.queries[0].requester == requests[1].client ? r.queries[0] : r.queries[1];
  const auto& first  = r.queries[0].requester == requests[1].client ? r.queries[1] : r.queries[0];
  CHECK(second.conflicts == 1);
  CHECK(first.conflicts == 0);
  // the second waited while the first's grant travelled back, its input arrived, c1 ran
  CHECK(second.wait_s == doctest::Approx(kLat + (kLat + 1024 / kBw) + 0.1).epsilon(1e-9));
}

TEST_CASE("a processor slowed 5x triggers the invalid lock and the query still completes")
{
  const std::string body = "[ciode]\nreplacement = false\n[[preload]]\nprocessor = \"D2.cpu\"\nmodel = \"" + kTiny +
                           "\"\n[[slowdown]]\nprocessor = \"D2.cpu\"\nfactor = 0.2\n" + requester("queries = 1\n");
  const auto r = run_toml(pinned_config("pair.xml", body));
  REQUIRE(r.queries.size() == 1);
  const auto& q = r.queries[0];
  CHECK(q.status == "completed");
  CHECK(q.invalid_locks >= 1);
  CHECK(q.replanned >= q.invalid_locks);
  const auto invalid = lock_events(r, "D2.cpu", "invalid");
  const auto grants  = lock_events(r, "D2.cpu", "grant");
  REQUIRE(!invalid.empty());
  // force-ended at twice the predicted 0.1 s after the exec started (grant + reply + input)
  CHECK(invalid[0].time_s - grants[0].time_s == doctest::Approx(kLat + kLat + 1024 / kBw + 0.2).epsilon(1e-6));
  // nobody else waits on a dead lock: after the query, D2's lock is free
  CHECK(lock_events(r, "D2.cpu", "grant").size() == lock_events(r, "D2.cpu", "release").size() + invalid.size());
}

TEST_CASE("replacement moves the target when the first choice is busy (eq. 10)")
{
  const std::string preload = "[[preload]]\nprocessor = \"D2.cpu\"\nmodel = \"" + kTiny + "\"\n" +
                              "[[preload]]\nprocessor = \"D3.cpu\"\nmodel = \"" + kTiny + "\"\n";
  const auto r = run_toml(pinned_config("pair.xml", preload + requester("queries = 1\n") + requester("queries = 1\n")));
  REQUIRE(r.queries.size() == 2);
  // Both plan c1 on the same idle node at t = 0; whoever is queued second switches.
  CHECK(r.queries[0].replanned + r.queries[1].replanned == 1);
  const auto& moved = r.queries[0].replanned == 1 ? r.queries[0] : r.queries[1];
  std::vector<runtime::LockRecord> withdrawn;
  for (const auto& l : r.locks)
    if (l.event == "withdraw")
      withdrawn.push_back(l);
  REQUIRE(withdrawn.size() == 1);
  CHECK(withdrawn[0].client == moved.requester);
  const std::string other = withdrawn[0].processor == "D2.cpu" ? "D3.cpu" : "D2.cpu";
  const auto grants = lock_events(r, other, "grant");
  REQUIRE(grants.size() == 1);
  CHECK(grants[0].client == moved.requester);
  // both queries ran c1 remotely, in parallel on the two nodes
  CHECK(r.queries[0].blocks_remote == 1);
  CHECK(r.queries[1].blocks_remote == 1);
  // faster than running c1 locally (1 s), probes of both nodes included
  for (const auto& q : r.queries)
    CHECK(q.end_s - q.start_s < 1.0);
}

TEST_CASE("int8 compression: the offloaded block's output returns at a quarter of its bytes, plus its (de)quantisation")
{
  // "one block offloaded" above (the same closed form without compression), with [transfer]
  // compression = "int8": the data tensor (the network's input) goes up as it is; c1's
  // output (4096 B float32 = 1024 elements, an intermediate) is quantised on D2, crosses as
  // 1024 B and is dequantised on D1, at the CPU figures of cost::int8_codec_cost.
  const auto r = run_toml(pinned_config(
      "pair.xml", requester("queries = 2\narrival = \"period\"\nperiod_s = 100\n") + "[transfer]\ncompression = \"int8\"\n"));
  REQUIRE(r.queries.size() == 2);
  const auto& q1 = r.queries[1];
  CHECK(q1.blocks_remote == 1);
  const cost::CodecCost cpu = cost::int8_codec_cost(false);
  const double codec_s      = 1024 * (cpu.quantize_s_per_element + cpu.dequantize_s_per_element);
  const double input        = kLat + 1024 / kBw;           // data tensor to D2, as it is
  const double output       = kLat + 1024 / kBw + codec_s; // c1's output back as int8
  const double others       = 2 * kLat + 2 * kLat + 0.1 + 0.001 + 0.002 + 0.001; // W round, lock round trip, c1, local blocks
  CHECK(q1.end_s - q1.start_s == doctest::Approx(others + input + output).epsilon(1e-9));
  CHECK(q1.part_transfer_s == doctest::Approx(input + output).epsilon(1e-9));
  CHECK(q1.transfer_bytes == 1024 + 1024);
}
