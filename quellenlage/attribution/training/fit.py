"""The seeded training recipe of the attribution tagger: features of every token of a corpus (`prepare`, cached
under the system temp folder, never in the repository), a multi-label head over them (`fit_head`: one sigmoid
output per role in features.ROLES, a one-hidden-layer MLP or logistic regressions, scikit-learn), token F1 per
role on the dev split (`score`), and the model folder (`write_model`: model.npz + training.json + LICENSE +
README.md). `train(...)` is `quellenlage train attribution`.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import corpora
from .features import ROLES, RULE_FEATURES, TokenView, rule_features, word_features

RECIPE = {
    "outputs": [["base", 8], ["base", 12]],  # shared-encoder (stack, layer) states per token
    "head": "logreg",  # "logreg" (one logistic regression per role) or "mlp" (one hidden ReLU layer)
    "hidden": 256,
    "alpha": 1e-3,
    "max_iter": 40,
    "C": 0.5,
}
CACHE_OUTPUTS = [["base", 4], ["base", 8], ["base", 12]]  # computed once per document, any recipe picks from them
CACHE_VERSION = "states-1"  # bump when what the cached encoder states are computed from changes
PACKAGE_MODEL = Path(__file__).resolve().parents[2] / "models" / "attribution"
CORPUS_LICENCES = {
    "spkatt": ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/",
               "GePaDe-SpkAtt, GermEval 2023 Shared Task on Speaker Attribution (task 1), Rehbein et al."),
    "wikinews": ("CC BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/",
                 "Petersen-Frey and Biemann, Dataset of Quotation Attribution in German News Articles "
                 "(LREC-COLING 2024)"),
}


@dataclass
class DocData:
    name: str
    words: list[str]
    sents: list[tuple[int, int]]
    W: dict  # "stack:layer" -> (n, H) float16 states
    R: np.ndarray  # (n, len(RULE_FEATURES)) rule features
    Y: np.ndarray  # (n, len(ROLES)) gold labels 0/1

    def X(self, outputs) -> np.ndarray:
        return np.hstack([*(self.W[f"{s}:{l}"].astype(np.float32) for s, l in outputs), self.R])


def split_dirs(data: Path, fmt: str) -> tuple[Path, Path | None]:
    """(train folder, dev folder or None): DIR/train and DIR/dev when present, else DIR alone."""
    data = Path(data)
    if (data / "train").is_dir():
        return data / "train", (data / "dev") if (data / "dev").is_dir() else None
    return data, None


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def gold_labels(doc: corpora.CorpusDoc, view: TokenView) -> np.ndarray:
    """Per view token, 1 for each role any event gives a corpus token it overlaps."""
    Y = np.zeros((len(view), len(ROLES)), dtype=np.int8)
    for ev in doc.events:
        for r, role in enumerate(ROLES):
            for i in ev.get(role, ()):
                a, b = doc.tokens[i]
                Y[list(view.covering(a, b)), r] = 1
    return Y


def cache_dir() -> Path:
    return Path(os.environ.get("QUELLENLAGE_TRAIN_CACHE") or Path(tempfile.gettempdir()) / "quellenlage-attribution")


def prepare_doc(doc: corpora.CorpusDoc, runtime=None, cache: Path | None = None) -> DocData:
    """Rules, view, encoder states and labels of one corpus document. Only the encoder states are cached (by file
    content, outputs and CACHE_VERSION): they are the slow part, and the rule features and labels are computed
    afresh each time, so a change in the rules can never train on stale rule features."""
    from .rulepass import analyse

    ctx = analyse(doc.text, doc.name)
    view = TokenView.of(ctx.doc)
    R = rule_features(view, ctx.annotations.attributions)
    Y = gold_labels(doc, view)
    key = W = None
    if cache is not None and doc.path:
        key = cache / f"{hashlib.sha256((sha256(Path(doc.path)) + repr(CACHE_OUTPUTS) + CACHE_VERSION).encode()).hexdigest()[:24]}.npz"
        if key.exists():
            with np.load(key, allow_pickle=False) as z:
                if [str(w) for w in z["words"]] == list(view.words):  # same tokens, else the states are recomputed
                    W = {k[2:]: z[k] for k in z.files if k.startswith("W:")}
    if W is None:
        if len(view):
            states = word_features(view, [tuple(o) for o in CACHE_OUTPUTS], runtime)
            H = states.shape[1] // len(CACHE_OUTPUTS)
            W = {f"{s}:{l}": states[:, k * H:(k + 1) * H].astype(np.float16) for k, (s, l) in enumerate(CACHE_OUTPUTS)}
        else:
            W = {f"{s}:{l}": np.zeros((0, 384), dtype=np.float16) for s, l in CACHE_OUTPUTS}
        if key is not None:
            key.parent.mkdir(parents=True, exist_ok=True)
            tmp = key.with_suffix(".tmp.npz")
            np.savez(tmp, words=np.array(view.words, dtype=str), **{f"W:{k}": v for k, v in W.items()})
            tmp.replace(key)
    return DocData(doc.name, view.words, view.sents, W, R, Y)


def prepare(docs: list[corpora.CorpusDoc], cache: Path | None = None, log=None) -> list[DocData]:
    out = []
    t0 = time.perf_counter()
    for k, d in enumerate(docs):
        out.append(prepare_doc(d, cache=cache))
        if log and (k + 1) % 20 == 0:
            log(f"  features {k + 1}/{len(docs)} ({time.perf_counter() - t0:.0f} s)")
    return out


def stack(data: list[DocData], outputs) -> tuple[np.ndarray, np.ndarray]:
    X = np.vstack([d.X(outputs) for d in data if len(d.words)])
    Y = np.vstack([d.Y for d in data if len(d.words)])
    return X, Y


def fit_head(X: np.ndarray, Y: np.ndarray, recipe: dict, seed: int) -> dict:
    """Arrays of a multi-label head: standardisation, then (mlp) w1, b1, w2, b2 or (logreg) w2, b2."""
    mean = X.mean(0)
    scale = X.std(0) + 1e-6
    Xs = (X - mean) / scale
    arrays = {"mean": mean.astype(np.float32), "scale": scale.astype(np.float32)}
    if recipe["head"] == "mlp":
        from sklearn.neural_network import MLPClassifier

        clf = MLPClassifier(hidden_layer_sizes=(recipe["hidden"],), alpha=recipe["alpha"],
                            max_iter=recipe["max_iter"], early_stopping=True, validation_fraction=0.1,
                            n_iter_no_change=4, random_state=seed, batch_size=256)
        clf.fit(Xs, Y)
        arrays.update(w1=clf.coefs_[0], b1=clf.intercepts_[0], w2=clf.coefs_[1], b2=clf.intercepts_[1])
    elif recipe["head"] == "logreg":
        from sklearn.linear_model import LogisticRegression

        ws, bs = [], []
        for r in range(Y.shape[1]):
            if len(np.unique(Y[:, r])) < 2:  # a role the corpus never (or always) has: a constant output
                ws.append(np.zeros(X.shape[1]))
                bs.append(20.0 if Y[0, r] else -20.0)
                continue
            clf = LogisticRegression(C=recipe["C"], max_iter=300, random_state=seed)
            clf.fit(Xs, Y[:, r])
            ws.append(clf.coef_[0])
            bs.append(clf.intercept_[0])
        arrays.update(w2=np.stack(ws, 1), b2=np.asarray(bs))
    else:
        raise ValueError(f"unknown head {recipe['head']!r}")
    return {k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()}


def predict(arrays: dict, X: np.ndarray) -> np.ndarray:
    """(n, roles) probabilities (the same arithmetic as learned.Tagger)."""
    x = (X - arrays["mean"]) / arrays["scale"]
    if "w1" in arrays:
        x = np.maximum(x @ arrays["w1"] + arrays["b1"], 0.0)
    return 1.0 / (1.0 + np.exp(-np.clip(x @ arrays["w2"] + arrays["b2"], -30.0, 30.0)))


def score(P: np.ndarray, Y: np.ndarray, threshold: float = 0.5) -> dict:
    """Token precision/recall/F1 per role (the tagger alone)."""
    out = {}
    for r, role in enumerate(ROLES):
        p, g = P[:, r] >= threshold, Y[:, r] > 0
        tp, fp, fn = int((p & g).sum()), int((p & ~g).sum()), int((~p & g).sum())
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        out[role] = {"precision": round(pr, 4), "recall": round(rc, 4),
                     "f1": round(2 * pr * rc / (pr + rc), 4) if pr + rc else 0.0, "tp": tp, "fp": fp, "fn": fn}
    return out


def rules_score(data: list[DocData]) -> dict:
    """The same token scores for the rules' own spans (cue, speaker, content, addressee features)."""
    col = {n: k for k, n in enumerate(RULE_FEATURES)}
    R = np.vstack([d.R for d in data if len(d.words)])
    Y = np.vstack([d.Y for d in data if len(d.words)])
    P = R[:, [col["in_cue"], col["in_speaker"], col["in_content"], col["in_addressee"]]]
    return score(P, Y)


