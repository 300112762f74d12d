#pragma once
// Generated platforms for scale studies: `subnets` routers on a backbone; requester devices
// and edge nodes spread round-robin over the subnets, each behind its own access link.
// Nodes are drawn (seeded) from the testbed's device classes, so the shipped traces cover
// them: an i5-3470 or an i7-9700, with probability gpu_fraction with its GTX 1070 / RTX 2060
// (a GPU host joined by PCIe). Requester devices are i5-5200U laptops (D1's class).
//
// Built with SimGrid's s4u platform API, hierarchically: a star zone of subnets ("subnet<s>",
// each a Full zone behind router "subnet<s>.gw" and link "uplink<s>"). Inside a subnet only
// the pairs the runtime uses are routed: every host to the gateway, node cpu <-> gpu (PCIe)
// and requester <-> node (both access links); across subnets SimGrid composes
// access link, both uplinks, access link. Requesters only talk to nodes and tensors between
// nodes go through the requester (star data flow), so no other pair is ever routed.
#include "sim/platform/platform_description.hpp"
#include "sim/platform/topology.hpp"

#include <optional>
#include <vector>

#include <cstdint>
#include <string>

namespace ciodesim::platform {

struct GeneratorSpec {
  int subnets    = 4;
  int nodes      = 8;
  int requesters = 4;     // requester devices R0..R{n-1}
  double gpu_fraction = 0.5;
  double access_bandwidth_Bps   = 1e7;    // 80 Mbps
  double access_latency_s       = 100e-6;
  double backbone_bandwidth_Bps = 1.25e8; // 1 Gbps, per subnet uplink
  double backbone_latency_s     = 500e-6;
  std::uint64_t seed = 1;
};

// PCIe 3.0 x16 between a node's CPU and GPU hosts, as in the testbed.
inline constexpr double kPcieBandwidth_Bps = 12e9;
inline constexpr double kPcieLatency_s     = 10e-6;

// One generated device: its hosts as plain data (generated_layout.cpp; no SimGrid).
struct GeneratedDevice {
  std::string name;
  bool requester = false;
  int subnet     = 0;
  HostDescription cpu;
  std::optional<HostDescription> gpu;
};
// The seeded draws of a generated platform: requesters R0.., then nodes N0.. .
std::vector<GeneratedDevice> generated_devices(const GeneratorSpec& spec);
// Its hosts and links, for validating a config without an engine.
PlatformDescription describe_generated_platform(const GeneratorSpec& spec);
// How errors and sidecars name it.
std::string generated_platform_name(const GeneratorSpec& spec);

// Builds the platform in the process's engine (call init_engine first) and returns its
// typed view. Device names: requesters "R<i>", nodes "N<i>"; hosts "<device>.cpu"/".gpu".
Topology build_generated_platform(const GeneratorSpec& spec, const BandwidthOverrides& overrides = {},
                                  const std::string& origin = "network.bandwidth");

} // namespace ciodesim::platform
