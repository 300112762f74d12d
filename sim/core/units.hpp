#pragma once
// Units. Inside ciodesim every quantity is SI in double: bytes, seconds, bytes per second,
// flop/s. Strings from users ("80Mbps", "100us", "6.5Tf") are parsed here, once.
#include <string>

namespace ciodesim {

// "80Mbps" -> 1e7 (bytes/s). Accepts bps, kbps, Mbps, Gbps (bits) and Bps, kBps, MBps, GBps
// (bytes), SimGrid's spelling. Throws InputError (file and where left for the caller to
// fill) on a bare number (no unit), anything else unreadable, or a value <= 0.
double parse_bandwidth_bps(const std::string& text);

// "100us" -> 1e-4 (seconds). Accepts s, ms, us, ns; a bare number is an error; value >= 0.
double parse_duration_s(const std::string& text);

// Human-readable forms for tables and logs.
std::string format_bytes(double size_bytes);
std::string format_bandwidth(double bandwidth_Bps);
std::string format_duration(double time_s);

} // namespace ciodesim
