#pragma once
// Caffe prototxt (protobuf text format, the paper's and IONN's model format) -> model JSON.
// Layers map onto ciodesim's types; in-place layers (top == bottom) are chained through the
// blob's latest producer; weights are not needed (shapes, parameters and MACs are inferred
// by the model loader as for any model file). Unsupported layer types are InputErrors
// naming them.
#include <string>

namespace ciodesim::dnn {

// Returns the model as JSON text (models/*.json format). `origin` names the file in errors;
// the model is named `forced_name` if given, else the prototxt's `name:`, else `fallback_name`.
std::string caffe_prototxt_to_json(const std::string& text, const std::string& origin, const std::string& fallback_name,
                                   const std::string& forced_name = "");

} // namespace ciodesim::dnn
