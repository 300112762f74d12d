#!/usr/bin/env python3
"""Mean query latency and conflicts per query against one swept key, a line per policy, a row
of panels per value of the other swept keys (and per model), 95 % bands over repetitions.

usage: sweep.py SWEEP_DIR KEY   (writes SWEEP_DIR/sweep.png and .pdf)
"""
import sys

from common import load, plots

if len(sys.argv) != 3:
    sys.exit(__doc__)
directory, key = sys.argv[1], sys.argv[2]
try:
    fig = plots.sweep(load(directory), key)
except (KeyError, FileNotFoundError) as e:
    sys.exit(f"error: {e.args[0]}")
plots.save(fig, directory, "sweep")
