#pragma once
// `ciodesim profile`: builds a model layer by layer in OpenCV's DNN module with random weights
// (timings do not depend on weight values), runs it on this machine's CPU with layer fusion
// off, and measures every layer (getPerfProfile) over repetitions after warm-up.
#include "sim/dnn/model.hpp"

#include <string>
#include <vector>

namespace ciodesim::profile {

struct LayerTiming {
  std::string layer;
  double mean_s = 0, std_s = 0;
  std::vector<double> samples_s;
};

struct ProfileOptions {
  int repetitions = 10;
  int warmup      = 2;
  int threads     = 1; // OpenCV worker threads (1: one core, like Caffe's default CPU mode)
  std::uint64_t seed = 1;
};

// InputError if the model has a layer OpenCV cannot build.
std::vector<LayerTiming> profile_model(const dnn::Model& model, const ProfileOptions& options);

// This CPU's model name (from /proc/cpuinfo), e.g. "Intel(R) Xeon(R) ...".
std::string cpu_model_name();

} // namespace ciodesim::profile