def write_model(out: Path, arrays: dict, recipe: dict, info: dict, fmt: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    meta = {"roles": np.array(ROLES), "outputs": np.array([f"{s}:{l}" for s, l in recipe["outputs"]], dtype=str),
            "rule_features": np.array(RULE_FEATURES)}
    np.savez_compressed(out / "model.npz", **arrays, **meta)
    (out / "training.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "LICENSE").write_text(licence_text(fmt), encoding="utf-8")
    (out / "README.md").write_text(_readme(fmt, info), encoding="utf-8")


def licence_text(fmt: str) -> str:
    name, url, credit = CORPUS_LICENCES[fmt]
    return (f"The weights in this folder (model.npz) were trained on {credit.rstrip('.')}.\n"
            f"They are licensed under {name} ({url}), unlike the Apache-2.0 code of Quellenlage.\n"
            + ("Non-commercial use only. Never ship or redistribute these weights with Quellenlage.\n"
               if fmt == "wikinews" else
               "Credit: GePaDe-SpkAtt (GermEval 2023 SpkAtt shared task, Rehbein et al.); the Bundestag speeches "
               "themselves are public domain.\n"))


def _readme(fmt: str, info: dict) -> str:
    name, url, credit = CORPUS_LICENCES[fmt]
    dev = info.get("dev", {}).get("tagger") or {}
    rows = "\n".join(f"| {r} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |" for r, v in dev.items())
    return (
        "# Attribution tagger\n\n"
        "A token tagger for speech events (cue, speaker/source, message/content, addressee) over the shared\n"
        "e5-small encoder states plus the rules' own spans as features (`quellenlage.attribution.learned`).\n"
        "With `--attribution-model shipped` (or a folder) the pipeline uses it to move the boundaries of what the\n"
        "rules found; by default (`none`) the rules run alone.\n\n"
        f"**Licence: {name}** ({url}). These weights are trained on {credit}; their licence differs from the\n"
        "Apache-2.0 code of Quellenlage.\n\n"
        f"Retrain: `quellenlage train attribution --data DIR --format {fmt} --seed {info.get('seed')}`"
        " (recipe and data checksums in training.json). How the pipeline combines it with the rules:\n"
        "combine.json when present (the shipped one was chosen on the Wikinews dev set, which it was never trained\n"
        "on), else the defaults in quellenlage/attribution/learned.py.\n\n"
        + (f"Token scores on the dev split (tagger alone, threshold 0.5):\n\n| role | P | R | F1 |\n|---|---|---|---|\n"
           f"{rows}\n" if rows else ""))


def train(data: Path, fmt: str, out: Path, seed: int = 13, recipe: dict | None = None, log=print,
          cache: Path | None = None, limit: int | None = None) -> dict:
    """Read, featurise, fit, score and write one model folder; returns training.json's content."""
    if fmt not in corpora.FORMATS:
        raise ValueError(f"unknown format {fmt!r}: one of {', '.join(corpora.FORMATS)}")
    recipe = {**RECIPE, **(recipe or {})}
    train_dir, dev_dir = split_dirs(data, fmt)
    skipped: list[tuple[str, str]] = []
    train_docs = corpora.read(train_dir, fmt, skipped)[:limit]
    dev_docs = corpora.read(dev_dir, fmt, skipped)[:limit] if dev_dir else []
    for name, why in skipped:  # a broken file is named and left out; the others train
        log(f"skipped {name}: {why}")
    if not train_docs:
        raise FileNotFoundError(f"no readable {fmt} training files under {data}")
    cache = cache if cache is not None else cache_dir()
    log(f"{len(train_docs)} training and {len(dev_docs)} dev documents ({fmt})")
    t0 = time.perf_counter()
    tr = prepare(train_docs, cache, log)
    dv = prepare(dev_docs, cache, log) if dev_docs else []
    t_feat = time.perf_counter() - t0
    np.random.seed(seed)
    X, Y = stack(tr, recipe["outputs"])
    log(f"fitting a {recipe['head']} head on {X.shape[0]} tokens x {X.shape[1]} features")
    t1 = time.perf_counter()
    arrays = fit_head(X, Y, recipe, seed)
    t_fit = time.perf_counter() - t1
    info = {
        "what": "attribution token tagger (quellenlage.attribution.learned)", "format": fmt, "seed": seed,
        "recipe": recipe, "roles": list(ROLES), "rule_features": list(RULE_FEATURES),
        "licence": CORPUS_LICENCES[fmt][0], "credit": CORPUS_LICENCES[fmt][2],
        "data": {"train": {"folder": str(train_dir), "documents": len(train_docs), "tokens": int(X.shape[0])},
                 "dev": {"folder": str(dev_dir) if dev_dir else None, "documents": len(dev_docs)}},
        "sha256": {split: {Path(d.path).name: sha256(Path(d.path)) for d in docs}
                   for split, docs in (("train", train_docs), ("dev", dev_docs))},
        "seconds": {"features": round(t_feat, 1), "fit": round(t_fit, 1)},
    }
    if dv:
        Xd, Yd = stack(dv, recipe["outputs"])
        info["dev"] = {"tagger": score(predict(arrays, Xd), Yd), "rules": rules_score(dv),
                       "tokens": int(Xd.shape[0])}
        for role, v in info["dev"]["tagger"].items():
            log(f"  dev {role:9s} tagger F1 {v['f1']:.4f} (P {v['precision']:.3f} R {v['recall']:.3f})"
                f"   rules F1 {info['dev']['rules'][role]['f1']:.4f}")
    write_model(Path(out), arrays, recipe, info, fmt)
    log(f"wrote {out}")
    return info
