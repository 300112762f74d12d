#include "sim/platform/topology.hpp"

namespace ciodesim::platform {

const char* processor_kind_name(ProcessorKind kind)
{
  return kind == ProcessorKind::Gpu ? "gpu" : "cpu";
}

namespace {
// Index of the item called `name` in `items` (-1 if absent), through `index`, a by-name map
// built on first use (platforms may hold thousands of hosts).
template <typename Item>
int indexed_lookup(std::map<std::string, int>& index, const std::vector<Item>& items, const std::string& name)
{
  if (index.size() != items.size()) {
    index.clear();
    for (std::size_t i = 0; i < items.size(); ++i)
      index[items[i].name] = static_cast<int>(i);
  }
  auto it = index.find(name);
  return it == index.end() ? -1 : it->second;
}
} // namespace

int Topology::processor_index(const std::string& name) const
{
  return indexed_lookup(processor_by_name_, processors, name);
}

int Topology::device_index(const std::string& name) const
{
  return indexed_lookup(device_by_name_, devices, name);
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
