#!/usr/bin/env python3
"""Fig. 4: latency of each query against its index while the model uploads (mean over seeds)."""
from collections import defaultdict

from common import MODEL_LABELS, POLICY_COLORS, POLICY_STYLES, out_dir, ordered, plt, read, save

d = out_dir()
rows = read(f"{d}/fig4.csv")
models, policies = ordered(rows, "model"), ordered(rows, "policy")
fig, axes = plt.subplots(1, len(models), figsize=(4 * len(models), 3.4), squeeze=False)
for ax, model in zip(axes[0], models):
    for policy in policies:
        acc = defaultdict(list)
        for r in rows:
            if r["model"] == model and r["policy"] == policy:
                acc[int(r["query_index"])].append(float(r["latency_s"]))
        if acc:
            xs = sorted(acc)
            marker, dash = POLICY_STYLES.get(policy, ("o", "-"))
            ax.plot(xs, [sum(acc[x]) / len(acc[x]) for x in xs], marker=marker, markersize=3, linestyle=dash,
                    fillstyle="none", label=policy, color=POLICY_COLORS.get(policy))
    ax.set_title(MODEL_LABELS.get(model, model))
    ax.set_xlabel("query index")
    ax.set_ylabel("latency (s)")
    ax.set_yscale("log")
axes[0][0].legend(fontsize=8)
save(fig, d, "fig4")
