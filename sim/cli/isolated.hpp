#pragma once
// SimGrid allows one engine (one platform) per process: commands that load several
// platforms or experiments run each in a forked child. An InputError there becomes the usual
// one line on stderr and exit code 2, as in the parent.
#include <functional>

namespace ciodesim::cli {

// Runs `body` in a child process; returns its exit code (kExitBadInput for an InputError).
int run_isolated(const std::function<void()>& body);

} // namespace ciodesim::cli
