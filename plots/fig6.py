#!/usr/bin/env python3
"""Fig. 6: increase of the mean execution time when D3 moves from Net-1 to Net-2."""
from common import reproduce_figure

reproduce_figure("fig6")
