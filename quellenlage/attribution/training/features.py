"""Token features of the attribution tagger, the same at training and at run time.

A token is a non-space spaCy token of the article (`TokenView`); sentences are the Doc's. Each token gets
- word features: the shared encoder's hidden states of its first piece at the recipe's (stack, layer) outputs
  (`quellenlage.encoder.word_features`), and
- rule features (`rule_features`): where the rules put cue, speaker, content and addressee (before
  roles.complete, as refine sees them: no frames yet), the rule
  attribution's type, speech-verb and source-noun lexicon hits, and the quote-mark state, so the head learns
  where the rules are right and where their boundaries are off.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ROLES = ("cue", "speaker", "quote", "addressee")  # the tagger's outputs (one probability each, multi-label)
RULE_TYPES = ("direct", "indirect", "reported", "free_indirect", "source_phrase", "mixed")
RULE_FEATURES = ("in_cue", "in_speaker", "in_content", "in_addressee", "cue_implicit",
                 *(f"type_{t}" for t in RULE_TYPES), "content_first", "content_last", "speech_verb",
                 "speech_participle", "source_noun", "speech_noun", "in_quotes", "quote_mark", "sentence_has_cue",
                 "cue_before", "cue_after", "sentence_first", "sentence_last", "punct", "upper", "pronoun", "comma")
QUOTE_CHARS = set("„“”»«\"‚‘’›‹")
OPENERS = set("„»‚›")  # German openers; “ and " toggle (they open in English and close in German)
PRONOUNS = {"er", "sie", "es", "ich", "wir", "ihr", "man", "du", "he", "she", "they", "we", "i"}


@dataclass
class TokenView:
    """The non-space tokens of a Doc: character offsets, words, and (first, end) token indices per sentence."""

    starts: np.ndarray
    ends: np.ndarray
    words: list[str]
    sents: list[tuple[int, int]]

    @classmethod
    def of(cls, doc) -> "TokenView":
        starts, ends, words, sents = [], [], [], []
        for sent in doc.sents:
            first = len(words)
            for t in sent:
                if t.is_space:
                    continue
                starts.append(t.idx)
                ends.append(t.idx + len(t.text))
                words.append(t.text)
            if len(words) > first:
                sents.append((first, len(words)))
        return cls(np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64), words, sents)

    def __len__(self) -> int:
        return len(self.words)

    def covering(self, start: int, end: int) -> range:
        """Indices of the tokens overlapping [start, end)."""
        a = int(np.searchsorted(self.ends, start, side="right"))
        b = int(np.searchsorted(self.starts, end, side="left"))
        return range(a, max(a, b))

    def sentence_words(self) -> list[list[str]]:
        return [self.words[a:b] for a, b in self.sents]


def _mark(arr: np.ndarray, view: TokenView, spans) -> None:
    for s in spans:
        if s is not None:
            arr[list(view.covering(s.start, s.end))] = 1.0


def rule_features(view: TokenView, atts: list) -> np.ndarray:
    """(len(view), len(RULE_FEATURES)) float32 from the rules' attributions and the lexicons."""
    from .. import lexicon

    n = len(view)
    col = {name: k for k, name in enumerate(RULE_FEATURES)}
    X = np.zeros((n, len(RULE_FEATURES)), dtype=np.float32)
    cue_tok = np.zeros(n, dtype=bool)
    for a in atts:
        for role, spans in (("in_cue", [a.cue, *a.cue_parts]), ("in_speaker", [a.speaker]),
                            ("in_content", a.content), ("in_addressee", [a.addressee])):
            if role == "in_cue" and a.cue_implicit:
                _mark(X[:, col["cue_implicit"]], view, spans)
                continue
            _mark(X[:, col[role]], view, spans)
        t = a.type if a.type in RULE_TYPES else "mixed"
        idx = [i for c in a.content for i in view.covering(c.start, c.end)]
        if idx:
            X[idx, col[f"type_{t}"]] = 1.0
            X[min(idx), col["content_first"]] = 1.0
            X[max(idx), col["content_last"]] = 1.0
    cue_tok[:] = X[:, col["in_cue"]] > 0
    inside = False
    for a, b in view.sents:
        has_cue = bool(cue_tok[a:b].any())
        seen = False
        for i in range(a, b):
            w = view.words[i]
            low = w.lower()
            X[i, col["speech_verb"]] = float(low in lexicon.CUE_FINITE or low in lexicon.CUE_JOINED)
            X[i, col["speech_participle"]] = float(low in lexicon.CUE_PARTICIPLE)
            X[i, col["source_noun"]] = float(lexicon.is_source_noun(low))
            X[i, col["speech_noun"]] = float(lexicon.is_speech_noun(low))
            q = bool(w) and all(c in QUOTE_CHARS for c in w)
            X[i, col["quote_mark"]] = float(q)
            if q:
                inside = w[0] in OPENERS or (not inside and w[0] not in "“”’‘«")
            else:
                X[i, col["in_quotes"]] = float(inside)
            X[i, col["sentence_has_cue"]] = float(has_cue)
            X[i, col["cue_before"]] = float(seen)
            seen = seen or bool(cue_tok[i])
            X[i, col["punct"]] = float(bool(w) and not any(c.isalnum() for c in w))
            X[i, col["upper"]] = float(w[:1].isupper())
            X[i, col["pronoun"]] = float(low in PRONOUNS)
            X[i, col["comma"]] = float(w == ",")
        after = False
        for i in range(b - 1, a - 1, -1):
            X[i, col["cue_after"]] = float(after)
            after = after or bool(cue_tok[i])
        X[a, col["sentence_first"]] = 1.0
        X[b - 1, col["sentence_last"]] = 1.0
    return X


def word_features(view: TokenView, outputs, runtime=None) -> np.ndarray:
    """(len(view), H * len(outputs)) encoder states, sentence by sentence."""
    from ...encoder.word_features import sentence_features

    outputs = [tuple(o) for o in outputs]
    if not outputs or not len(view):  # a recipe without encoder states (rule features alone)
        return np.zeros((len(view), 0), dtype=np.float32)
    return np.vstack(sentence_features(view.sentence_words(), outputs, runtime))


def features(view: TokenView, atts: list, outputs, runtime=None) -> np.ndarray:
    return np.hstack([word_features(view, outputs, runtime), rule_features(view, atts)])
