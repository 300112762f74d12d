#!/usr/bin/env bash
# The example policy of docs/extending.md (examples/policies/greedy_fastest.cpp, one file
# plus one line in sim/policy/builtin.def) is registered, listed and does what it says:
# every upload goes to one processor, the one with the fastest predicted whole model, and
# once it holds the model the queries run there.
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" policies >"$tmp/list.txt"
for p in ciode all-at-once enhanced-ionn perdnn mbeb neurosurgeon dads loadpart greedy-fastest; do
  grep -q "^$p: " "$tmp/list.txt" || { echo "FAIL: ciodesim policies does not list $p"; exit 1; }
done
"$bin" policies greedy-fastest | grep -q 'max_wait_s' || { echo "FAIL: parameters of greedy-fastest not listed"; exit 1; }
"$bin" run experiments/paper/table2.toml --out "$tmp/out" --quiet --set policy=greedy-fastest --set repetitions=1 \
  --set model=resnet18 --set requester.0.queries=100
python3 - "$tmp/out" <<'PY'
import csv, sys
out = sys.argv[1]
uploads = list(csv.DictReader(open(f"{out}/uploads.csv")))
queries = list(csv.DictReader(open(f"{out}/queries.csv")))
targets = {u["processor"] for u in uploads}
assert len(targets) == 1, f"uploads went to {targets}, expected one processor"
target = targets.pop()
assert target.endswith(".gpu"), f"fastest processor for resnet18 should be a GPU, got {target}"
done = max(float(u["end_s"]) for u in uploads)
after = [q for q in queries if float(q["start_s"]) > done]
assert after, "no query started after the uploads finished"
assert all(int(q["blocks_remote"]) > 0 for q in after), "queries after the upload did not run remotely"
print(f"ok: {len(uploads)} uploads to {target}, {len(after)} queries after {done:.2f} s all remote")
PY
