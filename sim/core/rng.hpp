#pragma once
// Seeded random numbers that are the same on every platform and libstdc++ version:
// std::mt19937_64 is fully specified by the standard, but std::*_distribution are not,
// so the transforms below are our own (see SIMGRID-NOTES "Determinism").
#include <cmath>
#include <cstdint>
#include <random>

namespace ciodesim {

// What a random stream is for. Streams are derived from the seed by run, then purpose, then
// index (stream_seed below), never by adding offsets: requester 1000's execution times can
// never be requester 0's arrivals, and seed 2 shares no run with seed 1. Append new purposes
// at the end: a value's number picks its streams.
enum class Purpose : std::uint64_t {
  Exec = 1,           // a requester's execution-time samples (index: requester)
  Arrival,            // a requester's arrival process
  Backoff,            // a requester's M-BEB backoff draws
  BackgroundExec,     // a background load's execution times (index: background)
  BackgroundArrival,  // a background load's arrivals
  BandwidthJitter,    // an access link's bandwidth jitter (index: device)
  ModelMix,           // generated platforms: each requester's model (scenario-wide)
  PlatformGenerator,  // generated platforms: node hardware (scenario-wide)
  Mobility,           // a requester's random-waypoint track (index: requester)
};

class Rng {
public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double low, double high) { return low + (high - low) * uniform01(); }

  // Standard normal by Box-Muller (both variates used, so one draw in two is cached).
  double normal01()
  {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = uniform01();
    while (u1 <= 0.0)
      u1 = uniform01();
    const double u2     = uniform01();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle  = 2.0 * M_PI * u2;
    spare_              = radius * std::sin(angle);
    has_spare_          = true;
    return radius * std::cos(angle);
  }
  double normal(double mean, double stddev) { return mean + stddev * normal01(); }

  // Exponential with the given rate (events per second), for Poisson arrivals.
  double exponential(double rate)
  {
    double u = uniform01();
    while (u <= 0.0)
      u = uniform01();
    return -std::log(u) / rate;
  }

  std::uint64_t next_u64() { return engine_(); }

  // Derives an independent stream for a named purpose (e.g. one per requester), so adding
  // draws in one place does not shift every other stream.
  static std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream)
  {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1); // splitmix64
    z               = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z               = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  // The seed of repetition `run` (run >= 0); run = -1 is the scenario-wide level, for
  // draws that every repetition shares (the generated platform, the model mix).
  static std::uint64_t run_seed(std::uint64_t seed, int run)
  {
    return derive_seed(seed, static_cast<std::uint64_t>(static_cast<std::int64_t>(run) + 1));
  }
  // derive(derive(derive(seed, run), purpose), index).
  static std::uint64_t stream_seed(std::uint64_t seed, int run, Purpose purpose, std::uint64_t index)
  {
    return derive_seed(derive_seed(run_seed(seed, run), static_cast<std::uint64_t>(purpose)), index);
  }

private:
  std::mt19937_64 engine_;
  double spare_   = 0.0;
  bool has_spare_ = false;
};

} // namespace ciodesim
