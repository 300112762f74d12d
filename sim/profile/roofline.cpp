#include "sim/profile/roofline.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <thread>
#include <vector>

namespace ciodesim::profile {
namespace {

using Clock = std::chrono::steady_clock;

// 16 floats = one AVX-512 register; on narrower targets GCC splits it into 2 or 4.
typedef float f32x16 __attribute__((vector_size(64)));

// Enough independent FMA chains to cover latency x issue ports (4 cycles x 2 ports on recent
// Intel cores); the widest instruction set the CPU has is picked at run time.
__attribute__((target_clones("avx512f", "arch=haswell", "default"), noinline)) double
fma_chains(long iterations)
{
  constexpr int kChains = 16;
  f32x16 acc[kChains];
  const f32x16 mul = f32x16{} + 0.999999f, add = f32x16{} + 1e-7f;
#pragma GCC unroll 16
  for (int c = 0; c < kChains; ++c)
    acc[c] = f32x16{} + static_cast<float>(c);
  for (long i = 0; i < iterations; ++i)
#pragma GCC unroll 16 // fully unrolled, the chains live in registers
    for (int c = 0; c < kChains; ++c)
      acc[c] = acc[c] * mul + add;
  float sum = 0;
  for (int c = 0; c < kChains; ++c)
    for (int k = 0; k < 16; ++k)
      sum += acc[c][k];
  return sum; // keeps the loop alive
}

constexpr double kFlopsPerIteration = 16.0 * 16.0 * 2.0; // chains x lanes x (mul + add)

// Runs `work(thread_index)` on `threads` threads at once; returns the wall seconds.
template <typename Work>
double timed_parallel(int threads, Work work)
{
  std::vector<std::thread> pool;
  const auto start = Clock::now();
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&work, t] { work(t); });
  for (auto& th : pool)
    th.join();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double measure_flops(int threads)
{
  const long iterations = 20'000'000;
  volatile double sink  = 0;
  double best_s         = 1e300;
  for (int rep = 0; rep < 5; ++rep)
    best_s = std::min(best_s, timed_parallel(threads, [&](int) { sink = sink + fma_chains(iterations); }));
  return threads * iterations * kFlopsPerIteration / best_s;
}

double measure_bandwidth(int threads)
{
  // 3 arrays x 128 Mi floats = 1.5 GiB: far past any cache, this VM's 260 MiB L3 included.
  const std::size_t n = std::size_t{128} << 20;
  std::vector<float> a(n, 0.f), b(n, 1.f), c(n, 2.f);
  const std::size_t chunk = n / threads;
  double best_s           = 1e300;
  for (int rep = 0; rep < 5; ++rep)
    best_s = std::min(best_s, timed_parallel(threads, [&](int t) {
                        const std::size_t lo = t * chunk, hi = (t + 1 == threads) ? n : lo + chunk;
                        for (std::size_t i = lo; i < hi; ++i)
                          a[i] = b[i] + 3.f * c[i];
                      }));
  return 3.0 * n * sizeof(float) / best_s; // STREAM convention: 2 reads + 1 write per element
}

} // namespace

Roofline measure_roofline(int threads)
{
  Roofline r;
  r.threads              = threads;
  r.peak_flops           = measure_flops(threads);
  r.memory_bandwidth_Bps = measure_bandwidth(threads);
  return r;
}

} // namespace ciodesim::profile
