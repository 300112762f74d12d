#pragma once
// Shared set-up of the cost views: the trace table and the predictors trained on it.
#include "sim/cost/predictor.hpp"
#include "sim/cost/trace.hpp"
#include "sim/dnn/model.hpp"

#include <memory>
#include <string>
#include <vector>

namespace ciodesim::experiment {

// Default trace directory: <source dir>/traces.
std::string default_trace_dir();

// Which models train the predictors of a planned model:
//   "others" (default): every shipped model in the traces except the planned one, as a node
//            that has never run the requester's network would (leave-one-model-out);
//   "all":    every shipped model in the traces, and the planned one (shipped or not).
struct TrainedPredictor {
  cost::CostPredictor predictor;
  std::vector<std::string> training_models;
};
TrainedPredictor train_for(const dnn::Model& planned, const cost::TraceTable& traces,
                           const std::vector<std::string>& profiles, const std::string& mode);

// Every shipped model that has rows in the traces, loaded.
std::vector<std::unique_ptr<dnn::Model>> shipped_models_in(const cost::TraceTable& traces);

} // namespace ciodesim::experiment
