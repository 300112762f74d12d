#!/usr/bin/env python3
"""Fig. 5: (a) mean execution time and (b) mean conflicts per query, CIODE vs M-BEB, 95 % CI."""
from common import MODEL_LABELS, POLICY_COLORS, out_dir, ordered, plt, read, save

d = out_dir()
rows = read(f"{d}/fig5.csv")
models, policies = ordered(rows, "model"), ordered(rows, "policy")
fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
width = 0.8 / max(1, len(policies))
for panel, (column, ci, label) in enumerate((("mean_latency_s", "mean_latency_ci95_s", "execution time (s)"),
                                             ("mean_conflicts", "mean_conflicts_ci95", "conflicts per query"))):
    ax = axes[panel]
    for i, policy in enumerate(policies):
        sub = {r["model"]: r for r in rows if r["policy"] == policy}
        xs = [m + (i - (len(policies) - 1) / 2) * width for m in range(len(models))]
        ax.bar(xs, [float(sub[m][column]) for m in models], width, yerr=[float(sub[m][ci]) for m in models],
               label=policy, color=POLICY_COLORS.get(policy), capsize=3)
    ax.set_xticks(range(len(models)), [MODEL_LABELS.get(m, m) for m in models])
    ax.set_ylabel(label)
    ax.set_title("(a)" if panel == 0 else "(b)")
axes[0].legend(fontsize=8)
save(fig, d, "fig5")
