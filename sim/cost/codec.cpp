#include "sim/cost/codec.hpp"

#include <stdexcept>

namespace ciodesim::cost {

const char* compression_name(Compression compression)
{
  switch (compression) {
    case Compression::None: return "none";
    case Compression::Int8: return "int8";
  }
  return "?";
}

const std::vector<std::string>& compression_names()
{
  static const std::vector<std::string> names{"none", "int8"};
  return names;
}

Compression compression_from_name(const std::string& name)
{
  if (name == "none")
    return Compression::None;
  if (name == "int8")
    return Compression::Int8;
  throw std::invalid_argument("unknown compression '" + name + "'");
}

CodecCost int8_codec_cost(bool gpu)
{
  if (gpu) {
    // Memory-bound kernels: quantising reads the tensor twice (max |x|, then scale and
    // round: 8 bytes) and writes 1 byte; dequantising reads 1 and writes 4. At the GTX 1070's
    // 256 GB/s (NVIDIA's specification; the testbed's GPU): 9 / 256e9 and 5 / 256e9 s.
    return {9.0 / 256e9, 5.0 / 256e9};
  }
  // Measured by bench/int8_codec (docs/config.md, [transfer]): one core of this project's
  // build machine (AMD EPYC, g++ 12, the project's RelWithDebInfo flags), a 4 Mi-element
  // tensor, best of 15: quantise 1.4 ns per element (the max |x| pass included), dequantise 0.17 ns.
  return {1.4e-9, 0.17e-9};
}

} // namespace ciodesim::cost
