"""Named-entity recognition: the shipped spaCy model (fast mode) with a gazetteer fallback.

The model lives in quellenlage/models/ner/ (spacy/ pipeline + vectors.npz projection). If it is missing the
stage falls back to gazetteer matches only (origin="gazetteer"), so nothing is invented.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from ..lang.tokens import doc_text

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner"


class NerModel:
    def __init__(self, model_dir: Path = MODEL_DIR):
        import spacy
        from spacy.attrs import IS_SPACE, LOWER, NORM, PREFIX, SHAPE, SUFFIX

        from .vectors import WordVectorizer

        self.nlp = spacy.load(model_dir / "spacy")
        self.vectorizer = WordVectorizer.load(model_dir / "vectors.npz")
        # This vocab is private to the tagger: compute only the lexeme attributes the model reads (features, static
        # vector keys, whitespace); the other dozen getters are half the cost of making Docs of new words.
        used = (LOWER, NORM, PREFIX, SUFFIX, SHAPE, IS_SPACE)
        self.nlp.vocab.lex_attr_getters = {k: f for k, f in self.nlp.vocab.lex_attr_getters.items() if k in used}
        self.labels = tuple(self.nlp.get_pipe("ner").labels)
        self.decoder = GreedyBiluo.from_pipe(self.nlp.get_pipe("ner"))

    def tag_words(self, sents: list[list[str]], spaces: list[list[bool]] | None = None, batch_size: int = 128):
        """[(start token, end token, label)] per sentence of words."""
        from spacy.tokens import Doc

        from .vectors import add_doc_vectors

        docs = [Doc(self.nlp.vocab, words=w, spaces=spaces[i] if spaces else None) for i, w in enumerate(sents)]
        add_doc_vectors(self.nlp.vocab, docs, self.vectorizer)
        if self.decoder is not None:
            return self.decoder(docs)
        return [[(e.start, e.end, e.label_) for e in d.ents] for d in self.nlp.pipe(docs, batch_size=batch_size)]

    def tag_doc(self, doc) -> list[tuple[int, int, str]]:
        """Character spans (start, end, label) for a tokenised spaCy Doc from any vocab (whitespace tokens and
        line breaks are never inside an entity)."""
        toks = [t for t in doc if not t.is_space]
        if not toks:
            return []
        ents = self.tag_words([[t.text for t in toks]], [[True] * len(toks)])[0]
        return split_on_breaks(doc_text(doc), [(toks[s].idx, toks[e - 1].idx + len(toks[e - 1].text), lab) for s, e, lab in ents])


class GreedyBiluo:
    """Greedy decoding of the spaCy NER pipe (TransitionBasedParser, BILUO moves) in numpy, for fresh Docs.

    spaCy's own parse loop takes most of the tagging time on CPU (a GIL round trip per step, blis' generic
    kernels). Its decisions are cheap to replay: with no entity open a state's features are (token, pad, pad), so
    those scores depend on the token alone and come from one matmul over all tokens; only tokens inside a
    multi-token entity need a step of their own. Same weights, features, moves and validity rules (Docs without
    preset entities), so the same entities.
    """

    def __init__(self, tok2vec, lower, upper, names: list[str], unseen: set[int]):
        self.tok2vec = tok2vec
        self.feat = lower.get_param("W")  # (nF, nO, nP, nI)
        self.feat_b = lower.get_param("b")  # (nO, nP)
        self.pad = lower.get_param("pad")[0]  # (nF, nO, nP): features of absent tokens
        self.out_w = np.ascontiguousarray(upper.get_param("W").T)  # (nO, classes)
        self.out_b = upper.get_param("b")
        self.unseen = np.array(sorted(unseen), dtype=np.int64)
        moves = [n.split("-", 1) if "-" in n else (n, "") for n in names]
        self.move = np.array([m for m, _ in moves])
        self.label = [lab for _, lab in moves]
        has_label = np.array([bool(lab) for lab in self.label])
        # Valid with no entity open (B also needs a next token in the sentence; B/U not on whitespace).
        self.closed_ok = ((self.move == "O") | (np.isin(self.move, ("B", "U")) & has_label))
        self.is_b = (self.move == "B") & has_label
        self.is_u = (self.move == "U") & has_label
        self.in_of = {lab: i for i, (m, lab) in enumerate(moves) if m == "I"}
        self.last_of = {lab: i for i, (m, lab) in enumerate(moves) if m == "L"}

    @classmethod
    def from_pipe(cls, pipe) -> "GreedyBiluo | None":
        """The decoder for a greedy spaCy NER pipe with the three-feature state, else None (use spaCy)."""
        from thinc.api import NumpyOps

        model = pipe.model
        try:
            lower, upper = model.get_ref("lower"), model.get_ref("upper")
            names = [pipe.moves.get_class_name(i) for i in range(pipe.moves.n_moves)]
            if (pipe.cfg.get("beam_width", 1) != 1 or not model.attrs.get("has_upper") or lower.get_dim("nF") != 3
                    or not {n.split("-", 1)[0] for n in names} <= {"B", "I", "L", "U", "O"}):
                return None
        except (KeyError, ValueError, AttributeError):
            return None
        ops = NumpyOps(use_blis=False)  # OpenBLAS gemm: ~4x faster than this blis build, same values
        for node in model.walk():
            node.ops = ops
        return cls(model.get_ref("tok2vec"), lower, upper, names, model.attrs.get("unseen_classes") or set())

    def _scores(self, unmaxed: np.ndarray) -> np.ndarray:
        """Class scores from summed state features (..., nO, nP): bias, maxout, output layer."""
        unmaxed += self.feat_b
        # Maxout over the few pieces as elementwise maxima: .max(-1) over a length-2 axis is several times slower.
        hidden = unmaxed[..., 0]
        for k in range(1, unmaxed.shape[-1]):
            hidden = np.maximum(hidden, unmaxed[..., k])
        scores = hidden @ self.out_w + self.out_b
        if self.unseen.size:
            scores[..., self.unseen] = scores.min()
        return scores

    def __call__(self, docs, max_tokens: int = 4000) -> list[list[tuple[int, int, str]]]:
        out: list[list[tuple[int, int, str]]] = [[] for _ in docs]
        i = 0
        while i < len(docs):  # chunks of a few thousand tokens keep the tok2vec arrays in cache
            j, n = i, 0
            while j < len(docs) and (j == i or n + len(docs[j]) <= max_tokens):
                n += len(docs[j])
                j += 1
            self._decode([k for k in range(i, j) if len(docs[k])], docs, out)
            i = j
        return out

    def _decode(self, idx: list[int], docs, out) -> None:
        from spacy.attrs import IS_SPACE, SENT_START

        if not idx:
            return
        batch = [docs[k] for k in idx]
        tokvecs = self.tok2vec.predict(batch)
        nF, nO, nP, nI = self.feat.shape
        # feats[g, f]: feature f of token g (spaCy's precomputed lower layer, same summation order below).
        feats = (tokvecs @ self.feat.reshape(nF * nO * nP, nI).T).reshape(-1, nF, nO, nP)
        attrs = np.concatenate([d.to_array([SENT_START, IS_SPACE]) for d in batch]).reshape(-1, 2)
        lens = np.array([len(d) for d in batch])
        starts = np.concatenate([[0], np.cumsum(lens)])
        n = int(starts[-1])
        last = np.zeros(n, dtype=bool)
        last[starts[1:] - 1] = True
        # The next token exists and does not start a sentence (B and I need it).
        cont = ~last & (np.append(attrs[1:, 0], 0) != 1)
        closed = self._scores((feats[:, 0] + self.pad[1]) + self.pad[2])
        ok = np.broadcast_to(self.closed_ok, closed.shape).copy()
        ok[:, self.is_b] &= (cont & (attrs[:, 1] == 0))[:, None]
        ok[:, self.is_u] &= (attrs[:, 1] == 0)[:, None]
        decision = np.where(ok, closed, -np.inf).argmax(1)
        doc_of = np.repeat(np.arange(len(batch)), lens)
        free = 0  # first token not inside an entity already decoded
        for g in np.flatnonzero(self.move[decision] != "O").tolist():
            if g < free:
                continue
            c = decision[g]
            lab = self.label[c]
            end = g + 1
            if self.move[c] == "B":  # open entity: I until L (only these two moves are valid)
                i_c, l_c = self.in_of[lab], self.last_of[lab]
                while True:
                    s = self._scores((feats[end, 0] + feats[g, 1]) + feats[end - 1, 2])
                    end += 1
                    take_in = s[i_c] > s[l_c] or (s[i_c] == s[l_c] and i_c < l_c)
                    if not (cont[end - 1] and take_in):
                        break
            k = doc_of[g]
            out[idx[k]].append((g - int(starts[k]), end - int(starts[k]), lab))
            free = end


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
                return cls(path, **_decoding(Path(model_dir))) if cls is FineTunedTagger else cls(path)
            except Exception:  # unreadable file: try the next option
                continue
    return None


def _decoding(model_dir: Path) -> dict:
    """Ensemble members and O bias from decoding.json (chosen on the dev set; see models/ner/README.md)."""
    import json

    path = model_dir / "decoding.json"
    if not path.exists():
        return {}
    conf = json.loads(path.read_text(encoding="utf-8"))
    return {"extra": [model_dir / name for name in conf.get("extra", [])], "o_bias": float(conf.get("o_bias", 0.0))}


def tag_doc_with(tagger, doc) -> list[tuple[int, int, str]]:
    """Character spans from any tagger with tag_words(list of word lists), one sentence at a time."""
    sents = [s for s in doc.sents]
    tagged = tagger.tag_words([[t.text for t in s if not t.is_space] for s in sents])
    out = []
    for s, ents in zip(sents, tagged):
        toks = [t for t in s if not t.is_space]
        out += [(toks[a].idx, toks[b - 1].idx + len(toks[b - 1].text), lab) for a, b, lab in ents]
    return split_on_breaks(doc_text(doc), out)


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
