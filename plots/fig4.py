#!/usr/bin/env python3
"""Fig. 4: latency of each query against its index while the model uploads (mean over seeds)."""
from common import reproduce_figure

reproduce_figure("fig4")
