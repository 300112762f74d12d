#pragma once
// Per-layer inference of output shape, parameters and work from a spec and input shapes.
#include "sim/dnn/layer.hpp"

#include <vector>

namespace ciodesim::dnn {

// Throws InputError (where = "layers[i] (name)" filled by the caller) when the spec does not
// fit its inputs: wrong input count, non-positive kernel/stride, shape mismatch, etc.
LayerInfo infer_layer(const LayerSpec& spec, const std::vector<Shape>& input_shapes);

} // namespace ciodesim::dnn
