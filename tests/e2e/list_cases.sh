#!/usr/bin/env bash
# Prints "LINE:NAME" for every case in a cases file (for tests/CMakeLists.txt).
awk -F '|' '!/^[ \t]*#/ && NF >= 4 { gsub(/^[ \t]+|[ \t]+$/, "", $1); print NR ":" $1 }' "$1"
