// M-BEB (the CIODE paper's ref. [42]): CIODE's planner without the waiting lock; a request
// that finds the processor busy backs off within a window and proposes again.
#include "sim/policy/policy.hpp"

namespace ciodesim::policy {

const ParamGroup& mbeb_group()
{
  static const ParamGroup group{
      "mbeb",
      "M-BEB's backoff window: grows by delta after a conflict, shrinks after a success",
      {
          Param::number("initial_window_s", 0.01, 0.0, 1e6, "window before the first conflict"),
          Param::number("delta_s", 0.01, 0.0, 1e6, "linear step of the window"),
          Param::number("min_window_s", 0.0, 0.0, 1e6, "smallest window"),
          Param::number("max_window_s", 0.2, 0.0, 1e6, "largest window"),
          Param::integer("max_attempts", 50, 1, 100000, "conflicts of one query before its rest runs locally"),
      },
      [](const ParamValues& v) -> std::pair<std::string, std::string> {
        if (v.number("mbeb.max_window_s") < v.number("mbeb.min_window_s"))
          return {"max_window_s", "must be >= mbeb.min_window_s"};
        return {};
      }};
  return group;
}

PolicyInfo policy_mbeb()
{
  PolicyInfo p;
  p.name        = "mbeb";
  p.description = "M-BEB: CIODE's planner, conflicts resolved by modified binary exponential backoff";
  p.protocol    = Protocol::Backoff;
  p.groups      = {&ciode_group(), &mbeb_group()};
  p.make_planner = make_ciode_planner;
  p.mobility.all_in_range = true; // re-plans among every server in range
  return p;
}

} // namespace ciodesim::policy
