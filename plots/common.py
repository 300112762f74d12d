"""Shared set-up of the figure scripts: headless matplotlib, and the ciodesim Python package
(python/ciodesim beside this folder, in a checkout and under an install prefix alike), whose
ciodesim.plots functions draw every figure."""
import os
import sys

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))

from ciodesim import load, plots  # noqa: E402,F401
from ciodesim.style import (MODEL_LABELS, POLICY_COLORS, POLICY_STYLES, line_style,  # noqa: E402,F401
                            model_label, policy_color, policy_style)


def out_dir():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {os.path.basename(sys.argv[0])} RESULTS_DIR")
    return sys.argv[1]


def reproduce_figure(name):
    """fig4.py etc.: draw ciodesim.plots.<name> from RESULTS_DIR's CSV into RESULTS_DIR/<name>.png/.pdf."""
    directory = out_dir()
    plots.save(getattr(plots, name)(directory), directory, name)
