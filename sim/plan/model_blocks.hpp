#pragma once
// Folds per-layer predictions of a model into the per-block fields of a PlanInput.
#include "sim/cost/codec.hpp"
#include "sim/dnn/model.hpp"
#include "sim/plan/plan_input.hpp"

#include <vector>

namespace ciodesim::plan {

// Sets exec_s (sum over each block's layers), in_bytes, out_bytes and param_bytes from the
// model's dominator blocks; `layer_pred_s` is [layer][processor].
void fill_blocks(PlanInput& input, const dnn::Model& model, const std::vector<std::vector<double>>& layer_pred_s);

// Sets input.codec for `compression` (after fill_blocks): with int8 every intermediate
// tensor (the input of blocks 2..; block 1's is the network's input, sent as it is, and the
// output returns as it is) is compressed between devices. `cost` and `device` are
// [processor]. None: the codec is cleared.
void set_compression(PlanInput& input, cost::Compression compression, const std::vector<cost::CodecCost>& cost,
                     const std::vector<int>& device);

} // namespace ciodesim::plan
