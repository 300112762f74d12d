#include "sim/platform/generator.hpp"

#include "sim/core/rng.hpp"
#include "sim/platform/platform_loader.hpp"

#include <fmt/format.h>
#include <simgrid/s4u.hpp>

#include <vector>

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
  Rng rng(Rng::stream_seed(spec.seed, -1, Purpose::PlatformGenerator, 0));
  // A star of subnets, each a Full zone behind its gateway router and uplink. Full zones hold
  // only the routes used inside a subnet; SimGrid composes the ones across subnets from the
  // gateways (gateway -> uplink -> uplink -> gateway), so no route table grows with the
  // square of the platform.
  auto* root = sg::create_star_zone("generated");
  struct Subnet {
    sg::NetZone* zone = nullptr;
    simgrid::kernel::routing::NetPoint* gateway = nullptr;
    std::vector<Built> requesters, nodes;
  };
  std::vector<Subnet> subnets(static_cast<std::size_t>(spec.subnets));
  for (int s = 0; s < spec.subnets; ++s) {
    auto& sub   = subnets[static_cast<std::size_t>(s)];
    sub.zone    = sg::create_full_zone(fmt::format("subnet{}", s));
    sub.zone->set_parent(root);
    sub.gateway = sub.zone->create_router(fmt::format("subnet{}.gw", s));
  }
  for (int r = 0; r < spec.requesters; ++r) {
    auto& sub = subnets[static_cast<std::size_t>(r % spec.subnets)];
    sub.requesters.push_back(add_device(sub.zone, fmt::format("R{}", r), kLaptop, false, true, r % spec.subnets, spec));
  }
  for (int n = 0; n < spec.nodes; ++n) {
    const DeviceClass& c = kNodeClasses[rng.uniform01() < 0.5 ? 0 : 1];
    const bool gpu       = rng.uniform01() < spec.gpu_fraction;
    auto& sub            = subnets[static_cast<std::size_t>(n % spec.subnets)];
    sub.nodes.push_back(add_device(sub.zone, fmt::format("N{}", n), c, gpu, false, n % spec.subnets, spec));
  }
  using LR = sg::LinkInRoute;
  for (int s = 0; s < spec.subnets; ++s) {
    auto& sub   = subnets[static_cast<std::size_t>(s)];
    auto* zone  = sub.zone;
    auto to_gateway = [&](const Built& d) {
      zone->add_route(d.cpu->get_netpoint(), sub.gateway, nullptr, nullptr, {LR(d.net)}, true);
      if (d.gpu != nullptr) {
        zone->add_route(d.cpu->get_netpoint(), d.gpu->get_netpoint(), nullptr, nullptr, {LR(d.pcie)}, true);
        zone->add_route(d.gpu->get_netpoint(), sub.gateway, nullptr, nullptr, {LR(d.pcie), LR(d.net)}, true);
      }
    };
    for (const Built& d : sub.requesters)
      to_gateway(d);
    for (const Built& d : sub.nodes)
      to_gateway(d);
    // Requesters only talk to nodes, and tensors between nodes go through the requester
    // (star data flow): requester <-> node is the only pair routed inside a subnet.
    for (const Built& r : sub.requesters)
      for (const Built& n : sub.nodes) {
        zone->add_route(r.cpu->get_netpoint(), n.cpu->get_netpoint(), nullptr, nullptr, {LR(r.net), LR(n.net)}, true);
        if (n.gpu != nullptr)
          zone->add_route(r.cpu->get_netpoint(), n.gpu->get_netpoint(), nullptr, nullptr,
                          {LR(r.net), LR(n.net), LR(n.pcie)}, true);
      }
    zone->seal();
    auto* uplink = root->create_link(fmt::format("uplink{}", s), spec.backbone_bandwidth_Bps)
                       ->set_latency(spec.backbone_latency_s)
                       ->seal();
    root->add_route(zone->get_netpoint(), nullptr, sub.gateway, nullptr, {LR(uplink)}, true);
  }
  root->seal();
  return read_topology(fmt::format("generated platform ({} requesters, {} nodes, {} subnets)", spec.requesters,
                                   spec.nodes, spec.subnets),
                       overrides, origin);
}

} // namespace ciodesim::platform
