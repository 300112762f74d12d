#include "sim/cost/predictor.hpp"

#include "sim/core/error.hpp"

#include <Eigen/Dense>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ciodesim::cost {

CostClass cost_class(dnn::LayerType type)
{
  using T = dnn::LayerType;
  switch (type) {
    case T::Input:
    case T::Dropout:
    case T::Flatten: return CostClass::Free;
    case T::Conv:
    case T::DwConv: return CostClass::Conv;
    case T::Fc: return CostClass::Fc;
    default: return CostClass::Elementwise;
  }
}

const char* cost_class_name(CostClass cls)
{
  switch (cls) {
    case CostClass::Free: return "free";
    case CostClass::Conv: return "conv";
    case CostClass::Fc: return "fc";
    case CostClass::Elementwise: return "elementwise";
  }
  return "?";
}

std::vector<double> layer_features(const dnn::Layer& layer, CostClass cls)
{
  const auto& info        = layer.info;
  const double bytes_moved = info.input_bytes + info.output_bytes + info.param_bytes;
  switch (cls) {
    case CostClass::Conv:
    case CostClass::Fc: return {1.0, info.macs, bytes_moved};
    case CostClass::Elementwise: return {1.0, info.input_bytes + info.output_bytes, info.flops};
    case CostClass::Free: return {};
  }
  return {};
}

namespace {

struct Sample {
  std::vector<double> x;
  double y;
};

CostPredictor::Fit fit_weighted(const std::vector<Sample>& samples)
{
  const std::size_t rows = samples.size();
  const std::size_t cols = samples.front().x.size();
  CostPredictor::Fit fit;
  fit.rows    = rows;
  fit.floor_s = std::numeric_limits<double>::infinity();
  for (const auto& s : samples)
    fit.floor_s = std::min(fit.floor_s, 0.05 * s.y);

  // Too few rows for the full model: a proportional fit on the main feature.
  if (rows < 2 * cols) {
    double num = 0, den = 0;
    for (const auto& s : samples) {
      const double w = 1.0 / s.y;
      num += w * w * s.x[1] * s.y;
      den += w * w * s.x[1] * s.x[1];
    }
    fit.coefficients.assign(cols, 0.0);
    if (den > 0)
      fit.coefficients[1] = num / den;
    else
      fit.coefficients[0] = 20.0 * fit.floor_s; // feature is zero everywhere: the smallest time
    return fit;
  }

  Eigen::MatrixXd a(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
  Eigen::VectorXd b(static_cast<Eigen::Index>(rows));
  Eigen::VectorXd scale = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(cols));
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c)
      scale[static_cast<Eigen::Index>(c)] = std::max(scale[static_cast<Eigen::Index>(c)], std::fabs(samples[r].x[c]));
  for (Eigen::Index c = 0; c < scale.size(); ++c)
    if (scale[c] == 0)
      scale[c] = 1;
  for (std::size_t r = 0; r < rows; ++r) {
    const double w = 1.0 / samples[r].y;
    for (std::size_t c = 0; c < cols; ++c)
      a(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = w * samples[r].x[c] / scale[static_cast<Eigen::Index>(c)];
    b[static_cast<Eigen::Index>(r)] = 1.0; // w * y
  }
  const Eigen::VectorXd beta = a.colPivHouseholderQr().solve(b);
  fit.coefficients.resize(cols);
  for (std::size_t c = 0; c < cols; ++c)
    fit.coefficients[c] = beta[static_cast<Eigen::Index>(c)] / scale[static_cast<Eigen::Index>(c)];
  return fit;
}

} // namespace

CostPredictor CostPredictor::train(const std::vector<const dnn::Model*>& models, const TraceTable& traces,
                                   const std::vector<std::string>& processors)
{
  CostPredictor predictor;
  for (const auto& processor : processors) {
    std::map<CostClass, std::vector<Sample>> by_class;
    for (const dnn::Model* model : models)
      for (const auto& layer : model->layers()) {
        const CostClass cls = cost_class(layer.spec.type);
        if (cls == CostClass::Free)
          continue;
        const TraceEntry* row = traces.find(model->name(), layer.spec.name, processor);
        if (row == nullptr || row->mean_s <= 0)
          continue;
        by_class[cls].push_back({layer_features(layer, cls), row->mean_s});
      }
    for (CostClass cls : {CostClass::Conv, CostClass::Fc, CostClass::Elementwise}) {
      auto found = by_class.find(cls);
      if (found == by_class.end())
        throw InputError(traces.source(), fmt::format("processor {}", processor),
                         fmt::format("no training rows for {} layers: cannot fit a predictor", cost_class_name(cls)),
                         "traces covering at least one model with such layers");
      predictor.fits_[{cls, processor}] = fit_weighted(found->second);
    }
  }
  return predictor;
}

double CostPredictor::predict(const dnn::Layer& layer, const std::string& processor) const
{
  const CostClass cls = cost_class(layer.spec.type);
  if (cls == CostClass::Free)
    return 0.0;
  auto found = fits_.find({cls, processor});
  if (found == fits_.end())
    throw InputError("", fmt::format("processor {}", processor), "no predictor trained for this processor");
  const Fit& fit            = found->second;
  const std::vector<double> x = layer_features(layer, cls);
  double y                  = 0;
  for (std::size_t c = 0; c < x.size(); ++c)
    y += fit.coefficients[c] * x[c];
  return std::max(y, fit.floor_s);
}

std::vector<ValidationRow> leave_one_model_out(const std::vector<const dnn::Model*>& models, const TraceTable& traces,
                                               const std::vector<std::string>& processors)
{
  std::vector<ValidationRow> rows;
  for (const dnn::Model* held_out : models) {
    std::vector<const dnn::Model*> training;
    for (const dnn::Model* m : models)
      if (m != held_out)
        training.push_back(m);
    const CostPredictor predictor = CostPredictor::train(training, traces, processors);
    for (const auto& processor : processors) {
      ValidationRow row;
      row.model     = held_out->name();
      row.processor = processor;
      double abs_pct_sum = 0;
      for (const auto& layer : held_out->layers()) {
        const TraceEntry& truth = traces.at(held_out->name(), layer.spec.name, processor);
        const double predicted  = predictor.predict(layer, processor);
        row.true_total_s += truth.mean_s;
        row.predicted_total_s += predicted;
        if (cost_class(layer.spec.type) != CostClass::Free && truth.mean_s > 0) {
          abs_pct_sum += std::fabs(predicted - truth.mean_s) / truth.mean_s * 100.0;
          ++row.layers;
        }
      }
      row.total_error_pct = (row.predicted_total_s - row.true_total_s) / row.true_total_s * 100.0;
      row.layer_mape_pct  = row.layers > 0 ? abs_pct_sum / static_cast<double>(row.layers) : 0.0;
      rows.push_back(row);
    }
  }
  return rows;
}

} // namespace ciodesim::cost
