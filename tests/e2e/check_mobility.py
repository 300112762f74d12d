#!/usr/bin/env python3
"""Mobility end to end: the shipped PerDNN experiment (shortened) at a fast walk. Orderings
only, never the paper's numbers: PerDNN has fewer cold starts than Enhanced IONN (the
baseline without proactive transfer) and migrated bytes, the baselines none; every query
completes; non-mobile outputs gain no mobility file."""
import csv
import subprocess
import sys
import tempfile

binary = sys.argv[1]
config = "experiments/mobility/perdnn.toml"
common = ["--set", "repetitions=1", "--set", "mobility.speed_mps=6.0", "--quiet"]
for r in range(3):
    common += ["--set", f"requester.{r}.queries=150"]


def run(out, *extra):
    subprocess.run([binary, "run", config, "--out", out, *common, *extra], check=True)
    return out


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


with tempfile.TemporaryDirectory() as tmp:
    result = {}
    for policy in ["perdnn", "enhanced-ionn", "ciode"]:
        out = run(f"{tmp}/{policy}", "--set", f"policy={policy}")
        queries = rows(f"{out}/queries.csv")
        mobility = rows(f"{out}/mobility.csv")
        assert all(q["status"] == "completed" for q in queries), policy
        assert len(queries) == 450, (policy, len(queries))
        result[policy] = {
            "cold": sum(int(q["cold_start"]) for q in queries),
            "handoffs": sum(int(m["handoffs"]) for m in mobility),
            "migrated": sum(float(m["migrated_bytes"]) for m in mobility),
        }
        assert result[policy]["handoffs"] > 0, policy
        assert len(rows(f"{out}/handoffs.csv")) == result[policy]["handoffs"], policy
    print(result)
    assert result["perdnn"]["cold"] < result["enhanced-ionn"]["cold"], result
    assert result["perdnn"]["migrated"] > 0, result
    assert result["enhanced-ionn"]["migrated"] == 0 and result["ciode"]["migrated"] == 0, result
    # without [mobility]: no mobility files
    out = f"{tmp}/still"
    subprocess.run([binary, "run", "experiments/examples/alexnet.toml", "--out", out, "--quiet",
                    "--set", "requester.0.queries=3"], check=True)
    import os
    for name in ["handoffs.csv", "migrations.csv", "positions.csv", "mobility.csv"]:
        assert not os.path.exists(f"{out}/{name}"), name
print("ok: PerDNN fewer cold starts than Enhanced IONN under mobility; no query lost")
