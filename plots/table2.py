#!/usr/bin/env python3
"""Table 2 as stacked bars: plan + offload (upload) + classification time per model and policy."""
from common import reproduce_figure

reproduce_figure("table2")
