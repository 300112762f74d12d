#!/usr/bin/env python3
"""Fig. 6: increase of the mean execution time when D3 moves from Net-1 to Net-2."""
from common import MODEL_LABELS, POLICY_COLORS, out_dir, ordered, plt, read, save

d = out_dir()
rows = read(f"{d}/fig6.csv")
models, policies = ordered(rows, "model"), ordered(rows, "policy")
fig, ax = plt.subplots(figsize=(7, 3.6))
width = 0.8 / max(1, len(policies))
for i, policy in enumerate(policies):
    sub = {r["model"]: r for r in rows if r["policy"] == policy}
    xs = [m + (i - (len(policies) - 1) / 2) * width for m in range(len(models))]
    ax.bar(xs, [float(sub[m]["increase_pct"]) for m in models], width, label=policy, color=POLICY_COLORS.get(policy))
ax.set_xticks(range(len(models)), [MODEL_LABELS.get(m, m) for m in models])
ax.set_ylabel("increase of mean latency (%)")
ax.set_title("D3: Net-1 (80 Mbps) to Net-2 (20 Mbps)")
ax.legend(fontsize=8)
save(fig, d, "fig6")
