#!/usr/bin/env bash
# Runs the ciodesim binary once and checks its exit code and output.
#   run_case.sh BIN CASES_FILE LINE
# where line LINE of CASES_FILE is  name | expected exit | regex | arguments (split on spaces).
# Exit 2 (bad input): stderr must be exactly one line "error: ..." matching REGEX, and the
# process must not have crashed. Exit 0: stdout must match REGEX. No bad-input case may run
# past 10 s; a working command (exit 0: profiling, a calibration fit) gets 60 s on a busy machine.
# In ARGS, @TMP@ is replaced by a fresh temporary directory (removed afterwards).
set -u
bin=$1 cases=$2 line_no=$3
line=$(sed -n "${line_no}p" "$cases")
trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; s=${s%"${s##*[![:space:]]}"}; printf '%s' "$s"; }
IFS='|' read -r _name want_exit regex rest <<<"$line"
want_exit=$(trim "$want_exit") regex=$(trim "$regex")
# split the arguments like a shell would (single quotes keep spaces), without evaluating
eval "set -- $(printf '%s' "$rest" | sed 's/[$`]/\\&/g')"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=()
for a in "$@"; do args+=("${a//@TMP@/$tmp}"); done
# no case may hang: 10 s (60 s for exit-0 cases), then SIGTERM (and SIGKILL 2 s later)
limit_s=10
[ "$want_exit" = 0 ] && limit_s=60
timeout --kill-after=2 "$limit_s" "$bin" "${args[@]}" >"$tmp/.stdout" 2>"$tmp/.stderr" </dev/null
got=$?
fail() { echo "FAIL: $*"; echo "--- stdout"; head -20 "$tmp/.stdout"; echo "--- stderr"; head -20 "$tmp/.stderr"; exit 1; }
[ "$got" != 124 ] && [ "$got" != 137 ] || fail "did not finish within $limit_s s"
[ "$got" = "$want_exit" ] || fail "exit code $got, expected $want_exit"
if [ "$want_exit" = 2 ]; then
  lines=$(wc -l <"$tmp/.stderr")
  [ "$lines" = 1 ] || fail "expected exactly one line on stderr, got $lines"
  grep -qE '^error: ' "$tmp/.stderr" || fail "stderr does not start with 'error: '"
  grep -qE -- "$regex" "$tmp/.stderr" || fail "stderr does not match /$regex/"
  leftovers=$(find "$tmp" -mindepth 1 -not -name '.stdout' -not -name '.stderr' | head -5)
  [ -z "$leftovers" ] || fail "bad input left output behind: $leftovers"
else
  grep -qE -- "$regex" "$tmp/.stdout" || fail "stdout does not match /$regex/"
fi
echo "ok"
