#pragma once
// Power of the testbed's parts (docs/platform.md, "Power"; the same figures are written in
// platforms/testbed.xml): idle and busy watts in SimGrid's property syntax, read by its
// energy plugins and by ciodesim (platform_description.cpp). Generated platforms use them.
namespace ciodesim::platform::power {

// wattage_per_state = "idle:busy" (one pstate; busy = every core loaded)
inline constexpr const char* kI5_5200U = "2:15";  // busy: TDP 15 W (Intel ARK); idle: assumed
inline constexpr const char* kI5_3470  = "8:77";  // busy: TDP 77 W (Intel ARK); idle: assumed
inline constexpr const char* kI7_9700  = "8:65";  // busy: TDP 65 W (Intel ARK); idle: assumed
inline constexpr const char* kGtx1070  = "8:150"; // busy: board power 150 W (NVIDIA); idle: Pascal ~8 W (Tom's Hardware)
inline constexpr const char* kRtx2060  = "10.4:160"; // idle 10.4 W measured (Tom's Hardware); busy: 160 W (NVIDIA, KitGuru 160.5 W)
// wattage_range = "idle:busy" of a device's access link: its 802.11n interface, associated
// and idle vs transmitting or receiving (round values of the range surveyed in TKN-11-002).
inline constexpr const char* kWifiRadio = "0.8:1.5";

} // namespace ciodesim::platform::power
