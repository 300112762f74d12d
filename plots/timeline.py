#!/usr/bin/env python3
"""Gantt chart of one run: per processor the lock holders (who executes when), per requester
its queries, lock waits and conflicts, per node the uploads. Reads RUN_DIR/{locks,queries,uploads}.csv.

usage: timeline.py RUN_DIR [--run N] [--until SECONDS]   (writes RUN_DIR/timeline.png and .pdf)
"""
import argparse
from collections import defaultdict

from common import plt, read, save

parser = argparse.ArgumentParser()
parser.add_argument("dir")
parser.add_argument("--run", default="0")
parser.add_argument("--until", type=float, default=None)
args = parser.parse_args()

locks = [r for r in read(f"{args.dir}/locks.csv") if r["run"] == args.run]
queries = [r for r in read(f"{args.dir}/queries.csv") if r["run"] == args.run]
uploads = [r for r in read(f"{args.dir}/uploads.csv") if r["run"] == args.run]
clients = sorted({r["client"] for r in locks} | {r["requester"] for r in queries})
palette = plt.get_cmap("tab10")
color = {c: palette(i % 10) for i, c in enumerate(clients)}

rows = []  # (label, [(start, width, color, hatch)])
# processors: intervals between grant and release/invalid of the same client and query
for processor in sorted({r["processor"] for r in locks}):
    open_grants, bars = {}, []
    for r in locks:
        if r["processor"] != processor:
            continue
        key = (r["client"], r["query"])
        if r["event"] == "grant":
            open_grants[key] = float(r["time_s"])
        elif r["event"] in ("release", "invalid") and key in open_grants:
            start = open_grants.pop(key)
            bars.append((start, float(r["time_s"]) - start, color[r["client"]], "xx" if r["event"] == "invalid" else ""))
    rows.append((processor, bars))
# requesters: queries, with their lock waits
for requester in sorted({r["requester"] for r in queries}):
    bars = [(float(q.get("arrival_s", q["start_s"])), float(q["latency_s"]), color[requester], "") for q in queries if q["requester"] == requester]
    rows.append((f"{requester} queries", bars))
# uploads per target processor
for processor in sorted({u["processor"] for u in uploads}):
    bars = [(float(u["start_s"]), float(u["end_s"]) - float(u["start_s"]), color.get(u["requester"], "grey"), "//")
            for u in uploads if u["processor"] == processor]
    rows.append((f"upload to {processor}", bars))

fig, ax = plt.subplots(figsize=(11, 0.45 * len(rows) + 1.5))
for y, (label, bars) in enumerate(rows):
    for start, width, c, hatch in bars:
        ax.broken_barh([(start, max(width, 1e-6))], (y - 0.4, 0.8), facecolors=c, edgecolor="black", linewidth=0.2,
                       hatch=hatch)
ax.set_yticks(range(len(rows)), [label for label, _ in rows])
ax.invert_yaxis()
ax.set_xlabel("simulated time (s)")
if args.until:
    ax.set_xlim(0, args.until)
conflicts = sum(int(q["conflicts"]) for q in queries)
ax.set_title(f"run {args.run}: {len(queries)} queries, {conflicts} conflicts (hatched: invalid lock, // uploads)")
handles = [plt.Rectangle((0, 0), 1, 1, color=color[c]) for c in clients]
ax.legend(handles, clients, fontsize=7, loc="upper right")
save(fig, args.dir, "timeline")
