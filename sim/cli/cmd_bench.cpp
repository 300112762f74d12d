// `ciodesim bench`: ciodesim against raw SimGrid on the same activity mix, in one run, and
// a scaling table. Each measurement runs in its own process (one SimGrid engine each).
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/process.hpp"
#include "sim/experiment/config.hpp"
#include "sim/platform/generator.hpp"
#include "sim/platform/platform_loader.hpp"
#include "sim/runtime/raw_replay.hpp"
#include "sim/runtime/simulation.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <cstdio>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ciodesim::cli {
namespace {

struct Measure {
  double wall_s = 0, sim_s = 0;
  long rss_kb = 0;
  runtime::ActivityMix mix;
};

struct Scenario {
  int requesters = 100, nodes = 10, queries = 100;
  int nodes_per_subnet = 4; // = candidates: a requester's candidates share its subnet
  int subnets() const { return std::max(1, (nodes + nodes_per_subnet - 1) / nodes_per_subnet); }
  std::string policy = "ciode", model = "resnet50";
};

// The model is installed on every node beforehand (as in the paper's Fig. 5), so queries
// offload block by block under the waiting locks from the first one on.
std::string scenario_toml(const Scenario& s)
{
  return fmt::format("name = \"bench\"\nseed = 1\npolicy = \"{}\"\ncandidates = 4\n[network]\nmodel = \"CM02\"\n"
                     "[generate]\nsubnets = {}\nrequesters = {}\nnodes = {}\nqueries = {}\nrate_per_s = 1.0\n"
                     "preload = true\nmodels = {{ {} = 1.0 }}\n",
                     s.policy, s.subnets(), s.requesters, s.nodes, s.queries, s.model);
}

// Runs `body` in a child and returns what it wrote: wall, rss, sim time and the mix.
Measure in_child(const std::function<Measure()>& body)
{
  int fds[2];
  if (::pipe(fds) != 0)
    throw std::runtime_error("pipe failed");
  std::fflush(stdout);
  const pid_t parent = ::getpid();
  const pid_t pid    = ::fork();
  if (pid == 0) {
    die_with_parent(parent);
    ::close(fds[0]);
    Measure m;
    try {
      const auto t0 = std::chrono::steady_clock::now();
      m             = body();
      m.wall_s      = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      struct rusage usage {};
      ::getrusage(RUSAGE_SELF, &usage);
      m.rss_kb = usage.ru_maxrss;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "error: bench: %s\n", e.what());
      ::_exit(1);
    }
    const std::string line = fmt::format("{} {} {} {} {} {} {} {} {} {} {}\n", m.wall_s, m.rss_kb, m.sim_s,
                                         m.mix.requesters, m.mix.queries_per_requester, m.mix.execs, m.mix.comms,
                                         m.mix.exec_flops, m.mix.comm_bytes, m.mix.delays, m.mix.delay_s);
    (void)!::write(fds[1], line.data(), line.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  char buf[512] = {};
  const ssize_t n = ::read(fds[0], buf, sizeof(buf) - 1);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (n <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("benchmark child failed");
  Measure m;
  std::sscanf(buf, "%lf %ld %lf %d %d %lld %lld %lf %lf %lld %lf", &m.wall_s, &m.rss_kb, &m.sim_s, &m.mix.requesters,
              &m.mix.queries_per_requester, &m.mix.execs, &m.mix.comms, &m.mix.exec_flops, &m.mix.comm_bytes,
              &m.mix.delays, &m.mix.delay_s);
  return m;
}

// A scratch file of this process in $TMPDIR (or /tmp).
std::string temp_path(const char* ext)
{
  return (std::filesystem::temp_directory_path() / fmt::format("ciodesim-bench-{}.{}", ::getpid(), ext)).string();
}

// `activity_log`: where the run logs every activity for the exact replay ("": no log).
Measure run_ciodesim(const Scenario& scenario, const std::string& activity_log = "")
{
  return in_child([=] {
    const std::string path = temp_path("toml");
    write_file_atomic(path, scenario_toml(scenario));
    auto loaded = experiment::load_experiment(path);
    std::remove(path.c_str());
    loaded.scenario.activity_log_path = activity_log;
    const auto records = runtime::run_simulation(loaded.scenario, loaded.topology);
    Measure m;
    m.sim_s                     = records.end_time_s;
    m.mix.requesters            = scenario.requesters;
    m.mix.queries_per_requester = scenario.queries;
    m.mix.execs                 = records.execs;
    m.mix.comms                 = records.comms;
    m.mix.exec_flops            = records.exec_flops;
    m.mix.comm_bytes            = records.comm_bytes;
    m.mix.delays                = records.delays;
    m.mix.delay_s               = records.delay_s;
    return m;
  });
}

// The platform of `scenario`, built in this process's engine as the ciodesim run built it.
platform::Topology bench_platform(const Scenario& scenario)
{
  platform::init_engine({"--cfg=network/model:CM02", "--cfg=network/crosstraffic:0"});
  platform::GeneratorSpec spec;
  spec.requesters = scenario.requesters;
  spec.nodes      = scenario.nodes;
  spec.subnets    = scenario.subnets();
  return platform::build_generated_platform(spec);
}

// Exact replay of the logged activities (the baseline of overhead_ratio).
Measure run_exact(const Scenario& scenario, const std::string& activity_log)
{
  return in_child([=] {
    const auto topo = bench_platform(scenario);
    Measure m;
    m.mix.requesters            = scenario.requesters;
    m.mix.queries_per_requester = scenario.queries;
    m.sim_s                     = runtime::run_logged_replay(topo, activity_log, m.mix);
    return m;
  });
}

// The same counts with every activity at the run's average size: identical sizes finish
// together, so SimGrid handles them in far fewer rounds (a lower bound, not the workload).
Measure run_averaged(const Scenario& scenario, const runtime::ActivityMix& mix)
{
  return in_child([=] {
    const auto topo = bench_platform(scenario);
    Measure m;
    m.mix   = mix;
    m.sim_s = runtime::run_raw_replay(topo, mix);
    return m;
  });
}

void print(const char* label, const Measure& m)
{
  const double events = static_cast<double>(m.mix.execs + m.mix.comms + m.mix.delays);
  fmt::print("{:<9} wall {:8.3f} s  activities {:>9.0f}  ({:>9.0f}/s)  peak RSS {:6.1f} MB  simulated {:.1f} s\n", label,
             m.wall_s, events, events / std::max(m.wall_s, 1e-9), m.rss_kb / 1024.0, m.sim_s);
}

} // namespace

Runner add_bench(CLI::App& app)
{
  struct Options {
    Scenario scenario;
    bool scaling = true;
  };
  auto opt  = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("bench", "Benchmark: ciodesim vs raw SimGrid on the same activity mix; scaling table");
  cmd->add_option("--requesters", opt->scenario.requesters, "Requester devices")->capture_default_str();
  cmd->add_option("--nodes", opt->scenario.nodes, "Edge nodes")->capture_default_str();
  cmd->add_option("--nodes-per-subnet", opt->scenario.nodes_per_subnet,
                  "Edge nodes per subnet (requesters spread evenly over the subnets)")
      ->capture_default_str();
  cmd->add_option("--queries", opt->scenario.queries, "Queries per requester")->capture_default_str();
  cmd->add_option("--policy", opt->scenario.policy, "Policy")->capture_default_str();
  cmd->add_option("--model", opt->scenario.model, "Model, installed on every node beforehand")->capture_default_str();
  auto no_scaling = std::make_shared<bool>(false); // a plain flag: "!--no-scaling" shows as "{false}" in help
  cmd->add_flag("--no-scaling", *no_scaling, "Skip the scaling table");
  return [opt, no_scaling]() {
    opt->scaling = !*no_scaling;
    const Scenario& sc = opt->scenario;
    if (sc.requesters < 1 || sc.nodes < 1 || sc.queries < 1 || sc.nodes_per_subnet < 1)
      throw InputError("bench", "", "requesters, nodes, nodes-per-subnet and queries must be >= 1");
    // the [generate] limits of experiment configs: beyond them memory, not the bench, is measured
    if (sc.requesters > 1000000 || sc.nodes > 1000000 || sc.nodes_per_subnet > 1000000 || sc.queries > 100000000)
      throw InputError("bench", "", "out of range",
                       "--requesters, --nodes, --nodes-per-subnet 1 .. 1000000, --queries 1 .. 100000000");
    fmt::print("scenario: {} requesters x {} queries, {} preloaded on {} nodes in {} subnets, policy {}, CM02\n",
               sc.requesters, sc.queries, sc.model, sc.nodes, sc.subnets(), sc.policy);
    const std::string log  = temp_path("activities");
    const Measure sim      = run_ciodesim(sc, log);
    Measure raw;
    try {
      raw = run_exact(sc, log);
    } catch (...) {
      std::remove(log.c_str());
      throw;
    }
    std::remove(log.c_str());
    const Measure averaged = run_averaged(sc, sim.mix);
    print("ciodesim", sim);
    print("raw s4u", raw);
    print("raw avg", averaged);
    if (opt->scaling) {
      fmt::print("\nscaling (10 queries per requester, nodes = requesters / 10):\n");
      fmt::print("{:>10} {:>7} {:>9} {:>10} {:>10} {:>12}\n", "requesters", "nodes", "queries", "wall_s", "rss_MB",
                 "queries/s");
      for (int r : {10, 100, 1000}) {
        Scenario point = sc;
        point.requesters = r, point.nodes = std::max(1, r / 10), point.queries = 10;
        const Measure m  = run_ciodesim(point);
        fmt::print("{:>10} {:>7} {:>9} {:>10.3f} {:>10.1f} {:>12.0f}\n", r, std::max(1, r / 10), r * 10, m.wall_s,
                   m.rss_kb / 1024.0, r * 10 / std::max(m.wall_s, 1e-9));
      }
    }
    fmt::print("overhead_ratio={:.2f}\n", sim.wall_s / std::max(raw.wall_s, 1e-9));
    return 0;
  };
}

} // namespace ciodesim::cli
