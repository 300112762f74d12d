#include "sim/platform/platform_description.hpp"

#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/names.hpp"
#include "sim/core/units.hpp"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <vector>

namespace ciodesim::platform {
namespace {

// Host speeds a platform may give: 0 or negative fail inside SimGrid, and beyond 1 Eflop/s
// flop counts of hour-long layers lose precision.
constexpr double kMinSpeedFlops = 1;
constexpr double kMaxSpeedFlops = 1e18;

std::string property(const HostDescription& host, const char* key)
{
  const auto it = host.properties.find(key);
  return it == host.properties.end() ? std::string() : it->second;
}

using UnitScales = std::vector<std::pair<std::string, double>>;

// A SimGrid quantity ("80Mbps", "1.25e7", "100us", "6.5Tf") in SI units, when its unit is one
// of `units` (SimGrid's, with the prefixes it allows); nullopt for anything else, which
// SimGrid's own parser reports. strtod reads nan and inf, so those come back to be refused.

std::optional<double> simgrid_quantity(const std::string& text, const UnitScales& units)
{
  const char* begin = text.c_str();
  char* end         = nullptr;
  const double value = std::strtod(begin, &end);
  if (end == begin)
    return std::nullopt;
  const std::string unit(end);
  for (const auto& [name, scale] : units)
    if (unit == name)
      return value * scale;
  return std::nullopt;
}

// SimGrid speeds: a number with an optional f, kf, Mf, Gf, Tf, Pf, Ef (flop/s) suffix; 0
// (refused by the speed check) for anything else.
double parse_speed(const std::string& text)
{
  static const UnitScales units{{"", 1},     {"f", 1},     {"kf", 1e3},  {"Mf", 1e6}, {"Gf", 1e9},
                                {"Tf", 1e12}, {"Pf", 1e15}, {"Ef", 1e18}};
  return simgrid_quantity(text, units).value_or(0);
}

const UnitScales& bandwidth_units()
{
  static const UnitScales units = [] {
    UnitScales out{{"", 1.0}}; // a bare number: bytes/s
    const std::pair<const char*, double> prefixes[] = {
        {"", 1},   {"k", 1e3},   {"M", 1e6},   {"G", 1e9},   {"T", 1e12},  {"P", 1e15},
        {"E", 1e18}, {"Ki", 0x1p10}, {"Mi", 0x1p20}, {"Gi", 0x1p30}, {"Ti", 0x1p40}};
    for (const auto& [prefix, scale] : prefixes) {
      out.emplace_back(std::string(prefix) + "Bps", scale);
      out.emplace_back(std::string(prefix) + "bps", scale / 8);
    }
    return out;
  }();
  return units;
}

const UnitScales& latency_units()
{
  static const UnitScales units{
      {"", 1.0}, {"s", 1.0}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}, {"ps", 1e-12}};
  return units;
}

void walk(const boost::property_tree::ptree& node, const std::string& zone, PlatformDescription& out)
{
  for (const auto& [tag, child] : node) {
    if (tag == "host") {
      HostDescription host;
      host.name        = child.get<std::string>("<xmlattr>.id", "");
      host.speed_flops = parse_speed(child.get<std::string>("<xmlattr>.speed", ""));
      host.zone        = zone;
      for (const auto& [ptag, prop] : child)
        if (ptag == "prop")
          host.properties[prop.get<std::string>("<xmlattr>.id", "")] = prop.get<std::string>("<xmlattr>.value", "");
      out.hosts.push_back(std::move(host));
    } else if (tag == "link") {
      out.links.push_back(child.get<std::string>("<xmlattr>.id", ""));
      out.link_values[out.links.back()] = {simgrid_quantity(child.get<std::string>("<xmlattr>.bandwidth", ""),
                                                            bandwidth_units()),
                                           simgrid_quantity(child.get<std::string>("<xmlattr>.latency", "0"),
                                                            latency_units())};
      for (const auto& [ptag, prop] : child)
        if (ptag == "prop" && prop.get<std::string>("<xmlattr>.id", "") == "wattage_range")
          out.link_wattage[out.links.back()] = prop.get<std::string>("<xmlattr>.value", "");
    } else if (tag == "zone" || tag == "AS") {
      walk(child, child.get<std::string>("<xmlattr>.id", zone), out);
    } else if (tag == "cluster" || tag == "cabinet" || tag == "include" || tag == "host_link" || tag == "peer") {
      out.complete = false; // expanded by SimGrid only
    }
  }
}

} // namespace

