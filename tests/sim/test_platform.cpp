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

#include "sim/platform/generator.hpp"

TEST_CASE("generated platform: devices, classes, and routes within and across subnets")
{
  platform::init_engine({"--cfg=network/model:CM02"});
  platform::GeneratorSpec spec;
  spec.subnets = 3, spec.requesters = 4, spec.nodes = 6, spec.gpu_fraction = 1.0, spec.seed = 3;
  const auto topo = platform::build_generated_platform(spec);
  REQUIRE(topo.devices.size() == 10);
  int requesters = 0, gpus = 0;
  for (const auto& d : topo.devices)
    requesters += d.requester ? 1 : 0;
  for (const auto& p : topo.processors)
    gpus += p.kind == platform::ProcessorKind::Gpu ? 1 : 0;
  CHECK(requesters == 4);
  CHECK(gpus == 6); // gpu_fraction 1: every node has its GPU
  // R0 and N0 share subnet 0; R0 and N1 do not (round-robin over subnets)
  const int r0 = topo.processor_index("R0.cpu"), n0 = topo.processor_index("N0.cpu"),
            n1 = topo.processor_index("N1.cpu"), n1g = topo.processor_index("N1.gpu");
  CHECK(topo.route(r0, n0).latency_s == doctest::Approx(2 * spec.access_latency_s));
  CHECK(topo.route(r0, n1).latency_s == doctest::Approx(2 * spec.access_latency_s + 2 * spec.backbone_latency_s));
  CHECK(topo.route(r0, n1).bandwidth_Bps == doctest::Approx(spec.access_bandwidth_Bps));
  CHECK(topo.route(r0, n1g).latency_s == doctest::Approx(topo.route(r0, n1).latency_s + 10e-6));
  CHECK(topo.route(n1, n1g).bandwidth_Bps == doctest::Approx(12e9));
  for (const auto& p : topo.processors) // every profile has shipped traces
    CHECK((p.profile == "i5-5200U" || p.profile == "i5-3470" || p.profile == "i7-9700" || p.profile == "gtx1070" ||
           p.profile == "rtx2060"));
}
