#include "sim/experiment/cost_setup.hpp"

#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/dnn/model_json.hpp"

#include <algorithm>
#include <filesystem>

namespace ciodesim::experiment {

std::string default_trace_dir()
{
  return data_dir() + "/traces";
}

std::string resolve_trace_path(const std::string& name_or_path)
{
  if (name_or_path.empty()) // would resolve to the shipped directory and hide the mistake
    throw InputError("", "", "empty trace path", "a trace directory, a .csv file or a shipped set such as caffe-era");
  if (std::filesystem::exists(name_or_path) || name_or_path.find('/') != std::string::npos)
    return name_or_path;
  const std::string shipped = default_trace_dir() + "/" + name_or_path;
  return std::filesystem::exists(shipped) ? shipped : name_or_path;
}

std::string default_calibration_file()
{
  return default_trace_dir() + "/cpu-calibration.json";
}

std::string resolve_calibration(const std::string& given)
{
  if (given == "none")
    return "";
  if (!given.empty())
    return given;
  if (std::filesystem::exists(kWorkingCalibrationFile))
    return kWorkingCalibrationFile;
  return std::filesystem::exists(default_calibration_file()) ? default_calibration_file() : "";
}

std::string default_measured_trace()
{
  return default_trace_dir() + "/measured-xeon-opencv.csv";
}

std::vector<std::unique_ptr<dnn::Model>> shipped_models_in(const cost::TraceTable& traces)
{
  const auto in_traces = traces.models();
  std::vector<std::unique_ptr<dnn::Model>> models;
  for (const auto& name : dnn::shipped_model_names())
    if (std::find(in_traces.begin(), in_traces.end(), name) != in_traces.end())
      models.push_back(std::make_unique<dnn::Model>(dnn::load_model_file(dnn::resolve_model_path(name))));
  return models;
}

TrainedPredictor train_for(const dnn::Model& planned, const cost::TraceTable& traces,
                           const std::vector<std::string>& profiles, const std::string& mode)
{
  if (mode != "others" && mode != "all")
    throw InputError("--train", "", "unknown training mode '" + mode + "'", "others, all");
  const auto models = shipped_models_in(traces);
  TrainedPredictor out;
  std::vector<const dnn::Model*> training;
  for (const auto& m : models)
    if (mode == "all" || m->name() != planned.name()) {
      traces.require_complete(*m, profiles);
      training.push_back(m.get());
      out.training_models.push_back(m->name());
    }
  if (mode == "all" && std::none_of(training.begin(), training.end(),
                                    [&](const dnn::Model* m) { return m->name() == planned.name(); })) {
    traces.require_complete(planned, profiles); // a model of the user's own, not shipped
    training.push_back(&planned);
    out.training_models.push_back(planned.name());
  }
  if (training.empty())
    throw InputError(traces.source(), "", "no model to train the predictors on",
                     "traces of at least one shipped model other than " + planned.name());
  out.predictor = cost::CostPredictor::train(training, traces, profiles);
  return out;
}

} // namespace ciodesim::experiment
