#include "sim/cost/trace.hpp"

#include "sim/core/csv.hpp"
#include "sim/core/error.hpp"
#include "sim/core/files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <dirent.h>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace ciodesim::cost {
namespace {

std::vector<std::string> split(const std::string& line, char sep)
{
  std::vector<std::string> parts;
  std::string item;
  std::istringstream in(line);
  while (std::getline(in, item, sep))
    parts.push_back(item);
  if (!line.empty() && line.back() == sep)
    parts.emplace_back();
  return parts;
}

// An hour per layer is far beyond any real DNN layer; larger values (1e300) would overflow
// SimGrid's flop counts and stall the run instead of failing.
constexpr double kMaxLayerSeconds = 3600;

double parse_seconds(const std::string& text, const std::string& origin, const std::string& field)
{
  char* end      = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end == text.c_str() || *end != '\0' || !std::isfinite(v) || v < 0)
    throw InputError(origin, field, fmt::format("expected seconds >= 0, got '{}'", text),
                     fmt::format("0 .. {:g}", kMaxLayerSeconds));
  if (v > kMaxLayerSeconds)
    throw InputError(origin, field, fmt::format("{} s is out of range", text), fmt::format("0 .. {:g}", kMaxLayerSeconds));
  return v;
}

} // namespace

std::string trace_csv_header()
{
  return "model,layer,processor,mean_s,std_s\n";
}

std::string trace_csv_row(const std::string& model, const std::string& layer, const std::string& processor,
                          double mean_s, double std_s)
{
  return csv_row({model, layer, processor, fmt::format("{:.9g}", mean_s), fmt::format("{:.9g}", std_s)});
}

void TraceTable::add_csv_text(const std::string& text, const std::string& origin)
{
  // '#' comment lines are blanked first (keeping line numbers): they may hold any text
  std::string body;
  body.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t eol  = std::min(text.find('\n', pos), text.size());
    const bool comment     = text[pos] == '#';
    if (!comment)
      body.append(text, pos, eol - pos);
    if (eol < text.size())
      body += '\n';
    pos = eol + 1;
  }
  std::vector<int> lines;
  const auto records = parse_csv(body, origin, &lines);
  bool header_seen = false;
  for (std::size_t r = 0; r < records.size(); ++r) {
    const auto& cols = records[r];
    const int line_no = lines[r];
    if (cols.size() == 1 && cols[0].empty())
      continue;
    const std::string where = fmt::format("line {}", line_no);
    if (!header_seen) {
      if (cols.size() < 5 || cols[0] != "model" || cols[1] != "layer" || cols[2] != "processor" ||
          cols[3] != "mean_s" || cols[4] != "std_s" || (cols.size() == 6 && cols[5] != "samples") || cols.size() > 6)
        throw InputError(origin, where, "bad header", "model,layer,processor,mean_s,std_s[,samples]");
      header_seen = true;
      continue;
    }
    if (cols.size() < 5 || cols.size() > 6)
      throw InputError(origin, where, fmt::format("expected 5 or 6 columns, got {}", cols.size()),
                       "model,layer,processor,mean_s,std_s[,samples]");
    if (cols[0].empty() || cols[1].empty() || cols[2].empty())
      throw InputError(origin, where, "model, layer and processor must not be empty");
    TraceEntry entry;
    entry.mean_s = parse_seconds(cols[3], origin, where + ".mean_s");
    entry.std_s  = parse_seconds(cols[4], origin, where + ".std_s");
    if (cols.size() == 6 && !cols[5].empty())
      for (const auto& s : split(cols[5], ';'))
        entry.samples_s.push_back(parse_seconds(s, origin, where + ".samples"));
    entry.origin = fmt::format("{}:{}", origin, line_no);
    auto key     = std::make_tuple(cols[0], cols[1], cols[2]);
    auto found   = rows_.find(key);
    if (found != rows_.end())
      throw InputError(origin, where,
                       fmt::format("duplicate row for model {}, layer {}, processor {} (first at {})", cols[0],
                                   cols[1], cols[2], found->second.origin));
    rows_.emplace(std::move(key), std::move(entry));
  }
  if (!header_seen)
    throw InputError(origin, "", "empty trace file", "model,layer,processor,mean_s,std_s[,samples]");
}

TraceTable TraceTable::load(const std::string& dir_or_file)
{
  TraceTable table;
  table.source_ = dir_or_file;
  struct stat info {};
  if (::stat(dir_or_file.c_str(), &info) != 0)
    throw InputError(dir_or_file, "", "no such trace file or directory");
  if (!S_ISDIR(info.st_mode)) {
    table.add_csv_text(read_text_file(dir_or_file), dir_or_file);
    return table;
  }
  std::vector<std::string> files;
  if (DIR* dir = ::opendir(dir_or_file.c_str())) {
    while (const dirent* e = ::readdir(dir)) {
      const std::string name = e->d_name;
      if (name.size() > 4 && name.compare(name.size() - 4, 4, ".csv") == 0)
        files.push_back(dir_or_file + "/" + name);
    }
    ::closedir(dir);
  }
  std::sort(files.begin(), files.end());
  if (files.empty())
    throw InputError(dir_or_file, "", "no .csv trace files in directory");
  for (const auto& f : files)
    table.add_csv_text(read_text_file(f), f);
  return table;
}

const TraceEntry* TraceTable::find(const std::string& model, const std::string& layer,
                                   const std::string& processor) const
{
  auto it = rows_.find(std::make_tuple(model, layer, processor));
  return it == rows_.end() ? nullptr : &it->second;
}

const TraceEntry& TraceTable::at(const std::string& model, const std::string& layer,
                                 const std::string& processor) const
{
  if (const TraceEntry* e = find(model, layer, processor))
    return *e;
  throw InputError(source_, fmt::format("model {}, layer {}, processor {}", model, layer, processor),
                   "missing trace row");
}

void TraceTable::require_complete(const dnn::Model& model, const std::vector<std::string>& processors) const
{
  for (const auto& processor : processors)
    for (const auto& layer : model.layers())
      if (find(model.name(), layer.spec.name, processor) == nullptr) {
        std::string known;
        for (const auto& p : this->processors())
          known += (known.empty() ? "" : ", ") + p;
        throw InputError(source_, fmt::format("model {}, layer {}, processor {}", model.name(), layer.spec.name, processor),
                         "missing trace row (regenerate with `ciodesim traces generate` or add measured rows)",
                         "processors in the traces: " + known);
      }
}

std::vector<std::string> TraceTable::models() const
{
  std::set<std::string> names;
  for (const auto& [key, entry] : rows_)
    names.insert(std::get<0>(key));
  return {names.begin(), names.end()};
}

std::vector<std::string> TraceTable::processors() const
{
  std::set<std::string> names;
  for (const auto& [key, entry] : rows_)
    names.insert(std::get<2>(key));
  return {names.begin(), names.end()};
}

} // namespace ciodesim::cost
