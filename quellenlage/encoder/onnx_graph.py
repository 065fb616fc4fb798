"""An ONNX graph of BERT encoder layers, built in memory from numpy weights (nothing is exported or shipped).

Input `x` is the (batch, T, H) output of the embedding LayerNorm (the lookup stays in numpy: a 250k-row table
in the graph would only be gathered from) and `mask` the (batch, T) float mask, 1 for real pieces, 0 for
padding. Each layer is the post-LayerNorm BERT layer of `quellenlage.encoder.e5` (same weight dicts: `qkv`
(H, 3H) with its bias, `ao`, `aln`, `fi`, `fo`, `oln`), written with standard opset-17 ops so that ONNX
Runtime's own fusions (LayerNorm, Gelu, SkipLayerNorm, BiasGelu) apply.

Several stacks (e.g. the packaged layers and fine-tuned copies of the top ones) go into one graph; layers that
stacks share (the same dict object at the same depth below the same prefix) are computed once.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

OPSET = 17
MASK_FILL = -1e9  # added to attention scores of padding keys: exp() of it is exactly 0 in float32


def output_name(stack: str, layer: int) -> str:
    return f"{stack}/{layer}"


def fo_matmul_name(node_prefix: str) -> str:
    """Name of a layer's FFN output MatMul (quantisation may keep these in float32)."""
    return f"{node_prefix}.fo.matmul"


def is_fo_matmul(node_name: str) -> bool:
    return node_name.endswith(".fo.matmul")


EXTERNAL_MIN = 4096  # weights with at least this many values stay outside the proto (see build_model)


class _Builder:
    def __init__(self, H: int, NH: int, eps: float, external: bool = False):
        from onnx import helper

        self.external = external
        self.externals: dict[str, np.ndarray] = {}
        self.h, self.H, self.NH, self.hd, self.eps = helper, H, NH, H // NH, eps
        self.nodes, self.inits, self._arrays = [], [], {}
        self._n = 0

    def const(self, arr: np.ndarray, name: str) -> str:
        """An initializer for `arr` under `name`. Names are unique per weight (they carry the layer prefix); a
        name seen before (small constants such as shapes and scales) is reused."""
        if name not in self._arrays:
            from onnx import TensorProto, numpy_helper

            arr = np.ascontiguousarray(arr, dtype=np.int64 if arr.dtype == np.int64 else np.float32)
            if self.external and arr.size >= EXTERNAL_MIN:
                t = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=arr.shape,
                                data_location=TensorProto.EXTERNAL)
                t.external_data.add(key="location", value="memory")  # supplied at session creation
                self.inits.append(t)
                self.externals[name] = arr
            else:
                self.inits.append(numpy_helper.from_array(arr, name))
            self._arrays[name] = arr
        return name

    def op(self, kind: str, inputs: list[str], name: str | None = None, **attrs) -> str:
        self._n += 1
        out = f"t{self._n}"
        self.nodes.append(self.h.make_node(kind, inputs, [out], name=name or f"n{self._n}.{kind}", **attrs))
        return out

    def linear(self, x: str, w: np.ndarray, b: np.ndarray, p: str, name: str | None = None) -> str:
        return self.op("Add", [self.op("MatMul", [x, self.const(w, f"{p}.w")], name=name), self.const(b, f"{p}.b")])

    def layer_norm(self, x: str, wb: tuple[np.ndarray, np.ndarray], p: str) -> str:
        return self.op("LayerNormalization", [x, self.const(wb[0], f"{p}.w"), self.const(wb[1], f"{p}.b")],
                       axis=-1, epsilon=float(self.eps))

    def layer(self, x: str, bias: str, ly: Mapping, p: str) -> str:
        H, NH, hd = self.H, self.NH, self.hd
        heads = self.const(np.array([0, 0, NH, hd], dtype=np.int64), "shape.heads")
        merged = self.const(np.array([0, 0, H], dtype=np.int64), "shape.merged")
        w, b = ly["qkv"], ly["qkv_b"]
        # Separate q/k/v MatMuls over column slices of the packed weight: each ends in its own head layout.
        q, k, v = (self.op("Reshape", [self.linear(x, w[:, i * H:(i + 1) * H], b[i * H:(i + 1) * H], f"{p}.{n}"),
                                       heads]) for i, n in enumerate("qkv"))
        q = self.op("Transpose", [q], perm=[0, 2, 1, 3])  # (B, NH, T, hd)
        k = self.op("Transpose", [k], perm=[0, 2, 3, 1])  # (B, NH, hd, T)
        v = self.op("Transpose", [v], perm=[0, 2, 1, 3])
        scale = self.const(np.array(1.0 / math.sqrt(hd), dtype=np.float32), "attn.scale")
        att = self.op("Add", [self.op("Mul", [self.op("MatMul", [q, k]), scale]), bias])
        att = self.op("Softmax", [att], axis=-1)
        ctx = self.op("Reshape", [self.op("Transpose", [self.op("MatMul", [att, v])], perm=[0, 2, 1, 3]), merged])
        return self._rest(x, ctx, ly, p)

    def _rest(self, x: str, ctx: str, ly: Mapping, p: str) -> str:
        """Attention output projection, FFN and both LayerNorms."""
        a = self.layer_norm(self.op("Add", [self.linear(ctx, ly["ao"], ly["ao_b"], f"{p}.ao"), x]), ly["aln"],
                            f"{p}.aln")
        mid = self.linear(a, ly["fi"], ly["fi_b"], f"{p}.fi")
        # exact GELU, x * 0.5 * (1 + erf(x / sqrt 2)), written as PyTorch exports it: ONNX Runtime fuses exactly
        # this form (with the bias Add before it) into one BiasGelu kernel
        half = self.const(np.array(0.5, dtype=np.float32), "gelu.half")
        one = self.const(np.array(1.0, dtype=np.float32), "gelu.one")
        sqrt2 = self.const(np.array(math.sqrt(2.0), dtype=np.float32), "gelu.sqrt2")
        phi = self.op("Add", [self.op("Erf", [self.op("Div", [mid, sqrt2])]), one])
        mid = self.op("Mul", [self.op("Mul", [mid, phi]), half])
        out = self.linear(mid, ly["fo"], ly["fo_b"], f"{p}.fo", name=fo_matmul_name(p))
        return self.layer_norm(self.op("Add", [out, a]), ly["oln"], f"{p}.oln")


