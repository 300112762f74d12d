#!/usr/bin/env python3
"""Table 2 as stacked bars: plan + offload (upload) + classification time per model and policy."""
from common import MODEL_LABELS, out_dir, ordered, plt, read, save

d = out_dir()
rows = read(f"{d}/table2.csv")
models, policies = ordered(rows, "model"), ordered(rows, "policy")
fig, axes = plt.subplots(1, len(models), figsize=(4 * len(models), 3.6), squeeze=False)
for ax, model in zip(axes[0], models):
    sub = {r["policy"]: r for r in rows if r["model"] == model}
    names = [p for p in policies if p in sub]
    bottom = [0.0] * len(names)
    for part, color in (("plan_time_s", "#333333"), ("offload_time_s", "#9ecae1"), ("classification_time_s", "#fd8d3c")):
        values = [float(sub[p][part]) for p in names]
        ax.bar(names, values, bottom=bottom, color=color, label=part.replace("_s", "").replace("_", " "))
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_title(MODEL_LABELS.get(model, model))
    ax.set_ylabel("time (s)")
    ax.tick_params(axis="x", rotation=30)
axes[0][0].legend(fontsize=8)
save(fig, d, "table2")
