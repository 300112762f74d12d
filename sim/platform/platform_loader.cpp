#include "sim/platform/platform_loader.hpp"

#include "sim/platform/platform_description.hpp"

#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/names.hpp"
#include "sim/core/units.hpp"

#include <fmt/format.h>
#include <simgrid/Exception.hpp>
#include <simgrid/plugins/energy.h>
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

// Every pair of processors the runtime may use must have a route: SimGrid only notices a
// missing one when a transfer starts ("no connecting path", an assertion and a backtrace).
// Any device may be a requester (the config chooses), so that is every processor to every
// other device's CPU, and each GPU to its own CPU. Hand-written platforms are small; the
// generated ones (read_topology alone) are routed by construction.
void check_routes(const std::string& path, const Topology& topo)
{
  auto* engine = simgrid::s4u::Engine::get_instance();
  auto check = [&](int a, int b) {
    auto* from = engine->host_by_name(topo.processors[static_cast<std::size_t>(a)].name);
    auto* to   = engine->host_by_name(topo.processors[static_cast<std::size_t>(b)].name);
    std::vector<simgrid::s4u::Link*> links;
    double latency_s = 0;
    bool ok          = true;
    try {
      from->route_to(to, links, &latency_s);
      ok = !links.empty() || latency_s > 0;
    } catch (const std::exception&) {
      ok = false;
    }
    if (!ok)
      throw InputError(path, fmt::format("route {} -> {}", from->get_name(), to->get_name()),
                       "no route between these processors",
                       "a <route> (or a routing zone) joining every device's CPU to every other processor");
  };
  std::vector<int> cpus;
  for (const auto& d : topo.devices)
    for (int p : d.processors)
      if (topo.processors[static_cast<std::size_t>(p)].kind == ProcessorKind::Cpu)
        cpus.push_back(p);
  if (topo.processors.size() * cpus.size() > 1000000) { // huge hand-written platform: requesters only
    cpus.clear();
    for (const auto& d : topo.devices)
      if (d.requester)
        for (int p : d.processors)
          if (topo.processors[static_cast<std::size_t>(p)].kind == ProcessorKind::Cpu)
            cpus.push_back(p);
  }
  for (const auto& d : topo.devices) {
    int own_cpu = -1;
    for (int p : d.processors)
      if (topo.processors[static_cast<std::size_t>(p)].kind == ProcessorKind::Cpu)
        own_cpu = p;
    for (int p : d.processors) {
      if (p != own_cpu) {
        check(p, own_cpu);
        check(own_cpu, p);
      }
      for (int cpu : cpus)
        if (topo.processors[static_cast<std::size_t>(cpu)].device != d.name) {
          check(cpu, p);
          check(p, cpu);
        }
    }
  }
}

} // namespace

bool init_engine(const std::vector<std::string>& simgrid_args)
{
  if (simgrid::s4u::Engine::is_initialized())
    return false;
  // ker_engine silenced (no appender, not passed up): its deadlock report, many lines, is
  // replaced by our one-line error
  std::vector<std::string> args = {"ciodesim", "--log=root.thres:warning", "--log=xbt_cfg.thres:warning",
                                   "--log=host_energy.thres:error",
                                   "--log=ker_engine.additivity:off",
                                   // 256 KiB actor stacks, not SimGrid's 8 MiB: three actors per requester at
                                   // 10,000 devices spent 4.5 s allocating, guarding and unmapping them; the
                                   // deepest actor (a requester planning) uses far less. CIODESIM_SIMGRID_ARGS
                                   // may set another size (the sanitizer run does).
                                   "--cfg=contexts/stack-size:256"};
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
  // Energy accounting (docs/energy.md): the host energy plugin must exist before a platform
  // is loaded. Hosts without wattage_per_state draw 0 W and report no energy; SimGrid's
  // warning about them is silenced (--log=host_energy above): ciodesim's outputs leave their
  // energy cells empty. (The link energy plugin is not used: docs/energy.md says why.)
  sg_host_energy_plugin_init();
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
  check_xml_nesting(read_text_file(path), path); // clean errors for missing, special, huge or deep files
  {
    // SimGrid's energy plugins abort on a malformed power property, and SimGrid warns about a
    // negative latency before read_topology() could refuse it: check both first. A file the
    // plain reader cannot parse is left to SimGrid's own error.
    PlatformDescription description;
    try {
      description = read_platform_xml(path);
    } catch (const InputError&) {
    }
    check_wattage(description, path);
    check_links(description, path);
  }
  init_engine({});
  auto* engine = simgrid::s4u::Engine::get_instance();
  try {
    engine->load_platform(path);
  } catch (const simgrid::ParseError& e) {
    throw InputError(path, "", fmt::format("malformed platform: {}", e.what()));
  } catch (const std::exception& e) {
    throw InputError(path, "", fmt::format("cannot load platform: {}", e.what()));
  }
  Topology topo = read_topology(path, overrides, origin);
  // SimGrid sizes a zone's routing table when it seals it (run() would do the same): before
  // that, asking for a route in a zone without any crashes.
  engine->seal_platform();
  check_routes(path, topo);
  return topo;
}

Topology read_topology(const std::string& path, const BandwidthOverrides& overrides, const std::string& origin)
{
  auto* engine = simgrid::s4u::Engine::get_instance();

  // SimGrid takes any number for a link; a non-positive bandwidth would stall or break runs
  // (the same check as the SimGrid-free reader's, check_link).
  for (const auto* link : engine->get_all_links()) {
    check_link(path, link->get_name(), {link->get_bandwidth(), link->get_latency()});
    if (!is_valid_layer_name(link->get_name())) // printable, no control characters
      throw InputError(path, "link", fmt::format("invalid link name '{}'", link->get_name()),
                       "1 to 200 printable ASCII characters");
  }

  PlatformDescription description;
  for (const auto* link : engine->get_all_links()) {
    description.links.push_back(link->get_name());
    if (const char* wattage = link->get_property("wattage_range"))
      description.link_wattage[link->get_name()] = wattage;
  }
  for (const auto* host : engine->get_all_hosts()) {
    HostDescription h;
    h.name        = host->get_name();
    h.speed_flops = host->get_speed();
    h.zone        = host->get_englobing_zone()->get_name();
    if (const auto* props = host->get_properties())
      for (const auto& [key, value] : *props)
        h.properties[key] = value;
    description.hosts.push_back(std::move(h));
  }
  Topology topo = assemble_topology(path, description);

  check_bandwidth_overrides(topo, overrides, origin);
  for (const auto& [device_name, bandwidth_Bps] : overrides) {
    const Device& device = topo.devices[static_cast<std::size_t>(topo.device_index(device_name))];
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
