// `ciodesim sweep EXP.toml --out DIR` and `ciodesim merge DIR`.
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/experiment/config.hpp"
#include "sim/experiment/sweep.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace ciodesim::cli {
namespace {


// Strict "i/N": digits, a slash, digits, nothing else (sscanf took "1/2x").
void parse_shard(const std::string& text, int& index, int& count)
{
  auto number = [](const std::string& digits, int& out) {
    if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos)
      return false;
    out = std::stoi(digits);
    return true;
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos || !number(text.substr(0, slash), index) || !number(text.substr(slash + 1), count) ||
      count < 1 || index < 1 || index > count)
    throw InputError("--shard", text, "expected i/N with 1 <= i <= N", "e.g. 1/4 (SLURM: $((SLURM_ARRAY_TASK_ID+1))/N)");
}

// Single-quotes every argument that holds anything but plainly safe characters, so that a
// listed command runs exactly these arguments (`;`, `>`, `|`, `*`, newlines are data).
std::string shell_quote(const std::string& arg)
{
  const char* safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-";
  if (!arg.empty() && arg.find_first_not_of(safe) == std::string::npos)
    return arg;
  std::string out = "'";
  for (char c : arg)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

} // namespace

Runner add_sweep(CLI::App& app)
{
  struct Options {
    std::string config, out, shard = "1/1";
    std::vector<std::string> sets;
    int jobs = 1;
    bool list = false, quiet = false;
  };
  auto opt  = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("sweep", "Run every point of an experiment's [sweep] grid, one process per point");
  cmd->add_option("config", opt->config, "Experiment file with a [sweep] table")->required();
  cmd->add_option("--out", opt->out, "Output directory (points in DIR/points, merged CSV in DIR)")->required();
  cmd->add_option("--jobs,-j", opt->jobs, "Points run at once")->capture_default_str();
  cmd->add_option("--shard", opt->shard, "Run only points with index % N == i-1 (SLURM job arrays)")
      ->capture_default_str();
  cmd->add_option("--set", opt->sets, "Override a key for every point: KEY=VALUE (repeatable)");
  cmd->add_flag("--list", opt->list, "Print one `ciodesim run` command per point (for GNU parallel) and exit");
  cmd->add_flag("--quiet", opt->quiet, "Print nothing but errors (no progress bar)");
  return [opt]() {
    if (opt->jobs < 1 || opt->jobs > 1024)
      throw InputError("--jobs", std::to_string(opt->jobs), "out of range", "1 .. 1024");
    experiment::SweepOptions options;
    options.config_path = opt->config;
    options.out_dir     = opt->out;
    options.extra_sets  = opt->sets;
    options.jobs        = opt->jobs;
    options.progress    = !opt->quiet;
    parse_shard(opt->shard, options.shard_index, options.shard_count);
    const auto grid = experiment::read_sweep_grid(opt->config);
    if (opt->list) {
      const std::string self = experiment::self_executable();
      for (const auto& p : grid.points)
        if (p.index % options.shard_count == options.shard_index - 1) {
          std::string line;
          for (const auto& a : experiment::point_command(self, options, p))
            line += (line.empty() ? "" : " ") + shell_quote(a);
          fmt::print("{}\n", line);
        }
      return 0;
    }
    options.point_work = experiment::validate_points(grid, options); // every point, before anything is written
    const int failed = experiment::run_sweep(grid, options);
    const int merged = experiment::merge_sweep(opt->out);
    if (!opt->quiet)
      fmt::print("{} of {} points done; merged into {}/queries.csv and summary.csv\n", merged, grid.points.size(),
                 opt->out);
    return failed == 0 ? 0 : 1;
  };
}

Runner add_merge(CLI::App& app)
{
  auto dir  = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("merge", "Join the finished points of a sweep into DIR/queries.csv and summary.csv");
  cmd->add_option("dir", *dir, "Sweep output directory")->required();
  return [dir]() {
    const int merged = experiment::merge_sweep(*dir);
    fmt::print("merged {} points into {}/queries.csv and summary.csv\n", merged, *dir);
    return 0;
  };
}

} // namespace ciodesim::cli
