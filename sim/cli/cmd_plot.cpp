// `ciodesim plot timeline DIR`, `plot sweep DIR KEY`, `plot map DIR` and `plot mobility DIR`: run the matplotlib scripts
// in plots/ with Debian's python3 (which has matplotlib).
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/process.hpp"
#include "sim/experiment/csv_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sys/stat.h>

namespace ciodesim::cli {
namespace {

int run_script(const std::string& script, const std::vector<std::string>& args)
{
  struct stat info {};
  const std::string python = ::stat("/usr/bin/python3", &info) == 0 ? "/usr/bin/python3" : "python3";
  std::vector<std::string> argv{data_dir() + "/plots/" + script};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(python, argv) == 0 ? 0 : 1; // no shell, and it dies with us
}

void require_file(const std::string& path)
{
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0)
    throw InputError(path, "", "no such file: give the output directory of `ciodesim run` or `sweep`");
}

} // namespace

Runner add_plot(CLI::App& app)
{
  struct Options {
    std::string dir, key, requesters, processors;
    int run = 0;
    double until = 0;
  };
  auto opt  = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("plot", "Figures of a run or a sweep (matplotlib)");
  cmd->require_subcommand(1);
  auto* timeline = cmd->add_subcommand("timeline", "Gantt chart of one run: processors, queries, uploads");
  timeline->add_option("dir", opt->dir, "Output directory of `ciodesim run`")->required();
  timeline->add_option("--run", opt->run, "Repetition to draw")->capture_default_str()->check(CLI::Range(0, 1000000));
  timeline->add_option("--until", opt->until, "Draw only the first seconds")->check(finite_range(1e-9, 1e9));
  timeline->add_option("--requesters", opt->requesters,
                       "Requesters to draw: names or shell patterns, comma-separated, e.g. 'R1*,D1/r0' "
                       "(default: the first 24)");
  timeline->add_option("--processors", opt->processors,
                       "Processors to draw: names or shell patterns, e.g. 'N3.gpu,N1*' (default: every one in use "
                       "but those of requesters not drawn)");
  auto* sweep = cmd->add_subcommand("sweep", "Mean latency and conflicts per query against a swept key: a line per policy, a row of panels per value of the other swept keys and per model");
  sweep->add_option("dir", opt->dir, "Output directory of `ciodesim sweep`")->required();
  sweep->add_option("key", opt->key, "Swept key on the x axis, e.g. network.bandwidth.D1")->required();
  auto* map = cmd->add_subcommand("map", "Mobility run: servers and coverage, the requesters' tracks, handoffs marked");
  map->add_option("dir", opt->dir, "Output directory of `ciodesim run` with [mobility]")->required();
  map->add_option("--run", opt->run, "Repetition to draw")->capture_default_str()->check(CLI::Range(0, 1000000));
  auto* mobility = cmd->add_subcommand("mobility", "Mobility sweep over speed: cold starts, throughput and latency per policy, and its table");
  mobility->add_option("dir", opt->dir, "Output directory of `ciodesim sweep` over mobility.speed_mps")->required();
  return [opt, timeline, map, mobility]() {
    if (map->parsed() || mobility->parsed()) {
      const bool is_map = map->parsed();
      require_file(opt->dir + (is_map ? "/positions.csv" : "/mobility.csv"));
      const int code = is_map ? run_script("map.py", {opt->dir, std::to_string(opt->run)})
                              : run_script("mobility.py", {opt->dir});
      if (code == 0)
        fmt::print("wrote {0}/{1}.png and {0}/{1}.pdf\n", opt->dir, is_map ? "map" : "mobility");
      return code;
    }
    if (timeline->parsed()) {
      require_file(opt->dir + "/locks.csv");
      std::vector<std::string> args = {opt->dir, "--run", std::to_string(opt->run)};
      if (opt->until > 0) {
        args.push_back("--until");
        args.push_back(fmt::format("{}", opt->until));
      }
      for (const auto& [flag, value] : {std::pair<const char*, std::string>{"--requesters", opt->requesters},
                                        {"--processors", opt->processors}})
        if (!value.empty()) {
          args.push_back(flag);
          args.push_back(value);
        }
      const int code = run_script("timeline.py", args);
      if (code == 0)
        fmt::print("wrote {0}/timeline.png and {0}/timeline.pdf\n", opt->dir);
      return code;
    }
    require_file(opt->dir + "/summary.csv");
    // the script would fail with a traceback; say which keys there are instead
    const auto summary = experiment::read_csv(opt->dir + "/summary.csv");
    if (std::find(summary.header.begin(), summary.header.end(), opt->key) == summary.header.end()) {
      std::string columns;
      for (const auto& c : summary.header)
        columns += (columns.empty() ? "" : ", ") + c;
      throw InputError(opt->dir + "/summary.csv", opt->key, "no such column (is it a swept key?)", columns);
    }
    const int code = run_script("sweep.py", {opt->dir, opt->key});
    if (code == 0)
      fmt::print("wrote {0}/sweep.png and {0}/sweep.pdf\n", opt->dir);
    return code;
  };
}

} // namespace ciodesim::cli
