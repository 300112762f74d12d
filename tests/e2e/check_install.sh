#!/usr/bin/env bash
# cmake --install into a temporary prefix, then the installed binary, run from another
# directory, finds its shipped data under the prefix (not in the checkout) and writes its
# outputs relative to the working directory.
#   check_install.sh BUILD_DIR [PYTHON]
set -euo pipefail
build=$1 python=${2:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
bin=$tmp/prefix/bin/ciodesim
share=$tmp/prefix/share/ciodesim
for d in models traces platforms experiments plots; do
  [ -d "$share/$d" ] || fail "$d not installed"
done
mkdir "$tmp/work" && cd "$tmp/work"
# shipped names resolve under the prefix
"$bin" plan --model alexnet | grep -q "on $share/platforms/testbed.xml" || fail "plan does not use the installed platform"
"$bin" run "$share/experiments/examples/alexnet.toml" --out res --quiet --set requester.0.queries=3
grep -q "\"$share/platforms/testbed.xml\"\|$share/platforms/testbed.xml" res/run.json || fail "run.json: $(grep -o '"platform[^,]*' res/run.json)"
[ "$(tail -n +2 res/queries.csv | wc -l)" = 3 ] || fail "queries.csv rows"
# traces commands write here, not into the data directory
"$bin" traces calibrate >/dev/null
[ -f traces/cpu-calibration.json ] || fail "traces calibrate did not write ./traces/cpu-calibration.json"
"$bin" traces generate --models alexnet | grep -q "from traces/cpu-calibration.json" || fail "generate ignored ./traces/cpu-calibration.json"
[ -f traces/alexnet.csv ] || fail "traces generate did not write ./traces/alexnet.csv"
# CIODESIM_DATA_DIR overrides the lookup; a wrong one is a one-line error
CIODESIM_DATA_DIR=$tmp/work "$bin" info alexnet >/dev/null 2>"$tmp/err" && fail "a data dir without models/ accepted"
grep -q "^error: CIODESIM_DATA_DIR: $tmp/work: not a ciodesim data directory" "$tmp/err" || fail "$(cat "$tmp/err")"
# the installed Python package drives the installed binary, and the installed plot scripts import it
PYTHONPATH=$share/python "$python" -c "
import ciodesim
assert ciodesim.binary() == '$bin', ciodesim.binary()
r = ciodesim.run('$share/experiments/examples/alexnet.toml', 'py', requester__0__queries=2)
assert len(r.queries) == 2 and r.meta['platform'] == '$share/platforms/testbed.xml', r.meta
" || fail "installed Python package"
"$bin" plot timeline py >/dev/null || fail "installed plot timeline"
[ -s py/timeline.png ] || fail "no timeline.png"
echo "ok: installed binary runs from $tmp/work with data from $share"
