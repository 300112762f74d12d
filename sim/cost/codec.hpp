#pragma once
// Int8 compression of the tensor sent at a split (LoADPart, Liu et al. ICDCS 2022: its
// optional compression of the transferred feature map), for every planner: a float32
// intermediate tensor crosses between devices as int8 (a quarter of its bytes), and its
// sender quantises it (scale from max |x|, round, clamp) and its receiver dequantises it,
// each in a time proportional to the element count. The per-element costs per processor
// kind, and where they come from, are in codec.cpp and docs/config.md ([transfer]).
#include <string>
#include <vector>

namespace ciodesim::cost {

enum class Compression { None, Int8 };
const char* compression_name(Compression compression);
// The names a config may give ([transfer] compression), in this order.
const std::vector<std::string>& compression_names();
// The named one; std::invalid_argument on another name (the config reader lists the names).
Compression compression_from_name(const std::string& name);

// A float32 tensor of `bytes` holds bytes / kFloat32Bytes elements; as int8 one byte each.
inline constexpr double kFloat32Bytes = 4;

struct CodecCost {
  double quantize_s_per_element   = 0; // on the sender
  double dequantize_s_per_element = 0; // on the receiver
};
// Int8 (de)quantisation cost on a CPU or a GPU processor.
CodecCost int8_codec_cost(bool gpu);

} // namespace ciodesim::cost
