#!/usr/bin/env bash
# docs/config.md's policy-parameter block is the output of `ciodesim policies --toml`.
set -euo pipefail
bin=$1
expected=$("$bin" policies --toml)
documented=$(sed -n '/<!-- ciodesim policies --toml -->/,/<!-- end -->/p' docs/config.md | sed '1,2d;$d' | sed '$d')
if [[ "$expected" != "$documented" ]]; then
  echo "FAIL: docs/config.md's policy block differs from 'ciodesim policies --toml'; paste its output there"
  diff <(echo "$expected") <(echo "$documented") || true
  exit 1
fi
echo "ok: docs/config.md lists every policy parameter"
