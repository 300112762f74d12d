#pragma once
// Experiment files (TOML) -> a validated runtime::Scenario. Reference: docs/config.md.
// Every error is an InputError naming the file and the key path; unknown keys are errors
// that list the allowed keys.
#include "sim/runtime/scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ciodesim::experiment {

struct LoadedExperiment {
  runtime::Scenario scenario;
  int repetitions = 1;
  std::string effective_config; // the TOML after --set overrides, normalised (hashed into run.json)
  std::string config_hash;      // fnv1a of effective_config
  platform::Topology topology;  // the loaded platform, bandwidth overrides applied
};

// Creates the process's SimGrid engine with the config's network model and loads the
// platform into it (one engine per process: call once).
// `sets` are "key.path=value" overrides applied before validation ("requester.0.queries=5",
// "network.bandwidth.D3=20Mbps", "policy=ciode"); a value that is not valid TOML is a string.
// `simgrid_args` are extra SimGrid options for the engine (e.g. Paje tracing).
LoadedExperiment load_experiment(const std::string& path, const std::vector<std::string>& sets = {},
                                 std::optional<std::uint64_t> seed = std::nullopt,
                                 const std::vector<std::string>& simgrid_args = {});

} // namespace ciodesim::experiment
