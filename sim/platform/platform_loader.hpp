#pragma once
// Loading SimGrid platform files into the process's engine and reading them back as a
// typed Topology. SimGrid allows one engine per process: the first call creates it.
#include "sim/platform/topology.hpp"

#include <string>
#include <vector>

namespace ciodesim::platform {

// Creates the engine if none exists yet, with SimGrid's own logs at warning level and the
// given SimGrid options (e.g. "--cfg=network/model:CM02"). Returns false if an engine
// already existed (the options are then ignored).
bool init_engine(const std::vector<std::string>& simgrid_args);

// Loads `path` into the engine, applies the access-link bandwidth overrides (`origin`
// names where they came from, for errors) and returns the typed view. InputError on a
// missing or malformed file, missing host properties, or an override naming no device.
Topology load_platform(const std::string& path, const BandwidthOverrides& overrides = {},
                       const std::string& origin = "--bandwidth");

// The typed view of the platform already in the engine (loaded from XML or built with the
// s4u API); `path` names it in errors.
Topology read_topology(const std::string& path, const BandwidthOverrides& overrides = {},
                       const std::string& origin = "--bandwidth");

// Resolves a platform argument: a path, or a bare name found in platforms/ ("testbed").
std::string resolve_platform_path(const std::string& name_or_path);

} // namespace ciodesim::platform
