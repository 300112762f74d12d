#!/usr/bin/env python3
"""Faults through the CLI (issue 17): the example with a link, node, router or requester-CPU
fault, under every registered policy, and a permanent node fault on a generated platform,
exit 0 with one row per configured query (completed or failed, with a reason) and summary.csv's
`failed` column counting the rows that did not complete."""
import csv, os, subprocess, sys, tempfile

binary = sys.argv[1]
example = "experiments/examples/alexnet.toml"
listing = subprocess.run([binary, "policies"], check=True, capture_output=True, text=True).stdout
policies = [line.split(":")[0] for line in listing.splitlines() if line and not line[0].isspace() and ":" in line]
assert "ciode" in policies and len(policies) >= 8, policies


def run(out, config, *sets):
    args = [binary, "run", config, "--out", out, "--quiet"] + [a for s in sets for a in ("--set", s)]
    p = subprocess.run(args, capture_output=True, text=True)
    assert p.returncode == 0, f"{' '.join(args)}: exit {p.returncode}\n{p.stderr[-2000:]}"
    rows = list(csv.DictReader(open(os.path.join(out, "queries.csv"))))
    summary = list(csv.DictReader(open(os.path.join(out, "summary.csv"))))
    return rows, summary


def check(label, rows, summary, expected):
    """expected: requester -> configured queries."""
    for requester, n in expected.items():
        mine = sorted(int(r["index"]) for r in rows if r["requester"] == requester)
        assert mine == list(range(n)), f"{label}: {requester} has rows {mine}, expected 0..{n - 1}"
    for r in rows:
        assert r["status"] in ("completed", "failed", "rejected", "unfinished"), f"{label}: status {r['status']}"
        assert (r["status"] == "completed") == (r["reason"] == ""), f"{label}: {r['requester']} {r['index']}: " \
            f"status {r['status']} with reason '{r['reason']}'"
    for s in summary:
        if s["device"] == "all":
            continue
        failed = sum(1 for r in rows if r["requester"] == s["requester"] and r["status"] != "completed")
        assert int(s["failed"]) == failed, f"{label}: summary failed {s['failed']} != {failed} rows"
    return sum(1 for r in rows if r["status"] == "completed")


with tempfile.TemporaryDirectory() as tmp:
    n = 0
    for policy in policies:
        for fault in ['{link="D3.net",from_s=0.3,to_s=3.0}',  # the example, verbatim
                      '{processor="D2.cpu",from_s=0.3,to_s=3.0}', '{processor="D2.gpu",from_s=0.3}',
                      '{link="router",from_s=0.3}']:
            n += 1
            rows, summary = run(os.path.join(tmp, f"p{n}"), example, f"policy={policy}", f"fault=[{fault}]")
            done = check(f"{policy} {fault}", rows, summary, {"D1/r0": 30})
            assert done == 30, f"{policy} {fault}: {done} of 30 completed (the requester never failed)"
        print(f"ok: {policy}: node, link and router faults, 30 of 30 completed each")

    # the requester's own CPU: queries it was serving fail, the rest complete (transient) or fail
    rows, summary = run(os.path.join(tmp, "req"), example, 'fault=[{processor="D1.cpu",from_s=1.0,to_s=2.0}]')
    done = check("requester cpu transient", rows, summary, {"D1/r0": 30})
    assert 25 <= done < 30, f"requester cpu transient: {done} completed"
    rows, summary = run(os.path.join(tmp, "req-perm"), example, 'fault=[{processor="D1.cpu",from_s=1.0}]')
    done = check("requester cpu permanent", rows, summary, {"D1/r0": 30})
    assert 0 < done < 10 and all(r["status"] == "failed" for r in rows if float(r["arrival_s"]) >= 1.0)
    print("ok: the requester's CPU: transient and permanent, every query reported")

    # a generated platform, a node failing for good (and a requester device for a while)
    gen = os.path.join(tmp, "gen.toml")
    with open(gen, "w") as f:
        f.write('name = "gen"\nseed = 3\ntraces = "caffe-era"\n[network]\nmodel = "CM02"\n'
                '[generate]\nsubnets = 2\nrequesters = 4\nnodes = 4\nqueries = 10\nrate_per_s = 4.0\n'
                'models = { alexnet = 1.0 }\n')
    for policy in ["ciode", "mbeb", "loadpart"]:
        rows, summary = run(os.path.join(tmp, f"gen-{policy}"), gen, f"policy={policy}",
                            'fault=[{processor="N1.gpu",from_s=0.5},{processor="N1.cpu",from_s=0.5},'
                            '{processor="R2.cpu",from_s=0.4,to_s=1.0}]')
        requesters = {r["requester"] for r in rows}
        assert len(requesters) == 4, requesters
        check(f"generated {policy}", rows, summary, {name: 10 for name in requesters})
        assert all(r["status"] == "completed" for r in rows if not r["requester"].startswith("R2/")), \
            f"generated {policy}: a requester other than R2 lost a query"
    print("ok: generated platform: a node failing for good, a requester device for a while")

    # every processor failing is refused (the simulation's actors need one that never fails)
    p = subprocess.run([binary, "run", example, "--out", os.path.join(tmp, "all"), "--set",
                        "fault=[" + ",".join(f'{{processor="{h}"}}' for h in
                                             ["D1.cpu", "D2.cpu", "D2.gpu", "D3.cpu", "D3.gpu"]) + "]"],
                       capture_output=True, text=True)
    assert p.returncode == 2 and "every processor has a fault" in p.stderr, p.stderr
    assert not os.path.exists(os.path.join(tmp, "all"))
    print("ok: every processor failing is an input error")
