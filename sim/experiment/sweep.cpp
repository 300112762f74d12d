#include "sim/experiment/sweep.hpp"

#include "sim/experiment/config.hpp"
#include "sim/experiment/progress.hpp"

#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/process.hpp"
#include "sim/core/process_pool.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <map>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ciodesim::experiment {
namespace {

std::string toml_text(const toml::node& node)
{
  std::ostringstream out;
  node.visit([&](auto&& v) { out << v; });
  return out.str();
}

std::string plain_text(const toml::node& node)
{
  if (auto s = node.value_exact<std::string>())
    return *s;
  return toml_text(node);
}

void ensure_dir(const std::string& dir)
{
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
    throw InputError(dir, "", fmt::format("cannot create directory: {}", std::strerror(errno)));
}

bool exists(const std::string& path)
{
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}


} // namespace

SweepGrid read_sweep_grid(const std::string& config_path)
{
  toml::table doc;
  try {
    doc = toml::parse(read_text_file(config_path), config_path);
  } catch (const toml::parse_error& e) {
    throw InputError(config_path, fmt::format("line {}", e.source().begin.line),
                     fmt::format("malformed TOML: {}", e.description()));
  }
  SweepGrid grid;
  std::vector<std::vector<std::pair<std::string, std::string>>> axes; // (set text, plain)
  if (const auto* sweep = doc["sweep"].as_table()) {
    for (auto&& [key, value] : *sweep) {
      const std::string name(key.str());
      const auto* values = value.as_array();
      if (values == nullptr || values->empty())
        throw InputError(config_path, "sweep." + name, "expected a non-empty array of values");
      grid.keys.push_back(name);
      axes.emplace_back();
      for (const auto& v : *values)
        axes.back().emplace_back(name + "=" + toml_text(v), plain_text(v));
    }
  }
  constexpr std::size_t kMaxPoints = 1000000;
  std::size_t total = 1;
  for (const auto& axis : axes) {
    if (axis.size() > kMaxPoints / total) // checked before multiplying: no overflow
      throw InputError(config_path, "sweep", "the grid has more points than supported",
                       fmt::format("at most {} points", kMaxPoints));
    total *= axis.size();
  }
  for (std::size_t i = 0; i < total; ++i) {
    SweepPoint point;
    point.index       = static_cast<int>(i);
    std::size_t rest  = i;
    std::vector<std::size_t> pick(axes.size());
    for (std::size_t a = axes.size(); a-- > 0;) { // the last key varies fastest
      pick[a] = rest % axes[a].size();
      rest /= axes[a].size();
    }
    for (std::size_t a = 0; a < axes.size(); ++a) {
      point.sets.push_back(axes[a][pick[a]].first);
      point.values.push_back(axes[a][pick[a]].second);
    }
    grid.points.push_back(point);
  }
  return grid;
}

std::string self_executable()
{
  char self[4096]   = {};
  const ssize_t len = ::readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (len <= 0)
    throw InputError("/proc/self/exe", "", "cannot find the ciodesim binary to run the points");
  return std::string(self, static_cast<std::size_t>(len));
}

std::string point_dir(const std::string& out_dir, int index)
{
  return fmt::format("{}/points/p{:05d}", out_dir, index);
}

bool point_done(const std::string& out_dir, int index)
{
  const std::string dir = point_dir(out_dir, index);
  return exists(dir + "/summary.csv") && exists(dir + "/run.json");
}

// What a finished point was run from: the config file's hash and the point's overrides. A
// resumed sweep skips a point only if this matches, so changed configs or --set values rerun it.
std::string point_key(const std::string& config_hash, const SweepOptions& options, const SweepPoint& point)
{
  std::string key = "config " + config_hash + "\n";
  for (const auto& s : point.sets)
    key += "--set " + s + "\n";
  for (const auto& s : options.extra_sets)
    key += "--set " + s + "\n";
  return key;
}

std::string point_key_path(const std::string& out_dir, int index)
{
  return point_dir(out_dir, index) + "/sweep-key.txt";
}

bool point_current(const SweepOptions& options, const SweepPoint& point, const std::string& key)
{
  if (!point_done(options.out_dir, point.index))
    return false;
  try {
    return read_text_file(point_key_path(options.out_dir, point.index)) == key;
  } catch (const InputError&) {
    return false;
  }
}

// A point is merged only with its sweep key, which is written after the point succeeded and
// removed before it reruns: a point that fails after a config change never contributes
// the results of an older config.
bool point_merge_ready(const std::string& out_dir, int index)
{
  return point_done(out_dir, index) && exists(point_key_path(out_dir, index));
}

// Results of an earlier run of a point that is about to rerun.
void remove_point_results(const std::string& out_dir, int index)
{
  std::remove(point_key_path(out_dir, index).c_str());
  for (const char* name : {"queries.csv", "uploads.csv", "locks.csv", "summary.csv", "run.json", "config.toml",
                           "handoffs.csv", "migrations.csv", "positions.csv", "mobility.csv"})
    std::remove(fmt::format("{}/{}", point_dir(out_dir, index), name).c_str());
}

