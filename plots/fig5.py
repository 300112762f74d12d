#!/usr/bin/env python3
"""Fig. 5: (a) mean execution time and (b) mean conflicts per query, CIODE vs M-BEB, 95 % CI."""
from common import reproduce_figure

reproduce_figure("fig5")
