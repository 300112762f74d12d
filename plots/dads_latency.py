#!/usr/bin/env python3
"""dads_latency: see ciodesim.plots.dads_latency."""
from common import reproduce_figure

reproduce_figure("dads_latency")
