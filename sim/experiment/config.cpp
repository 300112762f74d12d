#include "sim/experiment/config.hpp"

#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/units.hpp"
#include "sim/dnn/model_json.hpp"
#include "sim/mobility/track.hpp"
#include "sim/experiment/cost_setup.hpp"
#include "sim/core/rng.hpp"
#include "sim/platform/generator.hpp"
#include "sim/platform/platform_description.hpp"
#include "sim/platform/platform_loader.hpp"
#include "sim/policy/policy.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <unistd.h>

namespace ciodesim::experiment {
namespace {

// A view of one TOML table that knows its path, checks its keys and reads typed values.
class Section {
public:
  Section(const std::string& file, std::string path, const toml::table* table)
      : file_(file), path_(std::move(path)), table_(table)
  {
  }

  void allow_only(std::set<std::string> allowed, const std::vector<std::string>& more = {}) const
  {
    allowed.insert(more.begin(), more.end());
    if (table_ == nullptr)
      return;
    for (auto&& [key, value] : *table_) {
      (void)value;
      if (!allowed.count(std::string(key.str()))) {
        std::string list;
        for (const auto& a : allowed)
          list += (list.empty() ? "" : ", ") + a;
        throw InputError(file_, where(std::string(key.str())), "unknown key", list);
      }
    }
  }

  bool has(const char* key) const { return table_ != nullptr && table_->contains(key); }
  std::string where(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  double number(const char* key, double fallback, double min, double max, const char* hint = "") const
  {
    if (!has(key))
      return fallback;
    const auto* node = table_->get(key);
    double v         = 0;
    if (auto i = node->value_exact<std::int64_t>())
      v = static_cast<double>(*i);
    else if (auto d = node->value_exact<double>())
      v = *d;
    else
      throw InputError(file_, where(key), "expected a number", hint);
    if (!std::isfinite(v) || v < min || v > max)
      throw InputError(file_, where(key), fmt::format("value {} out of range", v),
                       fmt::format("{} .. {}{}", min, max, *hint ? std::string(" ") + hint : ""));
    return v;
  }

  std::int64_t integer(const char* key, std::int64_t fallback, std::int64_t min, std::int64_t max) const
  {
    if (!has(key))
      return fallback;
    auto v = table_->get(key)->value_exact<std::int64_t>();
    if (!v)
      throw InputError(file_, where(key), "expected an integer");
    if (*v < min || *v > max)
      throw InputError(file_, where(key), fmt::format("value {} out of range", *v), fmt::format("{} .. {}", min, max));
    return *v;
  }

  bool boolean(const char* key, bool fallback) const
  {
    if (!has(key))
      return fallback;
    auto v = table_->get(key)->value_exact<bool>();
    if (!v)
      throw InputError(file_, where(key), "expected true or false");
    return *v;
  }

  std::string string(const char* key, const std::string& fallback, const std::vector<std::string>& choices = {}) const
  {
    if (!has(key))
      return fallback;
    auto v = table_->get(key)->value_exact<std::string>();
    if (!v)
      throw InputError(file_, where(key), "expected a string");
    if (!choices.empty() && std::find(choices.begin(), choices.end(), *v) == choices.end()) {
      std::string list;
      for (const auto& c : choices)
        list += (list.empty() ? "" : ", ") + c;
      throw InputError(file_, where(key), fmt::format("unknown value '{}'", *v), list);
    }
    return *v;
  }

  Section table(const char* key) const
  {
    if (!has(key))
      return Section(file_, where(key), nullptr);
    const auto* t = table_->get(key)->as_table();
    if (t == nullptr)
      throw InputError(file_, where(key), "expected a table");
    return Section(file_, where(key), t);
  }

  std::vector<Section> array_of_tables(const char* key) const
  {
    std::vector<Section> out;
    if (!has(key))
      return out;
    const auto* arr = table_->get(key)->as_array();
    if (arr == nullptr)
      throw InputError(file_, where(key), fmt::format("expected an array of tables ([[{}]])", key));
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const auto* t = (*arr)[i].as_table();
      if (t == nullptr)
        throw InputError(file_, fmt::format("{}[{}]", where(key), i), "expected a table");
      out.emplace_back(file_, fmt::format("{}[{}]", where(key), i), t);
    }
    return out;
  }

