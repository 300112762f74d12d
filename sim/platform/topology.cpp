#include "sim/platform/topology.hpp"

namespace ciodesim::platform {

const char* processor_kind_name(ProcessorKind kind)
{
  return kind == ProcessorKind::Gpu ? "gpu" : "cpu";
}

int Topology::processor_index(const std::string& name) const
{
  for (std::size_t i = 0; i < processors.size(); ++i)
    if (processors[i].name == name)
      return static_cast<int>(i);
  return -1;
}

int Topology::device_index(const std::string& name) const
{
  for (std::size_t i = 0; i < devices.size(); ++i)
    if (devices[i].name == name)
      return static_cast<int>(i);
  return -1;
}

int Topology::requester_device() const
{
  for (std::size_t i = 0; i < devices.size(); ++i)
    if (devices[i].requester)
      return static_cast<int>(i);
  return -1;
}

} // namespace ciodesim::platform
