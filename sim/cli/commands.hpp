#pragma once
// Each subcommand registers itself on the CLI11 app and runs when selected.
// Commands throw InputError for bad input; main() turns it into one line and exit code 2.
#include "sim/cost/calibration.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <functional>
#include <string>

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

// Numeric command-line values, checked here because CLI11 takes "nan", "inf" and clamps
// integers beyond their type. InputError naming the option and the allowed range.
std::uint64_t parse_seed(const std::string& text, const std::string& option);
// A finite number in [lo, hi].
double parse_number(const std::string& text, const std::string& option, double lo, double hi);
// CLI11 validator: a finite number in [lo, hi] (for options bound to a double).
CLI::Validator finite_range(double lo, double hi);

// Measured vs derived per layer type (traces calibrate, predict --report).
void print_type_comparison(const std::vector<cost::TypeComparison>& rows);

} // namespace ciodesim::cli
