// The testbed platform seen through SimGrid: processors, routes, bandwidth overrides.
// Each TEST_CASE runs in its own process (ctest + doctest_discover_tests).
#include "sim/core/error.hpp"
#include "sim/platform/platform_loader.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

using namespace ciodesim;

namespace {
const std::string kTestbed = std::string(CIODESIM_SOURCE_DIR) + "/platforms/testbed.xml";
}

TEST_CASE("testbed: devices, processors and speeds")
{
  const auto topo = platform::load_platform(kTestbed);
  REQUIRE(topo.devices.size() == 3);
  CHECK(topo.devices[0].name == "D1");
  CHECK(topo.devices[0].requester);
  CHECK_FALSE(topo.devices[1].requester);
  REQUIRE(topo.processors.size() == 5);
  CHECK(topo.processors[0].name == "D1.cpu");
  CHECK(topo.processors[2].name == "D2.gpu");
  CHECK(topo.processors[2].kind == platform::ProcessorKind::Gpu);
  CHECK(topo.processors[0].speed_flops == doctest::Approx(140.8e9));
  CHECK(topo.processors[4].memory_bandwidth_Bps == doctest::Approx(336e9));
  CHECK(topo.requester_device() == 0);
}

TEST_CASE("testbed: Net-1 routes are 80 Mbps with summed latencies")
{
  const auto topo = platform::load_platform(kTestbed);
  const int d1 = topo.processor_index("D1.cpu"), d2g = topo.processor_index("D2.gpu"),
            d3g = topo.processor_index("D3.gpu"), d3c = topo.processor_index("D3.cpu");
  CHECK(topo.route(d1, d2g).bandwidth_Bps == doctest::Approx(1e7));
  CHECK(topo.route(d1, d2g).latency_s == doctest::Approx(100e-6 + 100e-6 + 10e-6));
  CHECK(topo.route(d1, d3g).latency_s == doctest::Approx(100e-6 + 300e-6 + 100e-6 + 10e-6));
  CHECK(topo.route(d3c, d3g).bandwidth_Bps == doctest::Approx(12e9));
  CHECK(std::isinf(topo.route(d1, d1).bandwidth_Bps));
  CHECK(topo.route(d1, d1).latency_s == 0);
}

TEST_CASE("testbed: moving D3 to Net-2 sets its access link to 20 Mbps")
{
  const auto topo = platform::load_platform(kTestbed, {{"D3", 2.5e6}});
  const int d1 = topo.processor_index("D1.cpu");
  CHECK(topo.route(d1, topo.processor_index("D3.gpu")).bandwidth_Bps == doctest::Approx(2.5e6));
  CHECK(topo.route(d1, topo.processor_index("D2.gpu")).bandwidth_Bps == doctest::Approx(1e7));
}

TEST_CASE("platform: an override for an unknown device is an input error")
{
  CHECK_THROWS_AS(platform::load_platform(kTestbed, {{"D9", 1e6}}), InputError);
}
