#include "sim/dnn/model_json.hpp"

#include "sim/core/error.hpp"
#include "sim/core/files.hpp"
#include "sim/core/names.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace ciodesim::dnn {
namespace {

using nlohmann::json;

struct Reader {
  const std::string& origin;
  std::string where;

  [[noreturn]] void fail(const std::string& what, const std::string& allowed = "") const
  {
    throw InputError(origin, where, what, allowed);
  }

  std::int64_t integer(const json& value, const char* field) const
  {
    const std::string range = fmt::format("integers in {} .. {}", -kMaxFileInteger, kMaxFileInteger);
    if (value.is_number_unsigned()) {
      if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxFileInteger))
        throw InputError(origin, where + "." + field, fmt::format("{} is out of range", value.dump()), range);
      return value.get<std::int64_t>();
    }
    if (value.is_number_integer()) {
      const std::int64_t v = value.get<std::int64_t>();
      if (v < -kMaxFileInteger || v > kMaxFileInteger)
        throw InputError(origin, where + "." + field, fmt::format("{} is out of range", value.dump()), range);
      return v;
    }
    if (value.is_number_float()) {
      const double d = value.get<double>();
      if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
        if (std::fabs(d) > static_cast<double>(kMaxFileInteger))
          throw InputError(origin, where + "." + field, fmt::format("{} is out of range", value.dump()), range);
        return static_cast<std::int64_t>(d);
      }
    }
    throw InputError(origin, where + "." + field, fmt::format("expected an integer, got {}", value.dump()));
  }

  // kernel: 3 or [3, 3] (height, width)
  void pair(const json& value, const char* field, std::int64_t& h, std::int64_t& w) const
  {
    if (value.is_array()) {
      if (value.size() != 2)
        throw InputError(origin, where + "." + field, "expected an integer or [height, width]");
      h = integer(value[0], field);
      w = integer(value[1], field);
    } else {
      h = w = integer(value, field);
    }
  }

  bool boolean(const json& value, const char* field) const
  {
    if (!value.is_boolean())
      throw InputError(origin, where + "." + field, fmt::format("expected true or false, got {}", value.dump()));
    return value.get<bool>();
  }

  std::string string(const json& value, const char* field) const
  {
    if (!value.is_string())
      throw InputError(origin, where + "." + field, fmt::format("expected a string, got {}", value.dump()));
    return value.get<std::string>();
  }
};

// Keys each layer type accepts (beyond name, type, inputs, comment).
std::set<std::string> allowed_keys(LayerType type)
{
  switch (type) {
    case LayerType::Input: return {"shape"};
    case LayerType::Conv: return {"num_output", "kernel", "stride", "pad", "groups", "bias"};
    case LayerType::DwConv: return {"num_output", "kernel", "stride", "pad", "bias"};
    case LayerType::Fc: return {"num_output", "bias"};
    case LayerType::Pool: return {"method", "kernel", "stride", "pad", "global", "round"};
    case LayerType::Lrn: return {"local_size"};
    case LayerType::Scale: return {"bias"};
    case LayerType::Eltwise: return {"operation"};
    case LayerType::Concat: return {"axis"};
    default: return {};
  }
}

std::string join(const std::set<std::string>& keys)
{
  std::string text;
  for (const auto& k : keys)
    text += (text.empty() ? "" : ", ") + k;
  return text;
}