void check_link(const std::string& path, const std::string& link, const LinkValues& values)
{
  if (const auto bandwidth = values.bandwidth_Bps) {
    const std::string where = fmt::format("link '{}'.bandwidth", link);
    if (!(*bandwidth > 0) || !std::isfinite(*bandwidth))
      throw InputError(path, where, fmt::format("bandwidth must be positive and finite, got {} B/s", *bandwidth),
                       "e.g. 80Mbps, 20Mbps, 1Gbps");
    if (*bandwidth < kMinLinkBandwidthBps || *bandwidth > kMaxLinkBandwidthBps)
      throw InputError(path, where, fmt::format("bandwidth {:g} B/s is out of range", *bandwidth),
                       fmt::format("{:g} .. {:g} B/s", kMinLinkBandwidthBps, kMaxLinkBandwidthBps));
  }
  if (const auto latency = values.latency_s)
    if (!(*latency >= 0) || !std::isfinite(*latency) || *latency > kMaxLinkLatencyS)
      throw InputError(path, fmt::format("link '{}'.latency", link),
                       fmt::format("latency {:g} s is out of range", *latency),
                       fmt::format("0 .. {:g} s", kMaxLinkLatencyS));
}

void check_links(const PlatformDescription& platform, const std::string& path)
{
  for (const auto& name : platform.links)
    if (const auto it = platform.link_values.find(name); it != platform.link_values.end())
      check_link(path, name, it->second);
}

