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
#include <fcntl.h>
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

// The staging directory's output files, created once per run by the parent and appended to
// by each repetition's process in run order (repetitions run one after the other): no file
// per repetition to create, merge and delete (ext4's inode allocation was 8 % of a sweep
// point's CPU). A failed repetition fails the whole run, so its partial rows never land.
class StagedOutputs {
public:
  StagedOutputs(const std::string& staging, const std::vector<std::string>& parts)
  {
    for (const auto& part : parts)
      files_.push_back({part, fmt::format("{}/{}.csv", staging, part), open_append(fmt::format("{}/{}.csv", staging, part))});
    activities_ = {"activities", staging + "/activities.txt", open_append(staging + "/activities.txt")};
  }
  ~StagedOutputs()
  {
    for (const auto& f : files_)
      ::close(f.fd);
    ::close(activities_.fd);
  }
  StagedOutputs(const StagedOutputs&)            = delete;
  StagedOutputs& operator=(const StagedOutputs&) = delete;
  void append(const std::string& part, const std::string& text) const { write_all(find(part), text); }
  void append_activities(const std::string& line) const { write_all(activities_, line); }
  const std::string& activities_path() const { return activities_.path; }

private:
  struct File {
    std::string part, path;
    int fd = -1;
  };
  std::vector<File> files_;
  File activities_;

  static int open_append(const std::string& path)
  {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
      throw InputError(path, "", fmt::format("cannot write: {}", std::strerror(errno)));
    return fd;
  }
  const File& find(const std::string& part) const
  {
    for (const auto& f : files_)
      if (f.part == part)
        return f;
    throw std::logic_error("no staged output " + part);
  }
  static void write_all(const File& f, const std::string& text)
  {
    for (std::size_t done = 0; done < text.size();) {
      const ssize_t n = ::write(f.fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        throw InputError(f.path, "", fmt::format("cannot write: {}", std::strerror(errno)));
      done += static_cast<std::size_t>(n);
    }
  }
};

// An error of a repetition's process starts its own line, not the end of the progress bar.
void clear_progress_line()
{
  if (::isatty(STDERR_FILENO))
    std::fprintf(stderr, "\r\x1b[K");
}

// One repetition; writes its fragments into the staging directory. Returns an exit code.
// It sets the scenario's run index in place rather than copying the scenario (a tenth of a
// small repetition's CPU): in a forked child that is the child's own memory.
int run_one(LoadedExperiment& experiment, int run, const StagedOutputs& outputs, const runtime::QueryProgress& progress)
{
  int code = 0;
  try {
    runtime::Scenario& scenario = experiment.scenario;
    scenario.run_index          = run;
    const auto records         = runtime::run_simulation(scenario, experiment.topology, progress);
    const auto written_from    = std::chrono::steady_clock::now();
    const std::uint64_t seed   = Rng::run_seed(scenario.seed, run);
    // Each part streams to disk: a million rows never exist as one string. Run 0's rows
    // follow the header.
    using Rows = void (*)(const runtime::Records&, int, std::uint64_t, std::string&, const RowFlush&);
    const auto header = [run](const std::string& text) { return run == 0 ? text : std::string(); };
    auto stream = [&](const std::string& name, const std::string& head, Rows rows) {
      std::string buffer = header(head);
      rows(records, run, seed, buffer, [&](std::string& out) {
        outputs.append(name, out);
        out.clear();
      });
      outputs.append(name, buffer); // what the last flush left
    };
    const Rows writers[]        = {queries_rows, uploads_rows, locks_rows};
    const std::string headers[] = {queries_header(), uploads_header(), locks_header()};
    for (int i = 0; i < 3; ++i)
      stream(kParts[i], headers[i], writers[i]);
    outputs.append(kParts[3], header(summary_header()) + summary_rows(records, run, seed));
    if (scenario.mobility.enabled)
      for (const auto& part : mobility_parts())
        stream(part.name, part.header, part.rows);
    XBT_INFO("run %d: outputs written: %.3f s wall", run,
             std::chrono::duration<double>(std::chrono::steady_clock::now() - written_from).count());
    // what the simulation cost, for run.json: SimGrid activities by kind, one line per run
    outputs.append_activities(
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

int run_experiment(LoadedExperiment& experiment, const RunOptions& options)
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

  std::vector<std::string> parts(std::begin(kParts), std::end(kParts));
  if (experiment.scenario.mobility.enabled)
    for (const auto& part : mobility_parts())
      parts.push_back(part.name);
  const StagedOutputs staged(staging, parts);

  const int runs           = experiment.repetitions;
  const long long total    = experiment_work(experiment);
  const long long per_run  = runs > 0 ? total / runs : 0;
  ProgressLine line(!options.quiet && ::isatty(STDERR_FILENO), "");
  double last_file_s = 0;
  auto report = [&](int run, long long in_run, bool force) {
    const long long done = static_cast<long long>(run) * per_run + std::min(in_run, per_run);
    line.draw(done, total, runs > 1 ? fmt::format("run {}/{}", std::min(run + 1, runs), runs) : "", force);
    // the progress file at most every 0.5 s, and once at the end (a short run writes it once)
    const bool ended = force && run >= runs;
    if (!options.progress_file.empty() && (ended || line.elapsed_s() - last_file_s >= 0.5)) {
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
      worst = run_one(experiment, run, staged, [&](long long n) { report(run, n, false); });
    } else {
      std::fflush(stdout);
      std::fflush(stderr);
      const pid_t parent = ::getpid();
      const pid_t pid    = ::fork();
      if (pid == 0) {
        die_with_parent(parent);
        ::_exit(run_one(experiment, run, staged, [&recorded](long long n) { recorded.store(n); }));
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

  // Every repetition appended its rows in run order; move every file into place.
  std::vector<std::string> outputs{"run.json", "config.toml"};
  for (const auto& part : parts)
    outputs.push_back(part + ".csv");
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
  std::istringstream activities(read_result_file(staged.activities_path()));
  for (long long e = 0, c = 0, d = 0, q = 0; activities >> e >> c >> d >> q;)
    execs += e, comms += c, delays += d, rows += q;
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
