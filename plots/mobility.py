#!/usr/bin/env python3
"""The mobility speed sweep (experiments/mobility/perdnn.toml): cold starts, throughput and
mean latency per requester against the walking speed, and the table as markdown.

usage: mobility.py SWEEP_DIR   (writes SWEEP_DIR/mobility.png, .pdf and mobility.md)
"""
import os
import sys

from common import plots  # noqa: F401  (sets up matplotlib and the package path)
from ciodesim import mobility

if len(sys.argv) != 2:
    sys.exit(__doc__)
directory = sys.argv[1]
try:
    table = mobility.speed_table(directory)
    plots.save(mobility.speed_figure(directory), directory, "mobility")
except (KeyError, FileNotFoundError) as e:
    sys.exit(f"error: {e}")
with open(os.path.join(directory, "mobility.md"), "w") as f:
    f.write(mobility.markdown_table(table) + "\n")
print(mobility.markdown_table(table))
