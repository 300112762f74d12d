"""One look for every figure: a colour, marker and dash per policy. Known policies have
fixed styles; any other name (a researcher's own policy) gets one from a fallback palette
chosen by a stable hash of the name, so the same name looks the same in every figure and run."""
import zlib

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
MODEL_LABELS = {"alexnet": "AlexNet", "resnet50": "ResNet-50", "vgg16": "VGG-16", "resnet18": "ResNet-18",
                "googlenet": "GoogLeNet", "mobilenet_v1": "MobileNet v1"}
# colours not used above (tab10's cyan, then tab20's lighter tones) and markers not used above
FALLBACK_COLORS = ["#17becf", "#ff7f0e", "#aec7e8", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2",
                   "#dbdb8d", "#9edae5", "#ffbb78", "#393b79"]
FALLBACK_MARKERS = ["h", "<", ">", "p", "d", "8", "H", "1"]
FALLBACK_DASHES = ["-", "--", "-.", ":"]


def _index(name, n):
    return zlib.crc32(name.encode()) % n  # stable across processes, unlike hash()


def policy_color(policy):
    return POLICY_COLORS.get(policy) or FALLBACK_COLORS[_index(policy, len(FALLBACK_COLORS))]


def policy_style(policy):
    """(marker, dash) of a policy."""
    if policy in POLICY_STYLES:
        return POLICY_STYLES[policy]
    return (FALLBACK_MARKERS[_index(policy, len(FALLBACK_MARKERS))],
            FALLBACK_DASHES[_index(policy + "/", len(FALLBACK_DASHES))])


def line_style(policy):
    """Keyword arguments of ax.plot for a policy's line."""
    marker, dash = policy_style(policy)
    return dict(marker=marker, linestyle=dash, markersize=5, fillstyle="none", color=policy_color(policy), label=policy)


def model_label(model):
    return MODEL_LABELS.get(model, model)
