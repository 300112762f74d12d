#pragma once
// The planner's view of execution time: per-layer-type linear regressions trained on traces
// (the Neurosurgeon approach). Planners only ever see these predictions, never the traces.
//
// Layers fall in cost classes, each with its own features (x0 = 1 is the intercept):
//   conv (conv, dwconv): [1, MACs, bytes moved]    fc: [1, MACs, bytes moved]
//   elementwise (pool, relu, lrn, batchnorm, scale, concat, eltwise, softmax): [1, bytes, flops]
//   free (input, dropout, flatten): always 0
// bytes moved = input + output + parameter bytes. One fit per (class, processor profile), by
// least squares weighted by 1/time so that small layers count as much as large ones
// (relative error), solved with Eigen's column-pivoting QR on column-scaled features.
#include "sim/cost/trace.hpp"
#include "sim/dnn/model.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ciodesim::cost {

enum class CostClass { Free = 0, Conv = 1, Fc = 2, Elementwise = 3 };
CostClass cost_class(dnn::LayerType type);
const char* cost_class_name(CostClass cls);
std::vector<double> layer_features(const dnn::Layer& layer, CostClass cls);

class CostPredictor {
public:
  // Trains on every layer of `models` that the traces hold for each processor profile.
  // InputError if a (class, processor) has no training rows at all.
  static CostPredictor train(const std::vector<const dnn::Model*>& models, const TraceTable& traces,
                             const std::vector<std::string>& processors);

  // Predicted seconds (>= a small positive floor for non-free layers).
  double predict(const dnn::Layer& layer, const std::string& processor) const;

  struct Fit {
    std::vector<double> coefficients; // in seconds per feature unit
    double floor_s  = 0;              // 5% of the smallest training time: extrapolation never goes below
    std::size_t rows = 0;
  };
  const std::map<std::pair<CostClass, std::string>, Fit>& fits() const { return fits_; }

private:
  std::map<std::pair<CostClass, std::string>, Fit> fits_;
};

// Leave-one-model-out validation: for each model, train on the others and predict it.
struct ValidationRow {
  std::string model, processor;
  double true_total_s = 0, predicted_total_s = 0;
  double total_error_pct = 0;     // (predicted - true) / true x 100
  double layer_mape_pct  = 0;     // mean |error| / true over non-free layers
  std::size_t layers = 0;
};
std::vector<ValidationRow> leave_one_model_out(const std::vector<const dnn::Model*>& models, const TraceTable& traces,
                                               const std::vector<std::string>& processors);

} // namespace ciodesim::cost
