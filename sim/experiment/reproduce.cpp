#include "sim/experiment/reproduce.hpp"

#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/process.hpp"
#include "sim/core/process_pool.hpp"
#include "sim/experiment/csv_table.hpp"
#include "sim/experiment/reproduce_seed_papers.hpp"
#include "sim/experiment/sweep.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <sys/stat.h>
#include <unistd.h>
#include <tuple>

namespace ciodesim::experiment {
namespace {

std::string num(double v)
{
  return fmt::format("{:.6g}", v);
}

// Keeps first-appearance order (the sweep's order) of a column's values.
std::vector<std::string> ordered_values(const CsvTable& t, std::size_t column)
{
  std::vector<std::string> out;
  for (const auto& row : t.rows)
    if (std::find(out.begin(), out.end(), row[column]) == out.end())
      out.push_back(row[column]);
  return out;
}

std::vector<std::string> quick_sets(const std::string& config)
{
  std::vector<std::string> sets;
  const toml::table doc = toml::parse(read_text_file(config), config);
  if (const auto* quick = doc["reproduce"]["quick"].as_array())
    for (const auto& v : *quick)
      if (auto s = v.value<std::string>())
        sets.push_back(*s);
  return sets;
}

// Per (point, run): the requesters' query rows (background rows have policy "local").
struct RunKey {
  std::string point, run;
  bool operator<(const RunKey& o) const { return std::tie(point, run) < std::tie(o.point, o.run); }
};

} // namespace

void write_table2_and_fig4(const std::string& raw_dir, const std::string& out_dir)
{
  const CsvTable q = read_csv(raw_dir + "/queries.csv", {"point", "run", "model", "policy", "seed", "index",
                                                         "latency_s", "start_s", "plan_time_s"});
  const CsvTable s = read_csv(raw_dir + "/summary.csv");
  const auto c_point = q.col("point"), c_run = q.col("run"), c_model = q.col("model"), c_policy = q.col("policy"),
             c_seed = q.col("seed"), c_index = q.col("index"), c_lat = q.col("latency_s"),
             c_start = q.col("start_s"), c_plan = q.col("plan_time_s");
  // Per run: when the planned upload set was all resident (summary.csv upload_complete_s), or
  // never (upload_complete = 0); the requester's row, not the pooled one.
  std::map<RunKey, std::pair<bool, double>> upload_complete;
  for (std::size_t r = 0; r < s.rows.size(); ++r)
    if (s.rows[r][s.col("policy")] != "local" && s.rows[r][s.col("requester")] != "all")
      upload_complete[{s.rows[r][s.col("point")], s.rows[r][s.col("run")]}] = {
          s.rows[r][s.col("upload_complete")] == "1", s.number(r, s.col("upload_complete_s"))};

  std::string fig4 = "model,policy,seed,query_index,latency_s\n";
  std::map<RunKey, std::vector<std::size_t>> runs;
  std::map<std::pair<std::string, std::string>, std::vector<RunKey>> by_setting;
  for (std::size_t r = 0; r < q.rows.size(); ++r) {
    const auto& row = q.rows[r];
    if (row[c_policy] == "local")
      continue;
    fig4 += csv_row({row[c_model], row[c_policy], row[c_seed], row[c_index], row[c_lat]});
    const RunKey key{row[c_point], row[c_run]};
    if (runs[key].empty())
      by_setting[{row[c_model], row[c_policy]}].push_back(key);
    runs[key].push_back(r);
  }
  write_file_atomic(out_dir + "/fig4.csv", fig4);

  // Table 2 as the paper defines it (docs/results.md): plan time = the run's first plan (its
  // first query's planning, a baseline's upload-order computation included); offload time =
  // until the planned upload set is resident, over the runs where it became so
  // (upload_complete counts them); classification = mean latency of the queries that started
  // after that (runs whose uploads never completed: their last quarter); total = the sum.
  std::string table = "model,policy,plan_time_s,offload_time_s,classification_time_s,total_s,plan_time_ci95_s,"
                      "offload_time_ci95_s,classification_time_ci95_s,total_ci95_s,runs,upload_complete\n";
  for (const auto& model : ordered_values(q, c_model))
    for (const auto& policy : ordered_values(q, c_policy)) {
      auto it = by_setting.find({model, policy});
      if (it == by_setting.end())
        continue;
      std::vector<double> plan, offload, classify, total;
      int complete = 0;
      for (const RunKey& key : it->second) {
        const auto& rows           = runs[key];
        const auto [done, done_s]  = upload_complete[key];
        double first_plan = 0, cls_sum = 0;
        std::size_t cls_n = 0;
        for (std::size_t r : rows)
          if (q.rows[r][c_index] == "0")
            first_plan = q.number(r, c_plan);
        for (std::size_t r : rows)
          if (done && q.number(r, c_start) >= done_s) {
            cls_sum += q.number(r, c_lat);
            ++cls_n;
          }
        if (cls_n == 0) // uploads never completed, or outlasted the queries: the last quarter
          for (std::size_t i = rows.size() - std::max<std::size_t>(1, rows.size() / 4); i < rows.size(); ++i) {
            cls_sum += q.number(rows[i], c_lat);
            ++cls_n;
          }
        plan.push_back(first_plan);
        classify.push_back(cls_sum / static_cast<double>(cls_n));
        if (done) {
          ++complete;
          offload.push_back(done_s);
          total.push_back(first_plan + done_s + classify.back());
        }
      }
      const Estimate p = estimate(plan), o = estimate(offload), c = estimate(classify), t = estimate(total);
      auto cell = [&](const Estimate& e, double v) { return e.n > 0 ? num(v) : std::string("nan"); };
      table += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}/{}\n", csv_field(model), csv_field(policy),
                           num(p.mean), cell(o, o.mean), num(c.mean), cell(t, t.mean), num(p.ci95), cell(o, o.ci95),
                           num(c.ci95), cell(t, t.ci95), p.n, complete, p.n);
    }
  write_file_atomic(out_dir + "/table2.csv", table);
}

