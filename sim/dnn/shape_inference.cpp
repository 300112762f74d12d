#include "sim/dnn/shape_inference.hpp"

#include "sim/core/error.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ciodesim::dnn {
namespace {

[[noreturn]] void fail(const std::string& what, const std::string& allowed = "")
{
  throw InputError("", "", what, allowed);
}

std::string shape_text(const Shape& s)
{
  return fmt::format("{}x{}x{}", s.channels, s.height, s.width);
}

void expect_inputs(const LayerSpec& spec, const std::vector<Shape>& inputs, std::size_t min_count,
                   std::size_t max_count)
{
  if (inputs.size() < min_count || inputs.size() > max_count) {
    const std::string wanted =
        min_count == max_count ? fmt::format("{}", min_count) : fmt::format("{} to {}", min_count, max_count);
    fail(fmt::format("{} layer takes {} input(s), got {}", layer_type_name(spec.type), wanted, inputs.size()));
  }
}

void expect_positive_window(const LayerSpec& spec)
{
  if (spec.kernel_h <= 0 || spec.kernel_w <= 0)
    fail(fmt::format("kernel must be positive, got {}x{}", spec.kernel_h, spec.kernel_w), "integers >= 1");
  if (spec.stride_h <= 0 || spec.stride_w <= 0)
    fail(fmt::format("stride must be positive, got {}x{}", spec.stride_h, spec.stride_w), "integers >= 1");
  if (spec.pad_h < 0 || spec.pad_w < 0)
    fail(fmt::format("pad must be >= 0, got {}x{}", spec.pad_h, spec.pad_w), "integers >= 0");
}

// Output extent of a sliding window along one axis (Caffe's formulas).
std::int64_t window_extent(std::int64_t in, std::int64_t kernel, std::int64_t stride, std::int64_t pad, bool ceil_mode,
                           const char* axis)
{
  const std::int64_t span = in + 2 * pad - kernel;
  if (span < 0)
    fail(fmt::format("kernel {} does not fit input {} {} with pad {}", kernel, axis, in, pad));
  std::int64_t out = ceil_mode ? (span + stride - 1) / stride + 1 : span / stride + 1;
  // Caffe: the last pooling window must start inside the (left-padded) input.
  if (ceil_mode && pad > 0 && (out - 1) * stride >= in + pad)
    --out;
  return out;
}

LayerInfo conv_like(const LayerSpec& spec, const Shape& in, std::int64_t groups, std::int64_t num_output)
{
  expect_positive_window(spec);
  if (num_output <= 0)
    fail(fmt::format("num_output must be positive, got {}", num_output), "integers >= 1");
  if (groups <= 0 || in.channels % groups != 0 || num_output % groups != 0)
    fail(fmt::format("groups {} must divide input channels {} and num_output {}", groups, in.channels, num_output));
  LayerInfo info;
  info.output = {num_output, window_extent(in.height, spec.kernel_h, spec.stride_h, spec.pad_h, false, "height"),
                 window_extent(in.width, spec.kernel_w, spec.stride_w, spec.pad_w, false, "width")};
  const double weights_per_output = static_cast<double>(in.channels / groups) * spec.kernel_h * spec.kernel_w;
  info.param_count = weights_per_output * num_output + (spec.bias ? num_output : 0);
  info.macs        = static_cast<double>(info.output.elements()) * weights_per_output;
  info.flops       = 2.0 * info.macs;
  return info;
}

} // namespace

