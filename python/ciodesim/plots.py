"""The figures, as functions drawing from Results or reproduce's CSVs; each returns a
matplotlib Figure (save() writes PNG and PDF). plots/*.py are command lines over these."""
import fnmatch
import math
import os
import re

import matplotlib.pyplot as plt  # noqa: E402  (backend: the caller's; plots/common.py picks Agg)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

from .results import Results, load  # noqa: E402
from .style import line_style, model_label, policy_color  # noqa: E402

# Student t quantiles t(0.975, df) for 95 % intervals; 1.96 beyond the table.
_T975 = {2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228, 12: 2.179,
         15: 2.131, 20: 2.086, 30: 2.042}
MIN_RUNS_FOR_BANDS = 3  # an interval from two runs is mostly the t quantile, not information


def ci95(samples):
    """(mean, half-width of the 95 % interval) of samples; half-width NaN for n < MIN_RUNS_FOR_BANDS."""
    x = np.asarray(samples, dtype=float)
    n = len(x)
    if n == 0:
        return math.nan, math.nan
    if n < MIN_RUNS_FOR_BANDS:
        return float(x.mean()), math.nan
    df = n - 1
    t = next((_T975[k] for k in sorted(_T975) if k >= df), 1.96)
    return float(x.mean()), float(t * x.std(ddof=1) / math.sqrt(n))


def save(fig, directory, name):
    fig.tight_layout()
    for ext in ("png", "pdf"):
        fig.savefig(os.path.join(directory, f"{name}.{ext}"), dpi=150)
    plt.close(fig)


def _results(r):
    return r if isinstance(r, Results) else load(r)


def _split_unit(text):
    """'20Mbps' -> (20.0, 'Mbps'); 300 -> (300.0, ''); 'ciode' -> (None, '')."""
    m = re.match(r"^\s*([0-9.]+(?:[eE][+-]?[0-9]+)?)\s*(.*)$", str(text))
    if not m:
        return None, ""
    try:
        return float(m.group(1)), m.group(2)
    except ValueError:
        return None, ""


def _g(v, _pos=None):
    return f"{v:g}"


def readable_log(axis, values=None):
    """A log axis labelled in plain numbers (0.05, 0.1, 0.2 rather than 10^-1 only); with
    `values`, ticks at exactly those."""
    if values is not None:
        axis.set_ticks(sorted(set(values)))
        axis.set_minor_formatter(NullFormatter())
    else:
        axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        axis.set_minor_formatter(NullFormatter())
    axis.set_major_formatter(FuncFormatter(_g))


def _label(key, value):
    if key == "model":
        return model_label(value)
    return f"{key} = {value}"


