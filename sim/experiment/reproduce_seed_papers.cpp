#include "sim/experiment/reproduce_seed_papers.hpp"

#include "sim/core/csv.hpp"
#include "sim/core/files.hpp"
#include "sim/experiment/csv_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>
#include <vector>

namespace ciodesim::experiment {
namespace {

std::string num(double v)
{
  return fmt::format("{:.6g}", v);
}

// The network class of an edge device of platforms/edge-cloud.xml.
std::string network_of(const std::string& device)
{
  if (device == "E3G")
    return "3G";
  if (device == "ELTE")
    return "4G/LTE";
  if (device == "EWIFI")
    return "Wi-Fi";
  return device;
}

using Setting = std::tuple<std::string, std::string, std::string>; // model, network, policy

// Settings in first-appearance order, with their per-run samples.
struct Samples {
  std::vector<Setting> order;
  std::map<Setting, std::map<std::string, std::vector<double>>> runs; // setting -> run key -> values
  void add(const Setting& s, const std::string& run, double v)
  {
    if (!runs.count(s))
      order.push_back(s);
    runs[s][run].push_back(v);
  }
};

double mean(const std::vector<double>& v)
{
  double sum = 0;
  for (double x : v)
    sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

// Value of (model, network, policy) in one of our CSV files, NaN if absent.
struct Table {
  CsvTable t;
  std::size_t value;
  double get(const std::string& model, const std::string& network, const std::string& policy) const
  {
    for (std::size_t r = 0; r < t.rows.size(); ++r)
      if (t.rows[r][t.col("model")] == model && t.rows[r][t.col("network")] == network &&
          t.rows[r][t.col("policy")] == policy)
        return t.number(r, value);
    return std::numeric_limits<double>::quiet_NaN();
  }
};

} // namespace

void write_dads_latency(const std::string& raw_dir, const std::string& out_dir)
{
  const CsvTable q = read_csv(raw_dir + "/queries.csv", {"point", "run", "model", "policy", "requester.0.device",
                                                         "index", "latency_s", "status"});
  const auto c_point = q.col("point"), c_run = q.col("run"), c_model = q.col("model"), c_policy = q.col("policy"),
             c_device = q.col("requester.0.device"), c_index = q.col("index"), c_lat = q.col("latency_s"),
             c_status = q.col("status");
  Samples steady, first;
  for (std::size_t r = 0; r < q.rows.size(); ++r) {
    const auto& row = q.rows[r];
    if (row[c_policy] == "local" || row[c_status] != "completed")
      continue;
    const Setting s{row[c_model], network_of(row[c_device]), row[c_policy]};
    const std::string run = row[c_point] + "/" + row[c_run];
    (row[c_index] == "0" ? first : steady).add(s, run, q.number(r, c_lat));
  }
  std::string out = "model,network,policy,mean_latency_s,ci95,first_frame_s,runs\n";
  for (const Setting& s : steady.order) {
    std::vector<double> means, firsts;
    for (const auto& [run, v] : steady.runs[s])
      means.push_back(mean(v));
    for (const auto& [run, v] : first.runs[s])
      firsts.push_back(mean(v));
    const Estimate e = estimate(means);
    out += fmt::format("{},{},{},{},{},{},{}\n", csv_field(std::get<0>(s)), csv_field(std::get<1>(s)),
                       csv_field(std::get<2>(s)), num(e.mean), num(e.ci95), num(mean(firsts)), e.n);
  }
  write_file_atomic(out_dir + "/dads_latency.csv", out);
}

void write_dads_throughput(const std::string& raw_dir, const std::string& modes_raw_dir, const std::string& out_dir)
{
  Samples samples;
  auto read = [&](const std::string& dir, bool modes) {
    const CsvTable s = read_csv(dir + "/summary.csv");
    const auto c_point = s.col("point"), c_run = s.col("run"), c_model = s.col("model"), c_policy = s.col("policy"),
               c_device = s.col("requester.0.device"), c_req = s.col("requester"), c_tp = s.col("throughput_qps");
    const std::size_t c_mode = modes ? s.col("dads.mode") : 0;
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      const auto& row = s.rows[r];
      if (row[c_policy] == "local" || row[c_req] == "all")
        continue;
      const std::string policy =
          modes ? (row[c_mode] == "light" ? "dads-dsl" : row[c_mode] == "heavy" ? "dads-dsh" : "dads-" + row[c_mode])
                : row[c_policy];
      samples.add({row[c_model], network_of(row[c_device]), policy}, row[c_point] + "/" + row[c_run],
                  s.number(r, c_tp));
    }
  };
  read(raw_dir, false);
  read(modes_raw_dir, true);
  // grouped by (model, network): the reference points first, as in the latency table
  std::vector<Setting> order = samples.order;
  std::stable_sort(order.begin(), order.end(), [&](const Setting& a, const Setting& b) {
    auto first_seen = [&](const Setting& s) {
      for (std::size_t i = 0; i < samples.order.size(); ++i)
        if (std::get<0>(samples.order[i]) == std::get<0>(s) && std::get<1>(samples.order[i]) == std::get<1>(s))
          return i;
      return samples.order.size();
    };
    return first_seen(a) < first_seen(b);
  });
  std::string out = "model,network,policy,throughput_qps,ci95,runs\n";
  for (const Setting& s : order) {
    std::vector<double> values;
    for (const auto& [run, v] : samples.runs[s])
      values.push_back(mean(v));
    const Estimate e = estimate(values);
    out += fmt::format("{},{},{},{},{},{}\n", csv_field(std::get<0>(s)), csv_field(std::get<1>(s)),
                       csv_field(std::get<2>(s)), num(e.mean), num(e.ci95), e.n);
  }
  write_file_atomic(out_dir + "/dads_throughput.csv", out);
}

std::string dads_report_section(const std::string& out_dir)
{
  Table lat{read_csv(out_dir + "/dads_latency.csv"), 0};
  lat.value = lat.t.col("mean_latency_s");
  Table tp{read_csv(out_dir + "/dads_throughput.csv"), 0};
  tp.value = tp.t.col("throughput_qps");
  std::vector<std::pair<std::string, std::string>> settings; // model, network
  for (const auto& row : lat.t.rows) {
    const std::pair<std::string, std::string> s{row[lat.t.col("model")], row[lat.t.col("network")]};
    if (std::find(settings.begin(), settings.end(), s) == settings.end())
      settings.push_back(s);
  }
  std::string md = "## DADS (Hu et al., INFOCOM 2019): latency under light load, throughput under heavy load\n\n";
  md += "Paper: compared with running the whole DNN on the edge and on the cloud, DADS improves latency up to "
        "6.45x and 8.08x and throughput up to 8.31x and 14.01x. Measured ratios per setting (edge-only / DADS and "
        "cloud-only / DADS latency; DADS / edge-only and DADS / cloud-only throughput; DSH / DSL throughput):\n\n";
  md += "| model | network | latency vs edge-only | vs cloud-only | throughput vs edge-only | vs cloud-only | DSH / DSL |\n";
  md += "|---|---|---|---|---|---|---|\n";
  double best[5] = {0, 0, 0, 0, 0};
  for (const auto& [model, network] : settings) {
    const double d = lat.get(model, network, "dads");
    const double r[5] = {lat.get(model, network, "edge-only") / d, lat.get(model, network, "cloud-only") / d,
                         tp.get(model, network, "dads") / tp.get(model, network, "edge-only"),
                         tp.get(model, network, "dads") / tp.get(model, network, "cloud-only"),
                         tp.get(model, network, "dads-dsh") / tp.get(model, network, "dads-dsl")};
    md += fmt::format("| {} | {} | {:.2f}x | {:.2f}x | {:.2f}x | {:.2f}x | {:.2f}x |\n", model, network, r[0], r[1],
                      r[2], r[3], r[4]);
    for (int i = 0; i < 5; ++i)
      best[i] = std::max(best[i], r[i]);
  }
  md += fmt::format("\nBest measured: latency {:.2f}x / {:.2f}x lower (paper 6.45x / 8.08x), throughput {:.2f}x / "
                    "{:.2f}x higher (paper 8.31x / 14.01x) than edge-only / cloud-only; DSH up to {:.2f}x DSL's "
                    "throughput. Why the ratios differ: docs/results.md.\n\n",
                    best[0], best[1], best[2], best[3], best[4]);
  md += "![DADS latency](dads_latency.png)\n\n![DADS throughput](dads_throughput.png)\n\n";
  return md;
}

const std::vector<std::string>& loadpart_profiles()
{
  static const std::vector<std::string> profiles{"step", "bursts", "clients"};
  return profiles;
}

const std::vector<SuiteVariant>& loadpart_variants()
{
  // LoADPart's optional int8 compression of the transferred tensor (docs/config.md, [transfer])
  static const std::vector<SuiteVariant> variants{{"int8", {"transfer.compression=\"int8\""}, {"loadpart"}}};
  return variants;
}

void write_loadpart(const std::string& raw_root, const std::string& out_dir)
{
  Samples samples;
  for (const auto& load : loadpart_profiles()) {
    std::vector<std::pair<std::string, std::string>> sources{{"loadpart-" + load, ""}}; // (raw dir, policy suffix)
    for (const auto& v : loadpart_variants())
      sources.emplace_back("loadpart-" + load + "-" + v.suffix, "-" + v.suffix);
    for (const auto& [dir, suffix] : sources) {
      const CsvTable q =
          read_csv(raw_root + "/" + dir + "/queries.csv", {"point", "run", "model", "policy", "latency_s", "status"});
      const auto c_point = q.col("point"), c_run = q.col("run"), c_model = q.col("model"), c_policy = q.col("policy"),
                 c_lat = q.col("latency_s"), c_status = q.col("status");
      for (std::size_t r = 0; r < q.rows.size(); ++r) {
        const auto& row = q.rows[r];
        if (row[c_policy] == "local" || row[c_status] != "completed")
          continue;
        samples.add({row[c_model], load, row[c_policy] + suffix}, row[c_point] + "/" + row[c_run], q.number(r, c_lat));
      }
    }
  }
  std::string out = "model,load,policy,mean_latency_s,ci95,runs\n";
  for (const Setting& s : samples.order) {
    std::vector<double> means;
    for (const auto& [run, v] : samples.runs[s])
      means.push_back(mean(v));
    const Estimate e = estimate(means);
    out += fmt::format("{},{},{},{},{},{}\n", csv_field(std::get<0>(s)), csv_field(std::get<1>(s)),
                       csv_field(std::get<2>(s)), num(e.mean), num(e.ci95), e.n);
  }
  write_file_atomic(out_dir + "/loadpart.csv", out);
}

std::string loadpart_report_section(const std::string& out_dir)
{
  const CsvTable t = read_csv(out_dir + "/loadpart.csv");
  std::map<std::pair<std::string, std::string>, std::map<std::string, double>> by; // (model, load) -> policy -> s
  std::vector<std::pair<std::string, std::string>> order;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::pair<std::string, std::string> key{t.rows[r][t.col("model")], t.rows[r][t.col("load")]};
    if (!by.count(key))
      order.push_back(key);
    by[key][t.rows[r][t.col("policy")]] = t.number(r, t.col("mean_latency_s"));
  }
  std::string md = "## LoADPart (Liu et al., ICDCS 2022): latency under a time-varying server load\n\n";
  md += "Paper: under the variation of server computation load, LoADPart reduces the end-to-end latency by 14.2 % "
        "on average and up to 32.3 %. Measured change of LoADPart's mean latency against Neurosurgeon's "
        "(load-unaware) and DADS's; LoADPart with int8 compression of the transferred tensor (loadpart-int8) "
        "and the ORACLE that knows the server's true load (loadpart-oracle, a reference bound, not a real "
        "device) against LoADPart:\n\n"
        "| model | load | Neurosurgeon (s) | DADS (s) | LoADPart (s) | LoADPart int8 (s) | oracle (s) | vs Neurosurgeon "
        "| vs DADS | int8 vs LoADPart | oracle vs LoADPart |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|\n";
  double sum = 0, best = 0, int8_sum = 0, int8_best = 0, oracle_sum = 0;
  int n = 0;
  for (const auto& key : order) {
    auto& p           = by[key];
    const double ns = p["neurosurgeon"], dads = p["dads"], lp = p["loadpart"], int8 = p["loadpart-int8"],
                 oracle = p["loadpart-oracle"];
    const double gain = (lp - ns) / ns * 100, int8_gain = (int8 - lp) / lp * 100, oracle_gain = (oracle - lp) / lp * 100;
    md += fmt::format("| {} | {} | {:.3f} | {:.3f} | {:.3f} | {:.3f} | {:.3f} | {:+.1f} % | {:+.1f} % | {:+.1f} % | {:+.1f} % |\n",
                      key.first, key.second, ns, dads, lp, int8, oracle, gain, (lp - dads) / dads * 100, int8_gain,
                      oracle_gain);
    sum += gain;
    best = std::min(best, gain);
    int8_sum += int8_gain;
    int8_best = std::min(int8_best, int8_gain);
    oracle_sum += oracle_gain;
    ++n;
  }
  md += fmt::format("\nMeasured: {:+.1f} % on average over the {} settings, at best {:+.1f} % (paper: -14.2 %, up to "
                    "-32.3 %). Int8 compression changes LoADPart's latency by {:+.1f} % on average, at best {:+.1f} %; "
                    "the oracle's true load by {:+.1f} % on average. Why they differ: docs/results.md.\n\n"
                    "![LoADPart](loadpart.png)\n\n",
                    n > 0 ? sum / n : 0.0, n, best, n > 0 ? int8_sum / n : 0.0, int8_best, n > 0 ? oracle_sum / n : 0.0);
  return md;
}

} // namespace ciodesim::experiment
