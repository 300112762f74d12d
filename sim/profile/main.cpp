// ciodesim-profile (run as `ciodesim profile ...`): measure per-layer times of a model on this
// machine's CPU with OpenCV's DNN module and write them as a trace (traces/ format, with the
// raw samples). Run it on a real edge device to bring its profile into ciodesim. A separate
// executable so that OpenCV's libraries load only here, not in every simulation process.
#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/names.hpp"
#include "sim/cost/trace.hpp"
#include "sim/dnn/model_json.hpp"
#include "sim/profile/opencv_profiler.hpp"
#include "sim/profile/roofline.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cctype>
#include <cstdio>

namespace {

using namespace ciodesim;

int run(int argc, char** argv)
{
  struct Options {
    std::vector<std::string> models;
    std::string out, processor;
    profile::ProfileOptions profile;
    bool roofline = false;
  };
  auto opt = std::make_shared<Options>();
  CLI::App app{"Measure per-layer times on this CPU (OpenCV DNN) and write a trace CSV",
               "ciodesim profile"};
  auto* cmd = &app;
  cmd->add_option("--model", opt->models, "Model(s) to profile (comma-separated)")->delimiter(',');
  cmd->add_option("--out", opt->out, "Trace CSV to write (required with --model)");
  cmd->add_option("--processor", opt->processor,
                  "Profile name in the trace's processor column (default: this CPU's model name)");
  cmd->add_option("--repetitions", opt->profile.repetitions, "Measured forward passes")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--warmup", opt->profile.warmup, "Forward passes before measuring")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  // more threads than a machine has cores only slows OpenCV down; 100000 would hang
  cmd->add_option("--threads", opt->profile.threads, "OpenCV threads")->capture_default_str()->check(CLI::Range(1, 1024));
  cmd->add_flag("--roofline", opt->roofline,
                "Measure this CPU's FP32 peak and memory bandwidth (using --threads), print them and record "
                "them in the trace (`ciodesim traces calibrate` divides by them)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "error: command line: %s (see ciodesim profile --help)\n", escape_control(e.what()).c_str());
    return kExitBadInput;
  }
  {
    if (opt->profile.repetitions < 1 || opt->profile.warmup < 0 || opt->profile.threads < 1)
      throw InputError("profile", "", "repetitions and threads must be >= 1, warmup >= 0");
    if (opt->models.empty() != opt->out.empty() || (opt->models.empty() && !opt->roofline))
      throw InputError("profile", "", "give --model and --out (a trace), --roofline, or both");
    std::string roofline_comment;
    if (opt->roofline) {
      const auto r = profile::measure_roofline(opt->profile.threads);
      roofline_comment = fmt::format("# roofline: peak_flops={:.4g} memory_bandwidth_Bps={:.4g} threads={}\n",
                                     r.peak_flops, r.memory_bandwidth_Bps, r.threads);
      fmt::print("{} ({} thread(s)): peak_flops={:.4g} memory_bandwidth_Bps={:.4g}\n", profile::cpu_model_name(),
                 r.threads, r.peak_flops, r.memory_bandwidth_Bps);
      if (opt->models.empty())
        return 0;
    }
    std::string processor = opt->processor;
    if (!processor.empty())
      check_name(processor, "--processor", "profile name"); // it must match a platform's profile property
    if (processor.empty())
      for (char c : profile::cpu_model_name()) // a CSV- and name-safe profile id
        processor += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
    std::string csv = fmt::format("# measured by `ciodesim profile` (OpenCV DNN, fusion off, {} thread(s), {} "
                                  "repetitions after {} warm-up) on: {}\n{}model,layer,processor,mean_s,std_s,samples\n",
                                  opt->profile.threads, opt->profile.repetitions, opt->profile.warmup,
                                  profile::cpu_model_name(), roofline_comment);
    for (const auto& name : opt->models) {
      const dnn::Model model = dnn::load_model_file(dnn::resolve_model_path(name));
      const auto timings     = profile::profile_model(model, opt->profile);
      double total           = 0;
      for (const auto& t : timings) {
        std::string samples;
        for (double x : t.samples_s)
          samples += (samples.empty() ? "" : ";") + fmt::format("{:.9g}", x);
        csv += csv_row({model.name(), t.layer, processor, fmt::format("{:.9g}", t.mean_s), fmt::format("{:.9g}", t.std_s),
                        samples});
        total += t.mean_s;
      }
      fmt::print("{:<14} {:>10.3f} ms per inference ({} layers) on {}\n", model.name(), total * 1e3, timings.size(),
                 processor);
    }
    cost::TraceTable check; // what we write must read back as a trace
    check.add_csv_text(csv, opt->out);
    write_file_atomic(opt->out, csv);
    return 0;
  }
}

} // namespace

int main(int argc, char** argv)
{
  try {
    return run(argc, argv);
  } catch (const ciodesim::InputError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return ciodesim::kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: internal error: %s\n", ciodesim::escape_control(e.what()).c_str());
    return 1;
  }
}