def sweep(results, key):
    """Mean query latency, conflicts per query and (when the platform gives power figures) the
    requester's mean energy per query against the swept KEY: a line per policy,
    a row of panels per combination of the other swept keys (and per model when requesters
    run several), 95 % bands over repetitions (n >= 3), policies dodged so that coinciding
    lines stay visible."""
    r = _results(results)
    s = r.requesters()
    if key not in s.columns:
        raise KeyError(f"{r.dir}/summary.csv has no column {key} (swept: {', '.join(r.swept) or 'none'})")
    model_col = "model.1" if "model.1" in s.columns else "model"  # a swept `model` comes first
    facets = [k for k in r.swept if k not in (key, "policy")]
    if model_col not in facets and "model" not in facets and s[model_col].nunique() > 1:
        facets.append(model_col)
    has_energy = "energy_j" in s.columns and s.energy_j.notna().any()
    s = s.assign(_lat=s.mean_latency_s * s.completed, _conf=s.mean_conflicts * s.queries,
                 _en=s.energy_j if has_energy else 0.0)
    # one value per run: requesters pooled, weighted by their queries
    per_run = (s.groupby(facets + ["policy", key, "point", "run"], sort=False)
                .agg(lat=("_lat", "sum"), n=("completed", "sum"), conf=("_conf", "sum"), q=("queries", "sum"),
                     en=("_en", "sum"))
                .reset_index())
    per_run = per_run[per_run.n > 0]
    per_run["latency"] = per_run.lat / per_run.n
    per_run["conflicts"] = per_run.conf / per_run.q
    per_run["energy"] = per_run.en / per_run.n  # the requester's energy per completed query

    xs_raw = list(dict.fromkeys(s[key]))
    parsed = [_split_unit(x) for x in xs_raw]
    numeric = all(v is not None for v, _ in parsed)
    unit = parsed[0][1] if numeric else ""
    xpos = {x: (v if numeric else i) for i, (x, (v, _)) in enumerate(zip(xs_raw, parsed))}
    xvals = sorted(xpos.values())
    log_x = numeric and min(xvals) > 0 and max(xvals) / min(xvals) >= 20

    if not facets:
        groups = [((), per_run)]
    else:
        groups = list(per_run.groupby(facets[0] if len(facets) == 1 else facets, sort=False))
    policies = list(dict.fromkeys(per_run.policy))
    ncols = 3 if has_energy else 2
    fig, axes = plt.subplots(len(groups), ncols, figsize=(5.5 * ncols, 3.6 * len(groups) + 0.4), squeeze=False)
    for row, (facet, data) in enumerate(groups):
        facet = facet if isinstance(facet, tuple) else (facet,)
        title = ", ".join(_label("model" if k == model_col else k, v) for k, v in zip(facets, facet))
        for i, policy in enumerate(policies):
            # dodge: a few percent of the axis per policy, centred on the true x
            shift = i - (len(policies) - 1) / 2
            sub = data[data.policy == policy]
            if sub.empty:
                continue
            pts = []
            for x, g in sub.groupby(key, sort=False):
                lat, lat_ci = ci95(g.latency)
                conf, conf_ci = ci95(g.conflicts)
                en, en_ci = ci95(g.energy)
                px = xpos[x]
                if log_x:
                    px *= 10 ** (0.006 * shift * math.log10(max(xvals) / min(xvals)))
                else:
                    px += 0.006 * shift * ((max(xvals) - min(xvals)) or 1)
                pts.append((px, lat, lat_ci, conf, conf_ci, en, en_ci))
            pts.sort()
            px, lat, lat_ci, conf, conf_ci, en, en_ci = (np.array(c) for c in zip(*pts))
            panels = [(axes[row][0], lat, lat_ci), (axes[row][1], conf, conf_ci)]
            if has_energy:
                panels.append((axes[row][2], en, en_ci))
            for ax, y, ci in panels:
                ax.plot(px, y, **line_style(policy))
                if np.isfinite(ci).any():
                    ax.fill_between(px, y - ci, y + ci, color=policy_color(policy), alpha=0.12, linewidth=0)
        for col, ax in enumerate(axes[row]):
            ax.set_title(title, fontsize=9)
            ax.set_xlabel(key + (f" ({unit})" if unit else ""))
            if log_x:
                ax.set_xscale("log")
                readable_log(ax.xaxis, xvals)
            elif numeric:
                ax.set_xticks(xvals)
                ax.xaxis.set_major_formatter(FuncFormatter(_g))
            else:
                ax.set_xticks(range(len(xs_raw)), [str(x) for x in xs_raw])
            ax.grid(True, which="major", alpha=0.3)
        axes[row][0].set_ylabel("mean query latency (s)")
        axes[row][0].set_yscale("log")
        readable_log(axes[row][0].yaxis)
        axes[row][1].set_ylabel("conflicts per query")
        axes[row][1].set_ylim(bottom=0, top=max(axes[row][1].get_ylim()[1], 0.1))
        if has_energy:
            axes[row][2].set_ylabel("requester energy per query (J)")
            axes[row][2].set_ylim(bottom=0)
    n_runs = per_run.groupby(["point"]).run.nunique().min()
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=8, ncol=min(len(labels), 8), loc="upper center", frameon=False)
    fig.suptitle(f"{n_runs} run(s) per point" + ("; bands: 95 % intervals" if n_runs >= MIN_RUNS_FOR_BANDS else
                                                 "; no intervals (fewer than 3 runs)"), fontsize=8, y=0.0, va="bottom")
    fig.tight_layout(rect=(0, 0.02, 1, 1 - 0.35 / fig.get_figheight()))
    return fig


