// `ciodesim policies [NAME] [--toml]`: the policy registry (sim/policy) as a user reads it,
// the way SimGrid's --cfg=...:help lists its options: name, description, coordination
// protocol, what the policy may observe, and each parameter with default, range and help.
#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/policy/policy.hpp"

#include <fmt/format.h>

namespace ciodesim::cli {
namespace {

std::string observes_text(const policy::Observes& o)
{
  std::string text;
  auto add = [&](bool on, const char* what) {
    if (on)
      text += (text.empty() ? "" : ", ") + std::string(what);
  };
  add(o.wait, "wait W at the nodes' locks");
  add(o.utilization, "server utilisation by others");
  add(o.server_load, "server load factor k");
  add(o.feedback, "measured/predicted of its own segments");
  add(o.true_load, "ORACLE: each server's true remaining work and slowdown (no RPC)");
  return text.empty() ? "predictions and probed bandwidth only" : text;
}

void print_group(const policy::ParamGroup& g)
{
  fmt::print("  [{}]  {}\n", g.section, g.description);
  for (const auto& p : g.params)
    fmt::print("    {:<22} = {:<12} {:<34} {}\n", p.key, p.default_string(), "(" + p.range_string() + ")", p.help);
}

// Every group as a TOML block with its defaults: paste into a config and edit.
void print_toml()
{
  for (const policy::ParamGroup* g : policy::param_groups()) {
    std::string users;
    for (const auto& p : policy::policies())
      for (const auto* used : p.groups)
        if (used == g)
          users += (users.empty() ? "" : ", ") + p.name;
    fmt::print("[{}] # {}{}\n", g->section, g->description, users.empty() ? "" : " - read by " + users);
    for (const auto& p : g->params)
      fmt::print("{} = {} # {} ({})\n", p.key, p.default_string(), p.help, p.range_string());
    fmt::print("\n");
  }
}

} // namespace

Runner add_policies(CLI::App& app)
{
  auto* cmd = app.add_subcommand("policies", "List the offloading policies: description, protocol, parameters");
  auto name = std::make_shared<std::string>();
  auto toml = std::make_shared<bool>(false);
  cmd->add_option("name", *name, "Show only this policy");
  cmd->add_flag("--toml", *toml, "Print every parameter section as TOML with its defaults (a config template)");
  return [name, toml]() {
    if (*toml) {
      print_toml();
      return 0;
    }
    const auto& all = policy::policies();
    bool first      = true;
    for (const auto& p : all) {
      if (!name->empty() && p.name != *name)
        continue;
      if (!first)
        fmt::print("\n");
      first = false;
      fmt::print("{}: {}\n", p.name, p.description);
      fmt::print("  protocol: {}; observes: {}\n", policy::protocol_name(p.protocol), observes_text(p.observes));
      for (const auto* g : p.groups)
        print_group(*g);
    }
    if (first) { // no such policy: the registry's error lists the names
      try {
        (void)policy::find_policy(*name);
      } catch (const InputError& e) {
        throw InputError("command line", "policies", e.what_text(), e.allowed());
      }
    }
    if (name->empty())
      fmt::print("\nEvery requester also reads [ciode] max_replans (re-plans of one query, any policy); "
                 "`ciodesim policies --toml` prints all sections with their defaults.\n");
    return 0;
  };
}

} // namespace ciodesim::cli
