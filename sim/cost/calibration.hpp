#pragma once
// Calibrating the device model's CPU side against a measured profile: per layer type, the
// fractions of the measuring machine's peak flop/s and memory bandwidth that reproduce the
// measured layer times best, plus one per-layer overhead. Because the efficiencies are
// fractions of peak, the fitted set then derives D1-D3 from their published peaks
// (`ciodesim traces generate`). Pure C++; `ciodesim traces calibrate` drives it.
#include "sim/cost/device_model.hpp"
#include "sim/cost/trace.hpp"
#include "sim/dnn/model.hpp"

#include <memory>
#include <string>
#include <vector>

namespace ciodesim::cost {

struct MeasuredLayer {
  const dnn::Layer* layer = nullptr;
  double mean_s = 0, std_s = 0;
};

// The rows of `processor` in `traces` for every layer of `models` (models without rows skipped).
std::vector<MeasuredLayer> measured_layers(const TraceTable& traces,
                                           const std::vector<std::unique_ptr<dnn::Model>>& models,
                                           const std::string& processor);

// The machine a profile was measured on, as `ciodesim profile --roofline` recorded it in a
// "# roofline: peak_flops=.. memory_bandwidth_Bps=.. threads=.." comment. False if absent.
bool parse_roofline_comment(const std::string& trace_text, ProcessorSpec& machine, int& threads);

// Fits `prior`'s per-type efficiencies and its overhead to the measured layers: minimises the
// time-weighted squared log error (whole-model time is what planners add up), with a
// negligible pull towards `prior` that only decides parameters the data leave open (e.g. the
// memory efficiency of a type that is never memory bound). Types absent from `layers` keep
// the prior's values. relative_std becomes the time-weighted std/mean of the measurements.
struct CalibrationFit {
  KindModel model;
  int layers_fitted = 0;
  double weighted_log_rmse = 0;
};
CalibrationFit calibrate(const std::vector<MeasuredLayer>& layers, const ProcessorSpec& machine,
                         const KindModel& prior);

// Measured against derived, summed per layer type (free layers included: they cost 0 derived).
struct TypeComparison {
  std::string type;
  int layers = 0;
  double measured_s = 0, prior_s = 0, calibrated_s = 0;
};
std::vector<TypeComparison> compare_per_type(const std::vector<MeasuredLayer>& layers, const ProcessorSpec& machine,
                                             const KindModel& prior, const KindModel& calibrated);

// The calibration file (traces/cpu-calibration.json): the machine, the fitted model, the fit.
std::string calibration_json(const CalibrationFit& fit, const ProcessorSpec& machine, int threads,
                             const std::string& source);
// InputError naming the file and field on a malformed file. `prior` fills the types the file
// does not list. `machine` (optional) receives the measuring machine.
KindModel load_calibration(const std::string& path, const KindModel& prior, ProcessorSpec* machine = nullptr);

} // namespace ciodesim::cost