def build_model(stacks: Mapping[str, Sequence[Mapping]], outputs: Sequence[tuple[str, int]], H: int, NH: int,
                eps: float, external: bool = False):
    """onnx.ModelProto computing the hidden states after layer `l` (1-based) of each requested (stack, l), and
    {initializer name: array} of the weights left outside it.

    Only the layers up to the deepest requested one of each stack are built. With `external`, the weight
    matrices are not copied into the proto: they are marked external and returned, for
    SessionOptions.add_external_initializers (one copy fewer at load)."""
    from onnx import TensorProto, helper

    if not outputs:
        raise ValueError("no outputs requested")
    g = _Builder(H, NH, eps, external)
    x_in = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "T", H])
    m_in = helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "T"])
    # (B, 1, 1, T) additive key mask: 0 for real pieces, MASK_FILL for padding
    axes = g.const(np.array([1, 2], dtype=np.int64), "mask.axes")
    one = g.const(np.array(1.0, dtype=np.float32), "mask.one")
    fill = g.const(np.array(-MASK_FILL, dtype=np.float32), "mask.fill")
    bias = g.op("Mul", [g.op("Sub", [g.op("Unsqueeze", ["mask", axes]), one]), fill])
    depth: dict[str, int] = {}
    for s, l in outputs:
        if s not in stacks or not 1 <= l <= len(stacks[s]):
            raise ValueError(f"no layer {l} in stack {s!r}")
        depth[s] = max(depth.get(s, 0), l)
    built: dict[tuple, str] = {(): "x"}  # prefix of layer ids -> tensor after it (shared trunks built once)
    states: dict[tuple[str, int], str] = {}
    for s, d in depth.items():
        prefix: tuple = ()
        for l, ly in enumerate(stacks[s][:d], start=1):
            key = (*prefix, id(ly))
            if key not in built:
                built[key] = g.layer(built[prefix], bias, ly, f"{s}.l{l}")
            prefix = key
            states[(s, l)] = built[key]
    outs = []
    for s, l in dict.fromkeys(outputs):
        name = output_name(s, l)
        g.nodes.append(helper.make_node("Identity", [states[(s, l)]], [name], name=f"out.{name}"))
        outs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", "T", H]))
    graph = helper.make_graph(g.nodes, "encoder", [x_in, m_in], outs, initializer=g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="quellenlage")
    model.ir_version = min(model.ir_version, 8)  # readable by older ONNX Runtime releases too
    return model, g.externals
