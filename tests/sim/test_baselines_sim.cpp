// Defining behaviours of the baselines in short simulations (tests/sim/data: pair.xml, tiny.json).
#include "sim_helpers.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using namespace ciodesim;
using testing::pinned_config;
using testing::run_toml;

namespace {
const std::string kTiny = testing::kData + "/tiny.json";

std::string with_policy(const std::string& policy, const std::string& body)
{
  return pinned_config("pair.xml", body, "policy = \"" + policy + "\"\n");
}
std::string requester(const std::string& extra)
{
  return "[[requester]]\ndevice = \"D1\"\nmodel = \"" + kTiny + "\"\n" + extra;
}
double last_upload_end(const runtime::Records& r)
{
  double end = 0;
  for (const auto& u : r.uploads)
    end = std::max(end, u.end_s);
  return end;
}
} // namespace

TEST_CASE("All-at-once runs locally until the whole model is uploaded")
{
  const auto r = run_toml(with_policy("all-at-once", requester("queries = 4\n")));
  REQUIRE(r.queries.size() == 4);
  // every block went to the server, zero-parameter ones included
  CHECK(r.uploads.size() == 4);
  const double uploaded = last_upload_end(r);
  bool offloaded_after = false;
  for (const auto& q : r.queries) {
    if (q.start_s < uploaded)
      CHECK(q.blocks_remote == 0);
    else
      offloaded_after = offloaded_after || q.blocks_remote > 0;
  }
  CHECK(offloaded_after);
}

TEST_CASE("Enhanced IONN offloads only once its first block is uploaded")
{
  const auto r = run_toml(with_policy("enhanced-ionn", requester("queries = 4\n")));
  REQUIRE(!r.uploads.empty());
  double first_upload_end = 1e9;
  for (const auto& u : r.uploads)
    first_upload_end = std::min(first_upload_end, u.end_s);
  int offloading = 0;
  for (const auto& q : r.queries)
    if (q.blocks_remote > 0) {
      ++offloading;
      CHECK(q.start_s >= first_upload_end);
    }
  CHECK(offloading > 0);
  CHECK(r.queries[0].blocks_remote == 0);
  CHECK(r.queries[0].plan_time_s >= 0);
}

TEST_CASE("M-BEB: a busy target is a conflict, the requester backs off and proposes again")
{
  const std::string preload = "[[preload]]\nprocessor = \"D2.cpu\"\nmodel = \"" + kTiny + "\"\n" +
                              "[[preload]]\nprocessor = \"D3.cpu\"\nmodel = \"" + kTiny + "\"\n";
  const auto r = run_toml(with_policy("mbeb", preload + requester("queries = 3\n") + requester("queries = 3\n")));
  REQUIRE(r.queries.size() == 6);
  int conflicts = 0;
  for (const auto& q : r.queries) {
    conflicts += q.conflicts;
    CHECK(q.status == "completed");
    CHECK(q.invalid_locks == 0);
  }
  CHECK(conflicts >= 1);
  int withdrawals = 0;
  for (const auto& l : r.locks) {
    withdrawals += l.event == "withdraw";
    CHECK(l.queue_length <= 1); // a bounced request leaves at once: nobody queues for long
  }
  CHECK(withdrawals == conflicts);
}

TEST_CASE("CIODE queues instead: the same contention gives fewer conflicts than M-BEB")
{
  const std::string preload = "[[preload]]\nprocessor = \"D2.cpu\"\nmodel = \"" + kTiny + "\"\n" +
                              "[[preload]]\nprocessor = \"D3.cpu\"\nmodel = \"" + kTiny + "\"\n";
  const std::string body = preload + requester("queries = 3\n") + requester("queries = 3\n");
  const auto ciode       = run_toml(with_policy("ciode", body));
  int conflicts          = 0;
  for (const auto& q : ciode.queries)
    conflicts += q.conflicts;
  CHECK(conflicts <= 2); // at most the first collision of each start, then replacement
}

namespace {
// D2 runs at a tenth of its speed: the offloaded suffix (c1 .. out, 0.14 s predicted) takes
// 1.4 s there, longer than the 1.004 s of running everything on D1.
const std::string kSlowServer = "[[preload]]\nprocessor = \"D2.cpu\"\nmodel = \"" + kTiny +
                                "\"\n[[slowdown]]\nprocessor = \"D2.cpu\"\nfactor = 0.1\n" +
                                requester("queries = 4\narrival = \"period\"\nperiod_s = 5\n");
} // namespace

TEST_CASE("LoADPart keeps work off a server that reports itself slow")
{
  // The server reports k = 1 / its available speed (10 while slowed) before any offload, so
  // LoADPart never sends it work; Neurosurgeon (below) keeps offloading.
  const auto r = run_toml(with_policy("loadpart", kSlowServer));
  REQUIRE(r.queries.size() == 4);
  for (const auto& q : r.queries)
    CHECK(q.blocks_remote == 0);
}

TEST_CASE("LoADPart returns to offloading once its server's slowdown ends")
{
  // The slowdown ends at 7 s: the queries at 10 and 15 s see k = 1 again and offload (the
  // server's window of 2 s holds nothing older).
  const std::string recovering = "[[preload]]\nprocessor = \"D2.cpu\"\nmodel = \"" + kTiny +
                                 "\"\n[[slowdown]]\nprocessor = \"D2.cpu\"\nfactor = 0.1\nto_s = 7\n" +
                                 requester("queries = 4\narrival = \"period\"\nperiod_s = 5\n");
  const auto back = run_toml(with_policy("loadpart", recovering));
  REQUIRE(back.queries.size() == 4);
  CHECK(back.queries[0].blocks_remote == 0);
  CHECK(back.queries[1].blocks_remote == 0);
  CHECK(back.queries[2].blocks_remote == 4);
  CHECK(back.queries[3].blocks_remote == 4);
}

TEST_CASE("the LoADPart oracle reads the server's true slowdown, with no probe RPC, and keeps work off it")
{
  // ORACLE (loadpart-oracle): k = 1 / the slowed server's available speed, read from the
  // simulation; it asks no lock for q, so no query spends time on control messages
  // (LoADPart's probe RPC costs each query a round trip).
  const auto r = run_toml(with_policy("loadpart-oracle", kSlowServer));
  REQUIRE(r.queries.size() == 4);
  for (const auto& q : r.queries) {
    CHECK(q.blocks_remote == 0);
    CHECK(q.part_control_s == 0.0);
  }
}

TEST_CASE("LoADPart pays its probe RPC: a round trip to the server before every plan")
{
  const auto r = run_toml(with_policy("loadpart", kSlowServer));
  REQUIRE(r.queries.size() == 4);
  for (const auto& q : r.queries)
    CHECK(q.part_control_s == doctest::Approx(2 * 0.002).epsilon(1e-9)); // pair.xml: 2 ms each way
}

TEST_CASE("Neurosurgeon, blind to load, keeps offloading to the slow server")
{
  const auto r = run_toml(with_policy("neurosurgeon", kSlowServer));
  REQUIRE(r.queries.size() == 4);
  for (const auto& q : r.queries)
    CHECK(q.blocks_remote == 4);
}