  const toml::table* raw() const { return table_; }
  const std::string& file() const { return file_; }

private:
  const std::string& file_;
  std::string path_;
  const toml::table* table_;
};

runtime::ArrivalSpec read_arrival(const Section& s, bool rate_from_utilization = false)
{
  runtime::ArrivalSpec a;
  const std::string kind = s.string("arrival", "back-to-back", {"back-to-back", "period", "poisson"});
  a.kind    = kind == "period" ? runtime::Arrival::Period
              : kind == "poisson" ? runtime::Arrival::Poisson
                                  : runtime::Arrival::BackToBack;
  a.start_s = s.number("start_s", 0.0, 0.0, 1e9);
  if (a.kind == runtime::Arrival::Period) {
    if (!s.has("period_s"))
      throw InputError(s.file(), s.where("period_s"), "arrival = \"period\" needs period_s");
    a.period_s = s.number("period_s", 0.0, 1e-9, 1e9);
  }
  if (a.kind == runtime::Arrival::Poisson && !rate_from_utilization) {
    if (!s.has("rate_per_s"))
      throw InputError(s.file(), s.where("rate_per_s"), "arrival = \"poisson\" needs rate_per_s");
    a.rate_per_s = s.number("rate_per_s", 0.0, 1e-9, 1e9);
  }
  return a;
}

// Applies "a.b.0.c=value" to the parsed document.
void apply_set(toml::table& doc, const std::string& assignment)
{
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError("--set", assignment, "expected KEY=VALUE, e.g. requester.0.queries=10");
  const std::string path = assignment.substr(0, eq), text = assignment.substr(eq + 1);
  std::vector<std::string> parts;
  std::stringstream ss(path);
  for (std::string part; std::getline(ss, part, '.');)
    parts.push_back(part);

  toml::node* cursor = &doc;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (auto* t = cursor->as_table()) {
      if (!t->contains(parts[i]))
        t->insert(parts[i], toml::table{});
      cursor = t->get(parts[i]);
    } else if (auto* a = cursor->as_array()) {
      char* end         = nullptr;
      const long index  = std::strtol(parts[i].c_str(), &end, 10);
      if (*end != '\0' || index < 0 || static_cast<std::size_t>(index) >= a->size())
        throw InputError("--set", path, fmt::format("no element '{}' in this array", parts[i]),
                         fmt::format("0 .. {}", a->size() == 0 ? 0 : a->size() - 1));
      cursor = a->get(static_cast<std::size_t>(index));
    } else
      throw InputError("--set", path, fmt::format("'{}' is not a table", parts[i]));
  }
  auto* target = cursor->as_table();
  if (target == nullptr)
    throw InputError("--set", path, "the key's parent is not a table");
  // The value as TOML if it parses as one ("5", "0.5", "true", "[1, 2]"), else a string.
  try {
    toml::table parsed = toml::parse("v = " + text);
    target->insert_or_assign(parts.back(), *parsed.get("v"));
  } catch (const toml::parse_error&) {
    target->insert_or_assign(parts.back(), text);
  }
}

// A shipped model name or a model file, parsed once per process: a sweep parses every point,
// and several requesters of one point often name the same model.
std::shared_ptr<dnn::Model> load_model_cached(const std::string& name_or_path)
{
  static std::map<std::string, std::shared_ptr<dnn::Model>> loaded;
  const std::string path = dnn::resolve_model_path(name_or_path);
  auto& cached           = loaded[path];
  if (!cached)
    cached = std::make_shared<dnn::Model>(dnn::load_model_file(path));
  return cached;
}

// The config sections of the policy registry's parameter groups.
std::vector<std::string> policy_sections()
{
  std::vector<std::string> sections;
  for (const policy::ParamGroup* g : policy::param_groups())
    sections.push_back(g->section);
  return sections;
}

// The former [baselines] section: each key names its new place.
void reject_old_sections(const Section& root)
{
  const Section old = root.table("baselines");
  if (old.raw() != nullptr) {
    static const std::map<std::string, std::string> moved = {
        {"ionn_k", "ionn.k"},
        {"ionn_max_range_blocks", "ionn.max_range_blocks"},
        {"neurosurgeon_load_factor", "neurosurgeon.load_factor"},
        {"loadpart_window", "loadpart.window"},
        {"utilization_window_s", "perdnn.utilization_window_s"},
        {"server", "single_server.processor"}};
    for (auto&& [key, value] : *old.raw()) {
      (void)value;
      const auto it = moved.find(std::string(key.str()));
      throw InputError(root.file(), old.where(std::string(key.str())),
                       it == moved.end() ? "[baselines] is gone: each policy has its own section"
                                         : "[baselines] is gone: write " + it->second + " instead",
                       "the sections `ciodesim policies` lists");
    }
  }
}

// Every registered parameter group from its own section, defaults filled in. The keys of
// the former [baselines] section name their new place.
policy::ParamValues read_policy_params(const Section& root, const platform::Topology& topo)
{
  policy::ParamValues values = policy::default_params();
  for (const policy::ParamGroup* g : policy::param_groups()) {
    const Section s = root.table(g->section.c_str());
    std::set<std::string> keys;
    for (const auto& p : g->params)
      keys.insert(p.key);
    s.allow_only(keys);
    for (const auto& p : g->params) {
      const std::string name = g->section + "." + p.key;
      const char* key        = p.key.c_str();
      switch (p.kind) {
        case policy::ParamKind::Number:
          if (!p.words.empty() && s.has(key) && s.raw()->get(key)->is_string()) {
            std::vector<std::string> words;
            for (const auto& [word, value] : p.words)
              words.push_back(word);
            const std::string word = s.string(key, "", words);
            for (const auto& [w, value] : p.words)
              if (w == word)
                values.set_number(name, value);
          } else {
            values.set_number(name, s.number(key, p.default_value, p.min, p.max));
          }
          break;
        case policy::ParamKind::Choice: {
          std::vector<std::string> words;
          for (const auto& [word, value] : p.words)
            words.push_back(word);
          const std::string word = s.string(key, p.default_text, words);
          for (const auto& [w, value] : p.words)
            if (w == word)
              values.set_number(name, value);
          break;
        }
        case policy::ParamKind::Integer:
          values.set_number(name, static_cast<double>(s.integer(key, static_cast<std::int64_t>(p.default_value),
                                                                static_cast<std::int64_t>(p.min),
                                                                static_cast<std::int64_t>(p.max))));
          break;
        case policy::ParamKind::Boolean: values.set_number(name, s.boolean(key, p.default_value != 0) ? 1.0 : 0.0); break;
        case policy::ParamKind::Processor: {
          const std::string processor = s.string(key, p.default_text);
          const int index = processor.empty() ? -1 : topo.processor_index(processor);
          if (!processor.empty() &&
              (index < 0 || topo.devices[static_cast<std::size_t>(topo.device_of(index))].requester)) {
            std::string nodes;
            for (std::size_t q = 0; q < topo.processors.size(); ++q)
              if (!topo.devices[static_cast<std::size_t>(topo.device_of(static_cast<int>(q)))].requester)
                nodes += (nodes.empty() ? "" : ", ") + topo.processors[q].name;
            throw InputError(root.file(), s.where(p.key),
                             fmt::format("'{}' is not a processor of an edge node", processor), nodes);
          }
          values.set_text(name, processor);
          break;
        }
      }
    }
    if (g->check) {
      const auto [key, message] = g->check(values);
      if (!key.empty())
        throw InputError(root.file(), s.where(key), message);
    }
  }
  return values;
}

} // namespace

