#!/usr/bin/env python3
"""Fig. 6's variant where D3 matters: the increase of mean latency, and where the queries ran."""
from common import reproduce_figure

reproduce_figure("fig6_resilience")
