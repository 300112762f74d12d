#!/usr/bin/env bash
# The include rules between layers (docs/extending.md, "Layers"): run by the build
# (target check_layers), so a violation is a build error, not a review comment.
#   core/                         includes nothing of the project but core/
#   dnn/                          core/ only (no timings: no cost/)
#   cost/ plan/ coord/ policy/ mobility/ never SimGrid, platform/, runtime/, experiment/ or cli/
#   examples/policies/            as policy/
#   platform/ runtime/            never experiment/ or cli/
set -euo pipefail
root=${1:-.}
cd "$root"
status=0
check() { # folder, extended regex of forbidden includes, rule
  local hits
  hits=$(grep -rnE "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" $1 2>/dev/null || true)
  if [[ -n "$hits" ]]; then
    while IFS= read -r line; do echo "error: $line: $3" >&2; done <<<"$hits"
    status=1
  fi
}
pure='simgrid/|xbt/|xbt\.h|sim/platform/|sim/runtime/|sim/experiment/|sim/cli/|toml\+\+/'
check sim/core "sim/(dnn|cost|plan|coord|policy|platform|runtime|experiment|cli)/|simgrid/|xbt/" "core/ includes nothing of the project above it"
check sim/dnn "sim/(cost|plan|coord|policy|platform|runtime|experiment|cli)/|simgrid/|xbt/" "dnn/ may include core/ only"
for dir in sim/cost sim/plan sim/coord sim/policy sim/mobility examples/policies; do
  check "$dir" "$pure" "$dir is SimGrid-free and below the config reader"
done
check sim/platform "sim/(runtime|experiment|cli)/" "platform/ never includes runtime/, experiment/ or cli/"
check sim/runtime "sim/(experiment|cli)/" "runtime/ receives plain structs: never experiment/ or cli/"
exit $status
