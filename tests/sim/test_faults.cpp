// Faults: nodes and links fail and recover; queries are never lost.
#include "sim/policy/policy.hpp"
#include "sim_helpers.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace ciodesim;
using testing::pinned_config;
using testing::run_toml;

namespace {
const std::string kTiny = testing::kData + "/tiny.json";
std::string preloaded()
{
  return "[[preload]]\nprocessor = \"D2.cpu\"\nmodel = \"" + kTiny + "\"\n[[preload]]\nprocessor = \"D3.cpu\"\nmodel = \"" +
         kTiny + "\"\n";
}
std::string requester(const std::string& extra)
{
  return "[[requester]]\ndevice = \"D1\"\nmodel = \"" + kTiny + "\"\n" + extra;
}
int count(const runtime::Records& r, const std::string& processor, const std::string& event)
{
  int n = 0;
  for (const auto& l : r.locks)
    n += l.processor == processor && l.event == event;
  return n;
}
} // namespace

TEST_CASE("a node failing under a query: the query notices, re-plans and completes")
{
  // D2 dies 50 ms into the first query's offloaded c1 (which takes 0.1 s there) and comes
  // back at t = 5 s; queries every 2 s.
  const std::string body = preloaded() + "[[fault]]\nprocessor = \"D2.cpu\"\nfrom_s = 0.2\nto_s = 5.0\n" +
                           requester("queries = 4\narrival = \"period\"\nperiod_s = 2.0\n");
  const auto r = run_toml(pinned_config("pair.xml", body));
  REQUIRE(r.queries.size() == 4);
  for (const auto& q : r.queries)
    CHECK(q.status == "completed");
  CHECK(count(r, "D2.cpu", "failed") == 1);
  CHECK(count(r, "D2.cpu", "recovered") == 1);
  // the failed query re-planned and still ran c1 remotely (on D3), within bounded time
  CHECK(r.queries[0].replanned >= 1);
  CHECK(r.queries[0].blocks_remote >= 1);
  CHECK(r.queries[0].end_s - r.queries[0].start_s < 1.0);
  // while D2 is down nothing is granted there
  for (const auto& l : r.locks)
    if (l.processor == "D2.cpu" && l.event == "grant")
      CHECK((l.time_s < 0.2 || l.time_s >= 5.0));
}

TEST_CASE("a failed node loses its uploads, they start again after recovery")
{
  // No preload: c1 is uploaded to D2 (the first choice), D2 fails and recovers, and c1 must
  // be uploaded again before D2 serves queries.
  const std::string body = "[[fault]]\nprocessor = \"D2.cpu\"\nfrom_s = 2.5\nto_s = 3.0\n[ciode]\nupload_weight = 0.0\n" +
                           requester("queries = 6\narrival = \"period\"\nperiod_s = 1.0\n");
  const auto r = run_toml(pinned_config("pair.xml", body));
  REQUIRE(r.queries.size() == 6);
  int uploads_of_c1_to_d2 = 0;
  for (const auto& u : r.uploads)
    uploads_of_c1_to_d2 += u.processor == "D2.cpu" && u.block == 1;
  CHECK(uploads_of_c1_to_d2 >= 1);
  for (const auto& q : r.queries)
    CHECK(q.status == "completed");
}

TEST_CASE("a link failing under a transfer: the query re-plans around it and completes")
{
  const std::string body = preloaded() + "[[fault]]\nlink = \"D2.net\"\nfrom_s = 0.15\nto_s = 10.0\n" +
                           requester("queries = 3\narrival = \"period\"\nperiod_s = 2.0\n");
  const auto r = run_toml(pinned_config("pair.xml", body));
  REQUIRE(r.queries.size() == 3);
  for (const auto& q : r.queries) {
    CHECK(q.status == "completed");
    CHECK(q.end_s - q.start_s < 2.0);
  }
  // D2's lock is released even though D2 itself never failed
  CHECK(count(r, "D2.cpu", "grant") == count(r, "D2.cpu", "release") + count(r, "D2.cpu", "invalid"));
}