// [mobility] with its [[mobility.server]] sites (docs/mobility.md).
runtime::MobilitySpec read_mobility(const Section& root, const platform::Topology& topo,
                                    const runtime::Scenario& sc, const std::string& path)
{
  runtime::MobilitySpec m;
  if (!root.has("mobility"))
    return m;
  const Section s = root.table("mobility");
  s.allow_only({"model", "trace", "update_s", "width_m", "height_m", "speed_mps", "speed_min_mps", "speed_max_mps", "pause_min_s",
                "pause_max_s", "rates_Mbps", "server"});
  m.enabled  = true;
  m.model    = s.string("model", "waypoint", {"waypoint", "trace"});
  m.update_s = s.number("update_s", 0.5, 1e-3, 1e6);
  auto& w          = m.waypoint;
  w.width_m        = s.number("width_m", 100.0, 1e-3, 1e9);
  w.height_m       = s.number("height_m", 100.0, 1e-3, 1e9);
  // speed_mps: one fixed speed (a sweep's single key); else the range
  if (s.has("speed_mps") && (s.has("speed_min_mps") || s.has("speed_max_mps")))
    throw InputError(path, s.where("speed_mps"), "give speed_mps or speed_min_mps/speed_max_mps, not both");
  w.speed_min_mps  = s.number("speed_mps", s.number("speed_min_mps", 1.0, 0.0, 1e6), 0.0, 1e6);
  w.speed_max_mps  = s.number("speed_mps", s.number("speed_max_mps", w.speed_min_mps, 0.0, 1e6), 0.0, 1e6);
  w.pause_min_s    = s.number("pause_min_s", 0.0, 0.0, 1e9);
  w.pause_max_s    = s.number("pause_max_s", w.pause_min_s, 0.0, 1e9);
  if (w.speed_max_mps < w.speed_min_mps)
    throw InputError(path, s.where("speed_max_mps"), "below speed_min_mps", ">= speed_min_mps");
  if (w.pause_max_s < w.pause_min_s)
    throw InputError(path, s.where("pause_max_s"), "below pause_min_s", ">= pause_min_s");
  if (s.has("rates_Mbps")) {
    const auto* arr = s.raw()->get("rates_Mbps")->as_array();
    if (arr == nullptr || arr->empty() || arr->size() > 64)
      throw InputError(path, s.where("rates_Mbps"), "expected an array of 1 to 64 rates", "e.g. [54, 36, 24, 12]");
    for (const auto& v : *arr) {
      const auto d = v.value<double>();
      if (!d || !std::isfinite(*d) || *d <= 0 || *d > 1e6)
        throw InputError(path, s.where("rates_Mbps"), "a rate is not a positive number", "Mbps, 0 < rate <= 1e6");
      m.rates_Bps.push_back(*d * 1e6 / 8);
    }
  } else {
    m.rates_Bps = {54e6 / 8, 36e6 / 8, 24e6 / 8, 12e6 / 8}; // 802.11g-like levels
  }
  if (m.model == "trace") {
    if (!s.has("trace"))
      throw InputError(path, s.where("trace"), "model = \"trace\" needs a trace file", "a CSV time_s,requester,x_m,y_m");
    m.trace_path = s.string("trace", "");
    if (!std::filesystem::exists(m.trace_path) && std::filesystem::exists(data_dir() + "/" + m.trace_path))
      m.trace_path = data_dir() + "/" + m.trace_path; // a shipped trace, from an installed copy
    try {
      m.traces = mobility::load_trace(m.trace_path, static_cast<int>(sc.requesters.size()));
    } catch (const InputError& e) {
      throw InputError(path, s.where("trace"), fmt::format("{}: {}: {}", e.file(), e.where(), e.what_text()), e.allowed());
    }
    for (std::size_t r = 0; r < sc.requesters.size(); ++r)
      if (!m.traces.count(static_cast<int>(r)))
        throw InputError(path, s.where("trace"), fmt::format("{} has no row for requester {}", m.trace_path, r),
                         "rows for every [[requester]] index");
  } else if (s.has("trace")) {
    throw InputError(path, s.where("trace"), "a trace file needs model = \"trace\"", "waypoint, trace");
  }
  std::set<std::string> listed;
  for (const Section& v : s.array_of_tables("server")) {
    v.allow_only({"device", "x_m", "y_m", "radius_m"});
    mobility::ServerSite site;
    site.device = v.string("device", "");
    const int d = topo.device_index(site.device);
    if (d < 0 || topo.devices[static_cast<std::size_t>(d)].requester)
      throw InputError(path, v.where("device"), fmt::format("'{}' is not a node device of the platform", escape_control(site.device)));
    if (!listed.insert(site.device).second)
      throw InputError(path, v.where("device"), fmt::format("'{}' listed twice", site.device));
    site.position = {v.number("x_m", 0.0, -1e9, 1e9), v.number("y_m", 0.0, -1e9, 1e9)};
    site.radius_m = v.number("radius_m", 50.0, 1e-3, 1e9);
    m.servers.push_back(site);
  }
  for (const auto& device : topo.devices)
    if (!device.requester && !listed.count(device.name))
      throw InputError(path, s.where("server"), fmt::format("node device '{}' has no [[mobility.server]]", device.name),
                       "one [[mobility.server]] per node device");
  std::set<std::string> moving;
  for (std::size_t r = 0; r < sc.requesters.size(); ++r) {
    const auto& device = sc.requesters[r].device;
    if (!moving.insert(device).second)
      throw InputError(path, fmt::format("requester[{}].device", r),
                       fmt::format("'{}' holds two requesters; under mobility each requester moves its own device", device));
    if (topo.devices[static_cast<std::size_t>(topo.device_index(device))].access_link.empty())
      throw InputError(path, fmt::format("requester[{}].device", r),
                       fmt::format("'{}' has no access_link property: mobility sets that link's rate", device));
  }
  if (sc.bandwidth_jitter > 0)
    throw InputError(path, "jitter.bandwidth", "bandwidth jitter and mobility both set access rates", "0 with [mobility]");
  for (const auto& spec : sc.requesters)
    if (sc.bandwidth.count(spec.device))
      throw InputError(path, "network.bandwidth." + spec.device, "mobility sets a moving requester's access rate",
                       "overrides of node devices only");
  return m;
}

