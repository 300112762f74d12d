#include "sim/runtime/scenario.hpp"

namespace ciodesim::runtime {

const char* arrival_name(Arrival arrival)
{
  switch (arrival) {
    case Arrival::BackToBack: return "back-to-back";
    case Arrival::Period: return "period";
    case Arrival::Poisson: return "poisson";
  }
  return "?";
}

double predicted_layer_s(const Scenario& scenario, const dnn::Model& model, const dnn::Layer& layer,
                         const std::string& profile)
{
  if (scenario.oracle_predictions)
    return scenario.traces->at(model.name(), layer.spec.name, profile).mean_s;
  return scenario.predictors.at(model.name())->predict(layer, profile);
}

} // namespace ciodesim::runtime
