#!/usr/bin/env python3
"""Latency from arrival, split into parts that add up (docs/outputs.md), for every policy;
and PerDNN alone on a server equals Enhanced IONN (no other client's load to scale by)."""
import csv, os, subprocess, sys, tempfile

binary = sys.argv[1]
example = "experiments/examples/alexnet.toml"
parts = ["part_queue_s", "part_probe_s", "part_control_s", "part_plan_s", "part_transfer_s", "part_wait_s",
         "part_local_s", "part_remote_s"]


def run(out, *sets):
    args = [binary, "run", example, "--out", out, "--quiet"]
    for s in sets:
        args += ["--set", s]
    subprocess.run(args, check=True)
    return list(csv.DictReader(open(os.path.join(out, "queries.csv"))))


with tempfile.TemporaryDirectory() as tmp:
    latencies = {}
    for policy in ["ciode", "mbeb", "enhanced-ionn", "perdnn", "all-at-once", "neurosurgeon", "dads", "loadpart",
                   "greedy-fastest"]:
        # open Poisson arrivals, two in flight, and a loaded D2.gpu: every part can be non-zero
        rows = run(os.path.join(tmp, policy), f"policy={policy}", "requester.0.arrival=poisson",
                   "requester.0.rate_per_s=8", "requester.0.max_in_flight=2",
                   'background=[{processor="D2.gpu",model="alexnet",queries=200,arrival="poisson",utilization=0.5}]')
        for r in rows:
            total = sum(float(r[p]) for p in parts)
            latency = float(r["latency_s"])
            assert abs(total - latency) <= 1e-6 * max(1.0, latency), f"{policy} {r['requester']} {r['index']}: parts {total} != latency {latency}"
            assert abs(float(r["end_s"]) - float(r["arrival_s"]) - latency) <= 1e-6 * max(1.0, latency)
        mine = [r for r in rows if r["policy"] != "local"]
        assert len(mine) == 30, f"{policy}: {len(mine)} requester rows, expected 30"
        assert any(float(r["part_queue_s"]) > 0 for r in mine), f"{policy}: no query ever queued at the requester"
        print(f"ok: {policy}: {len(rows)} rows, parts add up")
    # alone (no background): PerDNN sees no one else's utilisation and plans as Enhanced IONN
    for policy in ["enhanced-ionn", "perdnn"]:
        latencies[policy] = [r["latency_s"] for r in run(os.path.join(tmp, "alone-" + policy), f"policy={policy}")]
    assert latencies["perdnn"] == latencies["enhanced-ionn"], "PerDNN alone differs from Enhanced IONN"
    print("ok: PerDNN alone on its server equals Enhanced IONN")
