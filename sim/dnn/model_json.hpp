#pragma once
// Model files (models/*.json): a Caffe-prototxt-like list of layers. Format in docs/models.md.
#include "sim/dnn/model.hpp"

#include <string>
#include <vector>

namespace ciodesim::dnn {

// Loads and validates a model file; every error is an InputError naming the file.
Model load_model_file(const std::string& path);
// Same from text (`origin` names the source in errors).
Model load_model_text(const std::string& text, const std::string& origin);

// Resolves a model argument: a path to a .json file, or a bare name found in models/
// ("alexnet" -> <source dir>/models/alexnet.json).
std::string resolve_model_path(const std::string& name_or_path);

// Names of the models shipped in <source dir>/models, sorted.
std::vector<std::string> shipped_model_names();

} // namespace ciodesim::dnn
