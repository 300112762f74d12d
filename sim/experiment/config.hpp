#pragma once
// Experiment files (TOML) -> a validated runtime::Scenario. Reference: docs/config.md.
// Every error is an InputError naming the file and the key path; unknown keys are errors
// that list the allowed keys.
#include "sim/platform/generator.hpp"
#include "sim/runtime/scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ciodesim::experiment {

struct LoadedExperiment {
  runtime::Scenario scenario;
  int repetitions = 1;
  std::string source;           // the config file
  std::string effective_config; // the TOML after --set overrides, normalised (hashed into run.json)
  std::string config_hash;      // fnv1a of effective_config
  // The platform: after parse_experiment its hosts and devices (no routes); after
  // start_engine the engine's view, routes and bandwidth overrides included.
  platform::Topology topology;
  bool generated = false;           // [generate]d rather than a platform file
  platform::GeneratorSpec generator;
  std::vector<std::string> profiles; // processor profiles of the platform
  std::string train;                 // predictor training set ([predictor] train)
};

// Reading an experiment takes three steps; load_experiment does all of them.
// 1. Parse and validate, without SimGrid: the TOML, `sets` ("key.path=value" overrides
//    applied first: "requester.0.queries=5", "network.bandwidth.D3=20Mbps", "policy=ciode";
//    a value that is not valid TOML is a string), the platform's hosts and devices (read
//    without an engine), models and trace completeness. Every error is an InputError. Call
//    it as often as needed: a sweep validates every point this way before running any.
LoadedExperiment parse_experiment(const std::string& path, const std::vector<std::string>& sets = {},
                                  std::optional<std::uint64_t> seed = std::nullopt);
// 2. Build the scenario's cost inputs: the planners' regression predictors, one per model.
void build_costs(LoadedExperiment& experiment);
// 3. Create the process's SimGrid engine with the config's network model (plus
//    `simgrid_args`, e.g. Paje tracing) and load the platform into it. One engine per
//    process: call once.
void start_engine(LoadedExperiment& experiment, const std::vector<std::string>& simgrid_args = {});

LoadedExperiment load_experiment(const std::string& path, const std::vector<std::string>& sets = {},
                                 std::optional<std::uint64_t> seed = std::nullopt,
                                 const std::vector<std::string>& simgrid_args = {});

} // namespace ciodesim::experiment
