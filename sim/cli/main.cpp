// ciodesim: simulator of collaborative DNN inference offloading among edge devices.
#include "ciodesim/version.hpp"
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <map>
#include <string>

int main(int argc, char** argv)
{
  CLI::App app{"ciodesim: simulate collaborative DNN inference offloading among edge devices (CIODE and "
               "baselines) on SimGrid.\nRun `ciodesim COMMAND --help` for the options of a command.",
               "ciodesim"};
  app.set_version_flag("--version", fmt::format("ciodesim {}", ciodesim::kVersion));
  app.require_subcommand(1);

  std::map<CLI::App*, ciodesim::cli::Runner> runners;
  auto add = [&](ciodesim::cli::Runner (*register_command)(CLI::App&), const char* name) {
    (void)name;
    const std::size_t before = app.get_subcommands({}).size();
    ciodesim::cli::Runner runner = register_command(app);
    auto subcommands = app.get_subcommands({});
    if (subcommands.size() > before)
      runners[subcommands.back()] = std::move(runner);
  };
  add(ciodesim::cli::add_validate, "validate");
  add(ciodesim::cli::add_info, "info");
  add(ciodesim::cli::add_plan, "plan");
  add(ciodesim::cli::add_policies, "policies");
  add(ciodesim::cli::add_predict, "predict");
  add(ciodesim::cli::add_traces, "traces");
  add(ciodesim::cli::add_run, "run");
  add(ciodesim::cli::add_sweep, "sweep");
  add(ciodesim::cli::add_merge, "merge");
  add(ciodesim::cli::add_reproduce, "reproduce");
  add(ciodesim::cli::add_plot, "plot");
  add(ciodesim::cli::add_bench, "bench");
  add(ciodesim::cli::add_import, "import");
  add(ciodesim::cli::add_profile, "profile");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "error: command line: %s (see ciodesim --help)\n", ciodesim::escape_control(e.what()).c_str());
    return ciodesim::kExitBadInput;
  }

  try {
    for (auto& [sub, runner] : runners)
      if (sub->parsed())
        return runner();
  } catch (const ciodesim::InputError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return ciodesim::kExitBadInput;
  } catch (const std::exception& e) {
    // not bad input but a failure of ours or of the system: still one line, exit 1
    std::fprintf(stderr, "error: internal error: %s\n", ciodesim::escape_control(e.what()).c_str());
    return 1;
  }
  return 0;
}
