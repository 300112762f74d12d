#include "sim/experiment/outputs.hpp"

#include "sim/core/csv.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <iterator>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string_view>
#include <vector>

namespace ciodesim::experiment {
namespace {

// Every number cell in the shared CSV format (sim/core/csv.hpp), under a short name for the
// long row statements below.
std::string num(double v)
{
  return csv_number(v);
}

// An energy cell: empty when the platform gives no power figures for the device.
std::string joules(bool known, double v)
{
  return known ? num(v) : std::string();
}


} // namespace

std::string queries_header()
{
  return "run,seed,requester,device,model,policy,index,arrival_s,start_s,end_s,latency_s,local_s,offload_s,wait_s,"
         "transfer_bytes,blocks_remote,conflicts,replanned,invalid_locks,plan_time_s,status,reason,"
         "part_queue_s,part_probe_s,part_control_s,part_plan_s,part_transfer_s,part_wait_s,part_local_s,"
         "part_remote_s,cold_start,energy_j,energy_compute_j,energy_idle_j,energy_radio_j\n";
}

std::string uploads_header()
{
  return "run,seed,requester,model,block,processor,bytes,start_s,end_s\n";
}

std::string locks_header()
{
  return "run,seed,processor,client,query,event,time_s,wait_s,queue_length\n";
}

std::string summary_header()
{
  return "run,seed,requester,device,model,policy,queries,completed,failed,mean_latency_s,p50_latency_s,"
         "p95_latency_s,max_latency_s,mean_conflicts,replanned,invalid_locks,uploaded_bytes,uploads_done_s,"
         "sim_end_s,throughput_qps,upload_complete,upload_complete_s,energy_j,mean_energy_j,device_energy_j\n";
}

void maybe_flush(std::string& out, const RowFlush& flush)
{
  constexpr std::size_t kFlushBytes = 1 << 20;
  if (flush && out.size() >= kFlushBytes)
    flush(out);
}

namespace {
template <void (*Rows)(const runtime::Records&, int, std::uint64_t, std::string&, const RowFlush&)>
std::string as_string(const runtime::Records& records, int run, std::uint64_t seed)
{
  std::string out;
  Rows(records, run, seed, out, {});
  return out;
}
} // namespace

namespace {
// One CSV row appended cell by cell straight into the output buffer: no temporary string
// per cell (the same bytes as formatting each cell with csv_field and csv_number).
class RowWriter {
public:
  explicit RowWriter(std::string& out) : out_(out) {}
  RowWriter& number(double v)
  {
    sep();
    append_csv_number(out_, v);
    return *this;
  }
  template <typename Int>
  RowWriter& integer(Int v)
  {
    sep();
    fmt::format_to(std::back_inserter(out_), FMT_COMPILE("{}"), v);
    return *this;
  }
  RowWriter& text(std::string_view v)
  {
    sep();
    append_csv_field(out_, v);
    return *this;
  }
  RowWriter& joules(bool known, double v) // an energy cell: empty without power figures
  {
    if (known)
      return number(v);
    sep();
    return *this;
  }
  void end() { out_ += '\n'; }

private:
  void sep()
  {
    if (!first_)
      out_ += ',';
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};
} // namespace

void queries_rows(const runtime::Records& records, int run, std::uint64_t seed, std::string& out, const RowFlush& flush)
{
  stream_rows(records.queries, out, flush, [&](const auto& q) {
    RowWriter row(out);
    row.integer(run).integer(seed).text(q.requester).text(q.device).text(q.model).text(q.policy).integer(q.index);
    row.number(q.arrival_s).number(q.start_s).number(q.end_s).number(q.end_s - q.arrival_s).number(q.local_s);
    row.number(q.offload_s).number(q.wait_s).number(q.transfer_bytes).integer(q.blocks_remote).integer(q.conflicts);
    row.integer(q.replanned).integer(q.invalid_locks).number(q.plan_time_s).text(q.status).text(q.reason);
    row.number(q.part_queue_s).number(q.part_probe_s).number(q.part_control_s).number(q.part_plan_s);
    row.number(q.part_transfer_s).number(q.part_wait_s).number(q.part_local_s).number(q.part_remote_s);
    row.integer(q.cold_start ? 1 : 0).joules(q.has_energy, q.energy_j()).joules(q.has_energy, q.energy_compute_j);
    row.joules(q.has_energy, q.energy_idle_j).joules(q.has_energy, q.energy_radio_j).end();
  });
}

void uploads_rows(const runtime::Records& records, int run, std::uint64_t seed, std::string& out, const RowFlush& flush)
{
  stream_rows(records.uploads, out, flush, [&](const auto& u) {
    RowWriter row(out);
    row.integer(run).integer(seed).text(u.requester).text(u.model).integer(u.block).text(u.processor);
    row.number(u.bytes).number(u.start_s).number(u.end_s).end();
  });
}

void locks_rows(const runtime::Records& records, int run, std::uint64_t seed, std::string& out, const RowFlush& flush)
{
  stream_rows(records.locks, out, flush, [&](const auto& l) {
    RowWriter row(out);
    row.integer(run).integer(seed).text(l.processor).text(l.client).integer(l.query).text(l.event);
    row.number(l.time_s).number(l.wait_s).integer(l.queue_length).end();
  });
}

std::string queries_rows(const runtime::Records& records, int run, std::uint64_t seed)
{
  return as_string<queries_rows>(records, run, seed);
}

std::string uploads_rows(const runtime::Records& records, int run, std::uint64_t seed)
{
  return as_string<uploads_rows>(records, run, seed);
}

std::string locks_rows(const runtime::Records& records, int run, std::uint64_t seed)
{
  return as_string<locks_rows>(records, run, seed);
}

double percentile(std::vector<double> values, double q)
{
  if (values.empty())
    return 0;
  std::sort(values.begin(), values.end());
  const double pos = q * static_cast<double>(values.size() - 1);
  const auto lo    = static_cast<std::size_t>(std::floor(pos));
  const auto hi    = std::min(lo + 1, values.size() - 1);
  return values[lo] + (values[hi] - values[lo]) * (pos - static_cast<double>(lo));
}

std::string summary_rows(const runtime::Records& records, int run, std::uint64_t seed)
{
  struct Acc {
    std::string device, model, policy;
    std::vector<double> latencies;
    // first and last answer (and the first arrival) of the completed queries: the throughput window
    double first_arrival_s = std::numeric_limits<double>::infinity(), first_end_s = first_arrival_s, last_end_s = 0;
    int queries = 0, failed = 0, conflicts = 0, replanned = 0, invalid = 0;
    bool has_energy = true; // every completed query of it has an energy
    double energy_j = 0;    // its completed queries' (sim/cost/energy.hpp)
    std::set<std::string> devices; // whose whole-run energy (SimGrid's plugins) the row shows
  };
  std::map<std::string, Acc> by_requester; // sorted: deterministic
  for (const auto& q : records.queries) {
    Acc& a   = by_requester[q.requester];
    a.device = q.device;
    a.model  = q.model;
    a.policy = q.policy;
    ++a.queries;
    if (q.status == "completed") {
      a.latencies.push_back(q.end_s - q.arrival_s); // what a user waits: from arrival
      a.first_arrival_s = std::min(a.first_arrival_s, q.arrival_s);
      a.first_end_s     = std::min(a.first_end_s, q.end_s);
      a.last_end_s      = std::max(a.last_end_s, q.end_s);
    } else {
      ++a.failed;
    }
    a.conflicts += q.conflicts;
    a.replanned += q.replanned;
    a.invalid += q.invalid_locks;
    if (q.status == "completed") { // like the latencies: what completed queries cost
      a.has_energy = a.has_energy && q.has_energy;
      a.energy_j += q.energy_j();
    }
    a.devices.insert(q.device);
  }
  std::map<std::string, std::pair<double, double>> uploads; // requester -> bytes, last end
  for (const auto& u : records.uploads) {
    auto& acc = uploads[u.requester];
    acc.first += u.bytes;
    acc.second = std::max(acc.second, u.end_s);
  }
  // The all-requesters row: every requester's queries pooled (background queries, policy
  // "local", are a node's own load and stay out), after the per-requester rows.
  Acc all;
  for (const auto& q : records.queries) {
    if (q.policy == "local")
      continue;
    all.device = "all";
    all.model  = all.model.empty() || all.model == q.model ? q.model : "all";
    all.policy = all.policy.empty() || all.policy == q.policy ? q.policy : "all";
  }
  std::pair<double, double> all_up{0.0, 0.0};
  for (const auto& [name, a] : by_requester) {
    if (a.policy == "local")
      continue;
    all.queries += a.queries;
    all.failed += a.failed;
    all.conflicts += a.conflicts;
    all.replanned += a.replanned;
    all.invalid += a.invalid;
    all.latencies.insert(all.latencies.end(), a.latencies.begin(), a.latencies.end());
    all.first_arrival_s = std::min(all.first_arrival_s, a.first_arrival_s);
    all.first_end_s     = std::min(all.first_end_s, a.first_end_s);
    all.last_end_s      = std::max(all.last_end_s, a.last_end_s);
    all.has_energy = all.has_energy && a.has_energy;
    all.energy_j += a.energy_j;
    all.devices.insert(a.devices.begin(), a.devices.end());
    if (uploads.count(name)) {
      all_up.first += uploads.at(name).first;
      all_up.second = std::max(all_up.second, uploads.at(name).second);
    }
  }
  std::string out;
  // Table 2's offload time: when the requester's planned upload set was first all resident
  // (1, time); 0 and 0 when it never was (background actors plan nothing: 0 too).
  bool all_complete     = true;
  double all_complete_s = 0;
  for (const auto& [name, a] : by_requester) {
    if (a.policy == "local")
      continue;
    const auto it  = records.upload_complete_s.find(name);
    all_complete   = all_complete && it != records.upload_complete_s.end();
    all_complete_s = std::max(all_complete_s, it == records.upload_complete_s.end() ? 0.0 : it->second);
  }
  auto completion = [&](const std::string& name) -> std::pair<int, double> {
    if (name == "all")
      return {all_complete ? 1 : 0, all_complete ? all_complete_s : 0.0};
    const auto it = records.upload_complete_s.find(name);
    return it == records.upload_complete_s.end() ? std::make_pair(0, 0.0) : std::make_pair(1, it->second);
  };
  auto row = [&](const std::string& name, const Acc& a, std::pair<double, double> up) {
    double sum = 0;
    for (double l : a.latencies)
      sum += l;
    const double mean = a.latencies.empty() ? 0 : sum / static_cast<double>(a.latencies.size());
    // Answers per second between the first and the last answer: the service rate when the
    // requester is saturated (queries wait for it), without a pipeline's fill and drain;
    // one answer: 1 / its latency (docs/outputs.md).
    const std::size_t done = a.latencies.size();
    const double window_s  = done > 1 ? a.last_end_s - a.first_end_s : a.last_end_s - a.first_arrival_s;
    const double throughput =
        done == 0 || !(window_s > 0) ? 0.0 : static_cast<double>(done > 1 ? done - 1 : 1) / window_s;
    const auto [complete, complete_s] = completion(name);
    bool device_known = !a.devices.empty();
    double device_j   = 0;
    for (const auto& d : a.devices) {
      const auto it = records.device_energy_j.find(d);
      device_known  = device_known && it != records.device_energy_j.end();
      device_j += it == records.device_energy_j.end() ? 0.0 : it->second;
    }
    const bool energy_known = a.has_energy && !a.latencies.empty();
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", run, seed, csv_field(name),
                       csv_field(a.device), csv_field(a.model), csv_field(a.policy), a.queries, a.latencies.size(), a.failed, num(mean),
                       num(percentile(a.latencies, 0.5)), num(percentile(a.latencies, 0.95)),
                       num(a.latencies.empty() ? 0 : *std::max_element(a.latencies.begin(), a.latencies.end())),
                       num(static_cast<double>(a.conflicts) / std::max(1, a.queries)), a.replanned, a.invalid,
                       num(up.first), num(up.second), num(records.end_time_s), num(throughput), complete, num(complete_s),
                       joules(energy_known, a.energy_j),
                       joules(energy_known, a.energy_j / static_cast<double>(std::max<std::size_t>(1, a.latencies.size()))), joules(device_known, device_j));
  };
  for (const auto& [name, a] : by_requester)
    row(name, a, uploads.count(name) ? uploads.at(name) : std::make_pair(0.0, 0.0));
  if (all.queries > 0)
    row("all", all, all_up);
  return out;
}

} // namespace ciodesim::experiment
