// Queueing against closed forms (pinned network, no jitter, oracle predictions): open
// arrivals queue at the processor's lock, latency counts from arrival, the W a lock
// announces is the wait that follows, and the latency parts add up.
#include "sim_helpers.hpp"

#include "sim/core/rng.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

using namespace ciodesim;

namespace {
const std::string kTiny = testing::kData + "/tiny.json";
constexpr double kServiceFast_s = 0.1 + 0.01 + 0.02 + 0.01; // tiny on a "fast" node, whole model

// M/D/1 mean wait in queue: rho S / (2 (1 - rho)).
double md1_wait_s(double rho, double service_s)
{
  return rho * service_s / (2 * (1 - rho));
}

double mean_background_wait_s(double rho, int queries)
{
  const double rate = rho / kServiceFast_s;
  // The requester arrives after the last background query: the run lasts until then.
  const std::string body = fmt::format(
      "[[background]]\nprocessor = \"D2.cpu\"\nmodel = \"{}\"\nqueries = {}\narrival = \"poisson\"\nutilization = {}\n"
      "[[requester]]\ndevice = \"D1\"\nmodel = \"{}\"\nqueries = 1\narrival = \"period\"\nperiod_s = 1\nstart_s = {}\n",
      kTiny, queries, rho, kTiny, 1.5 * queries / rate);
  const auto r = testing::run_toml(testing::pinned_config("pair.xml", body));
  double sum = 0;
  int n      = 0;
  for (const auto& q : r.queries)
    if (q.policy == "local") {
      REQUIRE(q.status == "completed");
      CHECK(q.local_s == doctest::Approx(kServiceFast_s).epsilon(1e-9)); // fixed service
      sum += q.wait_s;
      ++n;
    }
  REQUIRE(n == queries);
  return sum / n;
}

// M/G/1 (Pollaczek-Khinchine) mean wait in queue: lambda E[S^2] / (2 (1 - rho)); with an
// exponential service E[S^2] = 2 S^2, which is M/M/1's rho S / (1 - rho).
double mg1_wait_s(double rate_per_s, double service_mean_s, double service_second_moment_s2)
{
  const double rho = rate_per_s * service_mean_s;
  return rate_per_s * service_second_moment_s2 / (2 * (1 - rho));
}

// A trace set in a temp folder where tiny's whole model on the "fast" nodes takes an
// exponential time: c1 carries `count` measured samples drawn from Exp(mean_s), the other
// layers take no time. The sampler bootstraps measured samples, so the service time is the
// samples' empirical distribution, whose moments are returned.
struct ExponentialTraces {
  std::filesystem::path dir;
  double mean_s = 0, second_moment_s2 = 0;

  ExponentialTraces(double service_mean_s, int count)
      : dir(std::filesystem::temp_directory_path() / ("ciodesim_mm1." + std::to_string(::getpid())))
  {
    Rng rng(2024);
    std::string samples;
    for (int i = 0; i < count; ++i) {
      const double x = rng.exponential(1.0 / service_mean_s);
      mean_s += x / count;
      second_moment_s2 += x * x / count;
      samples += fmt::format("{}{:.9g}", i == 0 ? "" : ";", x);
    }
    std::filesystem::create_directories(dir);
    std::ofstream csv(dir / "tiny.csv");
    csv << "model,layer,processor,mean_s,std_s,samples\n"
        << "tiny,data,slow,0,0,\ntiny,c1,slow,1.0,0,\ntiny,r1,slow,0.001,0,\ntiny,f1,slow,0.002,0,\n"
           "tiny,out,slow,0.001,0,\n"
        << fmt::format("tiny,data,fast,0,0,\ntiny,c1,fast,{:.9g},{:.9g},{}\n", mean_s,
                       std::sqrt(second_moment_s2 - mean_s * mean_s), samples)
        << "tiny,r1,fast,0,0,\ntiny,f1,fast,0,0,\ntiny,out,fast,0,0,\n";
  }
  ~ExponentialTraces() { std::filesystem::remove_all(dir); }
};

void check_parts_add_up(const runtime::Records& r)
{
  for (const auto& q : r.queries) {
    CAPTURE(q.requester);
    CAPTURE(q.index);
    const double parts = q.part_queue_s + q.part_probe_s + q.part_control_s + q.part_plan_s + q.part_transfer_s +
                         q.part_wait_s + q.part_local_s + q.part_remote_s;
    CHECK(parts == doctest::Approx(q.end_s - q.arrival_s).epsilon(1e-9));
  }
}
} // namespace

TEST_CASE("M/D/1: Poisson background at rho = 0.5 waits rho S / (2 (1 - rho)) at the lock")
{
  const double wait = mean_background_wait_s(0.5, 20000);
  CHECK(wait == doctest::Approx(md1_wait_s(0.5, kServiceFast_s)).epsilon(0.05));
}

TEST_CASE("M/D/1: Poisson background at rho = 0.8 waits rho S / (2 (1 - rho)) at the lock")
{
  const double wait = mean_background_wait_s(0.8, 40000);
  CHECK(wait == doctest::Approx(md1_wait_s(0.8, kServiceFast_s)).epsilon(0.05));
}