def _natural(name):
    """R2 before R10: digits compare as numbers."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", str(name))]


def _matches(name, patterns):
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def _patterns(spec):
    if spec is None:
        return None
    if isinstance(spec, str):
        spec = spec.split(",")
    return [p.strip() for p in spec if p.strip()]


class _Bars:
    """One set of bars in a timeline row: starts and widths (s), a colour and hatch per bar,
    drawn in the band [y0, y0 + height] of the row's 0.8 height."""

    def __init__(self, starts, widths, colors, hatches, y0=0.0, height=0.8):
        self.starts, self.widths = np.asarray(starts, dtype=float), np.asarray(widths, dtype=float)
        self.colors, self.hatches = list(colors), list(hatches)
        self.y0, self.height = y0, height

    def draw(self, ax, y):
        if len(self.starts) == 0:
            return
        widths = np.maximum(self.widths, 1e-6)
        for hatch in set(self.hatches):  # one call per hatch: fast for thousands of bars
            sel = [i for i, h in enumerate(self.hatches) if h == hatch]
            ax.broken_barh(list(zip(self.starts[sel], widths[sel])), (y - 0.4 + self.y0, self.height),
                           facecolors=[self.colors[i] for i in sel], edgecolor="black" if len(sel) < 2000 else "none",
                           linewidth=0.2, hatch=hatch or None)


class _Steps:
    """A count over time (queries waiting at a requester) as a filled step curve, its
    maximum at the row's full height."""

    def __init__(self, times, counts, colour):
        self.times, self.counts, self.colour = times, counts, colour

    def draw(self, ax, y):
        peak = max(1, int(self.counts.max()))
        ax.fill_between(self.times, y + 0.4, y + 0.4 - 0.8 * self.counts / peak, step="post", color=self.colour,
                        alpha=0.45, linewidth=0)


def _query_rows(name, q, colour):
    """A requester's rows: its queries from start to end (served; queries served at once,
    max_in_flight > 1, get lanes of the row so none hides another) and, when any query
    waited at the requester, how many were waiting over time."""
    arrival = (q.arrival_s if "arrival_s" in q else q.start_s).to_numpy(dtype=float)
    start, end = q.start_s.to_numpy(dtype=float), q.end_s.to_numpy(dtype=float)
    lane_end, lane = [], np.zeros(len(start), dtype=int)
    for i in np.argsort(start, kind="stable"):  # the first lane free at the query's start
        free = next((k for k, e in enumerate(lane_end) if e <= start[i] + 1e-12), None)
        if free is None:
            free = len(lane_end)
            lane_end.append(0.0)
        lane_end[free], lane[i] = end[i], free
    lanes = max(1, len(lane_end))
    served = [_Bars(start[lane == k], (end - start)[lane == k], [colour] * int((lane == k).sum()),
                    [""] * int((lane == k).sum()), y0=0.8 * k / lanes, height=0.8 / lanes) for k in range(lanes)]
    rows = [(f"{name} queries", served)]
    queued = start > arrival + 1e-12
    if queued.any():
        times = np.concatenate([arrival[queued], start[queued]])
        steps = np.concatenate([np.ones(int(queued.sum())), -np.ones(int(queued.sum()))])
        order = np.lexsort((steps, times))  # at equal times a start (-1) before an arrival (+1)
        counts = np.cumsum(steps[order])
        rows.append((f"{name} queued (max {int(counts.max())})", [_Steps(times[order], counts, colour)]))
    return rows