LayerInfo infer_layer(const LayerSpec& spec, const std::vector<Shape>& inputs)
{
  LayerInfo info;
  switch (spec.type) {
    case LayerType::Input:
      expect_inputs(spec, inputs, 0, 0);
      if (spec.input_shape.channels <= 0 || spec.input_shape.height <= 0 || spec.input_shape.width <= 0)
        fail(fmt::format("input shape must be positive, got {}", shape_text(spec.input_shape)), "[C, H, W] >= 1");
      info.output = spec.input_shape;
      break;
    case LayerType::Conv:
      expect_inputs(spec, inputs, 1, 1);
      info = conv_like(spec, inputs[0], spec.groups, spec.num_output);
      break;
    case LayerType::DwConv: {
      expect_inputs(spec, inputs, 1, 1);
      const std::int64_t outputs = spec.num_output > 0 ? spec.num_output : inputs[0].channels;
      info = conv_like(spec, inputs[0], inputs[0].channels, outputs);
      break;
    }
    case LayerType::Fc: {
      expect_inputs(spec, inputs, 1, 1);
      if (spec.num_output <= 0)
        fail(fmt::format("num_output must be positive, got {}", spec.num_output), "integers >= 1");
      const double in_elements = static_cast<double>(inputs[0].elements());
      info.output      = {spec.num_output, 1, 1};
      info.param_count = in_elements * spec.num_output + (spec.bias ? spec.num_output : 0);
      info.macs        = in_elements * spec.num_output;
      info.flops       = 2.0 * info.macs;
      break;
    }
    case LayerType::Pool: {
      expect_inputs(spec, inputs, 1, 1);
      const Shape& in = inputs[0];
      if (spec.global_pool) {
        info.output = {in.channels, 1, 1};
        info.flops  = static_cast<double>(in.elements());
      } else {
        expect_positive_window(spec);
        info.output = {in.channels,
                       window_extent(in.height, spec.kernel_h, spec.stride_h, spec.pad_h, spec.ceil_mode, "height"),
                       window_extent(in.width, spec.kernel_w, spec.stride_w, spec.pad_w, spec.ceil_mode, "width")};
        info.flops = static_cast<double>(info.output.elements()) * spec.kernel_h * spec.kernel_w;
      }
      break;
    }
    case LayerType::Relu:
    case LayerType::Dropout:
    case LayerType::Softmax:
      expect_inputs(spec, inputs, 1, 1);
      info.output = inputs[0];
      info.flops  = spec.type == LayerType::Relu      ? static_cast<double>(inputs[0].elements())
                    : spec.type == LayerType::Softmax ? 3.0 * inputs[0].elements()
                                                      : 0.0; // dropout is the identity at inference
      break;
    case LayerType::Lrn:
      expect_inputs(spec, inputs, 1, 1);
      if (spec.local_size <= 0)
        fail(fmt::format("local_size must be positive, got {}", spec.local_size), "integers >= 1");
      info.output = inputs[0];
      info.flops  = static_cast<double>(inputs[0].elements()) * (spec.local_size + 4);
      break;
    case LayerType::BatchNorm:
      expect_inputs(spec, inputs, 1, 1);
      info.output      = inputs[0];
      info.stat_count  = 2.0 * inputs[0].channels; // running mean and variance (Caffe's BatchNorm)
      info.flops       = 2.0 * inputs[0].elements();
      break;
    case LayerType::Scale:
      expect_inputs(spec, inputs, 1, 1);
      info.output      = inputs[0];
      info.param_count = static_cast<double>(inputs[0].channels) * (spec.bias ? 2 : 1); // gamma (and beta)
      info.flops       = 2.0 * inputs[0].elements();
      break;
    case LayerType::Concat: {
      expect_inputs(spec, inputs, 2, 1024);
      info.output = inputs[0];
      for (std::size_t i = 1; i < inputs.size(); ++i) {
        if (inputs[i].height != inputs[0].height || inputs[i].width != inputs[0].width)
          fail(fmt::format("concat inputs differ in height/width: {} vs {}", shape_text(inputs[0]),
                           shape_text(inputs[i])));
        info.output.channels += inputs[i].channels;
      }
      break;
    }
    case LayerType::Eltwise:
      expect_inputs(spec, inputs, 2, 1024);
      for (std::size_t i = 1; i < inputs.size(); ++i)
        if (!(inputs[i] == inputs[0]))
          fail(fmt::format("eltwise inputs differ in shape: {} vs {}", shape_text(inputs[0]), shape_text(inputs[i])));
      info.output = inputs[0];
      info.flops  = static_cast<double>(inputs[0].elements()) * static_cast<double>(inputs.size() - 1);
      break;
    case LayerType::Flatten:
      expect_inputs(spec, inputs, 1, 1);
      info.output = {inputs[0].elements(), 1, 1};
      break;
  }
  info.output_bytes = static_cast<double>(info.output.elements()) * kBytesPerElement;
  for (const Shape& in : inputs)
    info.input_bytes += static_cast<double>(in.elements()) * kBytesPerElement;
  info.param_bytes = (info.param_count + info.stat_count) * kBytesPerElement;
  return info;
}

} // namespace ciodesim::dnn
