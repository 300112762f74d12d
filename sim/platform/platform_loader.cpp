#include "sim/platform/platform_loader.hpp"

#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/units.hpp"

#include <fmt/format.h>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstdlib>
#include <map>
#include <sstream>
#include <memory>

XBT_LOG_NEW_DEFAULT_CATEGORY(ciodesim_platform, "ciodesim: platform loading");

namespace ciodesim::platform {
namespace {

std::unique_ptr<simgrid::s4u::Engine> g_engine;

std::string property(const simgrid::s4u::Host* host, const char* key)
{
  const char* value = host->get_property(key);
  return value == nullptr ? std::string() : std::string(value);
}

Route compute_route(simgrid::s4u::Host* from, simgrid::s4u::Host* to)
{
  Route route;
  if (from == to) {
    route.bandwidth_Bps = std::numeric_limits<double>::infinity();
    return route;
  }
  std::vector<simgrid::s4u::Link*> links;
  double latency_s = 0;
  from->route_to(to, links, &latency_s);
  route.latency_s     = latency_s;
  route.bandwidth_Bps = std::numeric_limits<double>::infinity();
  for (const auto* link : links) {
    route.bandwidth_Bps = std::min(route.bandwidth_Bps, link->get_bandwidth());
    route.links.push_back(link->get_name());
  }
  return route;
}

} // namespace

bool init_engine(const std::vector<std::string>& simgrid_args)
{
  if (simgrid::s4u::Engine::is_initialized())
    return false;
  std::vector<std::string> args = {"ciodesim", "--log=root.thres:warning", "--log=xbt_cfg.thres:warning"};
  args.insert(args.end(), simgrid_args.begin(), simgrid_args.end());
  // Extra SimGrid options from the environment, e.g. thread contexts for sanitizer runs
  // (AddressSanitizer cannot follow SimGrid's default ucontext stack switching).
  if (const char* extra = std::getenv("CIODESIM_SIMGRID_ARGS")) {
    std::istringstream words(extra);
    for (std::string word; words >> word;)
      args.push_back(word);
  }
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  g_engine = std::make_unique<simgrid::s4u::Engine>(&argc, argv.data());
  return true;
}

std::string resolve_platform_path(const std::string& name_or_path)
{
  const std::string path = resolve_shipped(name_or_path, "platforms", ".xml");
  if (!path.empty())
    return path;
  std::string names;
  for (const auto& n : shipped_names("platforms", ".xml"))
    names += n + ", ";
  throw InputError(name_or_path, "", "unknown platform: neither a file nor a shipped platform",
                   names + "or a path to a SimGrid .xml file");
}

Topology load_platform(const std::string& path, const BandwidthOverrides& overrides, const std::string& origin)
{
  (void)read_text_file(path); // a clean error for missing or unreadable files
  init_engine({});
  auto* engine = simgrid::s4u::Engine::get_instance();
  try {
    engine->load_platform(path);
  } catch (const simgrid::ParseError& e) {
    throw InputError(path, "", fmt::format("malformed platform: {}", e.what()));
  } catch (const std::exception& e) {
    throw InputError(path, "", fmt::format("cannot load platform: {}", e.what()));
  }
  return read_topology(path, overrides, origin);
}

Topology read_topology(const std::string& path, const BandwidthOverrides& overrides, const std::string& origin)
{
  auto* engine = simgrid::s4u::Engine::get_instance();

  // SimGrid takes any number for a link; a non-positive bandwidth would stall or break runs.
  for (const auto* link : engine->get_all_links()) {
    const double bandwidth = link->get_bandwidth();
    if (!(bandwidth > 0) || !std::isfinite(bandwidth))
      throw InputError(path, fmt::format("link '{}'.bandwidth", link->get_name()),
                       fmt::format("bandwidth must be positive and finite, got {} B/s", bandwidth),
                       "e.g. 80Mbps, 20Mbps, 1Gbps");
    if (!(link->get_latency() >= 0) || !std::isfinite(link->get_latency()))
      throw InputError(path, fmt::format("link '{}'.latency", link->get_name()), "latency must be >= 0 and finite");
  }

  Topology topo;
  topo.source = path;
  for (const auto* link : engine->get_all_links())
    topo.links.push_back(link->get_name());
  std::vector<simgrid::s4u::Host*> hosts = engine->get_all_hosts(); // sorted by name
  if (hosts.empty())
    throw InputError(path, "", "platform has no hosts");
  std::stable_sort(hosts.begin(), hosts.end(), [](const auto* a, const auto* b) {
    const std::string da = property(a, "device"), db = property(b, "device");
    if (da != db)
      return da < db;
    return property(a, "kind") < property(b, "kind"); // "cpu" < "gpu"
  });

  std::map<std::string, int> device_of; // device name -> index, while the list grows
  for (auto* host : hosts) {
    const std::string where = fmt::format("host '{}'", host->get_name());
    Processor proc;
    proc.name   = host->get_name();
    proc.device = property(host, "device");
    if (proc.device.empty())
      throw InputError(path, where, "missing property 'device'", "a device name such as D1");
    const std::string kind = property(host, "kind");
    if (kind == "cpu")
      proc.kind = ProcessorKind::Cpu;
    else if (kind == "gpu")
      proc.kind = ProcessorKind::Gpu;
    else
      throw InputError(path, where + ".kind", fmt::format("unknown processor kind '{}'", kind), "cpu, gpu");
    proc.part        = property(host, "part");
    proc.profile     = property(host, "profile");
    if (proc.profile.empty())
      proc.profile = proc.name;
    proc.speed_flops = host->get_speed();
    const std::string mem = property(host, "memory_bandwidth");
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
    const int dev = known->second;
    Device& device = topo.devices[static_cast<std::size_t>(dev)];
    for (int other : device.processors)
      if (topo.processors[static_cast<std::size_t>(other)].kind == proc.kind)
        throw InputError(path, where, fmt::format("device {} has two {} hosts", proc.device, kind),
                         "one cpu and at most one gpu per device");
    if (proc.kind == ProcessorKind::Cpu) {
      const std::string role = property(host, "role");
      if (role != "" && role != "requester" && role != "node")
        throw InputError(path, where + ".role", fmt::format("unknown role '{}'", role), "requester, node");
      device.requester   = role == "requester";
      device.access_link = property(host, "access_link");
      device.subnet      = property(host, "subnet");
      if (device.subnet.empty())
        device.subnet = host->get_englobing_zone()->get_name();
      if (!device.access_link.empty() && simgrid::s4u::Link::by_name_or_null(device.access_link) == nullptr)
        throw InputError(path, where + ".access_link", fmt::format("no link named '{}'", device.access_link));
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

  for (const auto& [device_name, bandwidth_Bps] : overrides) {
    const int dev = topo.device_index(device_name);
    if (dev < 0) {
      std::string names;
      for (const Device& d : topo.devices)
        names += (names.empty() ? "" : ", ") + d.name;
      throw InputError(origin, device_name, "no such device in " + path, names);
    }
    const Device& device = topo.devices[static_cast<std::size_t>(dev)];
    if (device.access_link.empty())
      throw InputError(origin, device_name, "device has no access_link property to override");
    if (!(bandwidth_Bps > 0) || !std::isfinite(bandwidth_Bps))
      throw InputError(origin, device_name, "bandwidth must be positive and finite");
    simgrid::s4u::Link::by_name(device.access_link)->set_bandwidth(bandwidth_Bps);
    XBT_INFO("%s: access link %s set to %g B/s", device_name.c_str(), device.access_link.c_str(), bandwidth_Bps);
  }

  std::vector<simgrid::s4u::Host*> host_of;
  for (const auto& p : topo.processors)
    host_of.push_back(engine->host_by_name(p.name));
  topo.route_source = [host_of](int from, int to) {
    return compute_route(host_of[static_cast<std::size_t>(from)], host_of[static_cast<std::size_t>(to)]);
  };
  return topo;
}

} // namespace ciodesim::platform