def timeline(results, run=0, until=None, requesters=None, processors=None, max_requesters=24):
    """Gantt chart of one run: per processor who holds its lock when (hatched: invalid lock),
    per requester its queries, per target processor the uploads. `requesters`/`processors`:
    names or shell patterns ("R1*", "N3.gpu", or "D1/r0,D2*"); without `requesters` at most
    `max_requesters` are drawn (the title says how many were left out)."""
    r = _results(results)
    locks, queries, uploads = (df[df.run == int(run)] for df in (r.locks, r.queries, r.uploads))
    req_pat, proc_pat = _patterns(requesters), _patterns(processors)
    names = sorted(queries.requester.unique(), key=_natural)
    if req_pat:
        names = [n for n in names if _matches(n, req_pat)]
    left_out = 0
    if not req_pat and len(names) > max_requesters:
        left_out, names = len(names) - max_requesters, names[:max_requesters]
    shown = set(names)
    procs = sorted(set(locks.processor) | set(uploads.processor), key=_natural)
    if proc_pat:
        procs = [p for p in procs if _matches(p, proc_pat)]
    else:  # the processors of requesters not drawn would be rows of nothing but grey
        hidden = set(queries.device[~queries.requester.isin(shown)]) - set(queries.device[queries.requester.isin(shown)])
        procs = [p for p in procs if p.rsplit(".", 1)[0] not in hidden]
    if until:
        locks = locks[locks.time_s <= until]
        queries = queries[queries.start_s <= until]
        uploads = uploads[uploads.start_s <= until]

    palette = plt.get_cmap("tab20")
    color = {c: palette(i % 20) for i, c in enumerate(sorted(set(locks.client) | set(queries.requester)))}
    # lock holds: the k-th grant of (processor, client, query) ends at its k-th release/invalid
    key = ["processor", "client", "query"]
    lk = locks[locks.processor.isin(procs)]
    grants = lk[lk.event == "grant"].assign(k=lambda d: d.groupby(key).cumcount())
    ends = lk[lk.event.isin(["release", "invalid"])].assign(k=lambda d: d.groupby(key).cumcount())
    holds = grants.merge(ends[key + ["k", "time_s", "event"]], on=key + ["k"], suffixes=("", "_end"))
    # a requester's slots (max_in_flight > 1) are lock clients "D1/r0#1": drawn as their requester
    holds = holds.assign(client=holds.client.str.replace(r"#\d+$", "", regex=True))
    rows = []  # (label, starts, widths, colors, hatch per bar or one hatch)
    for p in procs:
        h = holds[holds.processor == p]
        rows.append((p, [_Bars(h.time_s.to_numpy(), (h.time_s_end - h.time_s).to_numpy(),
                               [color.get(c, "grey") if c in shown or not shown else "lightgrey" for c in h.client],
                               ["xx" if e == "invalid" else "" for e in h.event_end])]))
    by_name = dict(tuple(queries[queries.requester.isin(shown)].groupby("requester")))
    for name in names:
        if name not in by_name:
            continue
        q = by_name[name]
        rows.extend(_query_rows(name, q, color[name]))
    by_proc = dict(tuple(uploads[uploads.processor.isin(procs)].groupby("processor")))
    for p in (p for p in procs if p in by_proc):
        u = by_proc[p]
        rows.append((f"upload to {p}", [_Bars(u.start_s.to_numpy(), (u.end_s - u.start_s).to_numpy(),
                                              [color.get(c, "grey") if c in shown else "lightgrey" for c in u.requester],
                                              ["//"] * len(u))]))

    height = min(0.32 * len(rows) + 1.6, 60)
    fig, ax = plt.subplots(figsize=(11, height))
    for y, (_label_, parts) in enumerate(rows):
        for part in parts:
            part.draw(ax, y)
    ax.set_yticks(range(len(rows)), [label for label, *_ in rows], fontsize=7 if len(rows) > 40 else 9)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlabel("simulated time (s)")
    if until:
        ax.set_xlim(0, until)
    conflicts = int(queries.conflicts.sum())
    note = f"\n{left_out} more requesters not drawn (grey: their lock holds; choose with --requesters)" if left_out else ""
    ax.set_title(f"run {run}: {len(queries)} queries, {conflicts} conflicts (xx: invalid lock, //: uploads){note}",
                 fontsize=9)
    if 0 < len(shown) <= 12:
        handles = [plt.Rectangle((0, 0), 1, 1, color=color[c]) for c in names]
        ax.legend(handles, names, fontsize=7, loc="upper right")
    return fig


def _ordered(df, col):
    return list(dict.fromkeys(df[col]))


