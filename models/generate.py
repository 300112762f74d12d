#!/usr/bin/env python3
"""Writes the shipped model files models/*.json.

The JSON files are the source of truth that ciodesim reads; this script only saves typing
for the long networks and documents where each architecture comes from. Run it from
anywhere: `python3 models/generate.py`. Layer fields follow Caffe's prototxt (see
docs/models.md); every shape, byte count and MAC count is inferred by ciodesim's loader.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


class Net:
    def __init__(self, name, description, source):
        self.name, self.description, self.source = name, description, source
        self.layers = []

    def add(self, name, type_, inputs=None, **fields):
        layer = {"name": name, "type": type_}
        if inputs is not None:
            layer["inputs"] = inputs if isinstance(inputs, list) else [inputs]
        layer.update(fields)
        self.layers.append(layer)
        return name

    def last(self):
        return self.layers[-1]["name"]

    def write(self):
        path = os.path.join(HERE, self.name + ".json")
        lines = ["{",
                 f'  "name": {json.dumps(self.name)},',
                 f'  "description": {json.dumps(self.description)},',
                 f'  "source": {json.dumps(self.source)},',
                 '  "layers": [']
        body = [f"    {json.dumps(l)}" for l in self.layers]
        lines.append(",\n".join(body))
        lines += ["  ]", "}"]
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        print(f"wrote {path} ({len(self.layers)} layers)")


def conv_bn_relu(net, name, inp, num_output, kernel, stride=1, pad=0, relu=True):
    """Caffe-style ResNet/MobileNet unit: conv without bias, BatchNorm, Scale, optional ReLU."""
    net.add(name, "conv", inp, num_output=num_output, kernel=kernel, stride=stride, pad=pad, bias=False)
    net.add(f"bn_{name}", "batchnorm")
    net.add(f"scale_{name}", "scale")
    if relu:
        net.add(f"{name}_relu", "relu")
    return net.last()


def alexnet():
    n = Net("alexnet", "AlexNet as in Caffe's bvlc_alexnet deploy.prototxt (grouped conv2/4/5, LRN)",
            "Krizhevsky et al., NIPS 2012; BVLC Caffe models/bvlc_alexnet/deploy.prototxt")
    n.add("data", "input", shape=[3, 227, 227])
    n.add("conv1", "conv", num_output=96, kernel=11, stride=4)
    n.add("relu1", "relu"); n.add("norm1", "lrn", local_size=5); n.add("pool1", "pool", method="max", kernel=3, stride=2)
    n.add("conv2", "conv", num_output=256, kernel=5, pad=2, groups=2)
    n.add("relu2", "relu"); n.add("norm2", "lrn", local_size=5); n.add("pool2", "pool", method="max", kernel=3, stride=2)
    n.add("conv3", "conv", num_output=384, kernel=3, pad=1); n.add("relu3", "relu")
    n.add("conv4", "conv", num_output=384, kernel=3, pad=1, groups=2); n.add("relu4", "relu")
    n.add("conv5", "conv", num_output=256, kernel=3, pad=1, groups=2); n.add("relu5", "relu")
    n.add("pool5", "pool", method="max", kernel=3, stride=2)
    n.add("fc6", "fc", num_output=4096); n.add("relu6", "relu"); n.add("drop6", "dropout")
    n.add("fc7", "fc", num_output=4096); n.add("relu7", "relu"); n.add("drop7", "dropout")
    n.add("fc8", "fc", num_output=1000); n.add("prob", "softmax")
    return n


def vgg16():
    n = Net("vgg16", "VGG-16 (configuration D) as in the authors' Caffe deploy prototxt",
            "Simonyan & Zisserman, ICLR 2015; VGG_ILSVRC_16_layers_deploy.prototxt")
    n.add("data", "input", shape=[3, 224, 224])
    stages = [(2, 64), (2, 128), (3, 256), (3, 512), (3, 512)]
    for s, (count, width) in enumerate(stages, start=1):
        for i in range(1, count + 1):
            n.add(f"conv{s}_{i}", "conv", num_output=width, kernel=3, pad=1)
            n.add(f"relu{s}_{i}", "relu")
        n.add(f"pool{s}", "pool", method="max", kernel=2, stride=2)
    for i, width in ((6, 4096), (7, 4096)):
        n.add(f"fc{i}", "fc", num_output=width); n.add(f"relu{i}", "relu"); n.add(f"drop{i}", "dropout")
    n.add("fc8", "fc", num_output=1000); n.add("prob", "softmax")
    return n


def resnet(depth):
    bottleneck = depth >= 50
    blocks = {18: [2, 2, 2, 2], 50: [3, 4, 6, 3]}[depth]
    n = Net(f"resnet{depth}",
            f"ResNet-{depth} with Caffe-style layers (conv without bias + BatchNorm + Scale + ReLU); "
            "stride on the 3x3 convolution of each first bottleneck (the 'v1.5' layout of torchvision, "
            "whose published 4.09 GMAC this matches; the original Caffe ResNet-50 strides the first 1x1 "
            "and has 3.86 GMAC, same parameters)" if bottleneck else
            f"ResNet-{depth} with Caffe-style layers (conv without bias + BatchNorm + Scale + ReLU)",
            "He et al., CVPR 2016; layer layout of torchvision.models.resnet"
            f"{depth} (figures from its model card)")
    n.add("data", "input", shape=[3, 224, 224])
    x = conv_bn_relu(n, "conv1", "data", 64, 7, stride=2, pad=3)
    x = n.add("pool1", "pool", x, method="max", kernel=3, stride=2, pad=1, round="floor")
    channels = 64
    for stage, count in enumerate(blocks, start=2):
        width = 64 * 2 ** (stage - 2)
        out_channels = width * 4 if bottleneck else width
        for b in range(count):
            name = f"res{stage}{chr(ord('a') + b)}"
            stride = 2 if (b == 0 and stage > 2) else 1
            if bottleneck:
                y = conv_bn_relu(n, f"{name}_branch2a", x, width, 1)
                y = conv_bn_relu(n, f"{name}_branch2b", y, width, 3, stride=stride, pad=1)
                y = conv_bn_relu(n, f"{name}_branch2c", y, out_channels, 1, relu=False)
            else:
                y = conv_bn_relu(n, f"{name}_branch2a", x, width, 3, stride=stride, pad=1)
                y = conv_bn_relu(n, f"{name}_branch2b", y, width, 3, pad=1, relu=False)
            shortcut = x
            if b == 0 and (stride != 1 or channels != out_channels):
                shortcut = conv_bn_relu(n, f"{name}_branch1", x, out_channels, 1, stride=stride, relu=False)
            n.add(name, "eltwise", [shortcut, y], operation="sum")
            x = n.add(f"{name}_relu", "relu")
            channels = out_channels
    n.add("pool5", "pool", x, method="avg", **{"global": True})
    n.add("fc1000", "fc", num_output=1000)
    n.add("prob", "softmax")
    return n


def googlenet():
    n = Net("googlenet", "GoogLeNet (Inception v1) as in Caffe's bvlc_googlenet deploy.prototxt, "
            "without the auxiliary training classifiers",
            "Szegedy et al., CVPR 2015; BVLC Caffe models/bvlc_googlenet/deploy.prototxt")
    n.add("data", "input", shape=[3, 224, 224])
    n.add("conv1/7x7_s2", "conv", num_output=64, kernel=7, stride=2, pad=3); n.add("conv1/relu_7x7", "relu")
    n.add("pool1/3x3_s2", "pool", method="max", kernel=3, stride=2); n.add("pool1/norm1", "lrn", local_size=5)
    n.add("conv2/3x3_reduce", "conv", num_output=64, kernel=1); n.add("conv2/relu_3x3_reduce", "relu")
    n.add("conv2/3x3", "conv", num_output=192, kernel=3, pad=1); n.add("conv2/relu_3x3", "relu")
    n.add("conv2/norm2", "lrn", local_size=5)
    x = n.add("pool2/3x3_s2", "pool", method="max", kernel=3, stride=2)

    def inception(name, x, c1, c3r, c3, c5r, c5, pp):
        def conv_relu(suffix, inp, num_output, kernel, pad=0):
            n.add(f"{name}/{suffix}", "conv", inp, num_output=num_output, kernel=kernel, pad=pad)
            return n.add(f"{name}/relu_{suffix}", "relu")
        b1 = conv_relu("1x1", x, c1, 1)
        b2 = conv_relu("3x3", conv_relu("3x3_reduce", x, c3r, 1), c3, 3, pad=1)
        b3 = conv_relu("5x5", conv_relu("5x5_reduce", x, c5r, 1), c5, 5, pad=2)
        n.add(f"{name}/pool", "pool", x, method="max", kernel=3, stride=1, pad=1)
        b4 = conv_relu("pool_proj", f"{name}/pool", pp, 1)
        return n.add(f"{name}/output", "concat", [b1, b2, b3, b4])

    x = inception("inception_3a", x, 64, 96, 128, 16, 32, 32)
    x = inception("inception_3b", x, 128, 128, 192, 32, 96, 64)
    x = n.add("pool3/3x3_s2", "pool", x, method="max", kernel=3, stride=2)
    for name, cfg in (("4a", (192, 96, 208, 16, 48, 64)), ("4b", (160, 112, 224, 24, 64, 64)),
                      ("4c", (128, 128, 256, 24, 64, 64)), ("4d", (112, 144, 288, 32, 64, 64)),
                      ("4e", (256, 160, 320, 32, 128, 128))):
        x = inception(f"inception_{name}", x, *cfg)
    x = n.add("pool4/3x3_s2", "pool", x, method="max", kernel=3, stride=2)
    x = inception("inception_5a", x, 256, 160, 320, 32, 128, 128)
    x = inception("inception_5b", x, 384, 192, 384, 48, 128, 128)
    n.add("pool5/7x7_s1", "pool", x, method="avg", kernel=7, stride=1)
    n.add("pool5/drop_7x7_s1", "dropout")
    n.add("loss3/classifier", "fc", num_output=1000)
    n.add("prob", "softmax")
    return n


def mobilenet_v1():
    n = Net("mobilenet_v1", "MobileNet v1 (width 1.0, 224x224) with Caffe-style conv + BatchNorm + Scale + ReLU",
            "Howard et al., arXiv:1704.04861 (Table 1 and Table 8: 4.2 M parameters, 569 M mult-adds)")
    n.add("data", "input", shape=[3, 224, 224])
    x = conv_bn_relu(n, "conv1", "data", 32, 3, stride=2, pad=1)
    plan = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + [(512, 1)] * 5 + [(1024, 2), (1024, 1)]
    for i, (out, stride) in enumerate(plan, start=2):
        name = f"conv{i}"
        n.add(f"{name}_dw", "dwconv", x, kernel=3, stride=stride, pad=1, bias=False)
        n.add(f"bn_{name}_dw", "batchnorm"); n.add(f"scale_{name}_dw", "scale"); n.add(f"{name}_dw_relu", "relu")
        x = conv_bn_relu(n, f"{name}_pw", n.last(), out, 1)
    n.add("pool6", "pool", x, method="avg", **{"global": True})
    n.add("fc7", "fc", num_output=1000)
    n.add("prob", "softmax")
    return n


if __name__ == "__main__":
    for build in (alexnet, vgg16, lambda: resnet(50), lambda: resnet(18), googlenet, mobilenet_v1):
        build().write()
