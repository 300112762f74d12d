#pragma once
// One DNN layer as a Caffe prototxt would describe it (spec), plus what the loader infers
// from the spec and the input shapes (output shape, bytes, parameters, work).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ciodesim::dnn {

// Bounds on what a model file may say: every integer field (dims, kernels, counts) within
// +-kMaxFileInteger, every tensor at most kMaxTensorElements (4 TB of floats: absurd, yet
// far from overflowing the int64 and double arithmetic of shapes and costs).
inline constexpr std::int64_t kMaxFileInteger = 2147483647;
inline constexpr double kMaxTensorElements    = 1e12;

enum class LayerType {
  Input,
  Conv,
  DwConv, // depthwise convolution: groups = channels
  Fc,
  Pool,
  Relu,
  Lrn,
  BatchNorm,
  Scale,
  Concat,
  Eltwise,
  Dropout,
  Softmax,
  Flatten,
};

// "conv" -> LayerType::Conv; false if the name is unknown.
bool parse_layer_type(const std::string& name, LayerType& out);
const char* layer_type_name(LayerType type);
// Every accepted type name, comma-separated (for error messages).
std::string layer_type_names();

enum class PoolMethod { Max, Avg };

// Tensor shape of one sample: channels, height, width. A vector is {n, 1, 1}.
struct Shape {
  std::int64_t channels = 0;
  std::int64_t height   = 0;
  std::int64_t width    = 0;
  std::int64_t elements() const { return channels * height * width; }
  bool operator==(const Shape& other) const
  {
    return channels == other.channels && height == other.height && width == other.width;
  }
};

// What the user writes (prototxt-like). Fields not used by a type keep their defaults.
struct LayerSpec {
  std::string name;
  LayerType type = LayerType::Input;
  std::vector<std::string> inputs;
  Shape input_shape;             // input
  std::int64_t num_output = 0;   // conv, fc (dwconv: channel multiplier x channels)
  std::int64_t kernel_h = 1, kernel_w = 1;
  std::int64_t stride_h = 1, stride_w = 1;
  std::int64_t pad_h = 0, pad_w = 0;
  std::int64_t groups = 1;       // conv
  bool bias         = true;      // conv, fc, scale
  PoolMethod pool   = PoolMethod::Max;
  bool global_pool  = false;
  bool ceil_mode    = true;      // Caffe rounds pooled sizes up; "round": "floor" for PyTorch
  std::int64_t local_size = 5;   // lrn
};

// Everything inferred. Element size is float32 (4 bytes).
struct LayerInfo {
  Shape output;
  double output_bytes = 0; // activation tensor this layer produces
  double input_bytes  = 0; // sum of the tensors it reads
  double param_count  = 0; // learnable weights and biases (what published model sizes count)
  double stat_count   = 0; // stored statistics (BatchNorm running mean/variance)
  double param_bytes  = 0; // (param_count + stat_count) x 4: what must be uploaded
  double macs         = 0; // multiply-accumulates (conv, fc); 0 elsewhere
  double flops        = 0; // all arithmetic: 2*macs for conv/fc, element-wise work otherwise
};

inline constexpr double kBytesPerElement = 4.0; // float32

struct Layer {
  LayerSpec spec;
  LayerInfo info;
  int block = -1; // block of the dominator chain (see model.hpp)
};

} // namespace ciodesim::dnn
