#include "sim/dnn/import_caffe.hpp"

#include "sim/core/error.hpp"
#include "sim/dnn/layer.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <stdexcept>
#include <map>
#include <memory>
#include <set>
#include <vector>

namespace ciodesim::dnn {
namespace {

// A protobuf text-format message: field name -> values (scalars or messages), in order.
struct Message {
  struct Value {
    std::string scalar;
    std::shared_ptr<Message> message;
  };
  std::vector<std::pair<std::string, Value>> fields;

  std::vector<const Value*> all(const std::string& name) const
  {
    std::vector<const Value*> out;
    for (const auto& [key, value] : fields)
      if (key == name)
        out.push_back(&value);
    return out;
  }
  const Value* first(const std::string& name) const
  {
    for (const auto& [key, value] : fields)
      if (key == name)
        return &value;
    return nullptr;
  }
};

class Parser {
public:
  Parser(const std::string& text, const std::string& origin) : text_(text), origin_(origin) {}

  Message parse_all()
  {
    Message m = parse_fields();
    skip();
    if (pos_ < text_.size())
      fail("unexpected '}'");
    return m;
  }

private:
  [[noreturn]] void fail(const std::string& what) const
  {
    int line = 1;
    for (std::size_t i = 0; i < pos_ && i < text_.size(); ++i)
      line += text_[i] == '\n';
    throw InputError(origin_, fmt::format("line {}", line), "malformed prototxt: " + what);
  }

  void skip()
  {
    while (pos_ < text_.size()) {
      if (std::isspace(static_cast<unsigned char>(text_[pos_])))
        ++pos_;
      else if (text_[pos_] == '#')
        while (pos_ < text_.size() && text_[pos_] != '\n')
          ++pos_;
      else
        break;
    }
  }

  std::string identifier()
  {
    skip();
    const std::size_t start = pos_;
    while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
      ++pos_;
    if (start == pos_)
      fail(fmt::format("expected a field name, found '{}'", text_.substr(pos_, 10)));
    return text_.substr(start, pos_ - start);
  }

  std::string scalar()
  {
    skip();
    if (pos_ < text_.size() && (text_[pos_] == '"' || text_[pos_] == '\'')) {
      const char quote = text_[pos_++];
      const std::size_t start = pos_;
      while (pos_ < text_.size() && text_[pos_] != quote)
        ++pos_;
      if (pos_ >= text_.size())
        fail("unterminated string");
      return text_.substr(start, pos_++ - start);
    }
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !std::isspace(static_cast<unsigned char>(text_[pos_])) && text_[pos_] != '}' &&
           text_[pos_] != '#')
      ++pos_;
    if (start == pos_)
      fail("expected a value");
    return text_.substr(start, pos_ - start);
  }

  Message parse_fields()
  {
    Message m;
    while (true) {
      skip();
      if (pos_ >= text_.size() || text_[pos_] == '}')
        return m;
      const std::string name = identifier();
      skip();
      Message::Value value;
      if (pos_ < text_.size() && text_[pos_] == ':') {
        ++pos_;
        skip();
      }
      if (pos_ < text_.size() && text_[pos_] == '{') {
        // one C++ frame per level: bounded so that a file of '{' cannot overflow the stack
        if (++depth_ > kMaxDepth)
          fail(fmt::format("nested deeper than {} levels", kMaxDepth));
        ++pos_;
        value.message = std::make_shared<Message>(parse_fields());
        --depth_;
        skip();
        if (pos_ >= text_.size() || text_[pos_] != '}')
          fail("missing '}'");
        ++pos_;
      } else {
        value.scalar = scalar();
      }
      m.fields.emplace_back(name, std::move(value));
    }
  }

