#include "sim/policy/policy.hpp"

#include "sim/core/error.hpp"

#include <algorithm>

namespace ciodesim::policy {

#define CIODESIM_POLICY(id) PolicyInfo policy_##id();
#include "sim/policy/builtin.def"
#undef CIODESIM_POLICY

const char* protocol_name(Protocol protocol)
{
  switch (protocol) {
    case Protocol::WaitingLock: return "waiting-lock";
    case Protocol::Fifo: return "fifo";
    case Protocol::Backoff: return "backoff";
  }
  return "?";
}

const std::vector<PolicyInfo>& policies()
{
  static const std::vector<PolicyInfo> registry = [] {
    std::vector<PolicyInfo> all;
#define CIODESIM_POLICY(id) all.push_back(policy_##id());
#include "sim/policy/builtin.def"
#undef CIODESIM_POLICY
    return all;
  }();
  return registry;
}

std::vector<std::string> policy_names()
{
  std::vector<std::string> names;
  for (const auto& p : policies())
    names.push_back(p.name);
  return names;
}

const PolicyInfo& find_policy(const std::string& name)
{
  for (const auto& p : policies())
    if (p.name == name)
      return p;
  std::string list;
  for (const auto& n : policy_names())
    list += (list.empty() ? "" : ", ") + n;
  throw InputError("", "policy", "unknown policy '" + name + "'", list);
}

const std::vector<const ParamGroup*>& param_groups()
{
  static const std::vector<const ParamGroup*> groups = [] {
    // The protocols' groups first: the runtime reads them whatever the policy.
    std::vector<const ParamGroup*> all = {&ciode_group(), &mbeb_group()};
    for (const auto& p : policies())
      for (const ParamGroup* g : p.groups)
        if (std::find(all.begin(), all.end(), g) == all.end())
          all.push_back(g);
    return all;
  }();
  return groups;
}

ParamValues default_params()
{
  return defaults_of(param_groups());
}

std::unique_ptr<plan::Planner> make_planner(const std::string& name, const ParamValues& values)
{
  return find_policy(name).make_planner(values);
}

} // namespace ciodesim::policy