// ---------------------------------------------------------------------------------------
// The fault suite: every kind of fault, permanent and transient, under every registered
// policy. Each (policy, fault) runs in a forked child (one SimGrid engine per process); the
// parent checks that every configured query has exactly one row, that the statuses are the
// ones the fault allows, and that each row's latency parts add up to its latency.
namespace {

struct Row {
  std::string requester, status, reason;
  int index = 0, blocks_remote = 0;
  double arrival_s = 0, end_s = 0, parts_s = 0;
};

struct Outcome {
  bool ok = false;
  std::string error;
  std::vector<Row> rows;
};

Outcome run_forked(const std::string& toml)
{
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::cout.flush(); // a child must not print the parent's buffered report again
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    std::string out;
    int code = 0;
    try {
      const auto r = run_toml(toml);
      for (const auto& q : r.queries) {
        const double parts = q.part_queue_s + q.part_probe_s + q.part_control_s + q.part_plan_s + q.part_transfer_s +
                             q.part_wait_s + q.part_local_s + q.part_remote_s;
        out += fmt::format("{}\t{}\t{}\t{}\t{}\t{:.17g}\t{:.17g}\t{:.17g}\n", q.requester, q.status, q.reason.empty() ? "-" : q.reason,
                           q.index, q.blocks_remote, q.arrival_s, q.end_s, parts);
      }
    } catch (const std::exception& e) {
      out  = std::string("ERROR\t") + e.what() + "\n";
      code = 1;
    }
    for (std::size_t done = 0; done < out.size();) {
      const ssize_t n = ::write(fds[1], out.data() + done, out.size() - done);
      if (n <= 0)
        break;
      done += static_cast<std::size_t>(n);
    }
    ::_exit(code);
  }
  ::close(fds[1]);
  std::string text;
  char buf[65536];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;)
    text.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  Outcome o;
  o.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> f;
    std::istringstream cells(line);
    for (std::string c; std::getline(cells, c, '\t');)
      f.push_back(c);
    if (f.size() == 2 && f[0] == "ERROR") {
      o.error = f[1];
      continue;
    }
    REQUIRE(f.size() == 8);
    o.rows.push_back({f[0], f[1], f[2], std::stoi(f[3]), std::stoi(f[4]), std::stod(f[5]), std::stod(f[6]), std::stod(f[7])});
  }
  if (!o.ok && o.error.empty())
    o.error = "the simulation process died (a crash inside SimGrid?)";
  return o;
}

// D1 sends 10 queries, one every 0.5 s, while D2's GPU runs its own Poisson load; the model
// is on every node from the start, so every policy offloads from the first query.
std::string suite_config(const std::string& policy, const std::string& fault)
{
  std::string body;
  for (const char* p : {"D2.cpu", "D2.gpu", "D3.cpu"})
    body += fmt::format("[[preload]]\nprocessor = \"{}\"\nmodel = \"{}\"\n", p, kTiny);
  body += requester("queries = 10\narrival = \"period\"\nperiod_s = 0.5\n");
  body += fmt::format("[[background]]\nprocessor = \"D2.gpu\"\nmodel = \"{}\"\nqueries = 1000\narrival = \"poisson\"\n"
                      "utilization = 0.3\n",
                      kTiny);
  body += fault;
  return pinned_config("routed.xml", body, "policy = \"" + policy + "\"\n");
}

std::vector<Row> rows_of(const std::vector<Row>& rows, const std::string& requester)
{
  std::vector<Row> out;
  for (const auto& r : rows)
    if (r.requester == requester)
      out.push_back(r);
  return out;
}

// Runs the fault under every policy; `check` sees D1's rows and the background's rows.
template <class Check>
void for_every_policy(const std::string& fault, Check check)
{
  for (const auto& policy : policy::policy_names()) {
    CAPTURE(policy);
    CAPTURE(fault);
    const Outcome o = run_forked(suite_config(policy, fault));
    REQUIRE_MESSAGE(o.ok, o.error);
    const auto mine = rows_of(o.rows, "D1/r0");
    // every configured query has exactly one row
    REQUIRE(mine.size() == 10);
    for (int i = 0; i < 10; ++i)
      CHECK(mine[static_cast<std::size_t>(i)].index == i);
    for (const auto& r : o.rows) {
      CAPTURE(r.requester);
      CAPTURE(r.index);
      CHECK((r.status == "completed" || r.status == "failed" || r.status == "unfinished"));
      CHECK((r.status == "completed") == (r.reason == "-"));
      CHECK(std::abs(r.parts_s - (r.end_s - r.arrival_s)) < 1e-9); // the parts add up
    }
    check(mine, rows_of(o.rows, "D2.gpu/bg0"));
  }
}

int completed(const std::vector<Row>& rows)
{
  int n = 0;
  for (const auto& r : rows)
    n += r.status == "completed";
  return n;
}

} // namespace