void write_fig5(const std::string& raw_dir, const std::string& out_dir)
{
  const CsvTable q = read_csv(raw_dir + "/queries.csv", {"point", "run", "model", "policy", "latency_s", "conflicts"});
  const auto c_point = q.col("point"), c_run = q.col("run"), c_model = q.col("model"), c_policy = q.col("policy"),
             c_lat = q.col("latency_s"), c_conf = q.col("conflicts");
  std::map<RunKey, std::pair<std::vector<double>, std::vector<double>>> runs;
  std::map<std::pair<std::string, std::string>, std::vector<RunKey>> by_setting;
  for (std::size_t r = 0; r < q.rows.size(); ++r) {
    const auto& row = q.rows[r];
    if (row[c_policy] == "local")
      continue;
    const RunKey key{row[c_point], row[c_run]};
    if (runs[key].first.empty())
      by_setting[{row[c_model], row[c_policy]}].push_back(key);
    runs[key].first.push_back(q.number(r, c_lat));
    runs[key].second.push_back(q.number(r, c_conf));
  }
  std::string out = "model,policy,mean_latency_s,mean_conflicts,mean_latency_ci95_s,mean_conflicts_ci95,runs\n";
  for (const auto& model : ordered_values(q, c_model))
    for (const auto& policy : ordered_values(q, c_policy)) {
      auto it = by_setting.find({model, policy});
      if (it == by_setting.end())
        continue;
      std::vector<double> latency, conflicts;
      for (const RunKey& key : it->second) {
        latency.push_back(estimate(runs[key].first).mean);
        conflicts.push_back(estimate(runs[key].second).mean);
      }
      const Estimate l = estimate(latency), c = estimate(conflicts);
      out += fmt::format("{},{},{},{},{},{},{}\n", csv_field(model), csv_field(policy),
                         num(l.mean), num(c.mean), num(l.ci95), num(c.ci95),
                         l.n);
    }
  write_file_atomic(out_dir + "/fig5.csv", out);
}

