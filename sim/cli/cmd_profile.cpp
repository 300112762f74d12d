// `ciodesim profile ...` runs the ciodesim-profile executable beside this one (built when
// OpenCV is available), passing every argument through; see sim/profile/main.cpp.
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/experiment/sweep.hpp"

#include <cstdio>
#include <sys/stat.h>
#include <unistd.h>

namespace ciodesim::cli {

Runner add_profile(CLI::App& app)
{
  auto* cmd = app.add_subcommand("profile", "Measure per-layer times on this CPU (OpenCV DNN) and write a trace CSV");
  cmd->prefix_command(); // every argument goes to ciodesim-profile, --help included
  cmd->set_help_flag();
  return [cmd]() -> int {
    const std::string self = experiment::self_executable();
    const std::string tool = self.substr(0, self.find_last_of('/') + 1) + "ciodesim-profile";
    struct stat info {};
    if (::stat(tool.c_str(), &info) != 0)
      throw InputError("profile", "", "this ciodesim was built without OpenCV's DNN module",
                       "install libopencv-dev (tools/install-deps.sh) and rebuild");
    std::vector<std::string> args = {tool};
    for (const auto& a : cmd->remaining())
      args.push_back(a);
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(stdout);
    ::execv(tool.c_str(), argv.data());
    throw InputError(tool, "", "cannot run the profiler");
  };
}

} // namespace ciodesim::cli