std::vector<std::string> point_command(const std::string& self, const SweepOptions& options, const SweepPoint& point)
{
  std::vector<std::string> argv = {self, "run", options.config_path, "--out", point_dir(options.out_dir, point.index),
                                   "--quiet"};
  for (const auto& s : point.sets) {
    argv.push_back("--set");
    argv.push_back(s);
  }
  for (const auto& s : options.extra_sets) {
    argv.push_back("--set");
    argv.push_back(s);
  }
  return argv;
}

std::vector<long long> validate_points(const SweepGrid& grid, const SweepOptions& options)
{
  std::vector<long long> work(grid.points.size(), 0);
  for (std::size_t i = 0; i < grid.points.size(); ++i) {
    const SweepPoint& p = grid.points[i];
    if (p.index % options.shard_count != options.shard_index - 1)
      continue;
    std::vector<std::string> sets = p.sets;
    sets.insert(sets.end(), options.extra_sets.begin(), options.extra_sets.end());
    try {
      work[i] = experiment_work(parse_experiment(options.config_path, sets));
    } catch (const InputError& e) {
      std::string values;
      for (const auto& s : p.sets)
        values += (values.empty() ? "" : ", ") + s;
      throw InputError(e.file(), e.where(), fmt::format("{} (sweep point {}: {})", e.what_text(), p.index, values),
                       e.allowed());
    }
  }
  return work;
}

struct SweepBatch::Sweep {
  const SweepGrid* grid;
  SweepOptions options;
  std::string config_hash, announce;
  std::vector<const SweepPoint*> todo;
  std::function<void(int)> finished;
  std::size_t ended = 0;
  int failed        = 0;
  long long work(std::size_t todo_index) const
  {
    const auto i = static_cast<std::size_t>(todo[todo_index] - grid->points.data());
    return i < options.point_work.size() && options.point_work[i] > 0 ? options.point_work[i] : 1LL;
  }
  std::string progress_path(std::size_t todo_index) const
  {
    return fmt::format("{}/points/p{:05d}.progress", options.out_dir, todo[todo_index]->index);
  }
  std::string log_path(std::size_t todo_index) const
  {
    return fmt::format("{}/points/p{:05d}.log", options.out_dir, todo[todo_index]->index);
  }
};

SweepBatch::SweepBatch(ProcessPool& pool, bool progress, std::string label)
    : pool_(pool), line_(progress && ::isatty(STDERR_FILENO), std::move(label)), self_(self_executable())
{
}

SweepBatch::~SweepBatch() = default;

void SweepBatch::add(const SweepGrid& grid, const SweepOptions& options, std::function<void(int)> finished,
                     std::string announce)
{
  ensure_dir(options.out_dir);
  ensure_dir(options.out_dir + "/points");
  // the grid, for merge and for humans
  std::vector<std::string> header = {"point"};
  header.insert(header.end(), grid.keys.begin(), grid.keys.end());
  std::string index_csv = csv_row(header);
  for (const auto& p : grid.points) {
    std::vector<std::string> row = {std::to_string(p.index)};
    row.insert(row.end(), p.values.begin(), p.values.end());
    index_csv += csv_row(row);
  }
  write_file_atomic(options.out_dir + "/points.csv", index_csv);

  auto sweep         = std::make_unique<Sweep>();
  sweep->grid        = &grid;
  sweep->options     = options;
  sweep->config_hash = fnv1a_hex(read_text_file(options.config_path)); // read once per sweep
  sweep->announce    = std::move(announce);
  sweep->finished    = std::move(finished);
  for (const auto& p : grid.points)
    if (p.index % options.shard_count == options.shard_index - 1 &&
        !point_current(options, p, point_key(sweep->config_hash, options, p))) {
      remove_point_results(options.out_dir, p.index);
      sweep->todo.push_back(&p);
    }
  for (std::size_t t = 0; t < sweep->todo.size(); ++t)
    total_work_ += sweep->work(t);
  points_ += static_cast<int>(sweep->todo.size());
  Sweep& s = *sweeps_.emplace_back(std::move(sweep));
  if (s.todo.empty()) {
    if (s.finished)
      s.finished(0);
    return;
  }
  for (std::size_t t = 0; t < s.todo.size(); ++t)
    pool_.submit({[this, &s, t] { return start_point(s, t); }, [this, &s, t](int code) { point_ended(s, t, code); }});
}

pid_t SweepBatch::start_point(Sweep& sweep, std::size_t t)
{
  if (t == 0 && !sweep.announce.empty() && !::isatty(STDERR_FILENO))
    std::fprintf(stderr, "%s\n", sweep.announce.c_str());
  std::vector<std::string> args = point_command(self_, sweep.options, *sweep.todo[t]);
  args.push_back("--progress-file");
  args.push_back(sweep.progress_path(t));
  const pid_t pid = start_logged(args, sweep.log_path(t));
  running_.push_back({&sweep, t});
  return pid;
}

