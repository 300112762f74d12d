#pragma once
// A platform as plain data, before any SimGrid engine exists: hosts with their properties,
// and link names. Both ways of reading a platform go through assemble_topology(), so the
// SimGrid loader and the SimGrid-free reader (used to validate configs and every point of a
// sweep without starting an engine) check the same rules and name things alike.
#include "sim/platform/topology.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ciodesim::platform {

struct HostDescription {
  std::string name;
  double speed_flops = 0;
  std::string zone; // name of the netzone holding the host
  std::map<std::string, std::string> properties;
};

// A link's bandwidth and latency, where the reader could read them (the SimGrid-free reader
// leaves out a value in a unit it does not know: SimGrid's own parser judges it).
struct LinkValues {
  std::optional<double> bandwidth_Bps, latency_s;
};

struct PlatformDescription {
  std::vector<HostDescription> hosts;
  std::vector<std::string> links;
  std::map<std::string, std::string> link_wattage; // link -> its `wattage_range` property, when it has one
  std::map<std::string, LinkValues> link_values;   // link -> its bandwidth and latency, when read
  // false when the file uses constructs the SimGrid-free reader does not expand (clusters,
  // includes): names cannot be checked before the engine loads it.
  bool complete = true;
};

// What a platform's link may say: beyond these, transfers overflow or never end.
inline constexpr double kMinLinkBandwidthBps = 1;
inline constexpr double kMaxLinkBandwidthBps = 1e15;
inline constexpr double kMaxLinkLatencyS     = 3600;
// InputError naming `path`, the link and the field unless the bandwidth is finite and in
// [kMinLinkBandwidthBps, kMaxLinkBandwidthBps] and the latency finite and in [0, kMaxLinkLatencyS].
void check_link(const std::string& path, const std::string& link, const LinkValues& values);
// check_link for every link of `platform` whose values are known.
void check_links(const PlatformDescription& platform, const std::string& path);

// Devices and processors from the hosts' properties (device, kind, role, profile, part,
// memory_bandwidth, access_link, subnet); InputError naming `path` and the host on a
// missing or wrong property, or on a link out of range (check_link). No routes (route_source
// stays empty).
Topology assemble_topology(const std::string& path, const PlatformDescription& platform);

// Idle and busy watts of a `wattage_per_state` (first pstate: "idle:busy" or
// "idle:epsilon:busy") or `wattage_range` ("idle:busy") property; InputError naming `path`
// and `where` unless both are finite, >= 0 and busy >= idle.
struct PowerRange {
  double idle_w = 0, busy_w = 0;
};
PowerRange parse_wattage(const std::string& text, const std::string& path, const std::string& where, bool host);
// Every host's wattage_per_state and link's wattage_range of a platform, checked before
// SimGrid's energy plugins parse them (they abort on a malformed value).
void check_wattage(const PlatformDescription& platform, const std::string& path);

// Checks access-link bandwidth overrides against the topology (device known, has an
// access_link, bandwidth positive and finite); `origin` names where they came from.
void check_bandwidth_overrides(const Topology& topo, const BandwidthOverrides& overrides, const std::string& origin);

// Reads a SimGrid platform XML file without SimGrid (hosts, properties, links, zones).
PlatformDescription read_platform_xml(const std::string& path);

} // namespace ciodesim::platform
