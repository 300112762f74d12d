#!/usr/bin/env python3
"""loadpart: see ciodesim.plots.loadpart."""
from common import reproduce_figure

reproduce_figure("loadpart")
