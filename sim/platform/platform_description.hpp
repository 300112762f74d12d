#pragma once
// A platform as plain data, before any SimGrid engine exists: hosts with their properties,
// and link names. Both ways of reading a platform go through assemble_topology(), so the
// SimGrid loader and the SimGrid-free reader (used to validate configs and every point of a
// sweep without starting an engine) check the same rules and name things alike.
#include "sim/platform/topology.hpp"

#include <map>
#include <string>
#include <vector>

namespace ciodesim::platform {

struct HostDescription {
  std::string name;
  double speed_flops = 0;
  std::string zone; // name of the netzone holding the host
  std::map<std::string, std::string> properties;
};

struct PlatformDescription {
  std::vector<HostDescription> hosts;
  std::vector<std::string> links;
  // false when the file uses constructs the SimGrid-free reader does not expand (clusters,
  // includes): names cannot be checked before the engine loads it.
  bool complete = true;
};

// Devices and processors from the hosts' properties (device, kind, role, profile, part,
// memory_bandwidth, access_link, subnet); InputError naming `path` and the host on a
// missing or wrong property. No routes (route_source stays empty).
Topology assemble_topology(const std::string& path, const PlatformDescription& platform);

// Checks access-link bandwidth overrides against the topology (device known, has an
// access_link, bandwidth positive and finite); `origin` names where they came from.
void check_bandwidth_overrides(const Topology& topo, const BandwidthOverrides& overrides, const std::string& origin);

// Reads a SimGrid platform XML file without SimGrid (hosts, properties, links, zones).
PlatformDescription read_platform_xml(const std::string& path);

} // namespace ciodesim::platform
