#pragma once
// SimGrid allows one engine (one platform) per process: commands that load several
// platforms or experiments run each in a forked child. An InputError there becomes the usual
// one line on stderr and exit code 2, as in the parent.
#include "sim/experiment/sweep.hpp"

#include <functional>

namespace ciodesim::cli {

// Runs `body` in a child process; returns its exit code (kExitBadInput for an InputError).
int run_isolated(const std::function<void()>& body);

} // namespace ciodesim::cli

namespace ciodesim::cli {

// Loads the experiment of sweep points with their overrides, each in a child process, so a
// bad config or value stops a sweep (or reproduce) before anything is written. Grids of up
// to 8 points check every point; larger ones every value of every key (each with the first point's
// other values). Returns the first failing child's exit code (it printed the error), or 0.
int validate_points(const experiment::SweepGrid& grid, const experiment::SweepOptions& options);

} // namespace ciodesim::cli