namespace {

// Fig. 6's changed device: the one whose access bandwidth the experiment sweeps.
constexpr const char* kChangedDevice = "D3";

std::string device_of(const std::string& processor)
{
  return processor.substr(0, processor.find('.'));
}

// Where each requester query ran, from a point's locks.csv grants: a segment on the changed
// device's processors, and one on another node (neither: all local).
struct Placement {
  bool changed = false, other = false;
};
using QueryKey = std::tuple<std::string, std::string, std::string>; // run, requester, query index

std::map<QueryKey, Placement> placements(const std::string& locks_path,
                                         const std::map<std::string, std::string>& requester_device)
{
  const CsvTable l   = read_csv(locks_path, {"run", "processor", "client", "query", "event"});
  const auto c_run = l.col("run"), c_processor = l.col("processor"), c_client = l.col("client"),
             c_query = l.col("query"), c_event = l.col("event");
  std::map<QueryKey, Placement> out;
  for (const auto& row : l.rows) {
    auto it = requester_device.find(row[c_client]);
    if (row[c_event] != "grant" || it == requester_device.end())
      continue; // background clients, requests, releases
    const std::string device = device_of(row[c_processor]);
    if (device == it->second)
      continue; // the requester's own processors
    Placement& p = out[{row[c_run], row[c_client], row[c_query]}];
    (device == kChangedDevice ? p.changed : p.other) = true;
  }
  return out;
}

} // namespace

void write_fig6(const std::string& raw_dir, const std::string& out_dir, const std::string& name)
{
  const std::string bandwidth_key = fmt::format("network.bandwidth.{}", kChangedDevice);
  const CsvTable q   = read_csv(raw_dir + "/queries.csv", {"point", "run", "model", "policy", "latency_s", bandwidth_key,
                                                            "requester", "device", "index"});
  const auto c_point = q.col("point"), c_run = q.col("run"), c_model = q.col("model"), c_policy = q.col("policy"),
             c_lat = q.col("latency_s"), c_bw = q.col(bandwidth_key), c_requester = q.col("requester"),
             c_device = q.col("device"), c_index = q.col("index");
  using Setting = std::tuple<std::string, std::string, std::string>; // model, policy, bandwidth
  std::map<Setting, std::map<RunKey, std::vector<double>>> latencies;
  std::map<std::string, std::map<std::string, std::string>> requesters; // point -> requester -> device
  for (std::size_t r = 0; r < q.rows.size(); ++r) {
    const auto& row = q.rows[r];
    if (row[c_policy] == "local")
      continue;
    latencies[{row[c_model], row[c_policy], row[c_bw]}][{row[c_point], row[c_run]}].push_back(q.number(r, c_lat));
    requesters[row[c_point]][row[c_requester]] = row[c_device];
  }
  const auto bandwidths = ordered_values(q, c_bw);
  if (bandwidths.size() != 2)
    throw InputError(raw_dir + "/queries.csv", bandwidth_key, "Fig. 6 needs exactly two bandwidths");
  // Share of each setting's queries with a segment on the changed device, and with segments
  // only on other nodes (what multi-node planning does when that device's network changes).
  std::map<Setting, std::array<std::size_t, 3>> placed; // queries, on the changed device, elsewhere only
  std::map<std::string, std::map<QueryKey, Placement>> by_point;
  for (const auto& [point, devices] : requesters)
    by_point[point] = placements(fmt::format("{}/points/p{:05d}/locks.csv", raw_dir, std::stoi(point)), devices);
  for (const auto& row : q.rows) {
    if (row[c_policy] == "local")
      continue;
    auto& counts       = placed[{row[c_model], row[c_policy], row[c_bw]}];
    const auto& points = by_point[row[c_point]];
    auto it            = points.find({row[c_run], row[c_requester], row[c_index]});
    ++counts[0];
    if (it != points.end())
      ++counts[it->second.changed ? 1 : 2];
  }
  auto mean_over_runs = [](const std::map<RunKey, std::vector<double>>& runs, double& ci) {
    std::vector<double> means;
    for (const auto& [key, v] : runs)
      means.push_back(estimate(v).mean);
    const Estimate e = estimate(means);
    ci               = e.ci95;
    return e.mean;
  };
  auto share = [&](const Setting& s, int which) {
    const auto& c = placed[s];
    return num(static_cast<double>(c[which]) / static_cast<double>(c[0]));
  };
  std::string out = "model,policy,net1_mean_latency_s,net2_mean_latency_s,increase_pct,net1_ci95_s,net2_ci95_s,"
                    "net1_bandwidth,net2_bandwidth,changed_device,net1_share_changed_device,net1_share_other_nodes,"
                    "net2_share_changed_device,net2_share_other_nodes\n";
  for (const auto& model : ordered_values(q, c_model))
    for (const auto& policy : ordered_values(q, c_policy)) {
      const Setting s1{model, policy, bandwidths[0]}, s2{model, policy, bandwidths[1]};
      auto a = latencies.find(s1);
      auto b = latencies.find(s2);
      if (a == latencies.end() || b == latencies.end())
        continue;
      double ci1 = 0, ci2 = 0;
      const double net1 = mean_over_runs(a->second, ci1), net2 = mean_over_runs(b->second, ci2);
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(model), csv_field(policy),
                         num(net1), num(net2), num((net2 - net1) / net1 * 100.0), num(ci1), num(ci2), bandwidths[0],
                         bandwidths[1], kChangedDevice, share(s1, 1), share(s1, 2), share(s2, 1), share(s2, 2));
    }
  write_file_atomic(out_dir + "/" + name + ".csv", out);
}

