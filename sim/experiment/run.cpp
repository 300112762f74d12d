#include "sim/experiment/run.hpp"

#include "ciodesim/version.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/process.hpp"
#include "sim/core/rng.hpp"
#include "sim/experiment/mobility_outputs.hpp"
#include "sim/experiment/outputs.hpp"
#include "sim/experiment/progress.hpp"
#include "sim/runtime/simulation.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xbt/log.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <vector>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

// Wall times for profiling at scale: CIODESIM_SIMGRID_ARGS=--log=ciodesim_run.thres:info
XBT_LOG_NEW_DEFAULT_CATEGORY(ciodesim_run, "ciodesim: repetitions and their outputs");

namespace ciodesim::experiment {
namespace {

const char* const kParts[] = {"queries", "uploads", "locks", "summary"};

// Returns whether the last component was created (so a failed run can remove it again).
bool make_dirs(const std::string& dir)
{
  std::string partial;
  bool created = false;
  for (std::size_t i = 0; i <= dir.size(); ++i) {
    if (i == dir.size() || dir[i] == '/') {
      created = !partial.empty() && ::mkdir(partial.c_str(), 0755) == 0;
      if (!partial.empty() && !created && errno != EEXIST)
        throw InputError(dir, "", fmt::format("cannot create output directory: {}", std::strerror(errno)));
    }
    if (i < dir.size())
      partial += dir[i];
  }
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    throw InputError(dir, "", "output path exists and is not a directory");
  return created;
}

void remove_tree(const std::string& dir)
{
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name != "." && name != "..")
        std::remove((dir + "/" + name).c_str());
    }
    ::closedir(d);
  }
  ::rmdir(dir.c_str());
}

// Staging folders of runs killed before they could clean up (SIGKILL, power loss): a
// `.staging-PID` whose process no longer exists is removed before a new run starts.
void remove_stale_staging(const std::string& out_dir)
{
  std::vector<std::string> stale;
  if (DIR* d = ::opendir(out_dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name.rfind(".staging-", 0) != 0)
        continue;
      char* end       = nullptr;
      const long pid  = std::strtol(name.c_str() + 9, &end, 10);
      const bool gone = pid > 0 && *end == '\0' && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
      if (gone)
        stale.push_back(out_dir + "/" + name);
    }
    ::closedir(d);
  }
  for (const auto& dir : stale)
    remove_tree(dir);
}

std::string fragment_path(const std::string& staging, const std::string& name, int run)
{
  return fmt::format("{}/{}.{:06d}.part", staging, name, run);
}

// Appends the fragment at `path` to the open file `out` in 1 MB pieces.
void append_file(const std::string& path, std::FILE* out, const std::string& out_path)
{
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (in == nullptr)
    throw InputError(path, "", fmt::format("cannot read a run's fragment: {}", std::strerror(errno)));
  std::vector<char> chunk(1 << 20);
  std::size_t n = 0;
  bool written  = true;
  while (written && (n = std::fread(chunk.data(), 1, chunk.size(), in)) > 0)
    written = std::fwrite(chunk.data(), 1, n, out) == n;
  const bool failed = std::ferror(in) != 0;
  std::fclose(in);
  if (failed)
    throw InputError(path, "", "cannot read a run's fragment");
  if (!written)
    throw InputError(out_path, "", fmt::format("cannot write: {}", std::strerror(errno)));
}

// STAGING/NAME.csv: run 0's fragment (it starts with the header), then every other
// repetition's in run order appended to it; one repetition is a rename, not a copy.
void merge_fragments(const std::string& staging, const std::string& name, int runs)
{
  const std::string first = fragment_path(staging, name, 0);
  if (runs > 1) {
    std::FILE* out = std::fopen(first.c_str(), "ab");
    if (out == nullptr)
      throw InputError(first, "", fmt::format("cannot append to a run's fragment: {}", std::strerror(errno)));
    try {
      for (int run = 1; run < runs; ++run)
        append_file(fragment_path(staging, name, run), out, first);
    } catch (...) {
      std::fclose(out);
      throw;
    }
    if (std::fclose(out) != 0)
      throw InputError(first, "", fmt::format("cannot write: {}", std::strerror(errno)));
  }
  const std::string all = fmt::format("{}/{}.csv", staging, name);
  if (std::rename(first.c_str(), all.c_str()) != 0)
    throw InputError(all, "", fmt::format("cannot move a merged output into place: {}", std::strerror(errno)));
}

