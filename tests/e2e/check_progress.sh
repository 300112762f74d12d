#!/usr/bin/env bash
# Progress follows simulated work: one unit per configured query. `run` on a terminal draws
# a bar that ends at 100 % of the configured queries, `--quiet` draws none, a sweep point
# reports "done total" through its progress file and the sweep cleans those files up.
set -euo pipefail
bin=$(realpath "$1")
cfg=$(realpath tests/e2e/data/small.toml)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v script >/dev/null || { echo "SKIP: no script(1) to fake a terminal"; exit 0; }

# small.toml: 2 repetitions x (6 requester + 4 background queries) = 20 units
"$bin" run "$cfg" --out "$tmp/a" --quiet --progress-file "$tmp/a.progress"
[ "$(cat "$tmp/a.progress")" = "20 20" ] || { echo "FAIL: progress file says '$(cat "$tmp/a.progress")', expected '20 20'"; exit 1; }

script -qec "'$bin' run '$cfg' --out '$tmp/b'" /dev/null | tr '\r' '\n' >"$tmp/tty.out"
grep -q '100%  20/20 queries  run 2/2' "$tmp/tty.out" || { echo "FAIL: no finished bar on a terminal:"; cat "$tmp/tty.out"; exit 1; }
grep -q '  0%  0/20 queries  run 1/2' "$tmp/tty.out" || { echo "FAIL: the bar does not start at 0 of 20:"; cat "$tmp/tty.out"; exit 1; }
script -qec "'$bin' run '$cfg' --out '$tmp/c' --quiet" /dev/null | tr '\r' '\n' >"$tmp/quiet.out"
! grep -q 'queries' "$tmp/quiet.out" || { echo "FAIL: --quiet drew a bar"; exit 1; }
cmp -s "$tmp/a/queries.csv" "$tmp/b/queries.csv" || { echo "FAIL: progress changed the results"; exit 1; }

# a two-point sweep: 40 units, the bar counts points and queries; no progress file is left
printf '[sweep]\n"requester.0.queries" = [3, 6]\n' | cat "$cfg" - >"$tmp/sweep.toml"
script -qec "'$bin' sweep '$tmp/sweep.toml' --out '$tmp/s'" /dev/null | tr '\r' '\n' >"$tmp/sweep.out"
# point 0: 2 x (3 + 4) = 14, point 1: 2 x (6 + 4) = 20
grep -q '100%  34/34 queries  2/2 points' "$tmp/sweep.out" || { echo "FAIL: sweep bar:"; cat "$tmp/sweep.out"; exit 1; }
[ -z "$(find "$tmp/s" -name '*.progress')" ] || { echo "FAIL: progress files left"; exit 1; }
echo "ok"
