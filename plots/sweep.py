#!/usr/bin/env python3
"""Mean query latency and conflicts per query against one swept key, a line per policy, from a
sweep's summary.csv (one row per requester; requesters weighted by their completed queries).

usage: sweep.py SWEEP_DIR KEY   (writes SWEEP_DIR/sweep.png and .pdf)
"""
import re
import sys
from collections import defaultdict

from common import POLICY_COLORS, POLICY_STYLES, plt, read, save

if len(sys.argv) != 3:
    sys.exit(__doc__)
directory, key = sys.argv[1], sys.argv[2]
rows = [r for r in read(f"{directory}/summary.csv") if r["policy"] != "local" and r["requester"] != "all"]
if not rows or key not in rows[0]:
    sys.exit(f"{directory}/summary.csv has no column {key}")


def as_number(text):
    match = re.match(r"^[0-9.eE+-]+", text)
    return float(match.group(0)) if match else text


# (policy, x) -> [latency x queries, conflicts x queries, queries]
acc = defaultdict(lambda: [0.0, 0.0, 0])
for r in rows:
    n = int(r["completed"])
    a = acc[(r["policy"], r[key])]
    a[0] += float(r["mean_latency_s"]) * n
    a[1] += float(r["mean_conflicts"]) * n
    a[2] += n
policies = []
for r in rows:
    if r["policy"] not in policies:
        policies.append(r["policy"])
fig, (ax_lat, ax_conf) = plt.subplots(1, 2, figsize=(11, 4))
xs = set()
for policy in policies:
    points = sorted((as_number(x), a[0] / a[2], a[1] / a[2]) for (p, x), a in acc.items() if p == policy and a[2] > 0)
    xs.update(x for x, _, _ in points)
    marker, dash = POLICY_STYLES.get(policy, ("o", "-"))
    style = dict(marker=marker, linestyle=dash, markersize=5, fillstyle="none", label=policy,
                 color=POLICY_COLORS.get(policy))
    ax_lat.plot([x for x, _, _ in points], [y for _, y, _ in points], **style)
    ax_conf.plot([x for x, _, _ in points], [c for _, _, c in points], **style)
unit = re.sub(r"^[0-9.eE+-]+", "", rows[0][key])
numeric = [x for x in xs if isinstance(x, float)]
for ax in (ax_lat, ax_conf):
    ax.set_xlabel(f"{key}" + (f" ({unit})" if unit else ""))
    if numeric and min(numeric) > 0 and max(numeric) / min(numeric) >= 20:
        ax.set_xscale("log")  # e.g. 10 -> 1000 requesters
ax_lat.set_ylabel("mean query latency (s)")
ax_lat.set_yscale("log")
ax_conf.set_ylabel("conflicts per query")
ax_lat.legend(fontsize=8, ncol=2)
save(fig, directory, "sweep")