namespace {

std::string python()
{
  struct stat info {};
  return ::stat("/usr/bin/python3", &info) == 0 ? "/usr/bin/python3" : "python3"; // Debian's, with matplotlib
}

std::string markdown_table(const std::string& csv_path, const std::vector<std::string>& columns)
{
  const CsvTable t = read_csv(csv_path);
  std::string md   = "|";
  for (const auto& c : columns)
    md += " " + c + " |";
  md += "\n|";
  for (std::size_t i = 0; i < columns.size(); ++i)
    md += "---|";
  md += "\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    md += "|";
    for (const auto& c : columns)
      md += " " + t.rows[r][t.col(c)] + " |";
    md += "\n";
  }
  return md;
}

void write_report(const std::string& out, bool quick, const std::vector<std::string>& sets,
                  const std::vector<std::string>& configs, bool ciode, bool dads, bool loadpart)
{
  std::string md = "# ciodesim: the seed papers' experiments, simulated\n\n";
  // By real path and hash, so that a report says which files it came from wherever they live.
  md += "Configs:\n";
  for (const auto& config : configs) {
    std::error_code ec;
    const auto real = std::filesystem::canonical(config, ec);
    md += fmt::format("- `{}` (file hash {})\n", ec ? config : real.string(), fnv1a_hex(read_text_file(config)));
  }
  md += "\n";
  if (!sets.empty()) {
    md += "Overrides applied to every config (`--set`):";
    for (const auto& s : sets)
      md += " `" + s + "`";
    md += "\n\n";
  }
  md += quick ? "Quick run (`--quick`): fewer seeds and queries than the paper; use it to check the pipeline, "
                "not the numbers.\n\n"
              : "Each value is the mean over the configs' seeds (10, as in the paper) with a 95 % confidence "
                "half-width in the CSV files.\n\n";
  md += "Why and where these numbers differ from the paper: `docs/results.md`.\n\n";
  if (ciode) {
    md += "## Table 2: plan, offload (upload), classification and total time (s)\n\n";
    md += "The paper's Table 2 values are not in the text we have; compare orderings with its Section 5.2: CIODE "
          "plans fastest (after All-at-once) and offloads least.\n\n";
    md += markdown_table(out + "/table2.csv",
                         {"model", "policy", "plan_time_s", "offload_time_s", "classification_time_s", "total_s",
                        "upload_complete"});
    md += "\n![Table 2](table2.png)\n\n## Fig. 4: query latency while the model uploads\n\n![Fig. 4](fig4.png)\n\n";
    md += "Paper: All-at-once stays slow until the whole model is uploaded; CIODE, Enhanced IONN and PerDNN improve "
          "during the upload, CIODE first.\n\n";
    md += "## Fig. 5: waiting lock (CIODE) against M-BEB\n\n";
    md += "Paper: M-BEB has more conflicts and longer execution times; CIODE's average conflicts stay below 1.\n\n";
    md += markdown_table(out + "/fig5.csv", {"model", "policy", "mean_latency_s", "mean_conflicts"});
    md += "\n![Fig. 5](fig5.png)\n\n## Fig. 6: D3 from Net-1 (80 Mbps) to Net-2 (20 Mbps)\n\n";
    md += "Paper (Section 5.4): All-at-once +296.7 % (AlexNet), +300.6 % (ResNet), +201.5 % (VGG-16); Enhanced IONN "
          "+110 %, +218 %, +152.3 %; PerDNN +100.5 %, +192 %, +151.3 %; CIODE +17.3 % on average.\n\n";
    md += markdown_table(out + "/fig6.csv",
                         {"model", "policy", "net1_mean_latency_s", "net2_mean_latency_s", "increase_pct"});
    md += "\n![Fig. 6](fig6.png)\n";
    if (std::filesystem::exists(out + "/fig6_resilience.csv")) {
      md += "\n### Fig. 6, the variant where D3 matters: D2's GPU loaded (90 % utilisation)\n\n";
      md += "Not in the paper: with the nearest GPU queued, CIODE plans over D2's CPU and D3 too, so D3's move to "
            "Net-2 reaches it as well (docs/results.md).\n\n";
      md += markdown_table(out + "/fig6_resilience.csv",
                           {"model", "policy", "net1_mean_latency_s", "net2_mean_latency_s", "increase_pct",
                            "net1_share_changed_device", "net2_share_changed_device", "net2_share_other_nodes"});
      md += "\nShares: of the queries, those with a segment on D3 and those whose segments all ran on other nodes "
            "(D2); the rest ran locally.\n\n![Fig. 6, D2's GPU loaded](fig6_resilience.png)\n";
    }
  }
  if (dads)
    md += "\n" + dads_report_section(out);
  if (loadpart)
    md += "\n" + loadpart_report_section(out);
  write_file_atomic(out + "/report.md", md);
}

} // namespace

