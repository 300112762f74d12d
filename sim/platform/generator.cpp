#include "sim/platform/generator.hpp"

#include "sim/core/rng.hpp"
#include "sim/platform/platform_loader.hpp"

#include <fmt/format.h>
#include <simgrid/s4u.hpp>

namespace ciodesim::platform {
namespace {

namespace sg = simgrid::s4u;

struct DeviceClass {
  const char* cpu_profile;
  double cpu_flops, cpu_mem_Bps;
  const char* gpu_profile;
  double gpu_flops, gpu_mem_Bps;
};

// The testbed's parts (platforms/testbed.xml, docs/platform.md).
constexpr DeviceClass kLaptop{"i5-5200U", 140.8e9, 25.6e9, nullptr, 0, 0};
constexpr DeviceClass kNodeClasses[] = {
    {"i5-3470", 204.8e9, 25.6e9, "gtx1070", 6463e9, 256e9},
    {"i7-9700", 768e9, 41.6e9, "rtx2060", 6451e9, 336e9},
};

struct Built {
  sg::Host* cpu  = nullptr;
  sg::Host* gpu  = nullptr;
  sg::Link* net  = nullptr;
  sg::Link* pcie = nullptr;
  int subnet     = 0;
};

Built add_device(sg::NetZone* zone, const std::string& name, const DeviceClass& c, bool gpu, bool requester,
                 int subnet, const GeneratorSpec& spec)
{
  Built b;
  b.subnet = subnet;
  b.cpu    = zone->create_host(name + ".cpu", c.cpu_flops);
  b.cpu->set_property("device", name);
  b.cpu->set_property("kind", "cpu");
  b.cpu->set_property("role", requester ? "requester" : "node");
  b.cpu->set_property("profile", c.cpu_profile);
  b.cpu->set_property("memory_bandwidth", fmt::format("{}Bps", c.cpu_mem_Bps));
  b.cpu->set_property("access_link", name + ".net");
  b.cpu->seal();
  b.net = zone->create_link(name + ".net", spec.access_bandwidth_Bps)->set_latency(spec.access_latency_s)->seal();
  if (gpu) {
    b.gpu = zone->create_host(name + ".gpu", c.gpu_flops);
    b.gpu->set_property("device", name);
    b.gpu->set_property("kind", "gpu");
    b.gpu->set_property("profile", c.gpu_profile);
    b.gpu->set_property("memory_bandwidth", fmt::format("{}Bps", c.gpu_mem_Bps));
    b.gpu->seal();
    b.pcie = zone->create_link(name + ".pcie", 12e9)->set_latency(10e-6)->seal();
  }
  return b;
}

} // namespace

Topology build_generated_platform(const GeneratorSpec& spec, const BandwidthOverrides& overrides,
                                  const std::string& origin)
{
  Rng rng(Rng::derive_seed(spec.seed, 7000));
  auto* zone = sg::create_full_zone("generated");
  std::vector<sg::Link*> uplinks;
  for (int s = 0; s < spec.subnets; ++s)
    uplinks.push_back(zone->create_link(fmt::format("uplink{}", s), spec.backbone_bandwidth_Bps)
                          ->set_latency(spec.backbone_latency_s)
                          ->seal());
  std::vector<Built> requesters, nodes;
  for (int r = 0; r < spec.requesters; ++r)
    requesters.push_back(add_device(zone, fmt::format("R{}", r), kLaptop, false, true, r % spec.subnets, spec));
  for (int n = 0; n < spec.nodes; ++n) {
    const DeviceClass& c = kNodeClasses[rng.uniform01() < 0.5 ? 0 : 1];
    const bool gpu       = rng.uniform01() < spec.gpu_fraction;
    nodes.push_back(add_device(zone, fmt::format("N{}", n), c, gpu, false, n % spec.subnets, spec));
  }
  using LR = sg::LinkInRoute;
  for (const Built& n : nodes)
    if (n.gpu != nullptr)
      zone->add_route(n.cpu->get_netpoint(), n.gpu->get_netpoint(), nullptr, nullptr, {LR(n.pcie)}, true);
  for (const Built& r : requesters)
    for (const Built& n : nodes) {
      std::vector<LR> path = {LR(r.net)};
      if (r.subnet != n.subnet) {
        path.emplace_back(uplinks[static_cast<std::size_t>(r.subnet)]);
        path.emplace_back(uplinks[static_cast<std::size_t>(n.subnet)]);
      }
      path.emplace_back(n.net);
      zone->add_route(r.cpu->get_netpoint(), n.cpu->get_netpoint(), nullptr, nullptr, path, true);
      if (n.gpu != nullptr) {
        path.emplace_back(n.pcie);
        zone->add_route(r.cpu->get_netpoint(), n.gpu->get_netpoint(), nullptr, nullptr, path, true);
      }
    }
  zone->seal();
  return read_topology(fmt::format("generated platform ({} requesters, {} nodes, {} subnets)", spec.requesters,
                                   spec.nodes, spec.subnets),
                       overrides, origin);
}

} // namespace ciodesim::platform