def fig4(directory):
    """Fig. 4: latency of each query against its index while the model uploads (mean over
    seeds; a 95 % band with 3 or more seeds)."""
    rows = pd.read_csv(os.path.join(directory, "fig4.csv"))
    models, policies = _ordered(rows, "model"), _ordered(rows, "policy")
    fig, axes = plt.subplots(1, len(models), figsize=(4 * len(models), 3.4), squeeze=False)
    for ax, model in zip(axes[0], models):
        for policy in policies:
            sub = rows[(rows.model == model) & (rows.policy == policy)]
            if sub.empty:
                continue
            stats = [(i, *ci95(g.latency_s)) for i, g in sub.groupby("query_index")]
            xs, ys, cis = (np.array(c) for c in zip(*stats))
            style = line_style(policy)
            style["markersize"] = 3
            ax.plot(xs, ys, **style)
            if np.isfinite(cis).any():
                ax.fill_between(xs, ys - cis, ys + cis, color=policy_color(policy), alpha=0.12, linewidth=0)
        ax.set_title(model_label(model))
        ax.set_xlabel("query index")
        ax.set_ylabel("latency (s)")
        ax.set_yscale("log")
        readable_log(ax.yaxis)
    axes[0][0].legend(fontsize=8)
    return fig


def _grouped_bars(ax, rows, models, policies, column, ci=None):
    width = 0.8 / max(1, len(policies))
    for i, policy in enumerate(policies):
        sub = rows[rows.policy == policy].set_index("model")
        xs = [m + (i - (len(policies) - 1) / 2) * width for m in range(len(models))]
        err = None
        if ci is not None and "runs" in sub and (sub.runs >= MIN_RUNS_FOR_BANDS).all():
            err = [sub.loc[m, ci] for m in models]
        ax.bar(xs, [sub.loc[m, column] for m in models], width, yerr=err, label=policy, color=policy_color(policy),
               capsize=3)
    ax.set_xticks(range(len(models)), [model_label(m) for m in models])


def fig5(directory):
    """Fig. 5: (a) mean execution time and (b) conflicts per query, CIODE vs M-BEB; 95 %
    error bars with 3 or more seeds."""
    rows = pd.read_csv(os.path.join(directory, "fig5.csv"))
    models, policies = _ordered(rows, "model"), _ordered(rows, "policy")
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
    for ax, (column, ci, label, tag) in zip(axes, (("mean_latency_s", "mean_latency_ci95_s", "execution time (s)", "(a)"),
                                                    ("mean_conflicts", "mean_conflicts_ci95", "conflicts per query", "(b)"))):
        _grouped_bars(ax, rows, models, policies, column, ci)
        ax.set_ylabel(label)
        ax.set_title(tag)
    axes[0].legend(fontsize=8)
    return fig


def fig6(directory):
    """Fig. 6: increase of the mean execution time when D3 moves from Net-1 to Net-2."""
    rows = pd.read_csv(os.path.join(directory, "fig6.csv"))
    models, policies = _ordered(rows, "model"), _ordered(rows, "policy")
    fig, ax = plt.subplots(figsize=(7, 3.6))
    _grouped_bars(ax, rows, models, policies, "increase_pct")
    ax.set_ylabel("increase of mean latency (%)")
    ax.set_title("D3: Net-1 (80 Mbps) to Net-2 (20 Mbps)")
    ax.axhline(0, color="black", linewidth=0.5)
    ax.legend(fontsize=8)
    return fig


