#!/usr/bin/env bash
# Hostile-input checks that need more than one command (issue 17):
#  - every `sweep --list` command, run by a shell, passes exactly its arguments (no `;`,
#    `$(...)`, quotes or spaces interpreted);
#  - CSV cells holding commas and quotes survive a sweep and its merge (RFC 4180);
#  - a point without its sweep key (it failed on its last run) is not merged;
#  - SIGTERM to `run` removes its staging folder and its simulation child; a child dies with
#    a SIGKILLed parent, and the staging folder that parent left is removed by the next run;
#  - plot runs python without a shell, and python dies with a SIGKILLed plot.
set -euo pipefail
bin=$(readlink -f "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# --list quoting: replace the binary by a function that prints its arguments
out="$tmp/a;b c>d&e|f\$(touch $tmp/pwned)'q\"z"
"$bin" sweep tests/e2e/data/sweep3.toml --out "$out" --list >"$tmp/list"
[ "$(wc -l <"$tmp/list")" = 3 ] || fail "--list printed $(wc -l <"$tmp/list") lines"
while IFS= read -r line; do
  [ "${line#"$bin "}" != "$line" ] || fail "listed command does not start with the binary: $line"
  bash -c "args() { printf '%s\n' \"\$@\"; }; args ${line#"$bin "}" >>"$tmp/args"
done <"$tmp/list"
[ ! -e "$tmp/pwned" ] || fail "a listed command ran a command substitution"
grep -qxF -- "$out/points/p00001" "$tmp/args" || fail "--out did not survive quoting: $(sed -n 4p "$tmp/args")"
grep -qxF -- "network.bandwidth.D2='40Mbps'" "$tmp/args" || fail "--set did not survive quoting"

# RFC 4180 cells: a swept free-text key with a comma and a double quote
cfg="$tmp/quoted.toml"
cat >"$cfg" <<'TOML'
name = "quoted"
seed = 3
model = "alexnet"
[network]
model = "CM02"
[[requester]]
device = "D1"
queries = 2
[sweep]
description = ["a,b", "say \"hi\""]
TOML
"$bin" sweep "$cfg" --out "$tmp/q" --quiet
grep -qF '"a,b"' "$tmp/q/points.csv" || fail "points.csv does not quote a comma"
python3 - "$tmp/q" <<'PY' || fail "merged CSV does not read back"
import csv, sys
d = sys.argv[1]
for name in ("summary", "queries"):
    rows = list(csv.reader(open(f"{d}/{name}.csv", newline="")))
    assert all(len(r) == len(rows[0]) for r in rows), f"{name}: ragged rows"
    col = rows[0].index("description")
    assert {r[col] for r in rows[1:]} == {"a,b", 'say "hi"'}, f"{name}: {set(r[col] for r in rows[1:])}"
PY

# stale results: a point whose last run failed has no key and is not merged
"$bin" sweep tests/e2e/data/sweep3.toml --out "$tmp/s" --quiet
rm "$tmp/s/points/p00001/sweep-key.txt"
"$bin" merge "$tmp/s" >/dev/null
! grep -q '^1,' "$tmp/s/summary.csv" || fail "merge used the results of a point without its key"
grep -q '^0,' "$tmp/s/summary.csv" && grep -q '^2,' "$tmp/s/summary.csv" || fail "merge lost good points"

# signals: a long run, stopped while it simulates
long() { # starts a run that lasts far longer than the test; prints its pid
  "$bin" run experiments/examples/alexnet.toml --out "$1" --quiet --set requester.0.queries=1000000 \
    >"$1.log" 2>&1 </dev/null &
  echo $!
}
wait_for_child() { # prints the simulation child of $1 once it runs (bounded wait, not a timing check)
  for _ in $(seq 200); do
    child=$(pgrep -P "$1" || true)
    [ -n "$child" ] && { echo "$child"; return; }
    sleep 0.05
  done
  fail "run $1 never forked its simulation"
}
gone() { for _ in $(seq 200); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.05; done; return 1; }
pid=$(long "$tmp/r1")
child=$(wait_for_child "$pid")
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
gone "$child" || fail "the simulation child survived SIGTERM to run"
[ -z "$(ls -A "$tmp/r1" 2>/dev/null | grep staging || true)" ] || fail "SIGTERM left $(ls -A "$tmp/r1")"

pid=$(long "$tmp/r2")
child=$(wait_for_child "$pid")
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
gone "$child" || fail "the simulation child survived its SIGKILLed parent"
ls -A "$tmp/r2" | grep -q '^\.staging-' || fail "expected the killed run's staging folder"
"$bin" run tests/e2e/data/small.toml --out "$tmp/r2" --quiet
[ -z "$(ls -A "$tmp/r2" | grep staging || true)" ] || fail "the next run did not remove a dead run's staging folder"
[ -s "$tmp/r2/queries.csv" ] || fail "the next run wrote nothing"

# plot's python is its own child (no shell in between) and dies with a SIGKILLed plot
"$bin" plot timeline "$tmp/r2" >"$tmp/plot.log" 2>&1 </dev/null &
pid=$!
child=$(wait_for_child "$pid")
grep -q python "/proc/$child/cmdline" 2>/dev/null || fail "plot's child is not python: $(tr '\0' ' ' <"/proc/$child/cmdline")"
kill -KILL "$pid"
wait "$pid" 2>/dev/null || true
gone "$child" || fail "plot's python survived its SIGKILLed parent"
echo ok
