#include "sim/platform/generator.hpp"
#include "sim/platform/power_figures.hpp"

#include "sim/platform/platform_loader.hpp"

#include <fmt/format.h>
#include <simgrid/s4u.hpp>

#include <vector>

namespace ciodesim::platform {
namespace {

namespace sg = simgrid::s4u;

struct Built {
  sg::Host* cpu  = nullptr;
  sg::Host* gpu  = nullptr;
  sg::Link* net  = nullptr;
  sg::Link* pcie = nullptr;
  int subnet     = 0;
};

sg::Host* add_host(sg::NetZone* zone, const HostDescription& h)
{
  auto* host = zone->create_host(h.name, h.speed_flops);
  for (const auto& [key, value] : h.properties)
    host->set_property(key, value);
  return host->seal();
}

Built add_device(sg::NetZone* zone, const GeneratedDevice& d, const GeneratorSpec& spec)
{
  Built b;
  b.subnet = d.subnet;
  b.cpu    = add_host(zone, d.cpu);
  b.net    = zone->create_link(d.name + ".net", spec.access_bandwidth_Bps)
               ->set_latency(spec.access_latency_s)
               ->set_property("wattage_range", power::kWifiRadio) // before seal: the link energy plugin reads it then
               ->seal();
  if (d.gpu) {
    b.gpu  = add_host(zone, *d.gpu);
    b.pcie = zone->create_link(d.name + ".pcie", kPcieBandwidth_Bps)->set_latency(kPcieLatency_s)->seal();
  }
  return b;
}

} // namespace

Topology build_generated_platform(const GeneratorSpec& spec, const BandwidthOverrides& overrides,
                                  const std::string& origin)
{
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
  for (const GeneratedDevice& d : generated_devices(spec)) {
    auto& sub = subnets[static_cast<std::size_t>(d.subnet)];
    (d.requester ? sub.requesters : sub.nodes).push_back(add_device(sub.zone, d, spec));
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
  return read_topology(generated_platform_name(spec), overrides, origin);
}

} // namespace ciodesim::platform
