#include "sim/experiment/mobility_outputs.hpp"

#include "sim/core/csv.hpp"

#include <fmt/format.h>

#include <map>

namespace ciodesim::experiment {
namespace {

std::string num(double v)
{
  return fmt::format("{:.9g}", v);
}

std::string handoff_rows(const runtime::Records& records, int run, std::uint64_t seed)
{
  std::string out;
  for (const auto& h : records.handoffs)
    out += fmt::format("{},{},{},{},{},{},{},{}\n", run, seed, csv_field(h.requester), num(h.time_s), csv_field(h.from),
                       csv_field(h.to), num(h.x_m), num(h.y_m));
  return out;
}

std::string migration_rows(const runtime::Records& records, int run, std::uint64_t seed)
{
  std::string out;
  for (const auto& m : records.migrations)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", run, seed, csv_field(m.requester), csv_field(m.model), m.block,
                       csv_field(m.from), csv_field(m.to), num(m.bytes), num(m.start_s), num(m.end_s));
  return out;
}

std::string position_rows(const runtime::Records& records, int run, std::uint64_t seed)
{
  std::string out;
  for (const auto& p : records.positions)
    out += fmt::format("{},{},{},{},{},{},{},{}\n", run, seed, csv_field(p.requester), num(p.time_s), num(p.x_m),
                       num(p.y_m), csv_field(p.server), num(p.rate_Bps));
  return out;
}

// Per requester: its queries and cold starts, handoffs, time out of every range (position
// updates without a server, times the update period between them), migrated bytes.
std::string requester_rows(const runtime::Records& records, int run, std::uint64_t seed)
{
  struct Acc {
    std::string policy;
    int queries = 0, cold = 0, handoffs = 0, migrations = 0;
    double out_of_range_s = 0, migrated_bytes = 0;
    double last_t = -1;
    bool last_out = false;
  };
  std::map<std::string, Acc> by; // sorted: deterministic
  for (const auto& p : records.positions) {
    Acc& a = by[p.requester];
    if (a.last_t >= 0 && a.last_out)
      a.out_of_range_s += p.time_s - a.last_t;
    a.last_t   = p.time_s;
    a.last_out = p.server.empty();
  }
  for (const auto& q : records.queries) {
    if (!by.count(q.requester))
      continue; // background load does not move
    Acc& a   = by[q.requester];
    a.policy = q.policy;
    ++a.queries;
    a.cold += q.cold_start ? 1 : 0;
  }
  for (const auto& h : records.handoffs)
    ++by[h.requester].handoffs;
  for (const auto& m : records.migrations) {
    ++by[m.requester].migrations;
    by[m.requester].migrated_bytes += m.bytes;
  }
  std::string out;
  for (const auto& [name, a] : by)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", run, seed, csv_field(name), csv_field(a.policy), a.queries,
                       a.cold, a.handoffs, num(a.out_of_range_s), a.migrations, num(a.migrated_bytes));
  return out;
}

} // namespace

const std::vector<CsvPart>& mobility_parts()
{
  static const std::vector<CsvPart> parts{
      {"handoffs", "run,seed,requester,time_s,from,to,x_m,y_m\n", handoff_rows},
      {"migrations", "run,seed,requester,model,block,from,to,bytes,start_s,end_s\n", migration_rows},
      {"positions", "run,seed,requester,time_s,x_m,y_m,server,rate_Bps\n", position_rows},
      {"mobility", "run,seed,requester,policy,queries,cold_starts,handoffs,out_of_range_s,migrations,migrated_bytes\n",
       requester_rows},
  };
  return parts;
}

} // namespace ciodesim::experiment