const std::vector<std::string>& reproduce_suites()
{
  static const std::vector<std::string> suites{"ciode", "dads", "loadpart"};
  return suites;
}

int reproduce(const ReproduceOptions& options)
{
  const auto& suites = reproduce_suites();
  if (options.suite != "all" && std::find(suites.begin(), suites.end(), options.suite) == suites.end())
    throw InputError("--suite", options.suite, "unknown suite", "ciode, dads, loadpart, all");
  const bool ciode = options.suite == "all" || options.suite == "ciode";
  const bool dads  = options.suite == "all" || options.suite == "dads";
  const bool loadpart = options.suite == "all" || options.suite == "loadpart";
  const std::string paper = options.paper_dir.empty() ? data_dir() + "/experiments/paper"
                                                      : options.paper_dir;
  // Raw results go to DIR/raw/<name>; a variant adds `sets` and keeps only the sweep
  // points of `policies` (empty: every point).
  enum Suite { kCiode, kDads, kLoadpart };
  struct Wanted {
    std::string name, config;
    std::vector<std::string> sets, policies;
    Suite suite;
  };
  std::vector<Wanted> wanted;
  // Fig. 6's variant where D3 matters (D2's GPU loaded), when the config directory has it
  const std::string resilience = fmt::format("{}/fig6-resilience.toml", paper);
  struct stat info {};
  const bool with_resilience = ciode && ::stat(resilience.c_str(), &info) == 0;
  if (ciode)
    for (const char* name : {"table2", "fig5", "fig6"})
      wanted.push_back({name, fmt::format("{}/{}.toml", paper, name), {}, {}, kCiode});
  if (with_resilience)
    wanted.push_back({"fig6-resilience", resilience, {}, {}, kCiode});
  if (dads)
    for (const char* name : {"latency", "throughput", "throughput-modes"})
      wanted.push_back({fmt::format("dads-{}", name), fmt::format("{}/experiments/dads/{}.toml", data_dir(), name), {}, {}, kDads});
  if (loadpart)
    for (const auto& load : loadpart_profiles()) {
      const std::string config = fmt::format("{}/experiments/loadpart/{}.toml", data_dir(), load);
      wanted.push_back({"loadpart-" + load, config, {}, {}, kLoadpart});
      for (const auto& v : loadpart_variants())
        wanted.push_back({"loadpart-" + load + "-" + v.suffix, config, v.sets, v.policies, kLoadpart});
    }
  struct Experiment {
    std::string name;
    SweepGrid grid;
    SweepOptions sweep;
    Suite suite;
  };
  std::vector<Experiment> experiments;
  std::vector<std::string> configs;
  for (const auto& [name, config, variant_sets, policies, suite] : wanted) {
    if (std::find(configs.begin(), configs.end(), config) == configs.end())
      configs.push_back(config);
    SweepGrid grid = read_sweep_grid(config);
    if (!policies.empty()) {
      const auto key = std::find(grid.keys.begin(), grid.keys.end(), "policy");
      if (key != grid.keys.end()) {
        const auto k = static_cast<std::size_t>(key - grid.keys.begin());
        grid.points.erase(std::remove_if(grid.points.begin(), grid.points.end(),
                                         [&, &policies = policies](const SweepPoint& p) {
                                           return std::find(policies.begin(), policies.end(), p.values[k]) ==
                                                  policies.end();
                                         }),
                          grid.points.end());
      }
    }
    SweepOptions sweep;
    sweep.config_path = config;
    sweep.out_dir     = fmt::format("{}/raw/{}", options.out_dir, name);
    sweep.jobs        = options.jobs;
    sweep.progress    = !options.quiet;
    if (options.quick)
      sweep.extra_sets = quick_sets(config);
    sweep.extra_sets.insert(sweep.extra_sets.end(), variant_sets.begin(), variant_sets.end());
    sweep.extra_sets.insert(sweep.extra_sets.end(), options.sets.begin(), options.sets.end());
    sweep.progress_label = name;
    sweep.point_work     = validate_points(grid, sweep); // every point of every experiment, before anything is written
    experiments.push_back({name, grid, sweep, suite});
  }
  if (::mkdir(options.out_dir.c_str(), 0755) != 0 && errno != EEXIST)
    throw InputError(options.out_dir, "", fmt::format("cannot create output directory: {}", std::strerror(errno)));
  ::mkdir((options.out_dir + "/raw").c_str(), 0755);
  // Every experiment's points, and as soon as an experiment's last point ended its merge,
  // then a suite's tables once its experiments are merged, then its figures: all in one pool,
  // so no core waits for the last point of an experiment or for a merge.
  const std::string& out = options.out_dir;
  const std::string raw  = out + "/raw";
  struct SuiteWork {
    std::function<void()> tables;
    std::vector<std::string> figures;
    int pending = 0;
    bool failed = false;
  };
  std::array<SuiteWork, 3> work;
  work[kCiode].tables = [&] {
    write_table2_and_fig4(raw + "/table2", out);
    write_fig5(raw + "/fig5", out);
    write_fig6(raw + "/fig6", out);
    if (with_resilience)
      write_fig6(raw + "/fig6-resilience", out, "fig6_resilience");
  };
  work[kCiode].figures = {"table2", "fig4", "fig5", "fig6"};
  if (with_resilience)
    work[kCiode].figures.emplace_back("fig6_resilience");
  work[kDads].tables = [&] {
    write_dads_latency(raw + "/dads-latency", out);
    write_dads_throughput(raw + "/dads-throughput", raw + "/dads-throughput-modes", out);
  };
  work[kDads].figures    = {"dads_latency", "dads_throughput"};
  work[kLoadpart].tables = [&] { write_loadpart(raw, out); };
  work[kLoadpart].figures = {"loadpart"};
  for (const auto& e : experiments)
    ++work[e.suite].pending;

  ProcessPool pool(options.jobs);
  SweepBatch batch(pool, !options.quiet, "reproduce");
  bool post_failed = false; // a merge, a table or a figure
  auto plot = [&](SuiteWork& suite) {
    // one python for the suite's figures (each would spend a second importing matplotlib)
    std::vector<std::string> argv = {python(), data_dir() + "/plots/reproduce.py", out};
    argv.insert(argv.end(), suite.figures.begin(), suite.figures.end());
    pool.submit({[argv] { return start_logged(argv, ""); },
                 [&post_failed, argv](int code) {
                   if (code == 0)
                     return;
                   std::string command;
                   for (const auto& a : argv)
                     command += (command.empty() ? "" : " ") + a;
                   std::fprintf(stderr, "error: plotting failed (%s)\n", command.c_str());
                   post_failed = true;
                 }},
                true);
  };
  auto merged = [&](SuiteWork& suite, int code) {
    post_failed = post_failed || code != 0;
    suite.failed = suite.failed || code != 0;
    if (--suite.pending > 0 || suite.failed)
      return;
    pool.submit({[&suite] { return start_forked([&suite] { suite.tables(); return 0; }); },
                 [&, &suite = suite](int tables_code) {
                   post_failed = post_failed || tables_code != 0;
                   if (tables_code == 0 && options.plots)
                     plot(suite);
                 }},
                true);
  };
  // LoADPart's long points first and DADS's short ones last: the work left when the last point
  // ends is DADS's merge, its two small tables and two figures, not LoADPart's 200,000-row
  // queries.csv files (the report lists the configs in suite order all the same).
  std::vector<Experiment*> run_order;
  for (Suite s : {kLoadpart, kCiode, kDads})
    for (auto& e : experiments)
      if (e.suite == s)
        run_order.push_back(&e);
  for (Experiment* ep : run_order) {
    Experiment& e    = *ep;
    SuiteWork& suite = work[e.suite];
    const std::string dir = e.sweep.out_dir;
    batch.add(
        e.grid, e.sweep,
        [&, &suite = suite, dir](int failed_points) {
          suite.failed = suite.failed || failed_points > 0;
          // merged even after a failure: the finished points stay usable (`ciodesim merge`)
          pool.submit({[dir] { return start_forked([dir] { merge_sweep(dir); return 0; }); },
                       [&, &suite = suite](int code) { merged(suite, code); }},
                      true);
        },
        options.quiet ? "" : fmt::format("{}: {}", e.name, e.sweep.config_path));
  }
  batch.draw(true);
  pool.run([&] { batch.draw(false); });
  batch.finish();
  if (batch.failed() > 0) {
    std::fprintf(stderr, "error: %d experiment points failed; see the logs in %s/raw/*/points\n", batch.failed(),
                 out.c_str());
    return 1;
  }
  if (post_failed)
    return 1;
  write_report(options.out_dir, options.quick, options.sets, configs, ciode, dads, loadpart);
  return 0;
}

} // namespace ciodesim::experiment
