#pragma once
// Each subcommand registers itself on the CLI11 app and runs when selected.
// Commands throw InputError for bad input; main() turns it into one line and exit code 2.
#include "sim/cost/calibration.hpp"

#include <CLI/CLI.hpp>

#include <functional>

namespace ciodesim::cli {

using Runner = std::function<int()>;

// Thrown by a command whose child process already printed its error line.
struct ExitCode {
  int code;
};

// Each returns the function that runs the command once the arguments are parsed.
Runner add_validate(CLI::App& app);
Runner add_info(CLI::App& app);
Runner add_plan(CLI::App& app);
Runner add_predict(CLI::App& app);
Runner add_traces(CLI::App& app);
Runner add_run(CLI::App& app);
Runner add_sweep(CLI::App& app);
Runner add_merge(CLI::App& app);
Runner add_reproduce(CLI::App& app);
Runner add_plot(CLI::App& app);
Runner add_bench(CLI::App& app);
Runner add_import(CLI::App& app);
Runner add_profile(CLI::App& app);
Runner add_policies(CLI::App& app);

// Measured vs derived per layer type (traces calibrate, predict --report).
void print_type_comparison(const std::vector<cost::TypeComparison>& rows);

} // namespace ciodesim::cli
