#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace ciodesim::cli {

std::uint64_t parse_seed(const std::string& text, const std::string& option)
{
  // int64 range: seeds are printed and passed on as signed 64-bit values (TOML integers)
  std::int64_t value     = 0;
  const char* end        = text.data() + text.size();
  const auto [ptr, ec]   = std::from_chars(text.data(), end, value);
  const std::string range = fmt::format("0 .. {}", std::numeric_limits<std::int64_t>::max());
  if (ec == std::errc::result_out_of_range)
    throw InputError(option, text, "seed out of range", range);
  if (text.empty() || ec != std::errc() || ptr != end)
    throw InputError(option, text, "expected an integer seed", range);
  if (value < 0)
    throw InputError(option, text, "seed must be >= 0", range);
  return static_cast<std::uint64_t>(value);
}

double parse_number(const std::string& text, const std::string& option, double lo, double hi)
{
  char* end          = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  const std::string range = fmt::format("a finite number in {:g} .. {:g}", lo, hi);
  if (text.empty() || end == text.c_str() || *end != '\0')
    throw InputError(option, text, "expected a number", range);
  if (!std::isfinite(value) || value < lo || value > hi)
    throw InputError(option, text, "out of range", range);
  return value;
}

CLI::Validator finite_range(double lo, double hi)
{
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        char* end          = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || end == text.c_str() || *end != '\0' || !std::isfinite(value) || value < lo || value > hi)
          return fmt::format("value {} out of range (allowed: a finite number in {:g} .. {:g})", text, lo, hi);
        return {};
      },
      fmt::format("FINITE in [{:g}, {:g}]", lo, hi));
}

} // namespace ciodesim::cli
