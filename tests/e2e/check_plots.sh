#!/usr/bin/env bash
# `plot timeline` draws a run, `plot sweep` a sweep, and `run --paje` writes a Paje trace.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$bin" run tests/e2e/data/small.toml --out "$tmp/run" --quiet
"$bin" plot timeline "$tmp/run" --until 1 >/dev/null
[ "$(stat -c %s "$tmp/run/timeline.png")" -gt 5000 ] || fail "timeline.png"
[ "$(stat -c %s "$tmp/run/timeline.pdf")" -gt 5000 ] || fail "timeline.pdf"
"$bin" plot timeline "$tmp/run" --requesters 'D1/*' --processors 'D2*' >/dev/null
[ "$(stat -c %s "$tmp/run/timeline.png")" -gt 5000 ] || fail "filtered timeline.png"
"$bin" sweep tests/e2e/data/sweep3.toml --out "$tmp/sweep" --quiet >/dev/null
"$bin" plot sweep "$tmp/sweep" network.bandwidth.D2 >/dev/null
[ "$(stat -c %s "$tmp/sweep/sweep.png")" -gt 5000 ] || fail "sweep.png"
"$bin" run experiments/examples/alexnet.toml --out "$tmp/paje" --quiet --set requester.0.queries=2 --paje "$tmp/t.paje"
head -1 "$tmp/t.paje" | grep -q 'generated using SimGrid' || fail "paje header"
grep -q 'D2.gpu' "$tmp/t.paje" || fail "paje has no hosts"
echo "ok: timeline, sweep plot and Paje trace"
