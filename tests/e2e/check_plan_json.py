#!/usr/bin/env python3
"""Runs `ciodesim plan --json` and checks the documented fields and their consistency."""
import json
import subprocess
import sys

binary = sys.argv[1]
out = subprocess.run([binary, "plan", "--model", "resnet50", "--json", "--wait", "D2.gpu=20ms",
                      "--resident", "none"], check=True, capture_output=True, text=True).stdout
plan = json.loads(out)
for field in ("model", "requester", "processors", "input_bytes", "layers", "transfer_s_per_byte", "latency_s",
              "wait_s", "assignment", "predicted_latency_s", "upload_order", "plan_time_s"):
    assert field in plan, f"missing field {field}"
assert plan["model"] == "resnet50" and plan["requester"] == "D1.cpu"
assert plan["processors"] == ["D1.cpu", "D2.cpu", "D2.gpu", "D3.cpu", "D3.gpu"], plan["processors"]
assert plan["input_bytes"] == 3 * 224 * 224 * 4
assert len(plan["layers"]) == 229
names = [l["name"] for l in plan["layers"]]
for layer in plan["layers"]:
    assert set(layer) >= {"name", "inputs", "output_bytes", "param_bytes", "block", "predicted_s"}
    assert all(i in names[: names.index(layer["name"])] for i in layer["inputs"]), "not topological"
    assert set(layer["predicted_s"]) == set(plan["processors"])
assert plan["wait_s"]["D2.gpu"] == 0.02
assert plan["transfer_s_per_byte"]["D1.cpu"]["D1.cpu"] == 0
assert abs(plan["transfer_s_per_byte"]["D1.cpu"]["D2.gpu"] - 1e-7) < 1e-9  # 80 Mbps
# nothing resident: the query runs locally, its latency is the sum of local predictions
assert set(plan["assignment"].values()) == {"D1.cpu"}
local = sum(l["predicted_s"]["D1.cpu"] for l in plan["layers"])
assert abs(plan["predicted_latency_s"] - local) < 1e-9 * local
# the upload order covers each remote block of the target exactly once
remote_blocks = {l["block"] for l in plan["layers"] if plan["target_assignment"][l["name"]] != "D1.cpu"}
assert sorted(plan["upload_order"]) == sorted(remote_blocks)
assert plan["target_latency_s"] < plan["predicted_latency_s"]
assert 0 < plan["plan_time_s"] < 1
print("ok: plan --json has every field and is consistent")
