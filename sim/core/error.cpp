#include "sim/core/error.hpp"

#include <cstdio>

namespace ciodesim {

std::string escape_control(const std::string& text)
{
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02x", c);
      out += hex;
    } else
      out += static_cast<char>(c);
  }
  return out;
}

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
    : std::runtime_error(escape_control(format_message(file, where, what, allowed)))
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
