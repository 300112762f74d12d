#!/usr/bin/env python3
"""The flagship example does what its comment says: CIODE uploads blocks and offloads queries.
   check_example_offloads.py BIN"""
import csv
import subprocess
import sys
import tempfile

binary = sys.argv[1]
with tempfile.TemporaryDirectory() as out:
    subprocess.run([binary, "run", "experiments/examples/alexnet.toml", "--out", out, "--quiet"], check=True)
    with open(f"{out}/summary.csv") as f:
        summary = [r for r in csv.DictReader(f) if r["requester"] != "all"]
    with open(f"{out}/queries.csv") as f:
        queries = list(csv.DictReader(f))

uploaded = sum(int(r["uploaded_bytes"]) for r in summary)
offloaded = sum(1 for q in queries if int(q["blocks_remote"]) > 0)
assert uploaded > 0, f"the example uploaded nothing ({summary})"
assert offloaded > 0, f"no query of {len(queries)} offloaded a block"
# most queries offload once the first blocks are resident
assert offloaded >= len(queries) // 2, f"only {offloaded} of {len(queries)} queries offloaded"
print(f"ok: {uploaded} bytes uploaded, {offloaded} of {len(queries)} queries offloaded")
