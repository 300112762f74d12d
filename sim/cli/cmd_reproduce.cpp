// `ciodesim reproduce [--quick] --out DIR`: every table and figure of the CIODE paper.
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/experiment/reproduce.hpp"

#include <fmt/format.h>

namespace ciodesim::cli {

Runner add_reproduce(CLI::App& app)
{
  auto opt  = std::make_shared<experiment::ReproduceOptions>();
  opt->out_dir = "figures";
  auto* cmd = app.add_subcommand("reproduce", "Run the seed papers' experiments (CIODE, DADS, LoADPart) and write their tables, figures and a report");
  cmd->add_option("--out", opt->out_dir, "Output directory")->capture_default_str();
  cmd->add_flag("--quick", opt->quick, "Fewer seeds and queries (each config's [reproduce] quick overrides)");
  cmd->add_option("--jobs,-j", opt->jobs, "Simulations run at once")->capture_default_str();
  cmd->add_option("--paper-dir", opt->paper_dir, "Directory of the experiment configs (default experiments/paper)");
  // a plain flag: CLI11 prints a negated one ("!--no-plots") as "--no-plots{false}" in help
  auto no_plots = std::make_shared<bool>(false);
  cmd->add_flag("--no-plots", *no_plots, "Write the CSV files and the report without figures");
  cmd->add_flag("--quiet", opt->quiet, "Print nothing but errors (no progress)");
  cmd->add_option("--suite", opt->suite,
                  "Which experiments: ciode (the CIODE paper: Table 2, Figs. 4-6), dads (DADS: latency and "
                  "throughput), loadpart (LoADPart under time-varying server load), all")
      ->capture_default_str()
      ->check(CLI::IsMember({"ciode", "dads", "loadpart", "all"}));
  cmd->add_option("--set", opt->sets,
                  "Override a key in every config, e.g. traces=traces (CPU traces calibrated against the "
                  "measured profile instead of the Caffe-era ones the paper configs use); repeatable");
  return [opt, no_plots]() {
    opt->plots = !*no_plots;
    if (opt->jobs < 1 || opt->jobs > 1024)
      throw InputError("--jobs", std::to_string(opt->jobs), "out of range", "1 .. 1024");
    const int code = experiment::reproduce(*opt);
    if (code == 0 && !opt->quiet)
      fmt::print("wrote {0}/report.md and the {1} suite's CSV files and figures\n", opt->out_dir, opt->suite);
    return code;
  };
}

} // namespace ciodesim::cli
