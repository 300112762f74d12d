"""Mobility results (docs/mobility.md): the speed sweep's table and figure, and the map of a
run (servers, coverage, tracks, handoffs). Reads only the CSV and config files ciodesim
writes."""
import math
import os
import tomllib

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .plots import ci95
from .style import line_style, policy_color

SPEED = "mobility.speed_mps"
AFTER_HANDOFF_S = 10.0  # the window after a handoff to a server in which throughput is counted


def after_handoff_throughput(queries, handoffs, window_s=AFTER_HANDOFF_S):
    """Per handoff to a server (not out of range): the requester's queries answered in the
    window_s after it, per second; mean per (keys..., run). PerDNN's paper compares
    throughput "when clients change their offloading servers"."""
    keys = [k for k in ("model", "policy", SPEED) if k in handoffs.columns]
    q = queries[["point", "run", "requester", "end_s", "status"]]
    q = q[q.status == "completed"]
    h = handoffs[handoffs.to.notna() & (handoffs.to != "")]
    rows = []
    for _, e in h.iterrows():
        mine = q[(q.point == e.point) & (q.run == e.run) & (q.requester == e.requester)]
        done = ((mine.end_s > e.time_s) & (mine.end_s <= e.time_s + window_s)).sum()
        if mine.end_s.max() >= e.time_s + window_s:  # the whole window was observed
            rows.append({**{k: e[k] for k in keys}, "point": e.point, "run": e.run, "rate": done / window_s})
    if not rows:
        return pd.DataFrame(columns=keys + ["point", "run", "after_handoff"])
    return (pd.DataFrame(rows).groupby(keys + ["point", "run"]).rate.mean().rename("after_handoff").reset_index())


def speed_table(directory):
    """Per model, policy and speed, means over repetitions (95 % half-widths beside them): cold
    starts, handoffs and migrated MB per requester, throughput per requester (summary.csv's
    throughput_qps), throughput in the 10 s after a handoff, and mean latency."""
    mob = pd.read_csv(os.path.join(directory, "mobility.csv"))
    summ = pd.read_csv(os.path.join(directory, "summary.csv"))
    summ = summ[(summ.requester != "all") & (summ.policy != "local")]
    if "model" not in mob.columns:  # one model, not swept
        mob["model"] = summ.model.iloc[0]
    keys = ["model", "policy", SPEED]
    per_run = (mob.groupby(keys + ["run"])
               .agg(cold=("cold_starts", "mean"), handoffs=("handoffs", "mean"),
                    migrated_MB=("migrated_bytes", lambda b: b.mean() / 1e6), queries=("queries", "mean"))
               .reset_index())
    s = summ.assign(_lat=summ.mean_latency_s * summ.completed)
    lat = (s.groupby(keys + ["run"])
           .agg(lat=("_lat", "sum"), n=("completed", "sum"), throughput=("throughput_qps", "mean"))
           .reset_index())
    lat["latency_s"] = lat.lat / lat.n
    per_run = per_run.merge(lat[keys + ["run", "latency_s", "throughput"]], on=keys + ["run"])
    hand = pd.read_csv(os.path.join(directory, "handoffs.csv"), keep_default_na=False)
    if "policy" not in hand.columns or "model" not in hand.columns:  # not swept: from the points' summary
        pol = summ[["point", "model", "policy"]].drop_duplicates("point")
        hand = hand.drop(columns=[c for c in ("model", "policy") if c in hand.columns]).merge(pol, on="point")
    queries = pd.read_csv(os.path.join(directory, "queries.csv"), usecols=["point", "run", "requester", "end_s", "status"])
    after = after_handoff_throughput(queries, hand)
    per_run = per_run.merge(after[keys + ["run", "after_handoff"]], on=keys + ["run"], how="left")
    rows = []
    for (model, policy, speed), g in per_run.groupby(keys, sort=False):
        row = {"model": model, "policy": policy, "speed_mps": speed, "runs": len(g)}
        for col in ("cold", "handoffs", "migrated_MB", "throughput", "after_handoff", "latency_s"):
            m, h = ci95(g[col].dropna())
            row[col], row[col + "_ci"] = m, h
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["model", "speed_mps", "policy"]).reset_index(drop=True)


