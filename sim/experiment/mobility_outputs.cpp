#include "sim/experiment/mobility_outputs.hpp"

#include "sim/core/csv.hpp"

#include <fmt/format.h>

#include <iterator>
#include <map>

namespace ciodesim::experiment {
namespace {

void handoff_rows(const runtime::Records& records, int run, std::uint64_t seed, std::string& out,
                  const RowFlush& flush)
{
  stream_rows(records.handoffs, out, flush, [&](const auto& h) {
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{}\n", run, seed, csv_field(h.requester),
                   csv_number(h.time_s), csv_field(h.from), csv_field(h.to), csv_number(h.x_m), csv_number(h.y_m));
  });
}

void migration_rows(const runtime::Records& records, int run, std::uint64_t seed, std::string& out,
                    const RowFlush& flush)
{
  stream_rows(records.migrations, out, flush, [&](const auto& m) {
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{}\n", run, seed, csv_field(m.requester),
                   csv_field(m.model), m.block, csv_field(m.from), csv_field(m.to), csv_number(m.bytes),
                   csv_number(m.start_s), csv_number(m.end_s));
  });
}

void position_rows(const runtime::Records& records, int run, std::uint64_t seed, std::string& out,
                   const RowFlush& flush)
{
  stream_rows(records.positions, out, flush, [&](const auto& p) {
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{}\n", run, seed, csv_field(p.requester),
                   csv_number(p.time_s), csv_number(p.x_m), csv_number(p.y_m), csv_field(p.server),
                   csv_number(p.rate_Bps));
  });
}

// Per requester: its queries and cold starts, handoffs, time out of every range (position
// updates without a server, times the update period between them), migrated bytes.
void requester_rows(const runtime::Records& records, int run, std::uint64_t seed, std::string& out,
                    const RowFlush& flush)
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
  for (const auto& [name, a] : by) {
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{},{},{},{},{}\n", run, seed, csv_field(name),
                   csv_field(a.policy), a.queries, a.cold, a.handoffs, csv_number(a.out_of_range_s), a.migrations,
                   csv_number(a.migrated_bytes));
    maybe_flush(out, flush);
  }
  if (flush)
    flush(out);
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