def fig6_resilience(directory):
    """Fig. 6's variant where D3 matters (D2's GPU loaded): (a) the increase of mean latency, as
    in Fig. 6; (b) where each policy's queries ran on either network: the share with a segment
    on the changed device (D3; solid) and with segments only on other nodes (pale); the rest ran
    locally. Multi-node planning shows as CIODE moving between D3 and D2 with the network."""
    rows = pd.read_csv(os.path.join(directory, "fig6_resilience.csv"))
    models, policies = _ordered(rows, "model"), _ordered(rows, "policy")
    changed = rows.changed_device.iloc[0]
    nets = (("net1", f"Net-1 ({rows.net1_bandwidth.iloc[0]})"), ("net2", f"Net-2 ({rows.net2_bandwidth.iloc[0]})"))
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    _grouped_bars(axes[0], rows, models, policies, "increase_pct")
    axes[0].set_ylabel("increase of mean latency (%)")
    axes[0].set_title(f"(a) {changed}: {nets[0][1]} to {nets[1][1]}", fontsize=9)
    axes[0].axhline(0, color="black", linewidth=0.5)
    axes[0].legend(fontsize=8)
    ax = axes[1]
    bars = [(policy, net, hatch) for policy in policies for (net, _), hatch in zip(nets, (None, "///"))]
    width = 0.8 / max(1, len(bars))
    for i, (policy, net, hatch) in enumerate(bars):
        sub = rows[rows.policy == policy].set_index("model")
        xs = [m + (i - (len(bars) - 1) / 2) * width for m in range(len(models))]
        on_changed = np.array([sub.loc[m, f"{net}_share_changed_device"] for m in models], dtype=float)
        elsewhere = np.array([sub.loc[m, f"{net}_share_other_nodes"] for m in models], dtype=float)
        color = policy_color(policy)
        pale = [0.3 * c + 0.7 for c in to_rgb(color)]
        ax.bar(xs, on_changed, width, color=color, hatch=hatch, edgecolor="white", linewidth=0)
        ax.bar(xs, elsewhere, width, bottom=on_changed, facecolor=pale, hatch=hatch, edgecolor=color, linewidth=0)
    ax.set_xticks(range(len(models)), [model_label(m) for m in models])
    ax.set_ylim(0, 1.25)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_ylabel("share of queries")
    ax.set_title("(b) where the queries ran (rest: locally)", fontsize=9)
    grey = "#777777"
    handles = [plt.Rectangle((0, 0), 1, 1, color=grey), plt.Rectangle((0, 0), 1, 1, color=[0.3 * c + 0.7 for c in to_rgb(grey)]),
               plt.Rectangle((0, 0), 1, 1, facecolor="white", edgecolor=grey, hatch="///")]
    ax.legend(handles, [f"a segment on {changed}", "only on other nodes", nets[1][1] + " (hatched)"], fontsize=7,
              loc="upper center", ncol=3)
    return fig


