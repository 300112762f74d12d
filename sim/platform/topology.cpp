#include "sim/platform/topology.hpp"

namespace ciodesim::platform {

const char* processor_kind_name(ProcessorKind kind)
{
  return kind == ProcessorKind::Gpu ? "gpu" : "cpu";
}

// Name lookups are indexed on first use (platforms may hold thousands of hosts).
int Topology::processor_index(const std::string& name) const
{
  if (processor_by_name_.size() != processors.size()) {
    processor_by_name_.clear();
    for (std::size_t i = 0; i < processors.size(); ++i)
      processor_by_name_[processors[i].name] = static_cast<int>(i);
  }
  auto it = processor_by_name_.find(name);
  return it == processor_by_name_.end() ? -1 : it->second;
}

int Topology::device_index(const std::string& name) const
{
  if (device_by_name_.size() != devices.size()) {
    device_by_name_.clear();
    for (std::size_t i = 0; i < devices.size(); ++i)
      device_by_name_[devices[i].name] = static_cast<int>(i);
  }
  auto it = device_by_name_.find(name);
  return it == device_by_name_.end() ? -1 : it->second;
}

int Topology::device_of(int processor) const
{
  if (device_of_processor_.size() != processors.size()) {
    device_of_processor_.assign(processors.size(), -1);
    for (std::size_t d = 0; d < devices.size(); ++d)
      for (int p : devices[d].processors)
        device_of_processor_[static_cast<std::size_t>(p)] = static_cast<int>(d);
  }
  return device_of_processor_[static_cast<std::size_t>(processor)];
}

const Route& Topology::route(int from, int to) const
{
  const long long key = static_cast<long long>(from) * 1000003LL + to;
  auto it             = route_cache_.find(key);
  if (it == route_cache_.end())
    it = route_cache_.emplace(key, route_source(from, to)).first;
  return it->second;
}

int Topology::requester_device() const
{
  for (std::size_t i = 0; i < devices.size(); ++i)
    if (devices[i].requester)
      return static_cast<int>(i);
  return -1;
}

} // namespace ciodesim::platform