def speed_figure(directory):
    """Cold starts, throughput and mean latency per requester against the walking speed."""
    t = speed_table(directory)
    models = list(dict.fromkeys(t.model))
    fig, grid = plt.subplots(len(models), 3, figsize=(13, 3.4 * len(models) + 0.5), squeeze=False)
    for (model, policy), g in t.groupby(["model", "policy"], sort=False):
        g = g.sort_values("speed_mps")
        axes = grid[models.index(model)]
        for ax, col, label in ((axes[0], "cold", f"{model}: cold starts / requester"),
                               (axes[1], "after_handoff", f"{model}: q/s in the 10 s after a handoff"),
                               (axes[2], "latency_s", f"{model}: mean latency (s)")):
            ax.plot(g.speed_mps, g[col], **line_style(policy))
            ci = g[col + "_ci"].to_numpy(dtype=float)
            if np.isfinite(ci).any():
                ax.fill_between(g.speed_mps, g[col] - ci, g[col] + ci, color=policy_color(policy), alpha=0.12,
                                linewidth=0)
            ax.set_ylabel(label)
    for ax in grid.flat:
        ax.set_xlabel("walking speed (m/s)")
        ax.grid(True, alpha=0.3)
        ax.set_ylim(bottom=0)
    handles, labels = grid[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=8, ncol=len(labels), loc="upper center", frameon=False)
    runs = int(t.runs.min()) if len(t) else 0
    fig.suptitle(f"{runs} run(s) per point; bands: 95 % intervals", fontsize=8, y=0.0, va="bottom")
    fig.tight_layout(rect=(0, 0.03, 1, 1 - 0.4 / fig.get_figheight()))
    return fig


def map_figure(run_dir, run=0):
    """Servers with their coverage discs, every requester's track, handoffs marked."""
    with open(os.path.join(run_dir, "config.toml"), "rb") as f:
        config = tomllib.load(f)
    servers = config.get("mobility", {}).get("server", [])
    if not servers:
        raise KeyError(f"{run_dir}/config.toml has no [[mobility.server]]: not a mobility run")
    pos = pd.read_csv(os.path.join(run_dir, "positions.csv"))
    hand = pd.read_csv(os.path.join(run_dir, "handoffs.csv"), keep_default_na=False)
    pos, hand = pos[pos.run == run], hand[hand.run == run]
    fig, ax = plt.subplots(figsize=(9, 5))
    for s in servers:
        ax.add_patch(plt.Circle((s["x_m"], s["y_m"]), s.get("radius_m", 50.0), color="tab:blue", alpha=0.08))
        ax.plot(s["x_m"], s["y_m"], "s", color="tab:blue")
        ax.annotate(s["device"], (s["x_m"], s["y_m"]), textcoords="offset points", xytext=(5, 5), fontsize=8)
    for name, g in pos.groupby("requester", sort=True):
        g = g.sort_values("time_s")
        line, = ax.plot(g.x_m, g.y_m, linewidth=1, label=name)
        out = g[g.server.isna()]
        ax.plot(out.x_m, out.y_m, ".", color=line.get_color(), markersize=2, alpha=0.6)
        h = hand[hand.requester == name]
        ax.plot(h.x_m, h.y_m, "x", color=line.get_color(), markersize=7)
    ax.set_aspect("equal")
    ax.set_xlabel("x (m)")
    ax.set_ylabel("y (m)")
    ax.set_title(f"{len(hand)} handoffs (x); dots: out of every range", fontsize=9)
    ax.legend(fontsize=7, loc="upper right")
    ax.autoscale_view()
    fig.tight_layout()
    return fig


def markdown_table(t):
    """The speed table as markdown (means, ± 95 % half-widths when there are >= 3 runs)."""
    def cell(v, h, fmt):
        return fmt.format(v) + ("" if not math.isfinite(h) else " ± " + fmt.format(h))
    lines = ["| model | speed (m/s) | policy | cold starts / requester | handoffs / requester | migrated MB / requester "
             "| throughput (q/s / requester) | throughput 10 s after a handoff (q/s) | mean latency (s) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for _, r in t.iterrows():
        lines.append(f"| {r.model} | {r.speed_mps:g} | {r.policy} | {cell(r.cold, r.cold_ci, '{:.1f}')} | "
                     f"{cell(r.handoffs, r.handoffs_ci, '{:.1f}')} | {cell(r.migrated_MB, r.migrated_MB_ci, '{:.1f}')} | "
                     f"{cell(r.throughput, r.throughput_ci, '{:.2f}')} | {cell(r.after_handoff, r.after_handoff_ci, '{:.2f}')} | "
                     f"{cell(r.latency_s, r.latency_s_ci, '{:.3f}')} |")
    return "\n".join(lines)
