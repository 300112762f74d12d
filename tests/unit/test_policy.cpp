// The policy registry (sim/policy): every entry complete, parameters declared once.
#include "sim/core/error.hpp"
#include "sim/policy/policy.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace ciodesim;

TEST_CASE("the registry holds the paper's policies, the extra baselines and the example, each complete")
{
  const auto names = policy::policy_names();
  for (const char* expected : {"ciode", "all-at-once", "enhanced-ionn", "perdnn", "mbeb", "neurosurgeon", "dads",
                               "loadpart", "greedy-fastest"})
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
  std::set<std::string> unique(names.begin(), names.end());
  CHECK(unique.size() == names.size());
  for (const auto& p : policy::policies()) {
    CAPTURE(p.name);
    CHECK(!p.description.empty());
    CHECK(p.make_planner);
    CHECK(p.make_planner(policy::default_params()) != nullptr);
  }
  CHECK(policy::find_policy("ciode").protocol == policy::Protocol::WaitingLock);
  CHECK(policy::find_policy("mbeb").protocol == policy::Protocol::Backoff);
  CHECK(policy::find_policy("enhanced-ionn").protocol == policy::Protocol::Fifo);
  // what each may observe is what its paper gives a device
  CHECK(policy::find_policy("ciode").observes.wait);
  CHECK_FALSE(policy::find_policy("mbeb").observes.wait);
  CHECK(policy::find_policy("perdnn").observes.utilization);
  CHECK_FALSE(policy::find_policy("enhanced-ionn").observes.utilization);
  CHECK(policy::find_policy("loadpart").observes.server_load);
  CHECK(policy::find_policy("loadpart").observes.wait);
  CHECK_FALSE(policy::find_policy("neurosurgeon").observes.server_load);
  // the one ORACLE: labelled so, reads the true load and nothing a probe RPC would return
  const auto& oracle = policy::find_policy("loadpart-oracle");
  CHECK(oracle.observes.true_load);
  CHECK_FALSE(oracle.observes.wait);
  CHECK_FALSE(oracle.observes.server_load);
  CHECK(oracle.description.rfind("ORACLE", 0) == 0);
  for (const auto& p : policy::policies())
    if (p.name != "loadpart-oracle") {
      CAPTURE(p.name);
      CHECK_FALSE(p.observes.true_load);
      CHECK(p.description.find("ORACLE") == std::string::npos);
    }
  // a statistics window names a declared parameter
  for (const auto& p : policy::policies())
    if (!p.observes.window_param.empty())
      CHECK(policy::default_params().number(p.observes.window_param) > 0);
}

TEST_CASE("an unknown policy is an input error that lists the registry")
{
  try {
    (void)policy::find_policy("ionn");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.what_text() == "unknown policy 'ionn'");
    CHECK(e.allowed().find("enhanced-ionn") != std::string::npos);
    CHECK(e.allowed().find("greedy-fastest") != std::string::npos);
  }
}

TEST_CASE("parameter groups: one section each, defaults inside their range, every value readable")
{
  std::set<std::string> sections;
  const policy::ParamValues defaults = policy::default_params();
  for (const auto* g : policy::param_groups()) {
    CAPTURE(g->section);
    CHECK(sections.insert(g->section).second);
    CHECK(!g->description.empty());
    std::set<std::string> keys;
    for (const auto& p : g->params) {
      CAPTURE(p.key);
      CHECK(keys.insert(p.key).second);
      CHECK(!p.help.empty());
      const std::string name = g->section + "." + p.key;
      if (p.kind == policy::ParamKind::Processor) {
        CHECK(defaults.text(name) == p.default_text);
        continue;
      }
      const double v = defaults.number(name);
      bool is_word   = false;
      for (const auto& [word, value] : p.words)
        is_word = is_word || value == v;
      CHECK((is_word || (v >= p.min && v <= p.max)));
    }
    if (g->check) // the defaults pass the group's own check
      CHECK(g->check(defaults).first.empty());
  }
  CHECK(sections.count("ciode") == 1);
  CHECK(sections.count("mbeb") == 1);
  CHECK(sections.count("single_server") == 1);
  CHECK(defaults.number("ciode.upload_weight") == -2.0); // "horizon": causal by default
  CHECK(defaults.integer("ciode.max_replans") == 8);
  CHECK(defaults.number("ionn.k") == doctest::Approx(0.999));
  CHECK_THROWS_AS(defaults.number("ionn.nosuch"), std::logic_error);
}

TEST_CASE("a group's cross-parameter check names the key")
{
  policy::ParamValues v = policy::default_params();
  v.set_number("mbeb.min_window_s", 0.5);
  v.set_number("mbeb.max_window_s", 0.1);
  const auto [key, message] = policy::mbeb_group().check(v);
  CHECK(key == "max_window_s");
  CHECK(!message.empty());
}

TEST_CASE("parameter texts: defaults and ranges as a config writes them")
{
  const auto* weight = policy::ciode_group().find("upload_weight");
  REQUIRE(weight != nullptr);
  CHECK(weight->default_string() == "\"horizon\"");
  CHECK(weight->range_string() == "0 .. 1e+06 or \"horizon\" or \"remaining\"");
  const auto* replacement = policy::ciode_group().find("replacement");
  REQUIRE(replacement != nullptr);
  CHECK(replacement->default_string() == "true");
  CHECK(policy::mbeb_group().find("max_attempts")->range_string() == "1 .. 100000");
}
