// The seed papers' reference points and metrics in short simulations with closed-form times
// (tests/sim/data/pair.xml: D1 <-> D2 at 1e6 B/s and 2 ms; tiny.json: c1 1.0 s on D1, 0.1 s
// on the nodes; the whole model takes 1.004 s on D1 and 0.14 s on a node).
#include "sim/core/error.hpp"
#include "sim/experiment/csv_table.hpp"
#include "sim/experiment/outputs.hpp"
#include "sim_helpers.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <unistd.h>
#include <string>

using namespace ciodesim;
using testing::pinned_config;
using testing::run_toml;

namespace {
constexpr double kLat = 0.002;
constexpr double kBw  = 1e6;
const std::string kTiny = testing::kData + "/tiny.json";

std::string config(const std::string& policy, const std::string& requester_extra, const std::string& body = "")
{
  return pinned_config("pair.xml",
                       "[single_server]\nprocessor = \"D2.cpu\"\n" + body + "[[requester]]\ndevice = \"D1\"\nmodel = \"" +
                           kTiny + "\"\n" + requester_extra,
                       "policy = \"" + policy + "\"\n");
}
std::string preload()
{
  return "[[preload]]\nprocessor = \"D2.cpu\"\nmodel = \"" + kTiny + "\"\n";
}

// The requester's summary row as a table (the all-requesters row is the second).
experiment::CsvTable summary(const runtime::Records& records)
{
  const std::string path = "/tmp/ciodesim_seed_papers_summary." + std::to_string(::getpid()) + ".csv";
  std::ofstream(path) << experiment::summary_header() << experiment::summary_rows(records, 0, 7);
  auto table = experiment::read_csv(path);
  std::remove(path.c_str());
  return table;
}
} // namespace

TEST_CASE("edge-only runs the whole model on the device and never touches the network")
{
  const auto r = run_toml(config("edge-only", "queries = 3\n"));
  REQUIRE(r.queries.size() == 3);
  CHECK(r.uploads.empty());
  for (const auto& q : r.queries) {
    CHECK(q.end_s - q.arrival_s == doctest::Approx(1.004).epsilon(1e-9)); // no probe, no lock questions
    CHECK(q.part_probe_s == 0);
    CHECK(q.transfer_bytes == 0);
    CHECK(q.blocks_remote == 0);
  }
}

TEST_CASE("cloud-only with the model installed: input with the request, 0.14 s on D2, output back")
{
  const auto r = run_toml(config("cloud-only", "queries = 2\narrival = \"period\"\nperiod_s = 10\n", preload()));
  REQUIRE(r.queries.size() == 2);
  const auto& q = r.queries[1]; // the first query also probes
  CHECK(q.blocks_remote == 4);
  CHECK(q.part_probe_s == 0);
  // FIFO: the tensor travels with the request (no grant round trip), no W is asked for
  const double input = kLat + 1024 / kBw, output = kLat + 40 / kBw;
  CHECK(q.end_s - q.arrival_s == doctest::Approx(input + 0.14 + output).epsilon(1e-9));
}

TEST_CASE("throughput_qps: answers per second between the first and the last answer")
{
  // back-to-back on the device: an answer every 1.004 s
  const auto r   = run_toml(config("edge-only", "queries = 4\n"));
  const auto t   = summary(r);
  const auto col = t.col("throughput_qps");
  REQUIRE(t.rows.size() == 2); // the requester and the all-requesters row
  CHECK(t.number(0, col) == doctest::Approx(1.0 / 1.004).epsilon(1e-6));
  CHECK(t.number(1, col) == doctest::Approx(1.0 / 1.004).epsilon(1e-6));
}

TEST_CASE("two frames in flight keep the server busy: throughput is its rate, 1 / 0.14 s")
{
  // Frames every 1 ms, two in flight, cloud-only on D2. The next frame's input (1024 B) is
  // already queued at D2 when a frame ends there (FIFO requests carry their tensor), so D2
  // never idles from the first frame's start: the last answer comes 20 x 0.14 s later plus
  // its output's way back.
  const auto r = run_toml(config("cloud-only", "queries = 20\narrival = \"period\"\nperiod_s = 0.001\nmax_in_flight = 2\n",
                                 preload()));
  REQUIRE(r.queries.size() == 20);
  const double output = kLat + 40 / kBw;
  double first_end = 1e9, last_end = 0;
  for (const auto& q : r.queries) {
    first_end = std::min(first_end, q.end_s);
    last_end  = std::max(last_end, q.end_s);
  }
  const double busy_from = first_end - output - 0.14; // the first frame starts on D2
  CHECK(last_end == doctest::Approx(busy_from + 20 * 0.14 + output).epsilon(1e-9));
  const auto t = summary(r);
  CHECK(t.number(0, t.col("throughput_qps")) == doctest::Approx(1.0 / 0.14).epsilon(1e-9));
}

TEST_CASE("read_csv: only the columns asked for, in that order, quoted cells unescaped, numbers from views")
{
  const std::string path = "/tmp/ciodesim-read-csv-" + std::to_string(::getpid()) + ".csv";
  std::ofstream(path) << "a,b,c\n1,\"x,\"\"y\"\"\",2.5\n\n3,plain,\n";
  const auto all = experiment::read_csv(path);
  REQUIRE(all.rows.size() == 2);
  CHECK(all.rows[0][all.col("b")] == "x,\"y\"");
  const auto some = experiment::read_csv(path, {"c", "a"});
  CHECK(some.rows.size() == 2);
  CHECK(some.rows[0].size() == 2);
  CHECK(some.col("c") == 0);
  CHECK(some.col("a") == 1);
  CHECK(some.number(0, some.col("c")) == 2.5);
  CHECK(some.number(1, some.col("c")) == 0); // an empty last cell reads as 0, not the next line
  CHECK(some.rows[1][some.col("a")] == "3");
  CHECK_THROWS_AS((void)some.col("b"), std::logic_error);             // in the file, not read
  CHECK_THROWS_AS((void)some.col("d"), InputError);                   // not in the file
  CHECK_THROWS_AS((void)experiment::read_csv(path, {"d"}), InputError); // asked for, absent
  ::unlink(path.c_str());
}
