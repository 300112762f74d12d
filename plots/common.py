"""Shared helpers of the figure scripts: CSV reading and consistent styling (stdlib + matplotlib)."""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

POLICY_COLORS = {
    "ciode": "#d62728", "enhanced-ionn": "#1f77b4", "perdnn": "#2ca02c", "all-at-once": "#7f7f7f",
    "mbeb": "#9467bd", "neurosurgeon": "#8c564b", "dads": "#e377c2", "loadpart": "#bcbd22",
}
# Distinct markers and dashes, so that policies with identical results stay visible.
POLICY_STYLES = {
    "ciode": ("o", "-"), "enhanced-ionn": ("s", "--"), "perdnn": ("^", ":"), "all-at-once": ("v", "-."),
    "mbeb": ("D", (0, (5, 1))), "neurosurgeon": ("P", (0, (3, 1, 1, 1))), "dads": ("X", (0, (1, 1))),
    "loadpart": ("*", (0, (8, 2))),
}
MODEL_LABELS = {"alexnet": "AlexNet", "resnet50": "ResNet-50", "vgg16": "VGG-16"}


def out_dir():
    if len(sys.argv) != 2:
        sys.exit(f"usage: {os.path.basename(sys.argv[0])} RESULTS_DIR")
    return sys.argv[1]


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def ordered(rows, key):
    seen = []
    for r in rows:
        if r[key] not in seen:
            seen.append(r[key])
    return seen


def save(fig, directory, name):
    fig.tight_layout()
    for ext in ("png", "pdf"):
        fig.savefig(os.path.join(directory, f"{name}.{ext}"), dpi=150)
    plt.close(fig)