// An error of a repetition's process starts its own line, not the end of the progress bar.
void clear_progress_line()
{
  if (::isatty(STDERR_FILENO))
    std::fprintf(stderr, "\r\x1b[K");
}

// One repetition; writes its fragments into the staging directory. Returns an exit code.
int run_one(const LoadedExperiment& experiment, int run, const std::string& staging,
            const runtime::QueryProgress& progress)
{
  int code = 0;
  try {
    runtime::Scenario scenario = experiment.scenario;
    scenario.run_index         = run;
    const auto records         = runtime::run_simulation(scenario, experiment.topology, progress);
    const auto written_from    = std::chrono::steady_clock::now();
    const std::uint64_t seed   = Rng::run_seed(scenario.seed, run);
    // Each fragment streams to disk: a million rows never exist as one string. Run 0's
    // starts with the header (merge_fragments appends the others to it).
    using Rows = void (*)(const runtime::Records&, int, std::uint64_t, std::string&, const RowFlush&);
    const auto header = [run](const std::string& text) { return run == 0 ? text : std::string(); };
    auto stream = [&](const std::string& name, const std::string& head, Rows rows) {
      AtomicFile file(fragment_path(staging, name, run));
      std::string buffer = header(head);
      rows(records, run, seed, buffer, [&file](std::string& out) {
        file.write(out);
        out.clear();
      });
      file.commit();
    };
    const Rows writers[]        = {queries_rows, uploads_rows, locks_rows};
    const std::string headers[] = {queries_header(), uploads_header(), locks_header()};
    for (int i = 0; i < 3; ++i)
      stream(kParts[i], headers[i], writers[i]);
    write_file_atomic(fragment_path(staging, kParts[3], run), header(summary_header()) + summary_rows(records, run, seed));
    if (scenario.mobility.enabled)
      for (const auto& part : mobility_parts())
        stream(part.name, part.header, part.rows);
    XBT_INFO("run %d: outputs written: %.3f s wall", run,
             std::chrono::duration<double>(std::chrono::steady_clock::now() - written_from).count());
    // what the simulation cost, for run.json: SimGrid activities by kind
    write_file_atomic(fmt::format("{}/activities.{:06d}.part", staging, run),
                      fmt::format("{} {} {} {}\n", records.execs, records.comms, records.delays, records.queries.size()));
  } catch (const InputError& e) {
    clear_progress_line();
    std::fprintf(stderr, "error: %s\n", e.what());
    code = kExitBadInput;
  } catch (const std::exception& e) {
    clear_progress_line();
    std::fprintf(stderr, "error: run %d: %s\n", run, escape_control(e.what()).c_str());
    code = 1;
  }
  std::fflush(stderr);
  return code;
}

} // namespace

