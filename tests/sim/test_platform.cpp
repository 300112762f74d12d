// The testbed platform seen through SimGrid: processors, routes, bandwidth overrides.
// Each TEST_CASE runs in its own process (ctest + doctest_discover_tests).
#include "sim/core/error.hpp"
#include "sim/platform/generator.hpp"
#include "sim/platform/platform_description.hpp"
#include "sim/platform/platform_loader.hpp"
#include "sim/runtime/world.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
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

TEST_CASE("generated platform: hierarchical routes name the access links, uplinks and PCIe they use")
{
  platform::init_engine({"--cfg=network/model:CM02"});
  platform::GeneratorSpec spec;
  spec.subnets = 2, spec.requesters = 2, spec.nodes = 4, spec.gpu_fraction = 1.0;
  const auto topo = platform::build_generated_platform(spec);
  const int r0 = topo.processor_index("R0.cpu"), n0 = topo.processor_index("N0.cpu"),
            n1g = topo.processor_index("N1.gpu"), n1 = topo.processor_index("N1.cpu");
  CHECK(topo.devices[static_cast<std::size_t>(topo.device_of(r0))].subnet == "subnet0");
  CHECK(topo.devices[static_cast<std::size_t>(topo.device_of(n1))].subnet == "subnet1");
  CHECK(topo.route(r0, n0).links == std::vector<std::string>{"R0.net", "N0.net"});
  CHECK(topo.route(r0, n1g).links == std::vector<std::string>{"R0.net", "uplink0", "uplink1", "N1.net", "N1.pcie"});
  CHECK(topo.route(n1g, r0).links == std::vector<std::string>{"N1.pcie", "N1.net", "uplink1", "uplink0", "R0.net"});
  CHECK(topo.route(n1, n1g).links == std::vector<std::string>{"N1.pcie"});
}

TEST_CASE("candidates: the requester's subnet first, other subnets only to fill up, ties spread by a seeded key")
{
  platform::init_engine({"--cfg=network/model:CM02"});
  platform::GeneratorSpec spec;
  spec.subnets = 4, spec.requesters = 40, spec.nodes = 8; // two nodes per subnet
  const auto topo = platform::build_generated_platform(spec);
  runtime::Scenario scenario;
  runtime::World world(scenario, topo);
  const int r0 = topo.device_index("R0"); // subnet 0 holds N0 and N4
  auto names = [&](const std::vector<int>& devices) {
    std::vector<std::string> out;
    for (int d : devices)
      out.push_back(topo.devices[static_cast<std::size_t>(d)].name);
    return out;
  };
  CHECK(names(world.candidate_devices(r0, 2)) == std::vector<std::string>{"N0", "N4"});
  const auto three = names(world.candidate_devices(r0, 3));
  REQUIRE(three.size() == 3);
  CHECK(std::count(three.begin(), three.end(), "N0") == 1);
  CHECK(std::count(three.begin(), three.end(), "N4") == 1);
  CHECK(world.candidate_devices(r0, 0).size() == 8); // 0: every node
  // The node each requester adds from another subnet (all equally near) varies between
  // requesters instead of always being the lowest-numbered one.
  std::set<std::string> third_choices;
  for (int r = 0; r < 40; r += 4) { // R0, R4, ...: all in subnet 0
    for (const auto& n : names(world.candidate_devices(topo.device_index("R" + std::to_string(r)), 3)))
      if (n != "N0" && n != "N4")
        third_choices.insert(n);
  }
  CHECK(third_choices.size() >= 3);
  CHECK(world.candidate_devices(r0, 3) == world.candidate_devices(r0, 3)); // deterministic
}

namespace {
// The SimGrid-free reading (config validation) and the engine's agree on every field the
// checks use.
void check_same(const platform::Topology& pure, const platform::Topology& engine)
{
  REQUIRE(pure.devices.size() == engine.devices.size());
  for (std::size_t d = 0; d < pure.devices.size(); ++d) {
    CAPTURE(engine.devices[d].name);
    CHECK(pure.devices[d].name == engine.devices[d].name);
    CHECK(pure.devices[d].requester == engine.devices[d].requester);
    CHECK(pure.devices[d].access_link == engine.devices[d].access_link);
    CHECK(pure.devices[d].subnet == engine.devices[d].subnet);
    CHECK(pure.devices[d].processors == engine.devices[d].processors);
  }
  REQUIRE(pure.processors.size() == engine.processors.size());
  for (std::size_t p = 0; p < pure.processors.size(); ++p) {
    CAPTURE(engine.processors[p].name);
    CHECK(pure.processors[p].name == engine.processors[p].name);
    CHECK(pure.processors[p].device == engine.processors[p].device);
    CHECK(pure.processors[p].kind == engine.processors[p].kind);
    CHECK(pure.processors[p].profile == engine.processors[p].profile);
    CHECK(pure.processors[p].speed_flops == doctest::Approx(engine.processors[p].speed_flops));
    CHECK(pure.processors[p].memory_bandwidth_Bps == engine.processors[p].memory_bandwidth_Bps);
  }
  auto sorted = [](std::vector<std::string> v) { // without SimGrid's own (__loopback__)
    v.erase(std::remove_if(v.begin(), v.end(), [](const std::string& l) { return l.rfind("__", 0) == 0; }), v.end());
    std::sort(v.begin(), v.end());
    return v;
  };
  CHECK(sorted(pure.links) == sorted(engine.links));
}
} // namespace

TEST_CASE("the testbed read without SimGrid equals the engine's view")
{
  const auto pure   = platform::assemble_topology(kTestbed, platform::read_platform_xml(kTestbed));
  const auto engine = platform::load_platform(kTestbed);
  check_same(pure, engine);
}

TEST_CASE("a generated platform described without SimGrid equals the built one")
{
  platform::GeneratorSpec spec;
  spec.subnets    = 3;
  spec.nodes      = 7;
  spec.requesters = 5;
  spec.seed       = 42;
  const auto pure = platform::assemble_topology("generated", platform::describe_generated_platform(spec));
  platform::init_engine({});
  const auto engine = platform::build_generated_platform(spec);
  check_same(pure, engine);
}
