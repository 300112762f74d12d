// Units, RNG and atomic writes.
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/units.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include <cmath>
#include <cstdio>
#include <string>
#include <unistd.h>

using namespace ciodesim;

TEST_CASE("bandwidth strings convert to bytes per second")
{
  CHECK(parse_bandwidth_bps("80Mbps") == doctest::Approx(1e7));
  CHECK(parse_bandwidth_bps("20Mbps") == doctest::Approx(2.5e6));
  CHECK(parse_bandwidth_bps("1Gbps") == doctest::Approx(1.25e8));
  CHECK(parse_bandwidth_bps("12GBps") == doctest::Approx(1.2e10));
  CHECK(parse_bandwidth_bps("2.5MBps") == doctest::Approx(2.5e6));
  // a bare number has no unit: 20 meant as Mbps would silently be 20 bytes/s
  CHECK_THROWS_AS(parse_bandwidth_bps("1e7"), InputError);
  CHECK_THROWS_AS(parse_bandwidth_bps("20"), InputError);
  CHECK_THROWS_AS(parse_bandwidth_bps("-5Mbps"), InputError);
  CHECK_THROWS_AS(parse_bandwidth_bps("0Mbps"), InputError);
  CHECK_THROWS_AS(parse_bandwidth_bps("80 furlongs"), InputError);
  CHECK_THROWS_AS(parse_bandwidth_bps("nan"), InputError);
  CHECK_THROWS_AS(parse_bandwidth_bps("inf"), InputError);
}

TEST_CASE("durations convert to seconds")
{
  CHECK(parse_duration_s("100us") == doctest::Approx(1e-4));
  CHECK(parse_duration_s("2ms") == doctest::Approx(2e-3));
  CHECK(parse_duration_s("0.5s") == doctest::Approx(0.5));
  CHECK_THROWS_AS(parse_duration_s("0.5"), InputError);
  CHECK_THROWS_AS(parse_duration_s("0"), InputError);
  CHECK_THROWS_AS(parse_duration_s("-1s"), InputError);
}

TEST_CASE("input errors format as FILE: WHERE: WHAT (allowed: ...)")
{
  InputError e("m.json", "layers[2] (conv1)", "unknown layer type 'cnv'", "conv, fc");
  CHECK(std::string(e.what()) == "m.json: layers[2] (conv1): unknown layer type 'cnv' (allowed: conv, fc)");
  CHECK(std::string(e.with_file("x.json").what()).rfind("x.json: ", 0) == 0);
}

TEST_CASE("rng streams are reproducible and have the right moments")
{
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 10; ++i) {
    const double x = a.uniform01();
    CHECK(x == b.uniform01());
    CHECK(x >= 0.0);
    CHECK(x < 1.0);
  }
  CHECK(a.uniform01() != c.uniform01());

  Rng n(7);
  const int count = 200000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < count; ++i) {
    const double x = n.normal(3.0, 2.0);
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / count;
  const double var  = sum_sq / count - mean * mean;
  CHECK(mean == doctest::Approx(3.0).epsilon(0.01));
  CHECK(std::sqrt(var) == doctest::Approx(2.0).epsilon(0.01));

  Rng e(9);
  double esum = 0;
  for (int i = 0; i < count; ++i)
    esum += e.exponential(4.0);
  CHECK(esum / count == doctest::Approx(0.25).epsilon(0.01));
  CHECK(Rng::derive_seed(1, 0) != Rng::derive_seed(1, 1));
}

TEST_CASE("random streams: 10,000 requesters x every purpose x runs of neighbouring seeds never share a seed")
{
  // The former scheme added offsets (requester i's exec stream at 1000 + i, arrivals at
  // 2000 + i, run r at seed + r): requester 1000 read requester 0's arrivals, and seed 1's
  // run 1 was seed 2's run 0.
  const Purpose purposes[] = {Purpose::Exec,           Purpose::Arrival,           Purpose::Backoff,
                              Purpose::BackgroundExec, Purpose::BackgroundArrival, Purpose::BandwidthJitter,
                              Purpose::ModelMix,       Purpose::PlatformGenerator};
  std::vector<std::uint64_t> seeds;
  seeds.reserve(3 * 11 * 8 * 10000);
  for (std::uint64_t seed = 1; seed <= 3; ++seed)
    for (int run = -1; run < 10; ++run) // -1: the scenario-wide level (platform, model mix)
      for (Purpose purpose : purposes)
        for (std::uint64_t index = 0; index < 10000; ++index)
          seeds.push_back(Rng::stream_seed(seed, run, purpose, index));
  const std::size_t total = seeds.size();
  std::sort(seeds.begin(), seeds.end());
  CHECK(std::unique(seeds.begin(), seeds.end()) == seeds.end());
  CHECK(total == 3u * 11u * 8u * 10000u);
  // and distinct seeds give distinct streams
  Rng a(Rng::stream_seed(1, 1, Purpose::Exec, 0)), b(Rng::stream_seed(2, 0, Purpose::Exec, 0));
  CHECK(a.next_u64() != b.next_u64());
  CHECK(Rng::run_seed(1, 1) != Rng::run_seed(2, 0));
}

TEST_CASE("atomic writes replace the file and leave no temporary behind")
{
  const std::string path = "ciodesim_atomic_test.txt";
  write_file_atomic(path, "first");
  write_file_atomic(path, "second");
  CHECK(read_text_file(path) == "second");
  std::remove(path.c_str());
  CHECK_THROWS_AS(write_file_atomic("/nonexistent-dir/x.csv", "data"), InputError);
  CHECK_THROWS_AS(read_text_file("/nonexistent-dir/x.csv"), InputError);
  CHECK(fnv1a_hex("") == "cbf29ce484222325");
  CHECK(fnv1a_hex("a") != fnv1a_hex("b"));
}

TEST_CASE("an AtomicFile written piece by piece appears only on commit, whole")
{
  const std::string path = "ciodesim_atomic_pieces_test.txt";
  std::remove(path.c_str());
  {
    AtomicFile file(path);
    file.write("a,b\n");
    file.write("1,2\n");
    std::FILE* seen = std::fopen(path.c_str(), "rb");
    CHECK(seen == nullptr); // nothing under the final name before commit
    if (seen != nullptr)
      std::fclose(seen);
    file.commit();
  }
  CHECK(read_text_file(path) == "a,b\n1,2\n");
  {
    AtomicFile abandoned(path); // an error before commit: the old file stays, no temp is left
    abandoned.write("half");
  }
  CHECK(read_text_file(path) == "a,b\n1,2\n");
  std::FILE* tmp = std::fopen((path + ".tmp." + std::to_string(::getpid())).c_str(), "rb");
  CHECK(tmp == nullptr);
  if (tmp != nullptr)
    std::fclose(tmp);
  std::remove(path.c_str());
  CHECK_THROWS_AS(AtomicFile("/nonexistent-dir/x.csv"), InputError);
}
