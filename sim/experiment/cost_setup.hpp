#pragma once
// Shared set-up of the cost views: the trace table and the predictors trained on it.
#include "sim/cost/predictor.hpp"
#include "sim/cost/trace.hpp"
#include "sim/dnn/model.hpp"

#include <memory>
#include <string>
#include <vector>

namespace ciodesim::experiment {

// Default trace directory: <data dir>/traces (sim/core/files.hpp).
std::string default_trace_dir();
// A trace directory or file as given, or a bare name of a shipped set (e.g. "caffe-era" ->
// <data dir>/traces/caffe-era) when nothing of that name exists here.
std::string resolve_trace_path(const std::string& name_or_path);
// The CPU calibration `traces generate` reads by default: <data dir>/traces/cpu-calibration.json.
std::string default_calibration_file();
// Where `traces calibrate` and `traces generate` write by default: relative to the working
// directory (traces/cpu-calibration.json, traces/), never into the data directory.
inline constexpr const char* kWorkingTraceDir        = "traces";
inline constexpr const char* kWorkingCalibrationFile = "traces/cpu-calibration.json";
// The calibration a command uses: `given` if set ("none": the Caffe-era constants, returned
// as ""), else kWorkingCalibrationFile if it exists (what `traces calibrate` wrote here),
// else the shipped default file if it exists, else "".
std::string resolve_calibration(const std::string& given);
// The shipped measured profile it is fitted to: <data dir>/traces/measured-xeon-opencv.csv.
std::string default_measured_trace();

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
