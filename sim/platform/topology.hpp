#pragma once
// A typed, SimGrid-free view of a platform: devices, their processors, and the route
// (bottleneck bandwidth, total latency) between any two processors. Planners and reports
// work on this; only platform/ and runtime/ see SimGrid's own objects.
#include <functional>
#include <map>
#include <unordered_map>
#include <string>
#include <vector>

namespace ciodesim::platform {

enum class ProcessorKind { Cpu, Gpu };
const char* processor_kind_name(ProcessorKind kind);

struct Processor {
  std::string name;   // SimGrid host name, e.g. "D2.gpu"
  std::string device; // e.g. "D2"
  ProcessorKind kind = ProcessorKind::Cpu;
  std::string profile; // hardware class keying trace rows, e.g. "gtx1070" (default: host name)
  std::string part;    // hardware description
  double speed_flops           = 0; // peak flop/s (host speed)
  double memory_bandwidth_Bps  = 0;
  // Power from the host's `wattage_per_state` (SimGrid's host energy plugin reads the same
  // property): idle, and busy = every core at 100 % (a processor runs one block at a time at
  // full speed). has_power false: the platform gives none, energy is not reported.
  bool has_power = false;
  double idle_w = 0, busy_w = 0;
};

struct Device {
  std::string name;
  bool requester = false;
  std::string access_link;     // link whose bandwidth a config override sets
  std::string subnet;          // `subnet` property of the cpu host, else its netzone's name
  std::vector<int> processors; // indices into Topology::processors, cpu first
  // The network interface's power, from the access link's `wattage_range` (idle:busy, what
  // SimGrid's link energy plugin reads): idle, and busy while a transfer of the device lasts.
  bool has_radio_power = false;
  double radio_idle_w = 0, radio_busy_w = 0;
};

struct Route {
  double bandwidth_Bps = 0; // bottleneck; infinity on the same processor
  double latency_s     = 0; // sum over links
  std::vector<std::string> links;
};

struct Topology {
  std::string source; // file it was read from
  std::vector<Device> devices;       // sorted by name
  std::vector<Processor> processors; // sorted by device, cpu before gpu
  std::vector<std::string> links;    // every link name

  int processor_index(const std::string& name) const; // -1 if absent
  int device_index(const std::string& name) const;    // -1 if absent
  int device_of(int processor) const;                 // index into devices (hot path: no string lookup)
  // Route between two processors, computed on first use and cached (platforms with
  // thousands of hosts never need all n^2 routes).
  const Route& route(int from, int to) const;
  int requester_device() const; // first device with role=requester, -1 if none

  std::function<Route(int, int)> route_source; // set by the loader

private:
  mutable std::unordered_map<long long, Route> route_cache_;
  mutable std::map<std::string, int> processor_by_name_, device_by_name_;
  mutable std::vector<int> device_of_processor_;
};

// Per-device access-link bandwidth overrides, bytes per second ("D3" -> 2.5e6).
using BandwidthOverrides = std::map<std::string, double>;

} // namespace ciodesim::platform
