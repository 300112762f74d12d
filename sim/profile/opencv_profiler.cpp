#include "sim/profile/opencv_profiler.hpp"

#include "sim/core/error.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <map>
#include <new>
#include <stdexcept>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

namespace ciodesim::profile {

std::string cpu_model_name()
{
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  return "unknown-cpu";
}

namespace {

cv::Mat random_blob(const std::vector<int>& shape, cv::RNG& rng)
{
  cv::Mat m(static_cast<int>(shape.size()), shape.data(), CV_32F);
  rng.fill(m, cv::RNG::UNIFORM, -0.05, 0.05);
  return m;
}

void window(cv::dnn::LayerParams& lp, const dnn::LayerSpec& s)
{
  lp.set("kernel_h", static_cast<int>(s.kernel_h));
  lp.set("kernel_w", static_cast<int>(s.kernel_w));
  lp.set("stride_h", static_cast<int>(s.stride_h));
  lp.set("stride_w", static_cast<int>(s.stride_w));
  lp.set("pad_h", static_cast<int>(s.pad_h));
  lp.set("pad_w", static_cast<int>(s.pad_w));
}

} // namespace

namespace {
std::vector<LayerTiming> profile_unchecked(const dnn::Model& model, const ProfileOptions& options)
{
  cv::setNumThreads(options.threads);
  cv::RNG rng(options.seed);
  cv::dnn::Net net;
  const auto& input = model.layer(model.input_layer());
  net.setInputsNames({input.spec.name});
  std::map<std::string, int> ids = {{input.spec.name, 0}};
  using T = dnn::LayerType;
  for (std::size_t i = 1; i < model.size(); ++i) {
    const dnn::Layer& layer = model.layer(static_cast<int>(i));
    const auto& s           = layer.spec;
    const auto in_shape     = model.layer(model.inputs_of(static_cast<int>(i)).front()).info.output;
    const int channels      = static_cast<int>(in_shape.channels);
    cv::dnn::LayerParams lp;
    lp.name = s.name;
    switch (s.type) {
      case T::Conv:
      case T::DwConv: {
        const int out    = static_cast<int>(layer.info.output.channels);
        const int groups = s.type == T::DwConv ? channels : static_cast<int>(s.groups);
        lp.type          = "Convolution";
        lp.set("num_output", out);
        lp.set("group", groups);
        lp.set("bias_term", s.bias);
        window(lp, s);
        lp.blobs.push_back(random_blob({out, channels / groups, static_cast<int>(s.kernel_h), static_cast<int>(s.kernel_w)}, rng));
        if (s.bias)
          lp.blobs.push_back(random_blob({1, out}, rng));
        break;
      }
      case T::Fc: {
        const int out = static_cast<int>(s.num_output);
        const int in  = static_cast<int>(in_shape.elements());
        lp.type       = "InnerProduct";
        lp.set("num_output", out);
        lp.set("bias_term", s.bias);
        lp.set("axis", 1);
        lp.blobs.push_back(random_blob({out, in}, rng));
        if (s.bias)
          lp.blobs.push_back(random_blob({1, out}, rng));
        break;
      }
      case T::Pool:
        lp.type = "Pooling";
        lp.set("pool", s.pool == dnn::PoolMethod::Max ? "MAX" : "AVE");
        if (s.global_pool)
          lp.set("global_pooling", true);
        else
          window(lp, s);
        lp.set("ceil_mode", s.ceil_mode);
        break;
      case T::Relu: lp.type = "ReLU"; break;
      case T::Lrn:
        lp.type = "LRN";
        lp.set("local_size", static_cast<int>(s.local_size));
        lp.set("alpha", 1e-4);
        lp.set("beta", 0.75);
        break;
      case T::BatchNorm: {
        lp.type = "BatchNorm";
        lp.set("use_global_stats", true);
        lp.blobs.push_back(random_blob({1, channels}, rng));
        cv::Mat var = random_blob({1, channels}, rng);
        var         = cv::abs(var) + 1.0; // a variance
        lp.blobs.push_back(var);
        lp.blobs.push_back(cv::Mat::ones(1, 1, CV_32F));
        break;
      }
      case T::Scale:
        lp.type = "Scale";
        lp.set("bias_term", s.bias);
        lp.blobs.push_back(random_blob({1, channels}, rng));
        if (s.bias)
          lp.blobs.push_back(random_blob({1, channels}, rng));
        break;
      case T::Concat:
        lp.type = "Concat";
        lp.set("axis", 1);
        break;
      case T::Eltwise:
        lp.type = "Eltwise";
        lp.set("operation", "sum");
        break;
      case T::Dropout: lp.type = "Dropout"; break;
      case T::Softmax: lp.type = "Softmax"; break;
      case T::Flatten: lp.type = "Flatten"; break;
      case T::Input:
        throw InputError(model.name(), s.name, "a second input layer cannot be profiled");
    }
    const int id = net.addLayer(s.name, lp.type, lp);
    int port     = 0;
    for (int u : model.inputs_of(static_cast<int>(i)))
      net.connect(ids.at(model.layer(u).spec.name), 0, id, port++);
    ids[s.name] = id;
  }
  net.enableFusion(false);
  net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  const auto& shape = input.info.output;
  const cv::Mat blob = random_blob({1, static_cast<int>(shape.channels), static_cast<int>(shape.height),
                                    static_cast<int>(shape.width)},
                                   rng);
  net.setInput(blob, input.spec.name);

  const std::vector<cv::String> names = net.getLayerNames(); // the order of getPerfProfile's timings
  std::map<std::string, std::vector<double>> samples;
  const double tick_s = 1.0 / cv::getTickFrequency();
  for (int r = 0; r < options.warmup + options.repetitions; ++r) {
    net.forward();
    std::vector<double> ticks;
    net.getPerfProfile(ticks);
    if (r < options.warmup)
      continue;
    for (std::size_t k = 0; k < ticks.size() && k < names.size(); ++k)
      samples[names[k]].push_back(ticks[k] * tick_s);
  }
  std::vector<LayerTiming> out;
  for (const auto& layer : model.layers()) {
    LayerTiming t;
    t.layer = layer.spec.name;
    auto it = samples.find(layer.spec.name);
    if (it != samples.end() && !it->second.empty()) {
      t.samples_s = it->second;
      for (double x : t.samples_s)
        t.mean_s += x;
      t.mean_s /= static_cast<double>(t.samples_s.size());
      double ss = 0;
      for (double x : t.samples_s)
        ss += (x - t.mean_s) * (x - t.mean_s);
      t.std_s = t.samples_s.size() > 1 ? std::sqrt(ss / static_cast<double>(t.samples_s.size() - 1)) : 0.0;
    }
    out.push_back(t);
  }
  return out;
}

} // namespace

// OpenCV reports tensors it cannot allocate or shapes it rejects by exceptions: the model is
// the cause, so they become one InputError line naming it.
std::vector<LayerTiming> profile_model(const dnn::Model& model, const ProfileOptions& options)
{
  try {
    return profile_unchecked(model, options);
  } catch (const cv::Exception& e) {
    const std::string what = e.what();
    throw InputError(model.name(), "", "OpenCV cannot run this model: " + what.substr(0, what.find('\n')));
  } catch (const std::bad_alloc&) {
    throw InputError(model.name(), "", "not enough memory to run this model in OpenCV");
  }
}

} // namespace ciodesim::profile
