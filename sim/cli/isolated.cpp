#include "sim/cli/isolated.hpp"

#include "sim/core/error.hpp"
#include "sim/core/process.hpp"

#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>

namespace ciodesim::cli {

int run_isolated(const std::function<void()>& body)
{
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t parent = ::getpid();
  const pid_t pid    = ::fork();
  if (pid < 0) {
    std::fprintf(stderr, "error: internal error: cannot fork\n");
    return 1;
  }
  if (pid == 0) {
    die_with_parent(parent);
    int code = 0;
    try {
      body();
    } catch (const InputError& e) {
      std::fprintf(stderr, "error: %s\n", e.what());
      code = kExitBadInput;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: internal error: %s\n", escape_control(e.what()).c_str());
      code = 1;
    }
    std::fflush(stdout);
    std::fflush(stderr);
    ::_exit(code);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

} // namespace ciodesim::cli
