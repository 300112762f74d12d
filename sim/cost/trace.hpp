#pragma once
// Ground-truth per-layer execution times (traces/*.csv). Format (docs in traces/README.md):
//   model,layer,processor,mean_s,std_s[,samples]
// `samples` (optional) is a ';'-separated list of measured seconds. Rows may come from the
// device model or from real devices (`ciodesim profile`, or any profiler); a directory of
// CSVs is merged, and a (model, layer, processor) may appear only once.
#include "sim/dnn/model.hpp"

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace ciodesim::cost {

struct TraceEntry {
  double mean_s = 0;
  double std_s  = 0;
  std::vector<double> samples_s;
  std::string origin; // "file:line", for errors and reports
};

class TraceTable {
public:
  // Loads every *.csv in `dir` (sorted by name) or a single .csv file.
  static TraceTable load(const std::string& dir_or_file);
  void add_csv_text(const std::string& text, const std::string& origin);

  const TraceEntry* find(const std::string& model, const std::string& layer, const std::string& processor) const;
  // InputError naming the first missing (layer, processor) of `model` if any is absent.
  void require_complete(const dnn::Model& model, const std::vector<std::string>& processors) const;
  const TraceEntry& at(const std::string& model, const std::string& layer, const std::string& processor) const;

  std::vector<std::string> models() const;
  std::vector<std::string> processors() const;
  std::size_t size() const { return rows_.size(); }
  const std::string& source() const { return source_; }

private:
  std::string source_;
  std::map<std::tuple<std::string, std::string, std::string>, TraceEntry> rows_;
};

// CSV text for rows of one model (header included), in model layer order.
std::string trace_csv_header();
std::string trace_csv_row(const std::string& model, const std::string& layer, const std::string& processor,
                          double mean_s, double std_s);

} // namespace ciodesim::cost
