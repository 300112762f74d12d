// `ciodesim run EXP.toml --out DIR`: simulate an experiment config.
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/experiment/config.hpp"
#include "sim/experiment/headline.hpp"
#include "sim/experiment/sweep.hpp"
#include "sim/experiment/run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace ciodesim::cli {

Runner add_run(CLI::App& app)
{
  struct Options {
    std::string config, out;
    std::vector<std::string> sets;
    std::string seed; // text: CLI11 clamps out-of-range integers, we reject them
    bool quiet = false;
    std::string paje;
    std::string progress_file;
  };
  auto opt  = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("run", "Simulate an experiment config and write CSV results");
  cmd->add_option("config", opt->config, "Experiment file (TOML, see docs/config.md)")->required();
  cmd->add_option("--out", opt->out, "Output directory (created if needed)")->required();
  cmd->add_option("--seed", opt->seed, "Override the config's seed");
  cmd->add_option("--set", opt->sets, "Override a config key: KEY=VALUE, e.g. requester.0.queries=10 (repeatable)");
  cmd->add_flag("--quiet", opt->quiet, "Print nothing but errors (no progress, no headline table)");
  cmd->add_option("--paje", opt->paje,
                  "Also write SimGrid's Paje trace of resource use to FILE (for SimGrid's own tools, e.g. "
                  "vite or pajeng; one repetition only)");
  // For sweeps: the point reports "done total" there (hidden from --help).
  cmd->add_option("--progress-file", opt->progress_file, "Write progress to FILE")->group("");
  return [opt]() {
    std::optional<std::uint64_t> seed;
    if (!opt->seed.empty())
      seed = parse_seed(opt->seed, "--seed");
    // SimGrid writes the Paje trace to a temporary name, moved into place only when the run
    // succeeded: an error never leaves a half-written trace.
    std::string paje_tmp;
    std::vector<std::string> simgrid_args;
    if (!opt->paje.empty()) {
      const std::size_t slash = opt->paje.find_last_of('/');
      const std::string dir   = slash == std::string::npos ? "." : opt->paje.substr(0, std::max<std::size_t>(slash, 1));
      struct stat info {};
      if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode) || ::access(dir.c_str(), W_OK) != 0)
        throw InputError("--paje", opt->paje, "the folder does not exist or is not writable");
      if (opt->paje.back() == '/' || (::stat(opt->paje.c_str(), &info) == 0 && S_ISDIR(info.st_mode)))
        throw InputError("--paje", opt->paje, "is a directory, expected a file name");
      paje_tmp     = fmt::format("{}.tmp.{}", opt->paje, ::getpid());
      simgrid_args = {"--cfg=tracing:yes", "--cfg=tracing/uncategorized:yes", "--cfg=tracing/filename:" + paje_tmp};
    }
    struct RemoveTmp {
      const std::string& path;
      ~RemoveTmp()
      {
        if (!path.empty())
          std::remove(path.c_str());
      }
    } remove_tmp{paje_tmp};
    auto experiment = experiment::parse_experiment(opt->config, opt->sets, seed);
    if (!opt->paje.empty() && experiment.repetitions != 1)
      throw InputError("--paje", opt->paje, "a Paje trace records one run: set repetitions = 1 (--set repetitions=1)");
    if (const auto grid = experiment::read_sweep_grid(opt->config); grid.points.size() > 1 && !opt->quiet)
      std::fprintf(stderr, "note: %s has a [sweep] of %zu points; run runs its base point only (ciodesim sweep runs the grid)\n",
                   opt->config.c_str(), grid.points.size());
    experiment::build_costs(experiment);
    experiment::start_engine(experiment, simgrid_args);
    experiment::RunOptions run;
    run.out_dir       = opt->out;
    run.config_path   = opt->config;
    run.sets          = opt->sets;
    run.quiet         = opt->quiet;
    run.in_process    = !opt->paje.empty();
    run.progress_file = opt->progress_file;
    const int code = experiment::run_experiment(experiment, run);
    if (code == 0 && !paje_tmp.empty() && std::rename(paje_tmp.c_str(), opt->paje.c_str()) != 0)
      throw InputError("--paje", opt->paje, "cannot move the trace into place");
    if (code == 0 && !opt->quiet)
      fmt::print("wrote {}/queries.csv, uploads.csv, locks.csv, summary.csv, run.json\n\n{}", opt->out,
                 experiment::headline_table(opt->out));
    if (paje_tmp.empty()) {
      // Every output is in place: skip the static destructors of SimGrid, ns-3 and the
      // engine's platform (6 % of a sweep point's CPU). A Paje trace is only complete after
      // them, so --paje returns normally.
      std::fflush(stdout);
      std::fflush(stderr);
      ::_exit(code);
    }
    return code;
  };
}

} // namespace ciodesim::cli