void SweepBatch::point_ended(Sweep& sweep, std::size_t t, int code)
{
  running_.erase(std::find_if(running_.begin(), running_.end(),
                              [&](const Running& r) { return r.sweep == &sweep && r.todo == t; }));
  std::remove(sweep.progress_path(t).c_str());
  ++done_;
  finished_work_ += sweep.work(t);
  const SweepPoint& p = *sweep.todo[t];
  if (code != 0) {
    ++failed_;
    ++sweep.failed;
    std::string first_line;
    try {
      const std::string text = read_result_file(sweep.log_path(t));
      first_line             = text.substr(0, text.find('\n'));
    } catch (const InputError&) {
    }
    line_.finish();
    std::fprintf(stderr, "point %d failed: %s (log: %s)\n", p.index, first_line.c_str(), sweep.log_path(t).c_str());
  } else {
    std::remove(sweep.log_path(t).c_str());
    write_file_atomic(point_key_path(sweep.options.out_dir, p.index),
                      point_key(sweep.config_hash, sweep.options, p));
  }
  draw(true);
  if (++sweep.ended == sweep.todo.size() && sweep.finished)
    sweep.finished(sweep.failed);
}

// Progress by work: finished points count whole, running ones by their progress file.
void SweepBatch::draw(bool force)
{
  long long partial = 0;
  for (const auto& r : running_)
    if (const auto read = read_progress_file(r.sweep->progress_path(r.todo)))
      partial += std::min(read->first, r.sweep->work(r.todo));
  line_.draw(finished_work_ + partial, total_work_, fmt::format("{}/{} points", done_, points_), force);
}

void SweepBatch::finish()
{
  line_.finish();
}

int SweepBatch::failed() const
{
  return failed_;
}

int run_sweep(const SweepGrid& grid, const SweepOptions& options)
{
  ProcessPool pool(options.jobs);
  SweepBatch batch(pool, options.progress, options.progress_label);
  batch.add(grid, options);
  batch.draw(true);
  pool.run([&] { batch.draw(false); });
  batch.finish();
  return batch.failed();
}
int merge_sweep(const std::string& out_dir)
{
  const std::string index_path = out_dir + "/points.csv";
  const auto index_rows        = parse_csv(read_result_file(index_path), index_path);
  if (index_rows.empty() || index_rows.front().empty() || index_rows.front().front() != "point")
    throw InputError(index_path, "line 1", "not a sweep's points.csv", "a header starting with 'point'");
  const auto& keys = index_rows.front(); // "point", key...
  std::map<std::string, std::string> merged;
  int points = 0;
  for (std::size_t r = 1; r < index_rows.size(); ++r) {
    const auto& cells = index_rows[r];
    if (cells.size() == 1 && cells[0].empty())
      continue;
    char* end        = nullptr;
    const long index = std::strtol(cells[0].c_str(), &end, 10);
    if (cells.size() != keys.size() || cells[0].empty() || *end != '\0' || index < 0 || index > 99999999)
      throw InputError(index_path, fmt::format("record {}", r + 1), "malformed point row",
                       "point index then one value per key");
    if (!point_merge_ready(out_dir, static_cast<int>(index)))
      continue;
    ++points;
    // mobility.csv and handoffs.csv only exist for points with [mobility]
    for (const char* part : {"queries", "summary", "uploads", "mobility", "handoffs"}) {
      const std::string path = fmt::format("{}/{}.csv", point_dir(out_dir, static_cast<int>(index)), part);
      if ((std::string(part) == "mobility" || std::string(part) == "handoffs") && !exists(path))
        continue;
      // Each record is written back field by field from views into the file, not parsed
      // into strings: the same bytes as csv_row of the parsed fields.
      const std::string text = read_result_file(path);
      std::deque<std::string> unescaped;
      std::string prefix;         // the swept keys' cells, each with its comma
      std::string* out = nullptr; // set by the header (an empty file adds nothing)
      scan_csv(text, path, unescaped, [&](const std::vector<std::string_view>& fields, int) {
        if (out == nullptr) {
          out = &merged[part];
          const bool first = out->empty();
          // swept keys that are columns already (model, policy) are not repeated
          for (std::size_t k = 0; k < keys.size(); ++k)
            if (std::find(fields.begin(), fields.end(), keys[k]) == fields.end()) {
              if (first) {
                append_csv_field(*out, keys[k]);
                *out += ',';
              }
              append_csv_field(prefix, cells[k]);
              prefix += ',';
            }
          if (first)
            append_csv_record(*out, fields);
          return;
        }
        if (fields.size() == 1 && fields[0].empty())
          return; // blank line
        *out += prefix;
        append_csv_record(*out, fields);
      });
    }
  }
  for (const auto& [part, text] : merged)
    write_file_atomic(fmt::format("{}/{}.csv", out_dir, part), text);
  return points;
}

} // namespace ciodesim::experiment
