#include "sim/policy/params.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace ciodesim::policy {

const char* param_kind_name(ParamKind kind)
{
  switch (kind) {
    case ParamKind::Number: return "number";
    case ParamKind::Integer: return "integer";
    case ParamKind::Boolean: return "boolean";
    case ParamKind::Processor: return "processor";
    case ParamKind::Choice: return "choice";
  }
  return "?";
}

Param Param::number(std::string key, double default_value, double min, double max, std::string help)
{
  Param p;
  p.key           = std::move(key);
  p.kind          = ParamKind::Number;
  p.default_value = default_value;
  p.min           = min;
  p.max           = max;
  p.help          = std::move(help);
  return p;
}

Param Param::integer(std::string key, long long default_value, long long min, long long max, std::string help)
{
  Param p = number(std::move(key), static_cast<double>(default_value), static_cast<double>(min),
                   static_cast<double>(max), std::move(help));
  p.kind  = ParamKind::Integer;
  return p;
}

Param Param::boolean(std::string key, bool default_value, std::string help)
{
  Param p = number(std::move(key), default_value ? 1.0 : 0.0, 0.0, 1.0, std::move(help));
  p.kind  = ParamKind::Boolean;
  return p;
}

Param Param::processor(std::string key, std::string help)
{
  Param p;
  p.key  = std::move(key);
  p.kind = ParamKind::Processor;
  p.help = std::move(help);
  return p;
}

Param Param::choice(std::string key, const std::vector<std::string>& names, int default_index, std::string help)
{
  Param p = number(std::move(key), default_index, 0, static_cast<double>(names.size()) - 1, std::move(help));
  p.kind  = ParamKind::Choice;
  for (std::size_t i = 0; i < names.size(); ++i)
    p.word(names[i], static_cast<double>(i));
  return p;
}

Param& Param::word(std::string name, double value)
{
  if (value == default_value && default_text.empty())
    default_text = name;
  words.emplace_back(std::move(name), value);
  return *this;
}

std::string Param::default_string() const
{
  switch (kind) {
    case ParamKind::Boolean: return default_value != 0 ? "true" : "false";
    case ParamKind::Processor: return fmt::format("\"{}\"", default_text);
    case ParamKind::Integer: return fmt::format("{}", static_cast<long long>(default_value));
    case ParamKind::Number: return default_text.empty() ? fmt::format("{:g}", default_value) : fmt::format("\"{}\"", default_text);
    case ParamKind::Choice: return fmt::format("\"{}\"", default_text);
  }
  return "";
}

std::string Param::range_string() const
{
  switch (kind) {
    case ParamKind::Boolean: return "true, false";
    case ParamKind::Processor: return "a processor of an edge node, or \"\"";
    case ParamKind::Integer: return fmt::format("{} .. {}", static_cast<long long>(min), static_cast<long long>(max));
    case ParamKind::Number: {
      std::string range = fmt::format("{:g} .. {:g}", min, max);
      for (const auto& [name, value] : words)
        range += fmt::format(" or \"{}\"", name);
      return range;
    }
    case ParamKind::Choice: {
      std::string range;
      for (const auto& [name, value] : words)
        range += fmt::format("{}\"{}\"", range.empty() ? "" : ", ", name);
      return range;
    }
  }
  return "";
}

const Param* ParamGroup::find(const std::string& key) const
{
  for (const auto& p : params)
    if (p.key == key)
      return &p;
  return nullptr;
}

double ParamValues::number(const std::string& name) const
{
  const auto it = numbers_.find(name);
  if (it == numbers_.end())
    throw std::logic_error("undeclared policy parameter " + name);
  return it->second;
}

int ParamValues::integer(const std::string& name) const
{
  return static_cast<int>(number(name));
}

bool ParamValues::boolean(const std::string& name) const
{
  return number(name) != 0;
}

const std::string& ParamValues::text(const std::string& name) const
{
  const auto it = texts_.find(name);
  if (it == texts_.end())
    throw std::logic_error("undeclared policy parameter " + name);
  return it->second;
}

ParamValues defaults_of(const std::vector<const ParamGroup*>& groups)
{
  ParamValues values;
  for (const ParamGroup* g : groups)
    for (const Param& p : g->params) {
      const std::string name = g->section + "." + p.key;
      if (p.kind == ParamKind::Processor)
        values.set_text(name, p.default_text);
      else
        values.set_number(name, p.default_value);
    }
  return values;
}

} // namespace ciodesim::policy
