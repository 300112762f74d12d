#!/usr/bin/env bash
# `reproduce --suite dads --quick`: the documented CSV columns, figures and report section,
# and the orderings DADS must show (never the paper's numbers): under light load DADS's
# latency is at most the better of edge-only and cloud-only (1 % for draws of equal plans);
# under heavy load DSH serves at least DSL's throughput, and clearly more where a pipeline
# split exists (AlexNet on Wi-Fi).
set -euo pipefail
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" reproduce --suite dads --quick --out "$tmp/out" --jobs 2 >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; echo "FAIL: reproduce --suite dads"; exit 1; }
for f in dads_latency dads_throughput; do
  for ext in png pdf; do
    [ "$(stat -c %s "$tmp/out/$f.$ext")" -gt 5000 ] || { echo "FAIL: $f.$ext is empty or tiny"; exit 1; }
  done
done
grep -q '## DADS' "$tmp/out/report.md" || { echo "FAIL: report has no DADS section"; exit 1; }
[ ! -e "$tmp/out/table2.csv" ] || { echo "FAIL: --suite dads ran the CIODE suite"; exit 1; }
python3 - "$tmp/out" <<'PY'
import csv, sys
out = sys.argv[1]
def table(name, value):
    rows = list(csv.DictReader(open(f"{out}/{name}.csv")))
    return {(r["model"], r["network"], r["policy"]): float(r[value]) for r in rows}, list(rows[0].keys())
lat, cols = table("dads_latency", "mean_latency_s")
assert cols[:5] == ["model", "network", "policy", "mean_latency_s", "ci95"], cols
tp, cols = table("dads_throughput", "throughput_qps")
assert cols[:5] == ["model", "network", "policy", "throughput_qps", "ci95"], cols
settings = sorted({(m, n) for m, n, _ in lat})
assert len(settings) >= 9, settings
for m, n in settings:
    d = lat[(m, n, "dads")]
    best = min(lat[(m, n, "edge-only")], lat[(m, n, "cloud-only")])
    assert d <= best * 1.01, f"DADS latency {d} > min(edge-only, cloud-only) {best} on {m}/{n}"
    dsh, dsl = tp[(m, n, "dads-dsh")], tp[(m, n, "dads-dsl")]
    assert dsh >= dsl * 0.99, f"DSH throughput {dsh} < DSL {dsl} on {m}/{n}"
gain = tp[("alexnet", "Wi-Fi", "dads-dsh")] / tp[("alexnet", "Wi-Fi", "dads-dsl")]
assert gain > 1.2, f"DSH only {gain:.2f}x DSL on AlexNet/Wi-Fi"
# the dynamic mode switches to DSH under heavy load by itself
assert tp[("alexnet", "Wi-Fi", "dads")] >= 0.99 * tp[("alexnet", "Wi-Fi", "dads-dsh")]
print(f"ok: DADS <= min(edge-only, cloud-only) latency in {len(settings)} settings; DSH >= DSL, {gain:.2f}x on AlexNet/Wi-Fi")
PY
