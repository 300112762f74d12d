#!/usr/bin/env python3
"""`ciodesim import`: Caffe prototxt (AlexNet's deploy file round-trips to the shipped model's
totals; an old-style net with in-place layers), ONNX (a small net written here with
python3-onnx, and a residual net with BatchNormalization), and unsupported operators."""
import json
import os
import re
import subprocess
import sys
import tempfile

binary = sys.argv[1]


def run(*args, expect=0):
    p = subprocess.run([binary, *args], capture_output=True, text=True)
    assert p.returncode == expect, f"{args}: exit {p.returncode}, stderr: {p.stderr}"
    return p


def totals(path):
    line = run("validate", path).stdout
    m = re.search(r"(\d+) layers, (\d+) blocks, ([\d.]+) M params .* ([\d.]+) GMAC", line)
    assert m, line
    return m.groups()


with tempfile.TemporaryDirectory() as tmp:
    # Caffe: AlexNet's deploy.prototxt gives the shipped model, layer for layer
    run("import", "tests/data/alexnet_deploy.prototxt", "--out", f"{tmp}/alex.json", "--name", "alexnet")
    assert totals(f"{tmp}/alex.json") == totals("models/alexnet.json"), (totals(f"{tmp}/alex.json"))
    shipped = json.load(open("models/alexnet.json"))["layers"]
    imported = json.load(open(f"{tmp}/alex.json"))["layers"]
    assert [l["name"] for l in imported] == [l["name"] for l in shipped]
    run("import", "tests/data/small_old_style.prototxt", "--out", f"{tmp}/small.json")
    assert totals(f"{tmp}/small.json")[:2] == ("9", "8")

    # ONNX: build a net with python3-onnx and import it
    import onnx
    from onnx import TensorProto, helper

    def weight(name, *dims):
        return helper.make_tensor(name, TensorProto.FLOAT, dims, [0.0] * int(__import__("math").prod(dims)))

    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c1", "g", "be", "m", "v"], ["bn1"], name="bn1"),
        helper.make_node("Relu", ["bn1"], ["r1"], name="relu1"),
        helper.make_node("Conv", ["r1", "w2"], ["c2"], name="conv2", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Add", ["r1", "c2"], ["s"], name="res"),
        helper.make_node("MaxPool", ["s"], ["p"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p"], ["f"], name="flat"),
        helper.make_node("Gemm", ["f", "wf", "bf"], ["y0"], name="fc", transB=1),
        helper.make_node("Softmax", ["y0"], ["y"], name="prob"),
    ]
    inits = [weight("w1", 8, 3, 3, 3), weight("b1", 8), weight("g", 8), weight("be", 8), weight("m", 8),
             weight("v", 8), weight("w2", 8, 8, 3, 3), weight("wf", 10, 8 * 16 * 16), weight("bf", 10)]
    graph = helper.make_graph(nodes, "tiny", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 32, 32])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 10])], inits)
    onnx.save(helper.make_model(graph), f"{tmp}/tiny.onnx")
    out = run("import", f"{tmp}/tiny.onnx", "--out", f"{tmp}/tiny.json").stdout
    model = json.load(open(f"{tmp}/tiny.json"))
    info = run("info", f"{tmp}/tiny.json").stdout
    # learnable: conv1 8*27+8, bn scale 2*8, conv2 8*72 (no bias), fc 2048*10+10
    expected = 8 * 27 + 8 + 16 + 8 * 72 + 2048 * 10 + 10
    assert f"{expected / 1e6:.3f} M params" in info, info.splitlines()[-1]
    assert "res" in [l["name"] for l in model["layers"]]
    assert any(l["type"] == "eltwise" for l in model["layers"])

    # an operator ciodesim does not know: one line, exit 2, no output file
    bad = helper.make_graph([helper.make_node("LeakyRelu", ["x"], ["y"], name="leaky")], "bad",
                            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
                            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 8, 8])])
    onnx.save(helper.make_model(bad), f"{tmp}/bad.onnx")
    p = run("import", f"{tmp}/bad.onnx", "--out", f"{tmp}/bad.json", expect=2)
    assert p.stderr.count("\n") == 1 and "unsupported operator 'LeakyRelu'" in p.stderr, p.stderr
    assert not os.path.exists(f"{tmp}/bad.json")
print("ok: prototxt and ONNX imports")