Topology assemble_topology(const std::string& path, const PlatformDescription& platform)
{
  check_links(platform, path);
  Topology topo;
  topo.source = path;
  topo.links  = platform.links;
  std::vector<const HostDescription*> hosts;
  for (const auto& h : platform.hosts)
    hosts.push_back(&h);
  if (hosts.empty())
    throw InputError(path, "", "platform has no hosts");
  std::sort(hosts.begin(), hosts.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
  std::stable_sort(hosts.begin(), hosts.end(), [](const auto* a, const auto* b) {
    const std::string da = property(*a, "device"), db = property(*b, "device");
    if (da != db)
      return da < db;
    return property(*a, "kind") < property(*b, "kind"); // "cpu" < "gpu"
  });

  std::map<std::string, int> device_of; // device name -> index, while the list grows
  for (const HostDescription* host : hosts) {
    const std::string where = fmt::format("host '{}'", host->name);
    Processor proc;
    proc.name   = host->name;
    proc.device = property(*host, "device");
    if (proc.device.empty())
      throw InputError(path, where, "missing property 'device'", "a device name such as D1");
    // names end up in CSV cells, error lines and commands
    check_name(proc.name, path, "host");
    check_name(proc.device, path, where + ".device");
    const std::string kind = property(*host, "kind");
    if (kind == "cpu")
      proc.kind = ProcessorKind::Cpu;
    else if (kind == "gpu")
      proc.kind = ProcessorKind::Gpu;
    else
      throw InputError(path, where + ".kind", fmt::format("unknown processor kind '{}'", kind), "cpu, gpu");
    proc.part    = property(*host, "part");
    proc.profile = property(*host, "profile");
    if (proc.profile.empty())
      proc.profile = proc.name;
    if (!property(*host, "profile").empty())
      check_name(proc.profile, path, where + ".profile");
    proc.speed_flops = host->speed_flops;
    // SimGrid accepts 0 or negative speeds and fails deep inside a run ("The Impossible Did Happen")
    if (!std::isfinite(proc.speed_flops) || proc.speed_flops < kMinSpeedFlops || proc.speed_flops > kMaxSpeedFlops)
      throw InputError(path, where + ".speed", fmt::format("speed {:g} flop/s is out of range", proc.speed_flops),
                       fmt::format("{:g} .. {:g} flop/s, e.g. 140.8Gf", kMinSpeedFlops, kMaxSpeedFlops));
    if (const auto w = host->properties.find("wattage_per_state"); w != host->properties.end()) {
      const PowerRange power = parse_wattage(w->second, path, where + ".wattage_per_state", true);
      proc.has_power         = true;
      proc.idle_w            = power.idle_w;
      proc.busy_w            = power.busy_w;
    }
    const std::string mem = property(*host, "memory_bandwidth");
    try {
      proc.memory_bandwidth_Bps = mem.empty() ? 0.0 : parse_bandwidth_bps(mem);
    } catch (const InputError& e) {
      throw InputError(path, where + ".memory_bandwidth", e.what_text(), e.allowed());
    }

    auto known = device_of.find(proc.device);
    if (known == device_of.end()) {
      topo.devices.push_back(Device{proc.device, false, "", "", {}});
      known = device_of.emplace(proc.device, static_cast<int>(topo.devices.size()) - 1).first;
    }
    Device& device = topo.devices[static_cast<std::size_t>(known->second)];
    for (int other : device.processors)
      if (topo.processors[static_cast<std::size_t>(other)].kind == proc.kind)
        throw InputError(path, where, fmt::format("device {} has two {} hosts", proc.device, kind),
                         "one cpu and at most one gpu per device");
    if (proc.kind == ProcessorKind::Cpu) {
      const std::string role = property(*host, "role");
      if (role != "" && role != "requester" && role != "node")
        throw InputError(path, where + ".role", fmt::format("unknown role '{}'", role), "requester, node");
      device.requester   = role == "requester";
      device.access_link = property(*host, "access_link");
      device.subnet      = property(*host, "subnet");
      if (device.subnet.empty())
        device.subnet = host->zone;
      if (!device.access_link.empty() &&
          std::find(platform.links.begin(), platform.links.end(), device.access_link) == platform.links.end())
        throw InputError(path, where + ".access_link", fmt::format("no link named '{}'", device.access_link));
      if (const auto w = platform.link_wattage.find(device.access_link); w != platform.link_wattage.end()) {
        const PowerRange radio =
            parse_wattage(w->second, path, fmt::format("link '{}'.wattage_range", device.access_link), false);
        device.has_radio_power = true;
        device.radio_idle_w    = radio.idle_w;
        device.radio_busy_w    = radio.busy_w;
      }
    }
    device.processors.push_back(static_cast<int>(topo.processors.size()));
    topo.processors.push_back(proc);
  }
  for (const Device& d : topo.devices) {
    const bool has_cpu = std::any_of(d.processors.begin(), d.processors.end(), [&](int p) {
      return topo.processors[static_cast<std::size_t>(p)].kind == ProcessorKind::Cpu;
    });
    if (!has_cpu)
      throw InputError(path, fmt::format("device '{}'", d.name), "device has no cpu host");
  }
  return topo;
}

PowerRange parse_wattage(const std::string& text, const std::string& path, const std::string& where, bool host)
{
  const char* allowed = host ? "idle:busy or idle:epsilon:busy watts per pstate, e.g. 2:15 (first pstate used)"
                             : "idle:busy watts, e.g. 0.8:1.5";
  const std::string first = text.substr(0, text.find(',')); // pstate 0: ciodesim never changes pstates
  std::vector<double> values;
  std::size_t start = 0;
  while (true) {
    const std::size_t colon = first.find(':', start);
    const std::string item  = first.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    double value            = 0;
    std::size_t used        = 0;
    try {
      value = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size() || !std::isfinite(value) || value < 0)
      throw InputError(path, where, fmt::format("'{}' is not a list of watts", text), allowed);
    values.push_back(value);
    if (colon == std::string::npos)
      break;
    start = colon + 1;
  }
  if (values.size() != 2 && !(host && values.size() == 3))
    throw InputError(path, where, fmt::format("'{}' has {} values", text, values.size()), allowed);
  PowerRange range{values.front(), values.back()};
  if (range.busy_w < range.idle_w)
    throw InputError(path, where, fmt::format("busy {:g} W is below idle {:g} W", range.busy_w, range.idle_w),
                     allowed);
  return range;
}

void check_wattage(const PlatformDescription& platform, const std::string& path)
{
  for (const auto& h : platform.hosts)
    if (const auto w = h.properties.find("wattage_per_state"); w != h.properties.end())
      parse_wattage(w->second, path, fmt::format("host '{}'.wattage_per_state", h.name), true);
  for (const auto& [link, text] : platform.link_wattage)
    parse_wattage(text, path, fmt::format("link '{}'.wattage_range", link), false);
}

void check_bandwidth_overrides(const Topology& topo, const BandwidthOverrides& overrides, const std::string& origin)
{
  for (const auto& [device_name, bandwidth_Bps] : overrides) {
    const int dev = topo.device_index(device_name);
    if (dev < 0) {
      std::string names;
      for (const Device& d : topo.devices)
        names += (names.empty() ? "" : ", ") + d.name;
      throw InputError(origin, device_name, "no such device in " + topo.source, names);
    }
    if (topo.devices[static_cast<std::size_t>(dev)].access_link.empty())
      throw InputError(origin, device_name, "device has no access_link property to override");
    if (!(bandwidth_Bps > 0) || !std::isfinite(bandwidth_Bps))
      throw InputError(origin, device_name, "bandwidth must be positive and finite");
  }
}

PlatformDescription read_platform_xml(const std::string& path)
{
  const std::string content = read_text_file(path);
  check_xml_nesting(content, path);
  std::istringstream text(content);
  boost::property_tree::ptree tree;
  try {
    boost::property_tree::read_xml(text, tree, boost::property_tree::xml_parser::no_comments);
  } catch (const boost::property_tree::xml_parser_error& e) {
    throw InputError(path, "", fmt::format("malformed platform: line {}: {}", e.line(), e.message()));
  }
  PlatformDescription out;
  const auto platform = tree.get_child_optional("platform");
  if (!platform)
    throw InputError(path, "", "malformed platform: no <platform> element");
  walk(*platform, "", out);
  return out;
}

} // namespace ciodesim::platform
