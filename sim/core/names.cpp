#include "sim/core/names.hpp"

#include "sim/core/error.hpp"

#include <fmt/format.h>

namespace ciodesim {

bool is_valid_name(const std::string& name)
{
  if (name.empty() || name.size() > 64 || name.front() == '.' || name.front() == '-')
    return false;
  for (unsigned char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
          c == '.'))
      return false;
  return true;
}

void check_name(const std::string& name, const std::string& file, const std::string& where)
{
  if (!is_valid_name(name))
    throw InputError(file, where, fmt::format("invalid name '{}'", name), kNameCharset);
}

bool is_valid_layer_name(const std::string& name)
{
  if (name.empty() || name.size() > 200)
    return false;
  for (unsigned char c : name)
    if (c < 0x20 || c > 0x7e)
      return false;
  return true;
}

} // namespace ciodesim
