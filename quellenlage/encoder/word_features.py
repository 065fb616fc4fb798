"""Word features from the shared encoder pass: the hidden states of each word's first piece at chosen layers.

Used by every head over words (the accurate NER head, the attribution tagger). Heads that ask for the same
(stack, layer) outputs of the same sentences get them from one pass (the runtime caches recent states).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

DEFAULT_LAYERS = (4, 8, 12)  # what the accurate NER head reads


def encoder_features(words: list[str], layers: tuple[int, ...] = DEFAULT_LAYERS, runtime=None) -> np.ndarray:
    """(len(words), H * len(layers)): packaged-layer hidden states of each word's first piece, through the shared
    runtime (the same numbers as E5Tokens.word_features)."""
    from .runtime import BASE

    return sentence_features([words], [(BASE, l) for l in layers], runtime)[0]


def sentence_features(sents: Sequence[list[str]], outputs: Sequence[tuple[str, int]], runtime=None,
                      chunk: int = 256) -> list[np.ndarray]:
    """Per sentence, (len(words), H * len(outputs)) float32: the states of each word's first piece at each
    (stack, layer) output, side by side. All sentences' windows go to the runtime sorted by length (little
    padding), `chunk` windows per call (bounds the states held at once)."""
    from .runtime import shared

    rt = runtime or shared()
    enc = rt.model
    outputs = list(outputs)
    wins = sorted(((k, *w) for k, words in enumerate(sents) for w in enc.windows(words)), key=lambda w: len(w[3]))
    feats = [np.zeros((len(words), enc.H * len(outputs)), dtype=np.float32) for words in sents]
    for c in range(0, len(wins), chunk):
        part = wins[c:c + chunk]
        for (k, i, j, _, firsts), states in zip(part, rt.encode([w[3] for w in part], outputs)):
            feats[k][i:j] = np.hstack([states[o][firsts] for o in outputs])
    return feats
