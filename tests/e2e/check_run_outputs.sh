#!/usr/bin/env bash
# `ciodesim run` writes every output with the documented columns, accounts for every
# query, and is byte-identical when run twice with the same seed (different with another).
set -euo pipefail
bin=$1
cfg=tests/e2e/data/small.toml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run "$cfg" --out "$tmp/a" --quiet >"$tmp/quiet.out" 2>&1
[ ! -s "$tmp/quiet.out" ] || { echo "FAIL: --quiet printed: $(head -3 "$tmp/quiet.out")"; exit 1; }
"$bin" run "$cfg" --out "$tmp/b" --quiet >/dev/null
"$bin" run "$cfg" --out "$tmp/c" --quiet --seed 12 >/dev/null
for f in queries.csv uploads.csv locks.csv summary.csv run.json config.toml; do
  [ -s "$tmp/a/$f" ] || { echo "FAIL: missing $f"; exit 1; }
done
for f in queries.csv uploads.csv locks.csv summary.csv; do
  cmp -s "$tmp/a/$f" "$tmp/b/$f" || { echo "FAIL: $f differs between two runs with the same seed"; exit 1; }
done
cmp -s "$tmp/a/queries.csv" "$tmp/c/queries.csv" && { echo "FAIL: another seed gave identical queries.csv"; exit 1; }
head -1 "$tmp/a/queries.csv" | grep -qx 'run,seed,requester,device,model,policy,index,arrival_s,start_s,end_s,latency_s,local_s,offload_s,wait_s,transfer_bytes,blocks_remote,conflicts,replanned,invalid_locks,plan_time_s,status,reason,part_queue_s,part_probe_s,part_control_s,part_plan_s,part_transfer_s,part_wait_s,part_local_s,part_remote_s,cold_start,energy_j,energy_compute_j,energy_idle_j,energy_radio_j' \
  || { echo "FAIL: queries.csv header"; exit 1; }
# 2 repetitions x (6 requester queries + 4 background queries), all completed
rows=$(tail -n +2 "$tmp/a/queries.csv" | wc -l)
[ "$rows" = 20 ] || { echo "FAIL: expected 20 query rows, got $rows"; exit 1; }
[ "$(tail -n +2 "$tmp/a/queries.csv" | cut -d, -f21 | sort -u)" = completed ] || { echo "FAIL: a query did not complete"; exit 1; }
[ "$(tail -n +2 "$tmp/a/queries.csv" | cut -d, -f1 | sort -u | tr '\n' ' ')" = "0 1 " ] || { echo "FAIL: runs"; exit 1; }
grep -q '"config_hash"' "$tmp/a/run.json" && grep -q '"seed": 11' "$tmp/a/run.json" && grep -q '"simgrid_version"' "$tmp/a/run.json" \
  || { echo "FAIL: run.json sidecar"; exit 1; }
[ -z "$(ls -A "$tmp/a" | grep -v -E '^(queries|uploads|locks|summary)\.csv$|^run\.json$|^config\.toml$')" ] || { echo "FAIL: stray files"; ls -A "$tmp/a"; exit 1; }
# summary.csv: per requester and background actor, then the all-requesters row of each run
[ "$(tail -n +2 "$tmp/a/summary.csv" | cut -d, -f1,3,4,6,7 | tr '\n' ' ')" = \
  "0,D1/r0,D1,ciode,6 0,D2.gpu/bg0,D2,local,4 0,all,all,ciode,6 1,D1/r0,D1,ciode,6 1,D2.gpu/bg0,D2,local,4 1,all,all,ciode,6 " ] \
  || { echo "FAIL: summary rows: $(cut -d, -f1,3,4,6,7 "$tmp/a/summary.csv" | tr '\n' ' ')"; exit 1; }
# the headline table on stdout: one line per policy and model, over both repetitions
"$bin" run "$cfg" --out "$tmp/d" >"$tmp/headline.out"
grep -qE '^policy +model +queries +failed +mean_s +p95_s +conflicts/query +uploaded_MB$' "$tmp/headline.out" \
  || { echo "FAIL: headline header"; cat "$tmp/headline.out"; exit 1; }
grep -qE '^ciode +alexnet +12 +0 +0\.[0-9]{4} ' "$tmp/headline.out" || { echo "FAIL: headline ciode line"; cat "$tmp/headline.out"; exit 1; }
grep -qE '^background +alexnet +8 +0 ' "$tmp/headline.out" || { echo "FAIL: headline background line"; cat "$tmp/headline.out"; exit 1; }
echo "ok: outputs complete and deterministic, summary rows, headline, --quiet"
