#pragma once
// Runs an experiment given as TOML text in this process (each TEST_CASE is its own process).
#include "sim/experiment/config.hpp"
#include "sim/runtime/simulation.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace ciodesim::testing {

inline const std::string kData = std::string(CIODESIM_SOURCE_DIR) + "/tests/sim/data";

// Common head of the test configs: CM02 pinned, no jitter, oracle predictions, free planning.
// `top` holds top-level keys (they must come before the first table).
inline std::string pinned_config(const std::string& platform, const std::string& body, const std::string& top = "")
{
  return top + "seed = 7\nplatform = \"" + kData + "/" + platform + "\"\ntraces = \"" + kData + "/traces\"\n" +
         "[network]\nmodel = \"CM02\"\n[jitter]\nexec = 0.0\n[predictor]\ntrain = \"oracle\"\n"
         "[planner]\nseconds_per_op = 0.0\n[probe]\ninterval_s = 1e9\n" + body;
}

// A config file in the system's temp directory, removed when the guard goes out of scope
// (also when loading it throws): tests never write into the working directory.
struct TempConfig {
  explicit TempConfig(const std::string& toml)
      : path((std::filesystem::temp_directory_path() / ("ciodesim_sim_test." + std::to_string(::getpid()) + ".toml"))
                 .string()) // tests run in parallel, one process each
  {
    std::ofstream(path) << toml;
  }
  ~TempConfig() { std::remove(path.c_str()); }
  TempConfig(const TempConfig&)            = delete;
  TempConfig& operator=(const TempConfig&) = delete;
  std::string path;
};

inline runtime::Records run_toml(const std::string& toml, experiment::LoadedExperiment* loaded_out = nullptr)
{
  auto loaded = [&] {
    const TempConfig file(toml);
    return experiment::load_experiment(file.path);
  }();
  auto records = runtime::run_simulation(loaded.scenario, loaded.topology);
  if (loaded_out != nullptr)
    *loaded_out = std::move(loaded);
  return records;
}

} // namespace ciodesim::testing
