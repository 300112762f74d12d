#!/usr/bin/env bash
# `ciodesim bench` on a small scenario: the exact replay and the averaged replay run as many
# activities as the ciodesim run logged, and the last line is overhead_ratio=X.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$(TMPDIR=$tmp "$bin" bench --requesters 6 --nodes 3 --queries 4 --no-scaling)
fail() { echo "FAIL: $*"; echo "$out"; exit 1; }
count() { echo "$out" | grep "^$1 " | sed -E 's/.*activities +([0-9]+).*/\1/'; }
sim=$(count ciodesim) exact=$(count "raw s4u") avg=$(count "raw avg")
[ -n "$sim" ] && [ "$sim" -gt 0 ] || fail "no ciodesim activities"
[ "$sim" = "$exact" ] || fail "exact replay ran $exact activities, ciodesim $sim"
[ "$sim" = "$avg" ] || fail "averaged replay ran $avg activities, ciodesim $sim"
echo "$out" | tail -1 | grep -qE '^overhead_ratio=[0-9]+\.[0-9]+$' || fail "last line"
[ -z "$(ls -A "$tmp")" ] || fail "scratch files left behind: $(ls "$tmp")"
echo "ok: bench replays exactly the logged activities ($sim)"
