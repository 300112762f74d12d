#pragma once
// Tunable parameters of policies and their coordination protocols, declared once: config
// section, key, default, range and help live in one Param, which the config reader, the
// `ciodesim policies` listing and the policies themselves all use. Pure C++: no SimGrid.
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ciodesim::policy {

enum class ParamKind {
  Number,    // a real in [min, max] (or one of `words`)
  Integer,   // an integer in [min, max]
  Boolean,   // true / false
  Processor, // a processor of an edge node, by name ("" = none); checked against the platform
  Choice,    // one of `words` (a string in the config); read as the word's number
};
const char* param_kind_name(ParamKind kind);

struct Param {
  std::string key;
  ParamKind kind = ParamKind::Number;
  double default_value = 0; // Number, Integer, Boolean (0/1)
  double min = 0, max = 0;  // Number, Integer
  std::string help;
  std::vector<std::pair<std::string, double>> words; // Number: names accepted for a value
  std::string default_text;                          // Processor (and the name of a word default)

  static Param number(std::string key, double default_value, double min, double max, std::string help);
  static Param integer(std::string key, long long default_value, long long min, long long max, std::string help);
  static Param boolean(std::string key, bool default_value, std::string help);
  static Param processor(std::string key, std::string help);
  // One of `names`, read as its index: objective = "latency" | "energy" (0, 1).
  static Param choice(std::string key, const std::vector<std::string>& names, int default_index, std::string help);
  // A number that may also be given as a word, e.g. upload_weight = "remaining" (-1).
  Param& word(std::string name, double value);

  // The default as a config would write it ("0.999", "true", "\"remaining\"", "\"\"").
  std::string default_string() const;
  // The accepted values ("0 .. 1", "true, false", "0 .. 1e+06 or \"remaining\"").
  std::string range_string() const;
};

class ParamValues;

// A config section ([ciode], [mbeb], [ionn], ...) and the parameters it holds. Several
// policies may read one group (M-BEB plans with CIODE's [ciode] upload rule).
struct ParamGroup {
  std::string section;
  std::string description;
  std::vector<Param> params;
  // Checks across parameters (e.g. a window's max >= its min); returns "" or a message
  // naming the key: {"max_window_s", "must be >= min_window_s"}.
  std::function<std::pair<std::string, std::string>(const ParamValues&)> check;

  const Param* find(const std::string& key) const;
};

// Values of parameters by "section.key", defaults filled in. Reading an undeclared name is a
// programming error (std::logic_error), not an input error.
class ParamValues {
public:
  void set_number(const std::string& name, double value) { numbers_[name] = value; }
  void set_text(const std::string& name, std::string value) { texts_[name] = std::move(value); }

  double number(const std::string& name) const;
  int integer(const std::string& name) const;
  bool boolean(const std::string& name) const;
  const std::string& text(const std::string& name) const;

private:
  std::map<std::string, double> numbers_;
  std::map<std::string, std::string> texts_;
};

// The defaults of the given groups.
ParamValues defaults_of(const std::vector<const ParamGroup*>& groups);

} // namespace ciodesim::policy
