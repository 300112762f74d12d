#include "sim/core/units.hpp"

#include "sim/core/error.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace ciodesim {
namespace {

// Splits "12.5Mbps" into 12.5 and "Mbps"; false if no number leads the text.
bool split_number(const std::string& text, double& value, std::string& unit)
{
  const char* begin = text.c_str();
  char* end         = nullptr;
  value             = std::strtod(begin, &end);
  if (end == begin)
    return false;
  unit = std::string(end);
  while (!unit.empty() && unit.front() == ' ')
    unit.erase(unit.begin());
  return true;
}

// A bare number is refused: "20" read as bytes/s where 20 Mbps was meant gave runs that
// looked fine and were 400,000 times too slow.
constexpr const char* kBandwidthForms =
    "a number with a unit, e.g. 20Mbps, 2.5MBps, 1Gbps (bps, kbps, Mbps, Gbps: bits/s; Bps, kBps, MBps, GBps: bytes/s)";
constexpr const char* kDurationForms = "a number with a unit, e.g. 100us, 2ms, 0.5s (s, ms, us, ns)";

} // namespace

double parse_bandwidth_bps(const std::string& text)
{
  static const std::array<std::pair<const char*, double>, 8> units = {{{"bps", 1.0 / 8},
                                                                        {"kbps", 1e3 / 8},
                                                                        {"Mbps", 1e6 / 8},
                                                                        {"Gbps", 1e9 / 8},
                                                                        {"Bps", 1.0},
                                                                        {"kBps", 1e3},
                                                                        {"MBps", 1e6},
                                                                        {"GBps", 1e9}}};
  double value = 0;
  std::string unit;
  if (split_number(text, value, unit)) {
    if (unit.empty())
      throw InputError("", "", fmt::format("bandwidth '{}' has no unit", text), kBandwidthForms);
    for (const auto& [name, factor] : units) {
      if (unit == name) {
        if (!std::isfinite(value) || value <= 0)
          throw InputError("", "", fmt::format("bandwidth '{}' must be a positive finite value", text),
                           kBandwidthForms);
        // beyond these a transfer never ends or its time underflows
        if (value * factor < 1 || value * factor > 1e15)
          throw InputError("", "", fmt::format("bandwidth '{}' is out of range", text), "1 B/s .. 1e15 B/s (8 Pbps)");
        return value * factor;
      }
    }
  }
  throw InputError("", "", fmt::format("cannot read bandwidth '{}'", text), kBandwidthForms);
}

double parse_duration_s(const std::string& text)
{
  static const std::array<std::pair<const char*, double>, 4> units = {
      {{"s", 1.0}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}}};
  double value = 0;
  std::string unit;
  if (split_number(text, value, unit)) {
    if (unit.empty())
      throw InputError("", "", fmt::format("duration '{}' has no unit", text), kDurationForms);
    for (const auto& [name, factor] : units) {
      if (unit == name) {
        if (!std::isfinite(value) || value < 0)
          throw InputError("", "", fmt::format("duration '{}' must be a finite value >= 0", text),
                           kDurationForms);
        if (value * factor > 1e9) // 30 years of simulated time: a typo, and the clock would lose precision
          throw InputError("", "", fmt::format("duration '{}' is out of range", text), "0 .. 1e9 s");
        return value * factor;
      }
    }
  }
  throw InputError("", "", fmt::format("cannot read duration '{}'", text), kDurationForms);
}

std::string format_bytes(double size_bytes)
{
  if (size_bytes >= 1e9)
    return fmt::format("{:.2f} GB", size_bytes / 1e9);
  if (size_bytes >= 1e6)
    return fmt::format("{:.2f} MB", size_bytes / 1e6);
  if (size_bytes >= 1e3)
    return fmt::format("{:.1f} kB", size_bytes / 1e3);
  return fmt::format("{:.0f} B", size_bytes);
}

std::string format_bandwidth(double bandwidth_Bps)
{
  return fmt::format("{:g} Mbps", bandwidth_Bps * 8 / 1e6);
}

std::string format_duration(double time_s)
{
  if (time_s >= 1.0)
    return fmt::format("{:.3f} s", time_s);
  if (time_s >= 1e-3)
    return fmt::format("{:.3f} ms", time_s * 1e3);
  return fmt::format("{:.1f} us", time_s * 1e6);
}

} // namespace ciodesim
