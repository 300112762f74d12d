#!/usr/bin/env python3
"""Map of a mobility run: servers and their coverage, the requesters' tracks, handoffs.

usage: map.py RUN_DIR [RUN]   (writes RUN_DIR/map.png and .pdf)
"""
import sys

from common import plots  # noqa: F401
from ciodesim import mobility

if len(sys.argv) not in (2, 3):
    sys.exit(__doc__)
try:
    fig = mobility.map_figure(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 0)
except (KeyError, FileNotFoundError) as e:
    sys.exit(f"error: {e}")
plots.save(fig, sys.argv[1], "map")