  static constexpr int kMaxDepth = 64;
  const std::string& text_;
  const std::string& origin_;
  std::size_t pos_ = 0;
  int depth_       = 0;
};

std::string scalar_of(const Message& m, const std::string& name, const std::string& fallback = "")
{
  const auto* v = m.first(name);
  return v != nullptr && !v->message ? v->scalar : fallback;
}

// An integer within the model files' bounds (kMaxFileInteger), or InputError with the range.
std::int64_t checked_int(const std::string& s, const std::string& origin, const std::string& where)
{
  const std::string range = fmt::format("integers in {} .. {}", -kMaxFileInteger, kMaxFileInteger);
  long long v = 0;
  try {
    std::size_t used = 0;
    v                = std::stoll(s, &used);
    if (used != s.size())
      throw std::invalid_argument(s);
  } catch (const std::out_of_range&) {
    throw InputError(origin, where, fmt::format("{} is out of range", s), range);
  } catch (const std::exception&) {
    throw InputError(origin, where, fmt::format("expected an integer, got '{}'", s), range);
  }
  if (v < -kMaxFileInteger || v > kMaxFileInteger)
    throw InputError(origin, where, fmt::format("{} is out of range", s), range);
  return v;
}

std::int64_t int_of(const Message& m, const std::string& name, std::int64_t fallback, const std::string& origin,
                    const std::string& where)
{
  const std::string s = scalar_of(m, name);
  if (s.empty())
    return fallback;
  return checked_int(s, origin, where + "." + name);
}

std::vector<std::int64_t> dims_of(const Message& shape, const std::string& origin, const std::string& where)
{
  std::vector<std::int64_t> dims;
  for (const auto* d : shape.all("dim"))
    dims.push_back(checked_int(d->scalar, origin, where + ".dim"));
  if (dims.size() != 4 && dims.size() != 3)
    throw InputError(origin, where, fmt::format("input shape needs 3 or 4 dims (N, C, H, W), got {}", dims.size()));
  if (dims.size() == 4)
    dims.erase(dims.begin()); // batch
  return dims;
}

// A window parameter: kernel_size / kernel_h + kernel_w (same for stride, pad).
void window(nlohmann::ordered_json& layer, const Message& p, const char* caffe, const char* ours, std::int64_t fallback,
            const std::string& origin, const std::string& where)
{
  const std::string base = caffe;
  const auto h = int_of(p, base + "_h", -1, origin, where), w = int_of(p, base + "_w", -1, origin, where);
  if (h >= 0 || w >= 0) {
    layer[ours] = {h >= 0 ? h : fallback, w >= 0 ? w : fallback};
    return;
  }
  const std::string name = base == "kernel" ? "kernel_size" : base;
  const auto v           = int_of(p, name, fallback, origin, where);
  if (v != fallback || base == "kernel")
    layer[ours] = v;
}

} // namespace

