// What a generated platform holds, as plain data: the same seeded draws build it in SimGrid
// (generator.cpp) and describe it to the SimGrid-free config validation.
#include "sim/core/rng.hpp"
#include "sim/platform/generator.hpp"
#include "sim/platform/power_figures.hpp"

#include <fmt/format.h>

namespace ciodesim::platform {
namespace {

struct DeviceClass {
  const char* cpu_profile;
  double cpu_flops, cpu_mem_Bps;
  const char* gpu_profile;
  double gpu_flops, gpu_mem_Bps;
  const char* cpu_wattage; // wattage_per_state (power_figures.hpp)
  const char* gpu_wattage;
};

// The testbed's parts (platforms/testbed.xml, docs/platform.md).
constexpr DeviceClass kLaptop{"i5-5200U", 140.8e9, 25.6e9, nullptr, 0, 0, power::kI5_5200U, nullptr};
constexpr DeviceClass kNodeClasses[] = {
    {"i5-3470", 204.8e9, 25.6e9, "gtx1070", 6463e9, 256e9, power::kI5_3470, power::kGtx1070},
    {"i7-9700", 768e9, 41.6e9, "rtx2060", 6451e9, 336e9, power::kI7_9700, power::kRtx2060},
};

GeneratedDevice device(const std::string& name, const DeviceClass& c, bool gpu, bool requester, int subnet)
{
  GeneratedDevice d;
  d.name      = name;
  d.requester = requester;
  d.subnet    = subnet;
  d.cpu.name        = name + ".cpu";
  d.cpu.speed_flops = c.cpu_flops;
  d.cpu.zone        = fmt::format("subnet{}", subnet);
  d.cpu.properties  = {{"device", name},
                       {"kind", "cpu"},
                       {"role", requester ? "requester" : "node"},
                       {"profile", c.cpu_profile},
                       {"memory_bandwidth", fmt::format("{}Bps", c.cpu_mem_Bps)},
                       {"access_link", name + ".net"},
                       {"wattage_per_state", c.cpu_wattage}};
  if (gpu) {
    HostDescription g;
    g.name        = name + ".gpu";
    g.speed_flops = c.gpu_flops;
    g.zone        = d.cpu.zone;
    g.properties  = {{"device", name},
                     {"kind", "gpu"},
                     {"profile", c.gpu_profile},
                     {"memory_bandwidth", fmt::format("{}Bps", c.gpu_mem_Bps)},
                     {"wattage_per_state", c.gpu_wattage}};
    d.gpu = g;
  }
  return d;
}

} // namespace

std::vector<GeneratedDevice> generated_devices(const GeneratorSpec& spec)
{
  Rng rng(Rng::stream_seed(spec.seed, -1, Purpose::PlatformGenerator, 0));
  std::vector<GeneratedDevice> out;
  for (int r = 0; r < spec.requesters; ++r)
    out.push_back(device(fmt::format("R{}", r), kLaptop, false, true, r % spec.subnets));
  for (int n = 0; n < spec.nodes; ++n) {
    const DeviceClass& c = kNodeClasses[rng.uniform01() < 0.5 ? 0 : 1];
    const bool gpu       = rng.uniform01() < spec.gpu_fraction;
    out.push_back(device(fmt::format("N{}", n), c, gpu, false, n % spec.subnets));
  }
  return out;
}

PlatformDescription describe_generated_platform(const GeneratorSpec& spec)
{
  PlatformDescription out;
  for (auto& d : generated_devices(spec)) {
    out.hosts.push_back(d.cpu);
    out.links.push_back(d.name + ".net");
    out.link_wattage[d.name + ".net"] = power::kWifiRadio;
    if (d.gpu) {
      out.hosts.push_back(*d.gpu);
      out.links.push_back(d.name + ".pcie");
    }
  }
  for (int s = 0; s < spec.subnets; ++s)
    out.links.push_back(fmt::format("uplink{}", s));
  return out;
}

std::string generated_platform_name(const GeneratorSpec& spec)
{
  return fmt::format("generated platform ({} requesters, {} nodes, {} subnets)", spec.requesters, spec.nodes,
                     spec.subnets);
}

} // namespace ciodesim::platform
