#!/usr/bin/env python3
"""Mean query latency against one swept key, a line per policy, from a sweep's summary.csv.

usage: sweep.py SWEEP_DIR KEY   (writes SWEEP_DIR/sweep.png and .pdf)
"""
import re
import sys
from collections import defaultdict

from common import POLICY_COLORS, POLICY_STYLES, plt, read, save

if len(sys.argv) != 3:
    sys.exit(__doc__)
directory, key = sys.argv[1], sys.argv[2]
rows = [r for r in read(f"{directory}/summary.csv") if r["policy"] != "local"]
if not rows or key not in rows[0]:
    sys.exit(f"{directory}/summary.csv has no column {key}")


def as_number(text):
    match = re.match(r"^[0-9.eE+-]+", text)
    return float(match.group(0)) if match else text


acc = defaultdict(list)
for r in rows:
    acc[(r["policy"], r[key])].append(float(r["mean_latency_s"]))
policies = []
for r in rows:
    if r["policy"] not in policies:
        policies.append(r["policy"])
fig, ax = plt.subplots(figsize=(7, 4))
for policy in policies:
    points = sorted(((as_number(x), sum(v) / len(v)) for (p, x), v in acc.items() if p == policy))
    marker, dash = POLICY_STYLES.get(policy, ("o", "-"))
    ax.plot([x for x, _ in points], [y for _, y in points], marker=marker, linestyle=dash, markersize=5,
            fillstyle="none", label=policy, color=POLICY_COLORS.get(policy))
unit = re.sub(r"^[0-9.eE+-]+", "", rows[0][key])
ax.set_xlabel(f"{key}" + (f" ({unit})" if unit else ""))
ax.set_ylabel("mean query latency (s)")
ax.set_yscale("log")
ax.legend(fontsize=8, ncol=2)
save(fig, directory, "sweep")
