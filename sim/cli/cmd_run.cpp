// `ciodesim run EXP.toml --out DIR`: simulate an experiment config.
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/experiment/config.hpp"
#include "sim/experiment/sweep.hpp"
#include "sim/experiment/run.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <optional>

namespace ciodesim::cli {

Runner add_run(CLI::App& app)
{
  struct Options {
    std::string config, out;
    std::vector<std::string> sets;
    std::int64_t seed = -1;
    bool quiet = false;
    std::string paje;
  };
  auto opt  = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("run", "Simulate an experiment config and write CSV results");
  cmd->add_option("config", opt->config, "Experiment file (TOML, see docs/config.md)")->required();
  cmd->add_option("--out", opt->out, "Output directory (created if needed)")->required();
  cmd->add_option("--seed", opt->seed, "Override the config's seed");
  cmd->add_option("--set", opt->sets, "Override a config key: KEY=VALUE, e.g. requester.0.queries=10 (repeatable)");
  cmd->add_flag("--quiet", opt->quiet, "No progress on stderr");
  cmd->add_option("--paje", opt->paje,
                  "Also write SimGrid's Paje trace of resource use to FILE (for SimGrid's own tools, e.g. "
                  "vite or pajeng; one repetition only)");
  return [opt]() {
    if (opt->seed < -1)
      throw InputError("--seed", "", "must be >= 0");
    const std::optional<std::uint64_t> seed =
        opt->seed >= 0 ? std::optional<std::uint64_t>(static_cast<std::uint64_t>(opt->seed)) : std::nullopt;
    std::vector<std::string> simgrid_args;
    if (!opt->paje.empty())
      simgrid_args = {"--cfg=tracing:yes", "--cfg=tracing/uncategorized:yes", "--cfg=tracing/filename:" + opt->paje};
    auto experiment = experiment::parse_experiment(opt->config, opt->sets, seed);
    if (!opt->paje.empty() && experiment.repetitions != 1)
      throw InputError("--paje", opt->paje, "a Paje trace records one run: set repetitions = 1 (--set repetitions=1)");
    if (const auto grid = experiment::read_sweep_grid(opt->config); grid.points.size() > 1 && !opt->quiet)
      std::fprintf(stderr, "note: %s has a [sweep] of %zu points; run runs its base point only (ciodesim sweep runs the grid)\n",
                   opt->config.c_str(), grid.points.size());
    experiment::build_costs(experiment);
    experiment::start_engine(experiment, simgrid_args);
    experiment::RunOptions run{opt->out, opt->config, opt->sets, opt->quiet};
    run.in_process = !opt->paje.empty();
    const int code = experiment::run_experiment(experiment, run);
    if (code == 0 && !opt->quiet)
      fmt::print("wrote {}/queries.csv, uploads.csv, locks.csv, summary.csv, run.json\n", opt->out);
    return code;
  };
}

} // namespace ciodesim::cli