TEST_CASE("fault suite: a node fails for a while - every policy completes every query")
{
  for_every_policy("[[fault]]\nprocessor = \"D2.cpu\"\nfrom_s = 0.2\nto_s = 2.0\n",
                   [](const std::vector<Row>& mine, const std::vector<Row>&) { CHECK(completed(mine) == 10); });
}

TEST_CASE("fault suite: a node's GPU fails for good - every policy completes every query, the load there fails")
{
  for_every_policy("[[fault]]\nprocessor = \"D2.gpu\"\nfrom_s = 0.2\n",
                   [](const std::vector<Row>& mine, const std::vector<Row>& bg) {
                     CHECK(completed(mine) == 10);
                     for (const auto& r : bg)
                       if (r.end_s > 0.2 + 1e-9) { // the load never runs again
                         CHECK(r.status == "failed");
                         CHECK(r.reason.find("D2.gpu") != std::string::npos);
                       }
                   });
}

TEST_CASE("fault suite: a node's access link fails for a while - every policy completes every query")
{
  for_every_policy("[[fault]]\nlink = \"D2.net\"\nfrom_s = 0.2\nto_s = 2.0\n",
                   [](const std::vector<Row>& mine, const std::vector<Row>&) { CHECK(completed(mine) == 10); });
}

TEST_CASE("fault suite: the router fails for good - every policy completes every query")
{
  for_every_policy("[[fault]]\nlink = \"router\"\nfrom_s = 0.2\n",
                   [](const std::vector<Row>& mine, const std::vector<Row>&) { CHECK(completed(mine) == 10); });
}

TEST_CASE("fault suite: the requester's own link fails - every query runs locally meanwhile and completes")
{
  for_every_policy("[[fault]]\nlink = \"D1.net\"\nfrom_s = 0.9\nto_s = 3.2\n",
                   [](const std::vector<Row>& mine, const std::vector<Row>&) {
                     CHECK(completed(mine) == 10);
                     for (const auto& r : mine)
                       if (r.arrival_s > 1.2 && r.end_s < 3.2) // it can reach nobody: all local
                         CHECK(r.blocks_remote == 0);
                   });
}

TEST_CASE("fault suite: the requester's CPU fails for a while - queries meanwhile fail, the others complete")
{
  for_every_policy("[[fault]]\nprocessor = \"D1.cpu\"\nfrom_s = 1.2\nto_s = 2.2\n",
                   [](const std::vector<Row>& mine, const std::vector<Row>&) {
                     int failed = 0;
                     for (const auto& r : mine) {
                       if (r.end_s < 1.2 || r.arrival_s > 2.2)
                         CHECK(r.status == "completed");
                       if (r.status == "failed") {
                         ++failed;
                         CHECK(r.reason.find("D1.cpu") != std::string::npos);
                         CHECK(r.end_s >= 1.2);
                       }
                     }
                     CHECK(failed >= 2); // at least the arrivals at 1.5 and 2.0
                   });
}

TEST_CASE("fault suite: the requester's CPU fails for good - every later query is reported failed")
{
  for_every_policy("[[fault]]\nprocessor = \"D1.cpu\"\nfrom_s = 2.2\n",
                   [](const std::vector<Row>& mine, const std::vector<Row>&) {
                     for (const auto& r : mine) {
                       if (r.end_s < 2.2)
                         CHECK(r.status == "completed");
                       if (r.arrival_s >= 2.2) {
                         CHECK(r.status == "failed");
                         CHECK(r.reason.find("permanent") != std::string::npos);
                       }
                     }
                     CHECK(completed(mine) >= 1); // the first, at least (edge-only runs all on D1: 1 s each)
                   });
}

TEST_CASE("fault suite: a background load's processor fails for a while - the load restarts after it")
{
  for_every_policy("[[fault]]\nprocessor = \"D2.gpu\"\nfrom_s = 1.0\nto_s = 2.0\n",
                   [](const std::vector<Row>& mine, const std::vector<Row>& bg) {
                     CHECK(completed(mine) == 10);
                     bool restarted = false;
                     for (const auto& r : bg) {
                       if (r.arrival_s >= 1.0 && r.arrival_s < 2.0)
                         CHECK(r.status == "failed");
                       restarted = restarted || (r.arrival_s >= 2.0 && r.status == "completed");
                     }
                     CHECK(restarted);
                   });
}

