#include "sim/core/error.hpp"

namespace ciodesim {
namespace {
std::string format_message(const std::string& file, const std::string& where, const std::string& what,
                           const std::string& allowed)
{
  std::string msg = file.empty() ? std::string("<input>") : file;
  if (!where.empty())
    msg += ": " + where;
  msg += ": " + what;
  if (!allowed.empty())
    msg += " (allowed: " + allowed + ")";
  return msg;
}
} // namespace

InputError::InputError(std::string file, std::string where, std::string what, std::string allowed)
    : std::runtime_error(format_message(file, where, what, allowed))
    , file_(std::move(file))
    , where_(std::move(where))
    , what_(std::move(what))
    , allowed_(std::move(allowed))
{
}

InputError InputError::with_file(const std::string& file) const
{
  return InputError(file, where_, what_, allowed_);
}

} // namespace ciodesim