LoadedExperiment parse_experiment(const std::string& path, const std::vector<std::string>& sets,
                                  std::optional<std::uint64_t> seed)
{
  const std::string text = read_text_file(path);
  toml::table doc;
  try {
    doc = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw InputError(path, fmt::format("line {}", e.source().begin.line),
                     fmt::format("malformed TOML: {}", e.description()));
  }
  for (const auto& s : sets)
    apply_set(doc, s);

  LoadedExperiment out;
  out.source            = path;
  runtime::Scenario& sc = out.scenario;
  const Section root(path, "", &doc);
  reject_old_sections(root);
  root.allow_only({"name", "description", "seed", "repetitions", "policy", "model", "candidates", "sweep", "reproduce",
                   "platform", "generate",
                   "traces",
                   "network", "jitter",
                   "requester", "background", "slowdown", "preload", "fault", "faults", "probe", "planner", "predictor",
                   "mobility", "transfer"},
                  policy_sections());
  sc.name        = root.string("name", "experiment");
  (void)root.string("description", "");
  sc.seed        = static_cast<std::uint64_t>(root.integer("seed", 1, 0, std::numeric_limits<std::int64_t>::max()));
  if (seed)
    sc.seed = *seed;
  out.repetitions = static_cast<int>(root.integer("repetitions", 1, 1, 10000));
  sc.policy       = root.string("policy", "ciode", policy::policy_names());
  // 0 = every node; a generated platform's default is its 4 nearest (an explicit 0 still means all)
  sc.candidates   = static_cast<int>(root.integer("candidates", root.has("generate") ? 4 : 0, 0, 1000000));

  // Platform and network: a file, or [generate]d for scale studies.
  const Section gen = root.table("generate");
  gen.allow_only({"subnets", "nodes", "requesters", "gpu_fraction", "access_bandwidth", "access_latency",
                  "backbone_bandwidth", "backbone_latency", "queries", "rate_per_s", "models", "preload"});
  const bool generated = gen.raw() != nullptr;
  platform::GeneratorSpec gspec;
  if (gen.raw() != nullptr) {
    gspec.subnets      = static_cast<int>(gen.integer("subnets", 4, 1, 100000));
    gspec.nodes        = static_cast<int>(gen.integer("nodes", 8, 1, 1000000));
    gspec.requesters   = static_cast<int>(gen.integer("requesters", 4, 1, 1000000));
    gspec.gpu_fraction = gen.number("gpu_fraction", 0.5, 0.0, 1.0);
    gspec.seed         = sc.seed;
    // A TOML number reaches the parser as text, so that it is refused for its missing unit.
    auto text = [&](const char* key) {
      const auto* node = gen.raw()->get(key);
      const auto number = node->is_number() ? node->value<double>() : std::nullopt;
      return number ? fmt::format("{}", *number) : gen.string(key, "");
    };
    auto bandwidth = [&](const char* key, double fallback) {
      try {
        return gen.has(key) ? parse_bandwidth_bps(text(key)) : fallback;
      } catch (const InputError& e) {
        throw InputError(path, gen.where(key), e.what_text(), e.allowed());
      }
    };
    auto latency = [&](const char* key, double fallback) {
      try {
        return gen.has(key) ? parse_duration_s(text(key)) : fallback;
      } catch (const InputError& e) {
        throw InputError(path, gen.where(key), e.what_text(), e.allowed());
      }
    };
    gspec.access_bandwidth_Bps   = bandwidth("access_bandwidth", gspec.access_bandwidth_Bps);
    gspec.access_latency_s       = latency("access_latency", gspec.access_latency_s);
    gspec.backbone_bandwidth_Bps = bandwidth("backbone_bandwidth", gspec.backbone_bandwidth_Bps);
    gspec.backbone_latency_s     = latency("backbone_latency", gspec.backbone_latency_s);
    sc.platform_path = "generated";
  } else {
    try {
      sc.platform_path = platform::resolve_platform_path(root.string("platform", "testbed"));
    } catch (const InputError& e) {
      throw InputError(path, "platform", e.what_text(), e.allowed());
    }
  }
  const Section net = root.table("network");
  net.allow_only({"model", "crosstraffic", "bandwidth"});
  sc.network_model = net.string("model", "LV08", {"LV08", "CM02"});
  sc.crosstraffic  = net.boolean("crosstraffic", sc.network_model == "LV08");
  const Section bw = net.table("bandwidth");
  if (bw.raw() != nullptr)
    for (auto&& [key, value] : *bw.raw()) {
      const std::string device(key.str());
      const auto str = value.value_exact<std::string>();
      try {
        if (str)
          sc.bandwidth[device] = parse_bandwidth_bps(*str);
        else if (auto num = value.value<double>())
          sc.bandwidth[device] = parse_bandwidth_bps(fmt::format("{}", *num));
        else
          throw InputError("", "", "expected a bandwidth such as \"20Mbps\"");
      } catch (const InputError& e) {
        throw InputError(path, bw.where(device), e.what_text(), e.allowed());
      }
    }

  const Section jitter = root.table("jitter");
  jitter.allow_only({"bandwidth", "bandwidth_period_s", "exec"});
  sc.bandwidth_jitter          = jitter.number("bandwidth", 0.0, 0.0, 0.95, "(relative amplitude)");
  sc.bandwidth_jitter_period_s = jitter.number("bandwidth_period_s", 1.0, 1e-3, 1e6);
  sc.exec_jitter               = jitter.number("exec", 1.0, 0.0, 100.0, "(scale on the traces' std)");

  const Section probe = root.table("probe");
  probe.allow_only({"bytes", "interval_s"});
  sc.probe.probe_bytes = probe.number("bytes", 64e3, 1e3, 1e9);
  sc.probe_interval_s  = probe.number("interval_s", 1.0, 0.0, 1e9);
  const Section transfer = root.table("transfer");
  transfer.allow_only({"compression"});
  sc.compression = cost::compression_from_name(transfer.string("compression", "none", cost::compression_names()));

  const Section planner = root.table("planner");
  planner.allow_only({"time", "seconds_per_op"});
  sc.planner.mode           = planner.string("time", "counted", {"counted", "measured"});
  sc.planner.seconds_per_op = planner.number("seconds_per_op", 4e-9, 0.0, 1.0);

  const Section predictor = root.table("predictor");
  predictor.allow_only({"train"});
  const std::string train = predictor.string("train", "others", {"others", "all", "oracle"});

  // Platform view for the checks below, read without SimGrid: the engine starts only in
  // start_engine(), so a sweep validates every point in one process.
  const platform::Topology topo = [&] {
    platform::Topology names;
    try {
      names = generated ? platform::assemble_topology(platform::generated_platform_name(gspec),
                                                      platform::describe_generated_platform(gspec))
                        : platform::assemble_topology(sc.platform_path, platform::read_platform_xml(sc.platform_path));
      platform::check_bandwidth_overrides(names, sc.bandwidth, path + ": network.bandwidth");
    } catch (const InputError& e) {
      if (e.file() == sc.platform_path)
        throw;
      throw InputError(path, "network.bandwidth." + e.where(), e.what_text(), e.allowed());
    }
    return names;
  }();
  auto device_names = [&] {
    std::string list;
    for (const auto& d : topo.devices)
      list += (list.empty() ? "" : ", ") + d.name;
    return list;
  };
  auto processor_names = [&] {
    std::string list;
    for (const auto& p : topo.processors)
      list += (list.empty() ? "" : ", ") + p.name;
    return list;
  };

  auto read_processor = [&](const Section& s) {
    const std::string name = s.string("processor", "");
    if (topo.processor_index(name) < 0)
      throw InputError(path, s.where("processor"), fmt::format("unknown processor '{}'", name), processor_names());
    return name;
  };

  sc.params = read_policy_params(root, topo);

  // A top-level `model` is the default of every requester, background and preload (so that a
  // sweep over `model` changes them together).
  const std::string default_model = root.string("model", "");
  std::set<std::string> model_names;
  auto read_model = [&](const Section& s) {
    if (!s.has("model") && default_model.empty())
      throw InputError(path, s.where("model"), "missing model (or set a top-level model)");
    const std::string name = s.string("model", default_model);
    try {
      auto model = load_model_cached(name);
      const std::string key = model->name();
      sc.models.emplace(key, model);
      model_names.insert(key);
      return key;
    } catch (const InputError& e) {
      if (e.file() == name)
        throw InputError(path, s.has("model") ? s.where("model") : std::string("model"), e.what_text(), e.allowed());
      throw;
    }
  };

  for (const Section& r : root.array_of_tables("requester")) {
    r.allow_only({"device", "model", "queries", "arrival", "period_s", "rate_per_s", "start_s", "max_in_flight",
                  "queue_limit"});
    runtime::RequesterSpec spec;
    spec.device = r.string("device", "");
    if (topo.device_index(spec.device) < 0)
      throw InputError(path, r.where("device"), fmt::format("unknown device '{}'", spec.device), device_names());
    spec.model   = read_model(r);
    spec.queries = static_cast<int>(r.integer("queries", 1, 1, 100000000));
    spec.arrival = read_arrival(r);
    spec.max_in_flight = static_cast<int>(r.integer("max_in_flight", 1, 1, 1000));
    spec.queue_limit   = static_cast<int>(r.integer("queue_limit", 0, 0, 100000000));
    sc.requesters.push_back(spec);
  }
  if (generated) {
    // One requester per generated requester device: model drawn from the mix, Poisson arrivals.
    std::vector<std::pair<std::string, double>> mix;
    double total_weight = 0;
    const Section models = gen.table("models");
    if (models.raw() != nullptr)
      for (auto&& [key, value] : *models.raw()) {
        const double weight = value.value<double>().value_or(-1.0);
        if (!(weight > 0))
          throw InputError(path, models.where(std::string(key.str())), "weight must be a positive number");
        mix.emplace_back(std::string(key.str()), weight);
        total_weight += weight;
      }
    if (mix.empty()) {
      if (default_model.empty())
        throw InputError(path, "generate.models", "give a model mix, e.g. models = { alexnet = 0.7, vgg16 = 0.3 }");
      mix.emplace_back(default_model, 1.0);
      total_weight = 1.0;
    }
    const int queries  = static_cast<int>(gen.integer("queries", 10, 1, 100000000));
    const double rate  = gen.number("rate_per_s", 0.0, 0.0, 1e9, "(0: back-to-back)");
    // Each model of the mix is loaded once, whatever the number of requesters.
    std::map<std::string, std::string> mix_model; // mix key -> model name
    for (const auto& [key, weight] : mix) {
      try {
        auto loaded = load_model_cached(key);
        mix_model[key] = loaded->name();
        sc.models.emplace(loaded->name(), loaded);
      } catch (const InputError& e) {
        throw InputError(path, "generate.models." + key, e.what_text(), e.allowed());
      }
    }
    Rng mix_rng(Rng::stream_seed(sc.seed, -1, Purpose::ModelMix, 0));
    for (int r = 0; r < gspec.requesters; ++r) {
      double pick = mix_rng.uniform01() * total_weight;
      std::string model = mix.back().first;
      for (const auto& [name, weight] : mix) {
        if (pick < weight) {
          model = name;
          break;
        }
        pick -= weight;
      }
      runtime::RequesterSpec spec;
      spec.device  = fmt::format("R{}", r);
      spec.queries = queries;
      if (rate > 0) {
        spec.arrival.kind       = runtime::Arrival::Poisson;
        spec.arrival.rate_per_s = rate;
      }
      spec.model = mix_model.at(model);
      model_names.insert(spec.model);
      sc.requesters.push_back(spec);
    }
    if (gen.boolean("preload", false)) // the mix's models installed on every node processor
      for (const auto& device : topo.devices)
        if (!device.requester)
          for (int p : device.processors)
            for (const auto& name : model_names)
              sc.preloads.push_back({topo.processors[static_cast<std::size_t>(p)].name, name});
  }

  // An energy objective plans with the requester's power figures: a platform without them
  // is a config error here, not a failure in the middle of a run.
  for (const policy::ParamGroup* group : policy::find_policy(sc.policy).groups)
    for (const auto& param : group->params) {
      const std::string key = group->section + "." + param.key;
      if (param.key != "objective" || sc.params.integer(key) == 0) // choice 0: latency
        continue;
      for (const auto& r : sc.requesters) {
        const auto& device = topo.devices[static_cast<std::size_t>(topo.device_index(r.device))];
        bool powered       = device.has_radio_power;
        for (int p : device.processors)
          powered = powered && topo.processors[static_cast<std::size_t>(p)].has_power;
        if (!powered)
          throw InputError(path, key,
                           fmt::format("an energy objective needs power figures for requester device '{}', which "
                                       "platform {} does not give",
                                       r.device, sc.platform_path),
                           "objective = \"latency\", or a platform whose hosts have wattage_per_state and whose "
                           "access links have wattage_range (docs/energy.md)");
      }
    }
  if (sc.requesters.empty())
    throw InputError(path, "requester", "an experiment needs at least one [[requester]] (or a [generate] section)");

  for (const Section& b : root.array_of_tables("background")) {
    b.allow_only({"processor", "model", "queries", "arrival", "period_s", "rate_per_s", "start_s", "utilization"});
    runtime::BackgroundSpec spec;
    spec.processor = read_processor(b);
    spec.model   = read_model(b);
    spec.queries     = static_cast<int>(b.integer("queries", 1, 1, 100000000));
    spec.utilization = b.number("utilization", 0.0, 0.0, 1.0, "(Poisson load: fraction of the processor)");
    spec.arrival = read_arrival(b, spec.utilization > 0);
    sc.background.push_back(spec);
  }

  for (const Section& s : root.array_of_tables("slowdown")) {
    s.allow_only({"processor", "from_s", "to_s", "factor"});
    runtime::SlowdownSpec spec;
    spec.processor = read_processor(s);
    spec.from_s = s.number("from_s", 0.0, 0.0, 1e9);
    spec.to_s   = s.number("to_s", 1e9, 0.0, 1e9);
    spec.factor = s.number("factor", 1.0, 1e-6, 1.0, "(fraction of the processor's speed)");
    if (spec.to_s <= spec.from_s)
      throw InputError(path, s.where("to_s"), "to_s must be after from_s");
    sc.slowdowns.push_back(spec);
  }

  for (const Section& s : root.array_of_tables("preload")) {
    s.allow_only({"processor", "model"});
    runtime::PreloadSpec spec;
    spec.processor = read_processor(s);
    spec.model = read_model(s);
    sc.preloads.push_back(spec);
  }

  for (const Section& f : root.array_of_tables("fault")) {
    f.allow_only({"processor", "link", "from_s", "to_s"});
    runtime::FaultSpec spec;
    if (f.has("processor") == f.has("link"))
      throw InputError(path, f.where("processor"), "a fault names either a processor or a link", "processor, link");
    if (f.has("processor")) {
      spec.processor = read_processor(f);
    } else {
      spec.link = f.string("link", "");
      if (std::find(topo.links.begin(), topo.links.end(), spec.link) == topo.links.end())
        throw InputError(path, f.where("link"), fmt::format("unknown link '{}'", spec.link));
    }
    spec.from_s = f.number("from_s", 0.0, 0.0, 1e9);
    // no to_s: a permanent fault
    spec.to_s = f.has("to_s") ? f.number("to_s", 1e9, 0.0, 1e9) : std::numeric_limits<double>::infinity();
    if (spec.to_s <= spec.from_s)
      throw InputError(path, f.where("to_s"), "to_s must be after from_s");
    sc.faults.push_back(spec);
  }
  sc.mobility = read_mobility(root, topo, sc, path);
  {
    // The simulation's actors live on a processor that never fails (runtime::World).
    std::set<std::string> failing;
    for (const auto& f : sc.faults)
      if (!f.processor.empty())
        failing.insert(f.processor);
    if (!topo.processors.empty() && failing.size() == topo.processors.size())
      throw InputError(path, "fault", "every processor has a fault", "faults that leave at least one processor up");
  }
  const Section faults = root.table("faults");
  faults.allow_only({"timeout_s", "suspect_s"});
  sc.fault_timeout_s = faults.number("timeout_s", 0.1, 1e-6, 1e6); // > 0: retries of a dead node take time
  sc.suspect_s       = faults.number("suspect_s", 1.0, 0.0, 1e9);

  // Traces: every model must have a row on every processor profile.
  std::string trace_dir;
  try {
    trace_dir = resolve_trace_path(root.string("traces", default_trace_dir()));
    // Read once per process: a sweep parses every point, most with the same traces.
    static std::map<std::string, std::shared_ptr<cost::TraceTable>> loaded;
    auto& cached = loaded[trace_dir];
    if (!cached)
      cached = std::make_shared<cost::TraceTable>(cost::TraceTable::load(trace_dir));
    sc.traces = cached;
  } catch (const InputError& e) {
    throw InputError(path, "traces", e.what(), "a trace directory or .csv file");
  }
  for (const auto& p : topo.processors)
    if (std::find(out.profiles.begin(), out.profiles.end(), p.profile) == out.profiles.end())
      out.profiles.push_back(p.profile);
  sc.oracle_predictions = train == "oracle";
  out.train             = train;
  for (const auto& name : model_names) {
    try {
      sc.traces->require_complete(*sc.models.at(name), out.profiles);
    } catch (const InputError& e) {
      throw InputError(path, "traces: " + e.where(), e.what_text(), e.allowed());
    }
  }

  out.generated = generated;
  out.generator = gspec;
  std::ostringstream normalised;
  normalised << doc;
  out.effective_config = normalised.str();
  out.config_hash      = fnv1a_hex(out.effective_config);
  out.topology         = topo;
  return out;
}

