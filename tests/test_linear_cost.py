"""Every per-article stage costs O(n) in the article's length (issue 18), and what keeps it so.

The ratio test times each stage on a 50 kB and a 500 kB article inside one run (CPU seconds, so other processes on
the machine do not count) and asserts 500 kB / 50 kB <= 12. Its text mixes the kinds that exposed superlinear
steps: runs of short lines (Doc.text rebuilt per mention), digit lines (a scan of all figures per figure), long
lines of prose (the whole line re-read per sentence), punctuation runs without white space (spaCy's affix loop)
and prose with quotes and denials (scans of all mentions, attributions and claims per attribution or claim).
The other tests pin the pieces: windows, tokenisation of long runs, the sentence cap, bounded HanTa words and the
position indexes, each against the plain definition it replaces.
"""
import gc
import random
import statistics

import pytest

from quellenlage.context import Options, SpanIndex, SpanLookup, group_by_ranges
from quellenlage.ingest import build_article
from quellenlage.model import check_spans
from quellenlage.pipeline import analyse

NAMES = ["Anna Berger", "Thomas Keller", "Miriam Yilmaz", "Jonas Hoffmann", "Petra Lang"]
ORGS = ["die Stadtwerke", "das Landratsamt", "die Polizei", "der Betriebsrat", "das Ministerium"]
PLACES = ["Freiburg", "Rheinau", "Offenburg", "Kehl", "Lahr"]
SENTENCES = [
    "{name} sagte am {day}. Mai, die Lage sei unter Kontrolle.",
    "Nach Angaben von {org} wurden {n} Menschen verletzt, {k} davon schwer.",
    "„Wir haben alles getan, was möglich war“, sagte {name} der Zeitung.",
    "Die Kosten sollen sich auf rund {n},{k} Millionen Euro belaufen.",
    "{org} bestreitet die Vorwürfe, die seit März erhoben werden.",
    "Laut {org} war die Straße bei {place} für etwa {k} Stunden gesperrt.",
    "Der Bürgermeister von {place}, {name} (5{k}), wollte sich dazu nicht äußern.",
    "Es könne nicht ausgeschlossen werden, dass weitere {n} Gebäude betroffen seien, hieß es.",
    "Das bestätigte ein Sprecher von {org} am Dienstag auf Anfrage.",
]


def sentence(rng: random.Random) -> str:
    return rng.choice(SENTENCES).format(name=rng.choice(NAMES), org=rng.choice(ORGS), place=rng.choice(PLACES),
                                        day=rng.randint(1, 28), n=rng.randint(2, 900), k=rng.randint(1, 9))


def mixed_text(size: int, seed: int = 1) -> str:
    """`size` characters of blocks of the kinds that exposed superlinear steps, in turn."""
    rng = random.Random(seed)
    blocks = [
        lambda: " ".join(sentence(rng) for _ in range(5)) + "\n\n",
        lambda: "".join(f"Meldung {rng.choice(PLACES)} {rng.randint(1, 99)}\n" for _ in range(25)) + "\n",
        lambda: " ".join(str(rng.randint(0, 10 ** rng.randint(1, 7))) + rng.choice(["", ".", ","])
                         for _ in range(60)) + "\n",
        lambda: " ".join(sentence(rng) for _ in range(25)) + "\n",
        lambda: "".join(rng.choice(".,;:!?-„“\"()…") for _ in range(1500)) + "\n\n",
    ]
    parts, total, i = [], 0, 0
    while total < size:
        block = blocks[i % len(blocks)]()
        parts.append(block)
        total += len(block)
        i += 1
    return "".join(parts)[:size]


def stage_seconds(text: str, source: str) -> dict[str, float]:
    """CPU seconds per stage for one article. The cyclic garbage collector is paused (its full collections land in
    whichever stage happens to run, a tenth of a second each, amortised linear) and BLAS runs on one thread (a
    second one spins while it waits, CPU time that depends on the machine's load), so the numbers measure the
    stages' own work."""
    from quellenlage.crossdoc.runtime import single_threaded_blas

    seconds: dict[str, float] = {}
    article = build_article({"text": text}, source)
    gc.collect()
    gc.disable()
    try:
        with single_threaded_blas():
            annotations = analyse(article, Options(budget_s=None, max_rss_mb=None), stage_seconds=seconds)
    finally:
        gc.enable()
    assert not annotations.errors
    return seconds