int run_experiment(const LoadedExperiment& experiment, const RunOptions& options)
{
  const bool created_out = make_dirs(options.out_dir);
  remove_stale_staging(options.out_dir);
  const std::string staging = fmt::format("{}/.staging-{}", options.out_dir, ::getpid());
  if (::mkdir(staging.c_str(), 0755) != 0)
    throw InputError(options.out_dir, "", fmt::format("cannot write in output directory: {}", std::strerror(errno)));
  set_cleanup_dir(staging); // Ctrl-C or kill: no staging folder left behind
  struct StagingGuard { // every way out, error or success, removes the staging folder
    const std::string& dir;
    ~StagingGuard()
    {
      remove_tree(dir);
      set_cleanup_dir("");
    }
  } guard{staging};

  const int runs           = experiment.repetitions;
  const long long total    = experiment_work(experiment);
  const long long per_run  = runs > 0 ? total / runs : 0;
  ProgressLine line(!options.quiet && ::isatty(STDERR_FILENO), "");
  double last_file_s = -1;
  auto report = [&](int run, long long in_run, bool force) {
    const long long done = static_cast<long long>(run) * per_run + std::min(in_run, per_run);
    line.draw(done, total, runs > 1 ? fmt::format("run {}/{}", std::min(run + 1, runs), runs) : "", force);
    if (!options.progress_file.empty() && (force || line.elapsed_s() - last_file_s >= 0.5)) {
      write_progress_file(options.progress_file, done, total);
      last_file_s = line.elapsed_s();
    }
  };
  SharedCounter recorded; // the running repetition's rows, written by its process
  int worst = 0;
  for (int run = 0; run < runs && worst == 0; ++run) {
    recorded.store(0);
    report(run, 0, true);
    if (options.in_process) {
      worst = run_one(experiment, run, staging, [&](long long n) { report(run, n, false); });
    } else {
      std::fflush(stdout);
      std::fflush(stderr);
      const pid_t parent = ::getpid();
      const pid_t pid    = ::fork();
      if (pid == 0) {
        die_with_parent(parent);
        ::_exit(run_one(experiment, run, staging, [&recorded](long long n) { recorded.store(n); }));
      }
      if (pid < 0) {
        remove_tree(staging);
        throw std::runtime_error(fmt::format("cannot fork: {}", std::strerror(errno)));
      }
      set_cleanup_child(pid);
      int status = 0;
      // While the child runs, redraw its progress; its exit wakes us at once.
      for (pid_t r; (r = ::waitpid(pid, &status, WNOHANG)) == 0 || (r < 0 && errno == EINTR);) {
        wait_for_exit({pid}, 200);
        report(run, recorded.load(), false);
      }
      set_cleanup_child(0);
      worst = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
      if (!WIFEXITED(status)) {
        line.finish();
        std::fprintf(stderr, "error: run %d: simulation process died (signal %d)\n", run, WTERMSIG(status));
      }
    }
    if (worst == 0)
      report(run + 1, 0, true);
  }
  line.finish();
  if (worst != 0) {
    remove_tree(staging);
    if (created_out)
      ::rmdir(options.out_dir.c_str()); // only if empty: a failed run leaves nothing behind
    return worst;
  }

  // Merge fragments in run order, then move every file into place.
  for (const char* part : kParts)
    merge_fragments(staging, part, runs);
  std::vector<std::string> outputs{"queries.csv", "uploads.csv", "locks.csv", "summary.csv", "run.json", "config.toml"};
  if (experiment.scenario.mobility.enabled)
    for (const auto& part : mobility_parts()) {
      merge_fragments(staging, part.name, runs);
      outputs.push_back(part.name + ".csv");
    }
  nlohmann::ordered_json sidecar;
  sidecar["ciodesim_version"] = kVersion;
  sidecar["simgrid_version"]  = runtime::simgrid_version();
  sidecar["config_file"]      = options.config_path;
  sidecar["config_hash"]      = experiment.config_hash;
  sidecar["overrides"]        = options.sets;
  sidecar["seed"]             = experiment.scenario.seed;
  sidecar["repetitions"]      = runs;
  sidecar["run_seeds"]        = nlohmann::ordered_json::array();
  for (int run = 0; run < runs; ++run)
    sidecar["run_seeds"].push_back(Rng::run_seed(experiment.scenario.seed, run));
  sidecar["policy"]           = experiment.scenario.policy;
  sidecar["network_model"]    = experiment.scenario.network_model;
  sidecar["crosstraffic"]     = experiment.scenario.crosstraffic;
  sidecar["platform"]         = experiment.scenario.platform_path;
  // Simulated activities over every repetition (executions, transfers, timed waits such as
  // control-message latencies): the simulation's cost, whatever machine runs it.
  long long execs = 0, comms = 0, delays = 0, rows = 0;
  for (int run = 0; run < runs; ++run) {
    long long e = 0, c = 0, d = 0, q = 0;
    std::istringstream in(read_result_file(fmt::format("{}/activities.{:06d}.part", staging, run)));
    in >> e >> c >> d >> q;
    execs += e, comms += c, delays += d, rows += q;
  }
  sidecar["activities"] = {{"executions", execs},
                           {"transfers", comms},
                           {"timed_waits", delays},
                           {"per_query", rows > 0 ? static_cast<double>(execs + comms + delays) / static_cast<double>(rows) : 0.0}};
  write_file_atomic(staging + "/run.json", sidecar.dump(2) + "\n");
  write_file_atomic(staging + "/config.toml", experiment.effective_config + "\n");

  for (const std::string& name : outputs)
    if (std::rename((staging + "/" + name).c_str(), (options.out_dir + "/" + name).c_str()) != 0) {
      remove_tree(staging);
      throw InputError(options.out_dir, name, fmt::format("cannot move output into place: {}", std::strerror(errno)));
    }
  remove_tree(staging);
  return 0;
}

} // namespace ciodesim::experiment
