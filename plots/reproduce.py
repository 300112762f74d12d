#!/usr/bin/env python3
"""The figures `ciodesim reproduce` draws, in one process (matplotlib is imported once, not
once per figure): reproduce.py RESULTS_DIR FIGURE... (FIGURE: fig4, fig5, dads_latency, ...;
each the same as its own script, e.g. fig5.py RESULTS_DIR)."""
import os
import sys

from common import plots

if len(sys.argv) < 3:
    sys.exit(f"usage: {os.path.basename(sys.argv[0])} RESULTS_DIR FIGURE...")
directory = sys.argv[1]
for name in sys.argv[2:]:
    plots.save(getattr(plots, name)(directory), directory, name)