void build_costs(LoadedExperiment& experiment)
{
  runtime::Scenario& sc = experiment.scenario;
  if (sc.oracle_predictions)
    return;
  for (const auto& [name, model] : sc.models)
    if (!sc.predictors.count(name)) // the planners' view, trained once per model
      sc.predictors[name] = std::make_shared<cost::CostPredictor>(
          train_for(*model, *sc.traces, experiment.profiles, experiment.train).predictor);
}

void start_engine(LoadedExperiment& experiment, const std::vector<std::string>& extra_simgrid_args)
{
  const runtime::Scenario& sc = experiment.scenario;
  // The engine's network model must be set before the platform is loaded; runs fork from here.
  std::vector<std::string> simgrid_args = {"--cfg=network/model:" + sc.network_model,
                                           std::string("--cfg=network/crosstraffic:") + (sc.crosstraffic ? "1" : "0")};
  simgrid_args.insert(simgrid_args.end(), extra_simgrid_args.begin(), extra_simgrid_args.end());
  platform::init_engine(simgrid_args);
  // The checks of parse_experiment ran on the same host list (platform_description.hpp):
  // what could fail here is what only SimGrid knows (link values, routes).
  experiment.topology = experiment.generated
                            ? platform::build_generated_platform(experiment.generator, sc.bandwidth,
                                                                 experiment.source + ": network.bandwidth")
                            : platform::load_platform(sc.platform_path, sc.bandwidth,
                                                      experiment.source + ": network.bandwidth");
}

LoadedExperiment load_experiment(const std::string& path, const std::vector<std::string>& sets,
                                 std::optional<std::uint64_t> seed, const std::vector<std::string>& simgrid_args)
{
  LoadedExperiment experiment = parse_experiment(path, sets, seed);
  build_costs(experiment);
  start_engine(experiment, simgrid_args);
  return experiment;
}

} // namespace ciodesim::experiment
