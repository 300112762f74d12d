#!/usr/bin/env python3
"""ONNX -> ciodesim model JSON (called by `ciodesim import MODEL.onnx`).

usage: onnx_to_model.py MODEL.onnx NAME   (JSON on stdout; on error one line `error: ...` on
stderr and exit code 2). Needs Debian's python3-onnx. Shapes, parameters and MACs are not
copied: ciodesim's loader infers them, as for any model file; weights only tell layer widths.
"""
import json
import sys

try:
    import onnx
except ImportError:
    print("error: python3-onnx is not installed (apt-get install python3-onnx)", file=sys.stderr)
    sys.exit(2)

SUPPORTED = ["Conv", "Gemm", "MatMul", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool", "Relu", "LRN",
             "BatchNormalization", "Concat", "Add", "Dropout", "Softmax", "Flatten", "Reshape", "Identity"]


def fail(where, what):
    print(f"error: {sys.argv[1]}: {where}: {what}", file=sys.stderr)
    sys.exit(2)


def attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def main():
    path, name = sys.argv[1], sys.argv[2]
    try:
        model = onnx.load(path)
    except Exception as e:  # noqa: BLE001 - any parse failure is bad input
        fail("file", f"not a readable ONNX model ({type(e).__name__})")
    graph = model.graph
    init = {t.name: list(t.dims) for t in graph.initializer}
    real_inputs = [i for i in graph.input if i.name not in init]
    if len(real_inputs) != 1:
        fail("graph.input", f"expected one network input, found {len(real_inputs)}")
    dims = [d.dim_value for d in real_inputs[0].type.tensor_type.shape.dim]
    if len(dims) == 4:
        dims = dims[1:]
    if len(dims) != 3 or min(dims) <= 0:
        fail("graph.input", f"input shape must be [N,] C, H, W with known sizes, got {dims}")
    layers = [{"name": real_inputs[0].name, "type": "input", "shape": dims}]
    producer = {real_inputs[0].name: real_inputs[0].name}

    def source(tensor, where):
        if tensor not in producer:
            fail(where, f"unknown input tensor '{tensor}'")
        return producer[tensor]

    for index, node in enumerate(graph.node):
        op, a = node.op_type, attrs(node)
        lname = node.name or node.output[0]
        where = f"node {index} ({lname}, {op})"
        data = [t for t in node.input if t and t not in init]
        if op not in SUPPORTED:
            fail(where, f"unsupported operator '{op}' (allowed: {', '.join(SUPPORTED)})")
        if op == "Identity" or (op == "Add" and len(data) == 1):
            producer[node.output[0]] = source(data[0], where)  # aliases and bias additions
            continue
        layer = {"name": lname, "inputs": [source(t, where) for t in data]}
        if op == "Conv":
            w = init.get(node.input[1])
            if w is None:
                fail(where, "convolution weights must be an initializer")
            pads = a.get("pads", [0, 0, 0, 0])
            if pads[:2] != pads[2:]:
                fail(where, f"asymmetric padding {pads} is not supported")
            layer.update(type="conv", num_output=w[0], kernel=list(a.get("kernel_shape", w[2:])),
                         stride=list(a.get("strides", [1, 1])), pad=pads[:2], groups=a.get("group", 1),
                         bias=len(node.input) > 2)
        elif op in ("Gemm", "MatMul"):
            w = init.get(node.input[1])
            if w is None:
                fail(where, "fully connected weights must be an initializer")
            outputs = w[0] if (op == "Gemm" and a.get("transB", 0)) else w[1]
            layer.update(type="fc", num_output=outputs, bias=op == "Gemm" and len(node.input) > 2)
        elif op in ("MaxPool", "AveragePool"):
            pads = a.get("pads", [0, 0, 0, 0])
            if pads[:2] != pads[2:]:
                fail(where, f"asymmetric padding {pads} is not supported")
            layer.update(type="pool", method="max" if op == "MaxPool" else "avg", kernel=list(a["kernel_shape"]),
                         stride=list(a.get("strides", [1, 1])), pad=pads[:2],
                         round="ceil" if a.get("ceil_mode", 0) else "floor")
        elif op in ("GlobalAveragePool", "GlobalMaxPool"):
            layer.update(type="pool", method="avg" if op == "GlobalAveragePool" else "max", **{"global": True})
        elif op == "Relu":
            layer["type"] = "relu"
        elif op == "LRN":
            layer.update(type="lrn", local_size=a.get("size", 5))
        elif op == "BatchNormalization":
            # statistics, then the learnable scale and shift (Caffe's BatchNorm + Scale)
            layers.append({"name": lname, "inputs": layer["inputs"], "type": "batchnorm"})
            layer = {"name": lname + "/scale", "inputs": [lname], "type": "scale", "bias": True}
        elif op == "Concat":
            if a.get("axis", 1) != 1:
                fail(where, "only channel concatenation (axis 1) is supported")
            layer["type"] = "concat"
        elif op == "Add":
            layer.update(type="eltwise", operation="sum")
        elif op == "Dropout":
            layer["type"] = "dropout"
        elif op == "Softmax":
            layer["type"] = "softmax"
        elif op in ("Flatten", "Reshape"):
            layer["type"] = "flatten"
        layers.append(layer)
        producer[node.output[0]] = layer["name"]

    json.dump({"name": name, "source": f"imported from {path} by `ciodesim import`", "layers": layers}, sys.stdout,
              indent=1)
    print()


if __name__ == "__main__":
    main()