def table2(directory):
    """Table 2 as stacked bars: plan + offload (upload) + classification time per model and policy.
    A policy whose planned uploads never completed in any run has no offload or total time: a
    hatched placeholder to the top of the panel says "upload incomplete" instead of an empty slot;
    one that completed in some runs only says in how many."""
    rows = pd.read_csv(os.path.join(directory, "table2.csv"))
    models, policies = _ordered(rows, "model"), _ordered(rows, "policy")
    fig, axes = plt.subplots(1, len(models), figsize=(4 * len(models), 3.6), squeeze=False)
    offload_color = "#9ecae1"
    for ax, model in zip(axes[0], models):
        sub = rows[rows.model == model].set_index("policy")
        names = [p for p in policies if p in sub.index]
        bottom = np.zeros(len(names))
        for part, color in (("plan_time_s", "#333333"), ("offload_time_s", offload_color),
                            ("classification_time_s", "#fd8d3c")):
            values = np.nan_to_num(sub.loc[names, part].to_numpy(dtype=float))  # nan: no upload completed
            ax.bar(names, values, bottom=bottom, color=color, label=part.replace("_s", "").replace("_", " "))
            bottom += values
        highest = max(bottom.max(), 1e-9)
        for i, name in enumerate(names):
            done, runs = (int(x) for x in str(sub.loc[name, "upload_complete"]).split("/"))
            if done == 0:  # no offload time to draw: the placeholder reaches past the panel's highest bar
                ax.bar(i, 1.1 * highest - bottom[i], bottom=bottom[i], fill=False, hatch="///",
                       edgecolor=offload_color, linewidth=0, label="upload incomplete")
                ax.text(i, (bottom[i] + 1.1 * highest) / 2, f"upload incomplete\n({done}/{runs} runs)", rotation=90,
                        ha="center", va="center", fontsize=8,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
            elif done < runs:
                ax.text(i, bottom[i], f"uploads complete\nin {done}/{runs} runs", ha="center", va="bottom", fontsize=6)
        ax.set_ylim(0, 1.5 * highest)  # headroom for the legend
        ax.set_title(model_label(model))
        ax.set_ylabel("time (s)")
        ax.tick_params(axis="x", rotation=30)
    handles = {}
    for ax in axes[0]:
        for h, label in zip(*ax.get_legend_handles_labels()):
            handles.setdefault(label, h)
    axes[0][0].legend(list(handles.values()), list(handles.keys()), fontsize=7, ncol=2, loc="upper left")
    return fig


def _dads_panels(directory, name, column, ci, ylabel, title):
    rows = pd.read_csv(os.path.join(directory, name + ".csv"))
    models, networks, policies = _ordered(rows, "model"), _ordered(rows, "network"), _ordered(rows, "policy")
    fig, axes = plt.subplots(1, len(models), figsize=(3.6 * len(models), 3.4), squeeze=False)
    width = 0.8 / max(1, len(policies))
    for ax, model in zip(axes[0], models):
        sub = rows[rows.model == model]
        for i, policy in enumerate(policies):
            p = sub[sub.policy == policy].set_index("network")
            xs = [n + (i - (len(policies) - 1) / 2) * width for n in range(len(networks)) if networks[n] in p.index]
            ys = [p.loc[net, column] for net in networks if net in p.index]
            err = None
            if "runs" in p and len(p) and (p.runs >= MIN_RUNS_FOR_BANDS).all():
                err = [p.loc[net, ci] for net in networks if net in p.index]
            ax.bar(xs, ys, width, yerr=err, label=policy, color=policy_color(policy), capsize=2)
        ax.set_xticks(range(len(networks)), networks)
        ax.set_yscale("log")
        readable_log(ax.yaxis)
        ax.set_title(model_label(model))
        ax.set_ylabel(ylabel)
    axes[0][0].legend(fontsize=7)
    fig.suptitle(title, fontsize=10)
    return fig


def dads_latency(directory):
    """DADS, light load: mean latency per frame (after the first) by network class and policy."""
    return _dads_panels(directory, "dads_latency", "mean_latency_s", "ci95", "latency (s)",
                        "DADS: latency under light load (one frame every 10 s)")


def dads_throughput(directory):
    """DADS, heavy load: frames per second at saturation by network class and policy."""
    return _dads_panels(directory, "dads_throughput", "throughput_qps", "ci95", "throughput (frames/s)",
                        "DADS: throughput under heavy load (100 frames/s offered, 4 in flight)")


def loadpart(directory):
    """LoADPart: mean latency per model under each server-load profile, against Neurosurgeon and DADS."""
    rows = pd.read_csv(os.path.join(directory, "loadpart.csv"))
    loads, models, policies = _ordered(rows, "load"), _ordered(rows, "model"), _ordered(rows, "policy")
    fig, axes = plt.subplots(1, len(loads), figsize=(4.2 * len(loads), 3.4), squeeze=False)
    width = 0.8 / max(1, len(policies))
    for ax, load in zip(axes[0], loads):
        sub = rows[rows.load == load]
        for i, policy in enumerate(policies):
            p = sub[sub.policy == policy].set_index("model")
            xs = [m + (i - (len(policies) - 1) / 2) * width for m in range(len(models)) if models[m] in p.index]
            ys = [p.loc[m, "mean_latency_s"] for m in models if m in p.index]
            err = None
            if len(p) and (p.runs >= MIN_RUNS_FOR_BANDS).all():
                err = [p.loc[m, "ci95"] for m in models if m in p.index]
            ax.bar(xs, ys, width, yerr=err, label=policy, color=policy_color(policy), capsize=2)
        ax.set_xticks(range(len(models)), [model_label(m) for m in models], rotation=30, fontsize=7)
        ax.set_yscale("log")
        readable_log(ax.yaxis)
        ax.set_title(f"server load: {load}")
        ax.set_ylabel("mean latency (s)")
    axes[0][0].legend(fontsize=7)
    return fig