std::string caffe_prototxt_to_json(const std::string& text, const std::string& origin, const std::string& fallback_name,
                                   const std::string& forced_name)
{
  const Message net = Parser(text, origin).parse_all();
  nlohmann::ordered_json model;
  model["name"]   = forced_name.empty() ? scalar_of(net, "name", fallback_name) : forced_name;
  model["source"] = "imported from " + origin + " by `ciodesim import`";
  auto& layers    = model["layers"] = nlohmann::ordered_json::array();
  std::map<std::string, std::string> producer; // blob -> layer that last wrote it

  // Old-style network inputs: input: "data" + input_shape { dim ... } or input_dim x4.
  const auto inputs = net.all("input");
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    std::vector<std::int64_t> dims;
    const auto shapes = net.all("input_shape");
    if (i < shapes.size() && shapes[i]->message)
      dims = dims_of(*shapes[i]->message, origin, "input_shape");
    else {
      Message fake;
      for (const auto* d : net.all("input_dim"))
        fake.fields.emplace_back("dim", *d);
      dims = dims_of(fake, origin, "input_dim");
    }
    layers.push_back({{"name", inputs[i]->scalar}, {"type", "input"}, {"shape", {dims[0], dims[1], dims[2]}}});
    producer[inputs[i]->scalar] = inputs[i]->scalar;
  }

  static const std::map<std::string, std::string> kTypes = {
      {"Input", "input"},       {"Convolution", "conv"}, {"InnerProduct", "fc"},  {"Pooling", "pool"},
      {"ReLU", "relu"},         {"LRN", "lrn"},          {"BatchNorm", "batchnorm"}, {"Scale", "scale"},
      {"Concat", "concat"},     {"Eltwise", "eltwise"},  {"Dropout", "dropout"}, {"Softmax", "softmax"},
      {"Flatten", "flatten"}};
  auto layer_messages = net.all("layer");
  if (layer_messages.empty())
    layer_messages = net.all("layers");
  for (std::size_t i = 0; i < layer_messages.size(); ++i) {
    if (!layer_messages[i]->message)
      throw InputError(origin, fmt::format("layer[{}]", i), "expected a layer { ... } block");
    const Message& l       = *layer_messages[i]->message;
    const std::string name = scalar_of(l, "name", fmt::format("layer{}", i));
    const std::string where = fmt::format("layer {}", name);
    const std::string type  = scalar_of(l, "type");
    auto known              = kTypes.find(type);
    if (known == kTypes.end()) {
      std::string list;
      for (const auto& [caffe, ours] : kTypes)
        list += (list.empty() ? "" : ", ") + caffe;
      throw InputError(origin, where + ".type", fmt::format("unsupported layer type '{}'", type), list);
    }
    nlohmann::ordered_json layer = {{"name", name}, {"type", known->second}};
    const auto tops = l.all("top");
    if (tops.size() != 1)
      throw InputError(origin, where, fmt::format("a layer needs exactly one top, got {}", tops.size()));
    if (type == "Input") {
      const auto* p = l.first("input_param");
      const auto* shape = p && p->message ? p->message->first("shape") : nullptr;
      if (shape == nullptr || !shape->message)
        throw InputError(origin, where + ".input_param", "missing input_param { shape { dim ... } }");
      const auto dims = dims_of(*shape->message, origin, where);
      layer["shape"]  = {dims[0], dims[1], dims[2]};
    } else {
      auto& ins = layer["inputs"] = nlohmann::ordered_json::array();
      for (const auto* b : l.all("bottom")) {
        auto it = producer.find(b->scalar);
        if (it == producer.end())
          throw InputError(origin, where + ".bottom", fmt::format("unknown blob '{}'", b->scalar));
        ins.push_back(it->second);
      }
    }
    auto param = [&](const char* key) -> const Message* {
      const auto* v = l.first(key);
      return v != nullptr && v->message ? v->message.get() : nullptr;
    };
    static const Message kEmpty;
    if (type == "Convolution") {
      const Message& p     = param("convolution_param") ? *param("convolution_param") : kEmpty;
      layer["num_output"]  = int_of(p, "num_output", 0, origin, where);
      window(layer, p, "kernel", "kernel", 0, origin, where);
      window(layer, p, "stride", "stride", 1, origin, where);
      window(layer, p, "pad", "pad", 0, origin, where);
      if (const auto g = int_of(p, "group", 1, origin, where); g != 1)
        layer["groups"] = g;
      if (scalar_of(p, "bias_term", "true") == "false")
        layer["bias"] = false;
    } else if (type == "InnerProduct") {
      const Message& p    = param("inner_product_param") ? *param("inner_product_param") : kEmpty;
      layer["num_output"] = int_of(p, "num_output", 0, origin, where);
      if (scalar_of(p, "bias_term", "true") == "false")
        layer["bias"] = false;
    } else if (type == "Pooling") {
      const Message& p = param("pooling_param") ? *param("pooling_param") : kEmpty;
      const std::string pool = scalar_of(p, "pool", "MAX");
      if (pool != "MAX" && pool != "AVE")
        throw InputError(origin, where + ".pool", fmt::format("unsupported pooling '{}'", pool), "MAX, AVE");
      layer["method"] = pool == "MAX" ? "max" : "avg";
      if (scalar_of(p, "global_pooling") == "true") {
        layer["global"] = true;
      } else {
        window(layer, p, "kernel", "kernel", 0, origin, where);
        window(layer, p, "stride", "stride", 1, origin, where);
        window(layer, p, "pad", "pad", 0, origin, where);
      }
    } else if (type == "LRN") {
      const Message& p = param("lrn_param") ? *param("lrn_param") : kEmpty;
      layer["local_size"] = int_of(p, "local_size", 5, origin, where);
    } else if (type == "Scale") {
      const Message& p = param("scale_param") ? *param("scale_param") : kEmpty;
      layer["bias"]    = scalar_of(p, "bias_term", "false") == "true"; // Caffe's default: no bias
    } else if (type == "Eltwise") {
      const Message& p = param("eltwise_param") ? *param("eltwise_param") : kEmpty;
      const std::string op = scalar_of(p, "operation", "SUM");
      if (op != "SUM")
        throw InputError(origin, where + ".operation", fmt::format("unsupported eltwise operation '{}'", op), "SUM");
    }
    layers.push_back(layer);
    producer[tops[0]->scalar] = name;
  }
  if (layers.empty())
    throw InputError(origin, "", "no layers in the prototxt");
  return model.dump(1) + "\n";
}

} // namespace ciodesim::dnn
