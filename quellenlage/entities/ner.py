"""Named-entity recognition: the shipped spaCy model (fast mode) with a gazetteer fallback.

The model lives in quellenlage/models/ner/ (spacy/ pipeline + vectors.npz projection). If it is missing the
stage falls back to gazetteer matches only (origin="gazetteer"), so nothing is invented.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner"


class NerModel:
    def __init__(self, model_dir: Path = MODEL_DIR):
        import spacy

        from .vectors import WordVectorizer

        self.nlp = spacy.load(model_dir / "spacy")
        self.vectorizer = WordVectorizer.load(model_dir / "vectors.npz")
        self.labels = tuple(self.nlp.get_pipe("ner").labels)

    def tag_words(self, sents: list[list[str]], spaces: list[list[bool]] | None = None, batch_size: int = 128):
        """[(start token, end token, label)] per sentence of words."""
        from spacy.tokens import Doc

        from .vectors import add_doc_vectors

        docs = [Doc(self.nlp.vocab, words=w, spaces=spaces[i] if spaces else None) for i, w in enumerate(sents)]
        add_doc_vectors(self.nlp.vocab, docs, self.vectorizer)
        return [[(e.start, e.end, e.label_) for e in d.ents] for d in self.nlp.pipe(docs, batch_size=batch_size)]

    def tag_doc(self, doc) -> list[tuple[int, int, str]]:
        """Character spans (start, end, label) for a tokenised spaCy Doc from any vocab (whitespace tokens and
        line breaks are never inside an entity)."""
        toks = [t for t in doc if not t.is_space]
        if not toks:
            return []
        ents = self.tag_words([[t.text for t in toks]], [[True] * len(toks)])[0]
        return split_on_breaks(doc.text, [(toks[s].idx, toks[e - 1].idx + len(toks[e - 1].text), lab) for s, e, lab in ents])


def split_on_breaks(text: str, spans):
    """Cut spans at line breaks (a heading and the next paragraph are not one name); keep the first part."""
    out = []
    for s, e, lab in spans:
        k = text.find("\n", s, e)
        if k >= 0:
            e = len(text[s:k].rstrip()) + s
        if e > s:
            out.append((s, e, lab))
    return out


@lru_cache(maxsize=2)
def load_model(model_dir: str = str(MODEL_DIR)) -> NerModel | None:
    """The shipped model, or None when it is absent or unreadable (the stage then uses rules only)."""
    path = Path(model_dir)
    if not (path / "spacy").is_dir() or not (path / "vectors.npz").exists():
        return None
    try:
        return NerModel(path)
    except Exception:  # a broken model dir must not take the stage down
        return None


@lru_cache(maxsize=2)
def load_accurate(model_dir: str = str(MODEL_DIR)):
    """The accurate-mode tagger: fine-tuned e5-small (ft_layers.npz), else the e5-feature head (head.npz), else
    None (the stage then uses the fast model)."""
    from .accurate import AccurateTagger, FineTunedTagger

    for name, cls in (("ft_layers.npz", FineTunedTagger), ("head.npz", AccurateTagger)):
        path = Path(model_dir) / name
        if path.exists():
            try:
                return cls(path)
            except Exception:  # unreadable file: try the next option
                continue
    return None


def tag_doc_with(tagger, doc) -> list[tuple[int, int, str]]:
    """Character spans from any tagger with tag_words(list of word lists), one sentence at a time."""
    sents = [s for s in doc.sents]
    tagged = tagger.tag_words([[t.text for t in s if not t.is_space] for s in sents])
    out = []
    for s, ents in zip(sents, tagged):
        toks = [t for t in s if not t.is_space]
        out += [(toks[a].idx, toks[b - 1].idx + len(toks[b - 1].text), lab) for a, b, lab in ents]
    return split_on_breaks(doc.text, out)


@lru_cache(maxsize=1)
def _gazetteer_index():
    """First token -> list of (token tuple, label) for multi- and single-token gazetteer names."""
    from .gazetteer import countries, organisations

    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for names, label in ((organisations(), "ORG"), (countries(), "LOC")):
        for name in names:
            toks = tuple(name.split())
            index.setdefault(toks[0], []).append((toks, label))
    for v in index.values():
        v.sort(key=lambda x: -len(x[0]))
    return index


def gazetteer_spans(doc) -> list[tuple[int, int, str]]:
    """Longest gazetteer matches (countries, project organisation list) as character spans."""
    index = _gazetteer_index()
    out, i, n = [], 0, len(doc)
    while i < n:
        cands = index.get(doc[i].text)
        matched = 0
        for toks, label in cands or ():
            k = len(toks)
            if i + k <= n and all(doc[i + j].text == toks[j] for j in range(k)):
                out.append((doc[i].idx, doc[i + k - 1].idx + len(doc[i + k - 1].text), label))
                matched = k
                break
        i += matched or 1
    return out
