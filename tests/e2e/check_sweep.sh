#!/usr/bin/env bash
# A 3-point sweep run with --jobs 2 equals the same points run one by one; --shard 1/2 and
# 2/2 together cover the grid exactly once; --list prints one command per point; a re-run
# resumes (runs nothing).
set -euo pipefail
bin=$1
cfg=tests/e2e/data/sweep3.toml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$bin" sweep "$cfg" --out "$tmp/parallel" --jobs 2 --quiet
"$bin" sweep "$cfg" --out "$tmp/serial" --jobs 1 --quiet
cmp -s "$tmp/parallel/queries.csv" "$tmp/serial/queries.csv" || fail "--jobs 2 differs from --jobs 1"
cmp -s "$tmp/parallel/summary.csv" "$tmp/serial/summary.csv" || fail "summary differs"
head -1 "$tmp/serial/queries.csv" | grep -q '^point,network.bandwidth.D2,run,seed,requester,' || fail "swept key column"
# a requester row and the all-requesters row per point
[ "$(cut -d, -f2,5 "$tmp/serial/summary.csv" | tail -n +2 | tr '\n' ' ')" = "10Mbps,D1/r0 10Mbps,all 40Mbps,D1/r0 40Mbps,all 80Mbps,D1/r0 80Mbps,all " ] || fail "points"
# each point equals a plain `run` with the same overrides
"$bin" run "$cfg" --out "$tmp/single" --quiet --set 'network.bandwidth.D2="40Mbps"'
cmp -s "$tmp/single/queries.csv" "$tmp/serial/points/p00001/queries.csv" || fail "point 1 differs from run"
# shards
"$bin" sweep "$cfg" --out "$tmp/sharded" --shard 1/2 --quiet
[ "$(ls "$tmp/sharded/points" | tr '\n' ' ')" = "p00000 p00002 " ] || fail "shard 1/2 ran $(ls "$tmp/sharded/points")"
"$bin" sweep "$cfg" --out "$tmp/sharded" --shard 2/2 --quiet
cmp -s "$tmp/sharded/queries.csv" "$tmp/serial/queries.csv" || fail "shards 1/2 + 2/2 differ from the whole grid"
[ "$("$bin" sweep "$cfg" --out "$tmp/x" --list | wc -l)" = 3 ] || fail "--list"
[ "$( ( "$bin" sweep "$cfg" --out "$tmp/x" --list --shard 1/2; "$bin" sweep "$cfg" --out "$tmp/x" --list --shard 2/2 ) | sort | uniq | wc -l)" = 3 ] || fail "--list shards"
# resume: nothing left to run, results unchanged
touch -d '2000-01-01' "$tmp/serial/points/p00000/queries.csv"
"$bin" sweep "$cfg" --out "$tmp/serial" --quiet
[ "$(stat -c %Y "$tmp/serial/points/p00000/queries.csv")" = "$(date -d '2000-01-01' +%s)" ] || fail "resume re-ran a finished point"
# a changed config reruns every point, an unchanged one none
cp "$cfg" "$tmp/cfg.toml"
"$bin" sweep "$tmp/cfg.toml" --out "$tmp/edited" --quiet
touch -d '2000-01-01' "$tmp/edited/points/p00000/queries.csv"
printf '\n# edited\n' >>"$tmp/cfg.toml"
"$bin" sweep "$tmp/cfg.toml" --out "$tmp/edited" --quiet
[ "$(stat -c %Y "$tmp/edited/points/p00000/queries.csv")" != "$(date -d '2000-01-01' +%s)" ] || fail "resume kept a point of an edited config"
echo "ok: sweep parallel = serial, shards cover the grid once, resume, edited config reruns"