namespace {
// Mean wait of a Poisson background at utilisation rho whose service is exponential with
// mean 0.1 s, checked against Pollaczek-Khinchine from the samples' own moments.
void check_mm1(double rho, int queries)
{
  const double service_mean_s = 0.1;
  const ExponentialTraces traces(service_mean_s, 20000);
  const double rate = rho / traces.mean_s; // `utilization` divides by the predicted (mean) time
  const std::string toml = fmt::format(
      "seed = 11\nplatform = \"{}/pair.xml\"\ntraces = \"{}\"\n[network]\nmodel = \"CM02\"\n"
      "[jitter]\nexec = 1.0\n[predictor]\ntrain = \"oracle\"\n[planner]\nseconds_per_op = 0.0\n"
      "[probe]\ninterval_s = 1e9\n"
      "[[background]]\nprocessor = \"D2.cpu\"\nmodel = \"{}\"\nqueries = {}\narrival = \"poisson\"\n"
      "utilization = {}\n"
      "[[requester]]\ndevice = \"D1\"\nmodel = \"{}\"\nqueries = 1\narrival = \"period\"\nperiod_s = 1\n"
      "start_s = {}\n",
      testing::kData, traces.dir.string(), kTiny, queries, rho, kTiny, 1.5 * queries / rate);
  const auto r = testing::run_toml(toml);
  double wait_sum = 0, service_sum = 0;
  int n = 0;
  for (const auto& q : r.queries)
    if (q.policy == "local") {
      REQUIRE(q.status == "completed");
      wait_sum += q.wait_s;
      service_sum += q.local_s;
      ++n;
    }
  REQUIRE(n == queries);
  // The service really is the bootstrapped exponential, not a normal approximation.
  CHECK(service_sum / n == doctest::Approx(traces.mean_s).epsilon(0.02));
  const double expected = mg1_wait_s(rate, traces.mean_s, traces.second_moment_s2);
  CHECK(expected == doctest::Approx(rho * service_mean_s / (1 - rho)).epsilon(0.05)); // the sample is exponential
  CHECK(wait_sum / n == doctest::Approx(expected).epsilon(0.06));
}
} // namespace

TEST_CASE("M/M/1: Poisson background with exponential service at rho = 0.5 waits rho S / (1 - rho) at the lock")
{
  check_mm1(0.5, 20000);
}

TEST_CASE("M/M/1: Poisson background with exponential service at rho = 0.8 waits rho S / (1 - rho) at the lock")
{
  check_mm1(0.8, 60000);
}

TEST_CASE("a requester whose period is shorter than its service: latency grows by service - period per query")
{
  // solo.xml: no node, every query runs locally in 1.004 s; one arrives every 0.5 s.
  const auto r = testing::run_toml(
      testing::pinned_config("solo.xml", "[[requester]]\ndevice = \"D1\"\nmodel = \"" + kTiny +
                                             "\"\nqueries = 20\narrival = \"period\"\nperiod_s = 0.5\n"));
  REQUIRE(r.queries.size() == 20);
  const double service = 1.0 + 0.001 + 0.002 + 0.001;
  for (std::size_t i = 0; i < r.queries.size(); ++i) {
    const auto& q = r.queries[i];
    CAPTURE(i);
    CHECK(q.arrival_s == doctest::Approx(0.5 * static_cast<double>(i)));
    CHECK(q.end_s - q.arrival_s == doctest::Approx(service + static_cast<double>(i) * (service - 0.5)).epsilon(1e-9));
    CHECK(q.part_queue_s == doctest::Approx(static_cast<double>(i) * (service - 0.5)).epsilon(1e-9));
  }
  check_parts_add_up(r);
}

TEST_CASE("the W a lock announces is the wait that follows when predictions are exact")
{
  // Both requesters on D1 offload c1 to D2 (preloaded). r1's second query (1.0 s) holds D2
  // when r2's (1.01 s) asks: r2 is told r1's remaining hold (grant's way back + input + c1).
  const std::string body = "[ciode]\nreplacement = false\n[[preload]]\nprocessor = \"D2.cpu\"\nmodel = \"" + kTiny +
                           "\"\n[[requester]]\ndevice = \"D1\"\nmodel = \"" + kTiny +
                           "\"\nqueries = 2\narrival = \"period\"\nperiod_s = 1.0\n"
                           "[[requester]]\ndevice = \"D1\"\nmodel = \"" + kTiny +
                           "\"\nqueries = 2\narrival = \"period\"\nperiod_s = 0.51\nstart_s = 0.5\n";
  const auto r = testing::run_toml(testing::pinned_config("pair.xml", body));
  std::map<std::pair<std::string, long long>, double> granted; // (client, query) -> grant time
  for (const auto& l : r.locks)
    if (l.processor == "D2.cpu" && l.event == "grant")
      granted[{l.client, l.query}] = l.time_s;
  int queued = 0;
  for (const auto& l : r.locks)
    if (l.processor == "D2.cpu" && l.event == "request" && l.wait_s > 0) {
      ++queued;
      REQUIRE(granted.count({l.client, l.query}) == 1);
      CHECK(granted[{l.client, l.query}] - l.time_s == doctest::Approx(l.wait_s).epsilon(1e-9));
    }
  CHECK(queued == 1);
  check_parts_add_up(r);
}

TEST_CASE("latency parts add up for every policy's queries under contention")
{
  for (const char* policy : {"ciode"}) { // one engine per process: the e2e tier covers the others
    CAPTURE(policy);
    const std::string body =
        "[[background]]\nprocessor = \"D2.cpu\"\nmodel = \"" + kTiny +
        "\"\nqueries = 50\narrival = \"poisson\"\nutilization = 0.6\n[[requester]]\ndevice = \"D1\"\nmodel = \"" +
        kTiny + "\"\nqueries = 30\narrival = \"poisson\"\nrate_per_s = 2\nmax_in_flight = 2\n";
    const auto r = testing::run_toml(testing::pinned_config("pair.xml", body, std::string("policy = \"") + policy + "\"\n"));
    check_parts_add_up(r);
    int requester_rows = 0;
    for (const auto& q : r.queries)
      requester_rows += q.policy != "local";
    CHECK(requester_rows == 30);
  }
}
