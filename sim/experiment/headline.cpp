#include "sim/experiment/headline.hpp"

#include "sim/experiment/csv_table.hpp"
#include "sim/experiment/outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace ciodesim::experiment {
namespace {

struct Line {
  std::string policy, model;
  std::vector<double> latencies_s;
  long long queries = 0, failed = 0, conflicts = 0;
  double uploaded_bytes = 0;
};

} // namespace

std::string headline_table(const std::string& out_dir)
{
  const CsvTable q =
      read_csv(out_dir + "/queries.csv", {"run", "requester", "model", "policy", "latency_s", "conflicts", "status"});
  const CsvTable u = read_csv(out_dir + "/uploads.csv", {"run", "requester", "bytes"});
  const auto c_run = q.col("run"), c_req = q.col("requester"), c_model = q.col("model"), c_policy = q.col("policy"),
             c_lat = q.col("latency_s"), c_conf = q.col("conflicts"), c_status = q.col("status");
  std::vector<Line> lines; // in order of first appearance
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  std::map<std::pair<std::string, std::string>, std::size_t> of_requester; // (run, requester) -> line
  for (std::size_t r = 0; r < q.rows.size(); ++r) {
    const auto& row = q.rows[r];
    const std::pair<std::string, std::string> key{row[c_policy], row[c_model]};
    auto it         = index.find(key);
    if (it == index.end()) {
      it = index.emplace(key, lines.size()).first;
      // background queries carry policy "local": a node's own load, not a policy's result
      lines.push_back(Line{key.first == "local" ? "background" : key.first, key.second, {}, 0, 0, 0, 0});
    }
    Line& line = lines[it->second];
    ++line.queries;
    if (row[c_status] == "completed")
      line.latencies_s.push_back(q.number(r, c_lat));
    else
      ++line.failed;
    line.conflicts += static_cast<long long>(q.number(r, c_conf));
    of_requester[{row[c_run], row[c_req]}] = it->second;
  }
  const auto u_run = u.col("run"), u_req = u.col("requester"), u_bytes = u.col("bytes");
  for (std::size_t r = 0; r < u.rows.size(); ++r) {
    const auto it = of_requester.find({u.rows[r][u_run], u.rows[r][u_req]});
    if (it != of_requester.end())
      lines[it->second].uploaded_bytes += u.number(r, u_bytes);
  }

  std::size_t w_policy = 6, w_model = 5;
  for (const auto& l : lines)
    w_policy = std::max(w_policy, l.policy.size()), w_model = std::max(w_model, l.model.size());
  std::string out = fmt::format("{:<{}}  {:<{}}  {:>8}  {:>6}  {:>9}  {:>8}  {:>15}  {:>11}\n", "policy", w_policy,
                                "model", w_model, "queries", "failed", "mean_s", "p95_s", "conflicts/query",
                                "uploaded_MB");
  for (const auto& l : lines) {
    double sum = 0;
    for (double x : l.latencies_s)
      sum += x;
    const double mean = l.latencies_s.empty() ? 0 : sum / static_cast<double>(l.latencies_s.size());
    out += fmt::format("{:<{}}  {:<{}}  {:>8}  {:>6}  {:>9.4f}  {:>8.4f}  {:>15.2f}  {:>11.1f}\n", l.policy, w_policy,
                       l.model, w_model, l.queries, l.failed, mean, percentile(l.latencies_s, 0.95),
                       static_cast<double>(l.conflicts) / static_cast<double>(std::max(1LL, l.queries)),
                       l.uploaded_bytes / 1e6);
  }
  return out;
}

} // namespace ciodesim::experiment
