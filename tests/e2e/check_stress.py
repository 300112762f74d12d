#!/usr/bin/env python3
"""Stress: 1000 requesters contend for 10 nodes. The run terminates, every query is accounted
for (completed, or failed with a reason), and the recorded lock events satisfy the waiting
lock's invariants: W >= 0, grants in request order (FIFO) among requests not withdrawn, and
no processor held by two queries at once. The lock code also asserts these as it runs."""
import csv
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

binary, policy = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "ciode")
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "out")
    subprocess.run([binary, "run", "tests/e2e/data/stress.toml", "--out", out, "--quiet", "--set", f"policy={policy}"],
                   check=True, timeout=600)
    queries = list(csv.DictReader(open(os.path.join(out, "queries.csv"))))
    locks = list(csv.DictReader(open(os.path.join(out, "locks.csv"))))

mine = [q for q in queries if q["policy"] != "local"]
assert len(mine) == 2000, f"expected 2000 requester queries, got {len(mine)}"
assert len({(q["requester"], q["index"]) for q in mine}) == 2000, "a query is missing or duplicated"
for q in mine:
    assert q["status"] == "completed" or q["reason"], f"query without outcome: {q}"
    assert float(q["latency_s"]) > 0

by_proc = defaultdict(list)
for l in locks:
    assert float(l["wait_s"]) >= 0, f"negative W: {l}"
    by_proc[l["processor"]].append(l)
checked = 0
for proc, events in by_proc.items():
    queue, holder, last_release = [], None, -1.0
    for e in events:  # in simulation order
        key = (e["client"], e["query"])
        if e["event"] == "request":
            queue.append(key)
        elif e["event"] == "withdraw":
            queue.remove(key)
        elif e["event"] == "grant":
            assert holder is None, f"{proc}: granted to {key} while {holder} holds it"
            assert queue and queue[0] == key, f"{proc}: grant to {key} is not FIFO (queue head {queue[:1]})"
            queue.pop(0)
            holder = key
            assert float(e["time_s"]) >= last_release
            checked += 1
        elif e["event"] in ("release", "invalid"):
            assert holder == key, f"{proc}: {key} released a lock held by {holder}"
            holder, last_release = None, float(e["time_s"])
    assert holder is None and not queue, f"{proc}: lock not free at the end"
remote = sum(1 for p in by_proc if p.startswith("N"))
assert remote >= 5, f"only {remote} node processors were used: the stress does not reach the nodes"
node_events = [e for p, ev in by_proc.items() if p.startswith("N") for e in ev]
requests = sum(1 for e in node_events if e["event"] == "request")
withdrawn = sum(1 for e in node_events if e["event"] == "withdraw")
print(f"ok: {len(mine)} queries accounted for, {checked} grants checked on {len(by_proc)} processors ({policy}); "
      f"on nodes: {requests} requests, {withdrawn} withdrawn")