def growth_ratios() -> dict[str, float]:
    """500 kB / 50 kB CPU time per stage on new texts: the typical (median) of three small runs against the
    cheaper of two big ones (a big run sums ten small ones' work, so a burst of load on the machine weighs
    less in it, but it still only ever adds time); stages under half a second at 500 kB are left out."""
    small = [stage_seconds(mixed_text(50_000, seed=seed), f"small-{seed}.txt") for seed in (2, 3, 5)]
    big = [stage_seconds(mixed_text(500_000, seed=seed), f"big-{seed}.txt") for seed in (4, 6)]
    return {stage: min(run[stage] for run in big) / max(statistics.median(run[stage] for run in small), 1e-3)
            for stage in big[0] if min(run[stage] for run in big) >= 0.5}


def test_every_stage_costs_at_most_linear_time_from_50_to_500_kb():
    # Models loaded, word caches warm and the heap grown to a long text's size, as in a long run (else only the
    # big runs pay the page faults of memory the process never had); every timed text is new (its numbers are new
    # words to spaCy's vocabulary, as in real articles).
    stage_seconds(mixed_text(300_000, seed=1), "warm.txt")
    ratios = growth_ratios()
    assert ratios
    too_slow = {stage: round(r, 1) for stage, r in ratios.items() if r > 12}
    assert not too_slow, f"500 kB / 50 kB per stage: { {k: round(v, 1) for k, v in ratios.items()} }"


# ------------------------------------------------------------------------------------ windows
def test_a_long_text_is_analysed_in_windows_with_valid_spans_and_ids():
    text = mixed_text(14_000, seed=3)
    article = build_article({"text": text}, "w.txt")
    whole = analyse(article, Options(embedder="hash"))
    windowed = analyse(article, Options(embedder="hash", window_chars=4_000))
    assert not windowed.errors and check_spans(windowed, {article.id: text}) == []
    ids = [x.id for name in ("mentions", "attributions", "claims", "denials", "figures", "times")
           for x in getattr(windowed, name)]
    assert len(ids) == len(set(ids)) and any(":w1." in i for i in ids)
    known = set(ids)
    refs = [r for c in windowed.claims for r in [*c.mention_ids, *c.figure_ids, *c.time_ids, c.attribution_id] if r]
    refs += [a.mention_id for a in windowed.attributes] + [a.parent_id for a in windowed.attributions if a.parent_id]
    assert refs and set(refs) <= known
    assert [s.index for s in windowed.sentences] == list(range(len(windowed.sentences)))
    assert all(windowed.sentences[c.sentence_index].start <= c.start for c in windowed.claims)
    # Cut at paragraph breaks, the windows find what the whole text gives, sentence by sentence.
    for name in ("sentences", "figures", "times"):
        assert [(x.start, x.end) for x in getattr(windowed, name)] == [(x.start, x.end) for x in getattr(whole, name)]


def test_windows_cover_the_text_in_order_cut_at_breaks():
    from quellenlage.windows import text_windows

    text = mixed_text(30_000, seed=4) + "x" * 5_000
    windows = text_windows(text, 4_000)
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    assert all(a < b <= a + 4_000 for a, b in windows)
    assert all(w[1] == nxt[0] for w, nxt in zip(windows, windows[1:]))
    assert all(text[b - 1] == "\n" for _, b in windows[:-3])  # a line break was always near enough before the x run
    assert text_windows("kurz", 4_000) == [(0, 4)] and text_windows(text, None) == [(0, len(text))]


