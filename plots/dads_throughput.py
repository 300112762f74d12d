#!/usr/bin/env python3
"""dads_throughput: see ciodesim.plots.dads_throughput."""
from common import reproduce_figure

reproduce_figure("dads_throughput")