LayerSpec read_layer(const json& node, std::size_t index, const std::string& previous, const std::string& origin)
{
  Reader r{origin, fmt::format("layers[{}]", index)};
  if (!node.is_object())
    r.fail("expected a JSON object for a layer");
  LayerSpec spec;
  if (!node.contains("name"))
    r.fail("missing field 'name'");
  spec.name = r.string(node["name"], "name");
  if (!is_valid_layer_name(spec.name))
    r.fail(fmt::format("invalid layer name '{}'", spec.name), "1 to 200 printable ASCII characters");
  r.where   = fmt::format("layers[{}] ({})", index, spec.name);
  if (!node.contains("type"))
    r.fail("missing field 'type'", layer_type_names());
  const std::string type_name = r.string(node["type"], "type");
  if (!parse_layer_type(type_name, spec.type))
    throw InputError(origin, r.where + ".type", fmt::format("unknown layer type '{}'", type_name), layer_type_names());

  std::set<std::string> allowed = allowed_keys(spec.type);
  for (const auto& [key, value] : node.items()) {
    (void)value;
    if (key != "name" && key != "type" && key != "inputs" && key != "comment" && !allowed.count(key))
      throw InputError(origin, r.where, fmt::format("unknown key '{}' for a {} layer", key, type_name),
                       join([&] {
                         auto all = allowed;
                         all.insert({"name", "type", "inputs", "comment"});
                         return all;
                       }()));
  }

  // Inputs default to the previous layer, so that chains read like a prototxt.
  if (node.contains("inputs")) {
    const json& ins = node["inputs"];
    if (ins.is_string())
      spec.inputs.push_back(ins.get<std::string>());
    else if (ins.is_array()) {
      for (const auto& in : ins)
        spec.inputs.push_back(r.string(in, "inputs"));
    } else
      throw InputError(origin, r.where + ".inputs", "expected a layer name or a list of layer names");
  } else if (spec.type != LayerType::Input) {
    if (previous.empty())
      r.fail("first layer has no inputs; it must be of type input");
    spec.inputs.push_back(previous);
  }

  auto has = [&](const char* key) { return node.contains(key); };
  switch (spec.type) {
    case LayerType::Input: {
      if (!has("shape") || !node["shape"].is_array() || node["shape"].size() != 3)
        throw InputError(origin, r.where + ".shape", "input layer needs shape [channels, height, width]");
      spec.input_shape = {r.integer(node["shape"][0], "shape"), r.integer(node["shape"][1], "shape"),
                          r.integer(node["shape"][2], "shape")};
      break;
    }
    case LayerType::Conv:
    case LayerType::DwConv:
      if (spec.type == LayerType::Conv && !has("num_output"))
        r.fail("missing field 'num_output'");
      if (!has("kernel"))
        r.fail("missing field 'kernel'");
      if (has("num_output"))
        spec.num_output = r.integer(node["num_output"], "num_output");
      r.pair(node["kernel"], "kernel", spec.kernel_h, spec.kernel_w);
      if (has("stride"))
        r.pair(node["stride"], "stride", spec.stride_h, spec.stride_w);
      if (has("pad"))
        r.pair(node["pad"], "pad", spec.pad_h, spec.pad_w);
      if (has("groups"))
        spec.groups = r.integer(node["groups"], "groups");
      if (has("bias"))
        spec.bias = r.boolean(node["bias"], "bias");
      break;
    case LayerType::Fc:
      if (!has("num_output"))
        r.fail("missing field 'num_output'");
      spec.num_output = r.integer(node["num_output"], "num_output");
      if (has("bias"))
        spec.bias = r.boolean(node["bias"], "bias");
      break;
    case LayerType::Pool: {
      const std::string method = has("method") ? r.string(node["method"], "method") : "max";
      if (method == "max")
        spec.pool = PoolMethod::Max;
      else if (method == "avg")
        spec.pool = PoolMethod::Avg;
      else
        throw InputError(origin, r.where + ".method", fmt::format("unknown pooling method '{}'", method), "max, avg");
      if (has("global"))
        spec.global_pool = r.boolean(node["global"], "global");
      if (!spec.global_pool) {
        if (!has("kernel"))
          r.fail("missing field 'kernel' (or set \"global\": true)");
        r.pair(node["kernel"], "kernel", spec.kernel_h, spec.kernel_w);
        if (has("stride"))
          r.pair(node["stride"], "stride", spec.stride_h, spec.stride_w);
        if (has("pad"))
          r.pair(node["pad"], "pad", spec.pad_h, spec.pad_w);
      }
      if (has("round")) {
        const std::string round = r.string(node["round"], "round");
        if (round != "ceil" && round != "floor")
          throw InputError(origin, r.where + ".round", fmt::format("unknown rounding '{}'", round), "ceil, floor");
        spec.ceil_mode = round == "ceil";
      }
      break;
    }
    case LayerType::Lrn:
      if (has("local_size"))
        spec.local_size = r.integer(node["local_size"], "local_size");
      break;
    case LayerType::Scale:
      if (has("bias"))
        spec.bias = r.boolean(node["bias"], "bias");
      break;
    case LayerType::Eltwise:
      if (has("operation") && r.string(node["operation"], "operation") != "sum")
        throw InputError(origin, r.where + ".operation", "unsupported eltwise operation", "sum");
      break;
    case LayerType::Concat:
      if (has("axis") && r.integer(node["axis"], "axis") != 1)
        throw InputError(origin, r.where + ".axis", "only channel concatenation is supported", "1");
      break;
    default: break;
  }
  return spec;
}

} // namespace

Model load_model_text(const std::string& text, const std::string& origin)
{
  check_json_nesting(text, origin);
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    throw InputError(origin, fmt::format("byte {}", e.byte), "malformed JSON");
  }
  if (!doc.is_object())
    throw InputError(origin, "", "expected a JSON object with 'name' and 'layers'");
  static const std::set<std::string> top_keys = {"name", "layers", "description", "source", "comment"};
  for (const auto& [key, value] : doc.items()) {
    (void)value;
    if (!top_keys.count(key))
      throw InputError(origin, "", fmt::format("unknown key '{}'", key), join(top_keys));
  }
  if (!doc.contains("name") || !doc["name"].is_string() || doc["name"].get<std::string>().empty())
    throw InputError(origin, "name", "missing or empty model name");
  check_name(doc["name"].get<std::string>(), origin, "name"); // it becomes file names (traces generate)
  if (!doc.contains("layers") || !doc["layers"].is_array())
    throw InputError(origin, "layers", "missing list of layers");
  const json& layers = doc["layers"];
  if (layers.size() > 100000)
    throw InputError(origin, "layers", fmt::format("{} layers is more than the supported 100000", layers.size()));

  std::vector<LayerSpec> specs;
  specs.reserve(layers.size());
  std::string previous;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    specs.push_back(read_layer(layers[i], i, previous, origin));
    previous = specs.back().name;
  }
  try {
    return Model::from_specs(doc["name"].get<std::string>(), std::move(specs));
  } catch (const InputError& e) {
    throw e.with_file(origin);
  }
}

Model load_model_file(const std::string& path)
{
  return load_model_text(read_text_file(path), path);
}

std::string resolve_model_path(const std::string& name_or_path)
{
  const std::string path = resolve_shipped(name_or_path, "models", ".json");
  if (!path.empty())
    return path;
  std::string names;
  for (const auto& n : shipped_model_names())
    names += n + ", ";
  throw InputError(name_or_path, "", "unknown model: neither a file nor a shipped model",
                   names + "or a path to a .json file");
}

std::vector<std::string> shipped_model_names()
{
  return shipped_names("models", ".json");
}

} // namespace ciodesim::dnn