# ------------------------------------------------------------------------------------ tokens and sentences
def test_long_runs_without_space_are_tokenised_in_pieces_and_the_rest_as_before():
    from quellenlage.lang.tokens import MAX_RUN, blank, make_doc

    rng = random.Random(5)
    prose = "\n\n".join(" ".join(sentence(rng) for _ in range(6)) for _ in range(8))
    assert [t.text for t in make_doc(prose)] == [t.text for t in blank("de").make_doc(prose)]
    text = "Anfang " + "!?" * 1_500 + " Mitte " + "x" * 2_500 + " Ende."
    doc = make_doc(text)
    assert doc.text == text and all(text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
    assert max(len(t.text) for t in doc) <= MAX_RUN and doc[-1].text == "."


def test_a_sentence_without_end_is_cut_at_the_cap():
    from quellenlage.lang.sentences import MAX_SENTENCE_TOKENS
    from quellenlage.lang.tokens import make_doc

    doc = make_doc("und dann " * 500 + "kam sie, und " * 200 + "Schluss.")
    lengths = [len(s) for s in doc.sents]
    assert len(lengths) > 3 and max(lengths) <= MAX_SENTENCE_TOKENS
    ordinary = make_doc("Er kam. Sie ging, sagte sie, nach Hause. Dann war Ruhe.")
    assert [s.text for s in ordinary.sents] == ["Er kam.", "Sie ging, sagte sie, nach Hause.", "Dann war Ruhe."]


def test_hanta_never_analyses_an_overlong_word():
    from quellenlage.lang.mood import MAX_TAGGED_WORD, BoundedTagger

    seen = []

    class Fake:
        def tag_sent(self, words, taglevel=1):
            seen.extend(words)
            return [(w, w.lower(), "NN") for w in words]

        def analyze(self, word, taglevel=1):
            seen.append(word)
            return word.lower(), "NN"

    tagger = BoundedTagger(Fake())
    blob = "a" * 10_000
    assert tagger.tag_sent(["Er", blob])[1][0] == blob  # the caller's word comes back
    tagger.analyze(blob)
    assert max(len(w) for w in seen) == MAX_TAGGED_WORD


def test_an_age_that_is_no_number_is_no_error():
    article = build_article({"text": "Die Ministerin Anna Berger (²) sagte es. Thomas Keller (46) sagte es auch."}, "a.txt")
    annotations = analyse(article, Options(embedder="hash"))
    assert not annotations.errors


# ------------------------------------------------------------------------------------ position indexes
def test_position_indexes_answer_as_the_scans_they_replace():
    from types import SimpleNamespace

    from quellenlage.attribution.nesting import first_containers

    rng = random.Random(7)
    for _ in range(300):
        spans = sorted((s, s + rng.randint(0, 12)) for s in (rng.randint(0, 40) for _ in range(rng.randint(0, 10))))
        index, items = SpanIndex(spans), [SimpleNamespace(start=s, end=e) for s, e in spans]
        rng.shuffle(items)
        lookup = SpanLookup(items)
        for _ in range(10):
            a = rng.randint(-2, 45)
            b = a + rng.randint(0, 10)
            assert index.overlaps(a, b) == any(s < b and a < e for s, e in spans)
            assert index.contains(a, b) == any(s <= a and b <= e for s, e in spans)
            assert lookup.overlapping(a, b) == [x for x in items if x.start < b and a < x.end]
            assert lookup.inside(a, b) == [x for x in items if a <= x.start and x.end <= b]
            assert lookup.starting_in(a, b) == [x for x in items if a <= x.start < b]
        grown = SpanIndex()
        for s, e in sorted(spans, key=lambda _: rng.random()):
            grown.add(s, e)
        assert all(grown.overlaps(a, a + 3) == index.overlaps(a, a + 3) for a in range(-2, 45))
        owners = [(s, e, rng.randint(0, 5)) for s, e in spans]
        queries = [(q, q + rng.randint(0, 6), rng.choice([None, 1, 2])) for q in range(0, 45, 3)]
        expected = [min((o for s, e, o in owners if s <= x and y <= e and o != skip), default=None)
                    for x, y, skip in queries]
        assert first_containers(owners, queries) == expected
        ranges = [(k * 5, k * 5 + 4) for k in range(9)]
        keyed = [(i, s, e) for i, (s, e) in enumerate(spans)]
        assert group_by_ranges(ranges, keyed) == [[i for i, s, e in keyed if s < b and a < e and s < e]
                                                  for a, b in ranges]


@pytest.mark.parametrize("size", [0, 1])
def test_no_window_for_texts_that_fit(size):
    from quellenlage.windows import text_windows

    assert text_windows("a" * size, 100) == [(0, size)]
