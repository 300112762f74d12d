#!/usr/bin/env python3
"""The Python door: ciodesim.run through the CLI, ciodesim.load's DataFrames and sidecar, errors
as CiodesimError, the plotting functions, and the styles' fallback for unknown policies.
   test_ciodesim.py BIN   (run by ctest with Debian's python3: pandas, matplotlib)"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
os.environ["CIODESIM_BIN"] = sys.argv[1]
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import ciodesim  # noqa: E402
from ciodesim import plots, style  # noqa: E402

with tempfile.TemporaryDirectory() as tmp:
    # run: keyword overrides (__ for dots) and dotted `sets` become --set
    r = ciodesim.run("experiments/examples/alexnet.toml", f"{tmp}/run", requester__0__queries=8,
                     sets={"network.bandwidth.D2": "80Mbps"})
    assert len(r.queries) == 8, len(r.queries)
    assert list(r.queries.columns[:3]) == ["run", "seed", "requester"]
    assert r.meta["overrides"] == ['network.bandwidth.D2="80Mbps"', "requester.0.queries=8"], r.meta["overrides"]
    assert r.meta["seed"] == 1 and r.swept == [] and r.points is None
    # the summary's all-requesters row agrees with the per-query and per-upload rows
    all_row = r.summary[r.summary.requester == "all"].iloc[0]
    assert all_row.queries == 8 and all_row.uploaded_bytes == r.uploads.bytes.sum() > 0
    assert abs(all_row.mean_latency_s - r.queries.latency_s.mean()) < 1e-6
    assert len(r.locks) > 0 and set(r.locks.event) >= {"request", "grant", "release"}
    # load() reads the same directory again
    again = ciodesim.load(f"{tmp}/run")
    assert again.queries.equals(r.queries)

    # bad input: ciodesim's one-line error, as an exception
    try:
        ciodesim.run("experiments/examples/alexnet.toml", f"{tmp}/bad", sets={"network.bandwidth.D1": 20})
        raise AssertionError("a bare bandwidth was accepted")
    except ciodesim.CiodesimError as e:
        assert "bandwidth '20' has no unit" in str(e) and e.code == 2, str(e)
    assert not os.path.exists(f"{tmp}/bad/queries.csv")

    # figures as functions: the timeline filtered, a sweep faceted
    fig = plots.timeline(r, requesters="D1/*", processors="D2*,D3*")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "D1/r0 queries" in labels and not any(lbl.startswith("D1.cpu") for lbl in labels), labels
    s = ciodesim.sweep("tests/e2e/data/sweep3.toml", f"{tmp}/sweep", jobs=2)
    assert s.swept == ["network.bandwidth.D2"] and len(s.points) == 3
    fig = plots.sweep(s, "network.bandwidth.D2")
    assert len(fig.axes) == 3  # one facet: latency, conflicts and (the testbed has power figures) energy
    assert fig.axes[2].get_ylabel() == "requester energy per query (J)"
    assert s.summary.energy_j.notna().all() and (s.queries.energy_j > 0).all()
    plots.save(fig, tmp, "sweep")
    assert os.path.getsize(f"{tmp}/sweep.png") > 5000

# Table 2: a policy whose uploads never completed gets a labelled, hatched placeholder, not an
# empty slot; Fig. 6's variant draws the increase and where the queries ran
with tempfile.TemporaryDirectory() as tmp:
    with open(f"{tmp}/table2.csv", "w") as f:
        f.write("model,policy,plan_time_s,offload_time_s,classification_time_s,total_s,plan_time_ci95_s,"
                "offload_time_ci95_s,classification_time_ci95_s,total_ci95_s,runs,upload_complete\n"
                "alexnet,ciode,5e-06,1.5,0.1,1.6,0,0,0,0,3,3/3\n"
                "alexnet,all-at-once,4e-07,nan,0.2,nan,0,nan,0,nan,3,0/3\n")
    ax = plots.table2(tmp).axes[0]
    assert any("upload incomplete" in t.get_text() and "0/3" in t.get_text() for t in ax.texts), ax.texts
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1 and hatched[0].get_height() > 0 and hatched[0].get_y() >= 0.2 - 1e-9
    assert all(p.get_height() == p.get_height() for p in ax.patches)  # no NaN bars
    with open(f"{tmp}/fig6_resilience.csv", "w") as f:
        f.write("model,policy,net1_mean_latency_s,net2_mean_latency_s,increase_pct,net1_ci95_s,net2_ci95_s,"
                "net1_bandwidth,net2_bandwidth,changed_device,net1_share_changed_device,net1_share_other_nodes,"
                "net2_share_changed_device,net2_share_other_nodes\n"
                "alexnet,ciode,0.12,0.2,66.7,0,0,80Mbps,20Mbps,D3,0.9,0.05,0.1,0.6\n"
                "alexnet,enhanced-ionn,0.11,0.22,100,0,0,80Mbps,20Mbps,D3,0.95,0,0,0\n")
    fig = plots.fig6_resilience(tmp)
    assert len(fig.axes) == 2
    heights = sorted(round(p.get_height(), 6) for p in fig.axes[1].patches)
    assert heights == sorted([0.9, 0.05, 0.1, 0.6, 0.95, 0.0, 0.0, 0.0]), heights

# an unknown policy gets a deterministic style outside the known ones
c1, c2 = style.policy_color("my-policy"), style.policy_color("my-policy")
assert c1 == c2 and c1 not in style.POLICY_COLORS.values()
assert style.policy_style("my-policy") == style.policy_style("my-policy")
assert style.policy_color("ciode") == style.POLICY_COLORS["ciode"]
# 95 % intervals: none from fewer than 3 runs
assert plots.ci95([1.0, 2.0])[1] != plots.ci95([1.0, 2.0])[1]  # NaN
mean, half = plots.ci95([1.0, 2.0, 3.0])
assert mean == 2.0 and abs(half - 4.303 * 1.0 / 3 ** 0.5) < 1e-9
print("ok: ciodesim.run/load/sweep, errors, plots (table2 placeholder, fig6_resilience), styles")
