// The measurement behind cost::int8_codec_cost's CPU figures (sim/cost/codec.cpp): float32
// -> int8 symmetric per-tensor quantisation (scale = 127 / max |x|, round half away from
// zero, clamp) and back, on one core, a 4 Mi-element tensor (16 MB: larger than the caches,
// as an activation map is), best of 15. Prints ns per element; asserts nothing.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <vector>

int main()
{
  const std::size_t n = std::size_t{1} << 22;
  std::vector<float> x(n), y(n);
  std::vector<std::int8_t> q(n);
  for (std::size_t i = 0; i < n; ++i)
    x[i] = std::sin(static_cast<float>(i) * 0.001f) * 3.0f;
  double best_q = 1e9, best_d = 1e9;
  float sink = 0;
  for (int rep = 0; rep < 15; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    float m = 0;
    for (std::size_t i = 0; i < n; ++i)
      m = std::max(m, std::fabs(x[i]));
    const float s = 127.0f / m;
    for (std::size_t i = 0; i < n; ++i) {
      const float v = std::clamp(x[i] * s, -127.0f, 127.0f);
      q[i]          = static_cast<std::int8_t>(v + (v >= 0.0f ? 0.5f : -0.5f));
    }
    const auto t1   = std::chrono::steady_clock::now();
    const float inv = m / 127.0f;
    for (std::size_t i = 0; i < n; ++i)
      y[i] = q[i] * inv;
    const auto t2 = std::chrono::steady_clock::now();
    sink += y[n / 3];
    best_q = std::min(best_q, std::chrono::duration<double>(t1 - t0).count());
    best_d = std::min(best_d, std::chrono::duration<double>(t2 - t1).count());
  }
  fmt::print("quantise {:.3f} ns/element, dequantise {:.3f} ns/element (one core, best of 15, {} elements; check {:.3f})\n",
             best_q / static_cast<double>(n) * 1e9, best_d / static_cast<double>(n) * 1e9, n, sink);
}
