#!/usr/bin/env bash
# bench/compare_outputs.sh OLD_BIN NEW_BIN OUT_DIR: runs two builds of ciodesim on a set of
# configs (examples, paper, DADS, LoADPart, energy, mobility, a fault run, reproduce --quick)
# and cmp's every CSV: a change meant as pure speed must print no DIFF line.
set -u
if [ $# -ne 3 ]; then echo "usage: $0 OLD_BIN NEW_BIN OUT_DIR (OUT_DIR new or empty)" >&2; exit 2; fi
if [ -e "$3" ] && [ -n "$(ls -A "$3")" ]; then echo "error: $3: not empty" >&2; exit 2; fi
mkdir -p "$3"
old=$(realpath "$1") new=$(realpath "$2") out=$(realpath "$3")
cd "$(dirname "$0")/.."
cfgs="tests/e2e/data/small.toml experiments/examples/alexnet.toml experiments/paper/fig5.toml experiments/paper/table2.toml experiments/dads/throughput.toml experiments/loadpart/step.toml experiments/energy/latency.toml experiments/mobility/perdnn.toml"
fail=0
for c in $cfgs; do
  n=$(basename $c .toml)
  extra=""
  case $n in
    perdnn|throughput|step|latency|fig5|table2) extra="--set repetitions=2";;
  esac
  $old run $c --out $out/old-$n --quiet $extra >/dev/null 2>&1 || echo "old failed $c"
  $new run $c --out $out/new-$n --quiet $extra >/dev/null 2>&1 || echo "new failed $c"
  for f in $out/old-$n/*.csv; do
    b=$(basename $f)
    if ! cmp -s $f $out/new-$n/$b; then echo "DIFF $n/$b"; fail=1; fi
  done
done
# faults: alexnet with a D2.cpu fault
$old run experiments/examples/alexnet.toml --out $out/old-fault --quiet --set 'fault=[{processor="D2.gpu",from_s=1.0,to_s=3.0},{link="D3.net",from_s=0.3,to_s=3.0}]' >/dev/null 2>&1
$new run experiments/examples/alexnet.toml --out $out/new-fault --quiet --set 'fault=[{processor="D2.gpu",from_s=1.0,to_s=3.0},{link="D3.net",from_s=0.3,to_s=3.0}]' >/dev/null 2>&1
for f in $out/old-fault/*.csv; do cmp -s $f $out/new-fault/$(basename $f) || { echo "DIFF fault/$(basename $f)"; fail=1; }; done
ls $out/old-fault/queries.csv >/dev/null 2>&1 || echo "(fault config did not run)"
$old reproduce --quick --out $out/old-rep >/dev/null 2>&1 || echo "old reproduce failed"
$new reproduce --quick --out $out/new-rep >/dev/null 2>&1 || echo "new reproduce failed"
(cd $out/old-rep && find . -name '*.csv' | sort) | while read f; do cmp -s $out/old-rep/$f $out/new-rep/$f || { echo "DIFF rep/$f"; }; done
echo "done fail=$fail"