// ---------------------------------------------------------------------------------------
// Closed-form fault timings on pair.xml (D1 <-> Dk: 1e6 B/s, 2 ms; c1: 1.0 s on D1, 0.1 s on
// a node; tests/sim/test_runtime.cpp derives the no-fault terms).
namespace {
constexpr double kLat = 0.002, kBw = 1e6, kTimeout = 0.1; // faults.timeout_s default
// The first query of a requester with c1 resident on both nodes: probes to both, one round
// of W questions, the lock round trip, input, c1 on the node, output, r1 + f1 + out on D1.
constexpr double kProbe   = (kLat + 64 / kBw) + (kLat + 64000 / kBw); // ping + probe of one device
constexpr double kOffload = 2 * kLat + 2 * kLat + (kLat + 1024 / kBw) + 0.1 + (kLat + 4096 / kBw) + 0.004;
} // namespace

TEST_CASE("closed form: a probe to a node behind a failed link costs a round trip + faults.timeout_s")
{
  // D2.net is down from t = 0.5 for good; the query arrives at t = 1: the probe to D2 gets no
  // answer (2 x 2 ms + 0.1 s), D3 is probed as usual, D2 is suspected and c1 runs on D3.
  const std::string body = preloaded() + "[[fault]]\nlink = \"D2.net\"\nfrom_s = 0.5\n" +
                           requester("queries = 1\narrival = \"period\"\nperiod_s = 10\nstart_s = 1.0\n");
  const auto r = run_toml(pinned_config("pair.xml", body));
  REQUIRE(r.queries.size() == 1);
  const auto& q = r.queries[0];
  CHECK(q.status == "completed");
  CHECK(q.part_probe_s == doctest::Approx(2 * kLat + kTimeout + kProbe).epsilon(1e-12));
  CHECK(q.blocks_remote == 1);
  CHECK(q.end_s - q.arrival_s == doctest::Approx(2 * kLat + kTimeout + kProbe + kOffload).epsilon(1e-12));
  CHECK(count(r, "D3.cpu", "grant") == 1);
  CHECK(count(r, "D2.cpu", "request") == 0); // suspected: never asked
}

TEST_CASE("closed form: a query due while the requester's CPU is down waits exactly until it is back")
{
  // D1.cpu is down from 0.5 to 2.0 s; the closed loop's first query is due at 1.0 s: it is
  // queued for exactly 1.0 s, then runs as any first query does.
  const std::string body = preloaded() + "[[fault]]\nprocessor = \"D1.cpu\"\nfrom_s = 0.5\nto_s = 2.0\n" +
                           requester("queries = 2\nstart_s = 1.0\n");
  const auto r = run_toml(pinned_config("pair.xml", body));
  REQUIRE(r.queries.size() == 2);
  const auto& q = r.queries[0];
  CHECK(q.status == "completed");
  CHECK(q.arrival_s == doctest::Approx(1.0));
  CHECK(q.part_queue_s == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(q.end_s == doctest::Approx(2.0 + 2 * kProbe + kOffload).epsilon(1e-12));
  CHECK(r.queries[1].status == "completed");
}

TEST_CASE("closed form: the requester's CPU failing under a remote segment fails the query when the segment ends")
{
  // Query 0 (t = 0) runs c1 on a node from t0 = 2 probes + W round + lock round trip + input;
  // D1.cpu fails during it (t0 + 0.05) and is back at 5 s. The node finishes c1 (t0 + 0.1)
  // and releases its lock; the query, whose tensors died with D1, fails there. Query 1
  // (t = 10) completes.
  constexpr double t0 = 2 * kProbe + 2 * kLat + 2 * kLat + (kLat + 1024 / kBw);
  const std::string body = preloaded() +
                           fmt::format("[[fault]]\nprocessor = \"D1.cpu\"\nfrom_s = {:.17g}\nto_s = 5.0\n", t0 + 0.05) +
                           requester("queries = 2\narrival = \"period\"\nperiod_s = 10\n");
  const auto r = run_toml(pinned_config("pair.xml", body));
  REQUIRE(r.queries.size() == 2);
  CHECK(r.queries[0].status == "failed");
  CHECK(r.queries[0].reason.find("D1.cpu") != std::string::npos);
  CHECK(r.queries[0].end_s == doctest::Approx(t0 + 0.1).epsilon(1e-12));
  CHECK(r.queries[1].status == "completed");
  // nothing is left held at the nodes
  CHECK(count(r, "D2.cpu", "grant") + count(r, "D3.cpu", "grant") ==
        count(r, "D2.cpu", "release") + count(r, "D3.cpu", "release"));
}
