#pragma once
// Folds per-layer predictions of a model into the per-block fields of a PlanInput.
#include "sim/dnn/model.hpp"
#include "sim/plan/plan_input.hpp"

#include <vector>

namespace ciodesim::plan {

// Sets exec_s (sum over each block's layers), in_bytes, out_bytes and param_bytes from the
// model's dominator blocks; `layer_pred_s` is [layer][processor].
void fill_blocks(PlanInput& input, const dnn::Model& model, const std::vector<std::vector<double>>& layer_pred_s);

} // namespace ciodesim::plan
