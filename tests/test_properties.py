"""Property-based tests (hypothesis) of what must hold for every input (issue 18):
- the readers: any bytes in any supported file, any JSON line, any front matter give articles or error records,
  never an exception, and every input is accounted for (one record per file or line, each ok, duplicate or error);
- span validity: any text through the whole analysis gives annotations whose every span slices back to its text,
  whole or in windows, and no stage fails.
"""
import json
import os
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from quellenlage.context import Options
from quellenlage.ingest import build_article, read_inputs
from quellenlage.ingest.decode import InputError
from quellenlage.model import check_spans
from quellenlage.pipeline import analyse

# A few seconds in CI; QUELLENLAGE_PROPERTY_EXAMPLES=2000 for a longer hunt.
_MORE = int(os.environ.get("QUELLENLAGE_PROPERTY_EXAMPLES", "0"))
READERS = settings(max_examples=_MORE or 60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
ANALYSIS = settings(max_examples=_MORE or 40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
STATUSES = {"ok", "duplicate", "error"}
FIELDS = ["text", "title", "url", "outlet", "published", "author", "language", "id"]
GOOD = "Die Feuerwehr meldete am Montag 40 Einsatzkräfte am Hafen. Die Lage sei ruhig, sagte ein Sprecher."


def read(name: str, data: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return read_inputs([str(path)])


def accounted(articles, records) -> None:
    assert records and all(r.status in STATUSES for r in records)
    assert all(r.message and r.error_kind for r in records if r.status == "error")
    ok = [r.article_id for r in records if r.status == "ok"]
    assert ok == [a.id for a in articles]
    assert len({r.source for r in records}) == len(records)  # one record per input, each its own
    for a in articles:
        assert check_spans(a.flagged, {a.id: a.text}) == []


# ------------------------------------------------------------------------------------ readers
@READERS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".html", ".htm", ".jsonl", ".json"]))
def test_any_bytes_in_any_file_give_an_article_or_an_error_record(data, suffix):
    articles, records = read("input" + suffix, data)
    accounted(articles, records)
    if suffix not in (".jsonl", ".json"):
        assert len(records) == 1


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), inner,
                                                                max_size=5),
    max_leaves=12)
ARTICLE_LIKE = st.fixed_dictionaries({"text": st.text(max_size=200) | JSON},
                                     optional={f: JSON for f in FIELDS if f != "text"})


@READERS
@given(value=JSON | ARTICLE_LIKE)
def test_any_json_line_is_one_record_and_the_lines_around_it_stay(value):
    line = json.dumps(value)  # NaN and Infinity as JavaScript writes them, too
    lines = [json.dumps({"text": GOOD}), line, json.dumps({"text": GOOD + " Zwei."})]
    articles, records = read("feed.jsonl", "\n".join(lines).encode("utf-8"))
    accounted(articles, records)
    assert [r.source.rsplit("#", 1)[1] for r in records] == ["1", "2", "3"]
    assert records[0].status == "ok" and records[2].status == "ok"


YAML_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
    | st.dates(min_value=date(1, 1, 1)) | st.datetimes(timezones=st.just(timezone.utc)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8)


@READERS
@given(fields=st.dictionaries(st.sampled_from(FIELDS[1:]) | st.text(max_size=8), YAML_VALUE, max_size=6),
       body=st.sampled_from([GOOD, "", "   \n", "---\n", "﻿"]))
def test_any_front_matter_gives_one_record(fields, body):
    front = yaml.safe_dump(fields, allow_unicode=True)
    articles, records = read("note.md", f"---\n{front}---\n{body}\n".encode("utf-8"))
    accounted(articles, records)
    assert len(records) == 1
    if body == GOOD:
        assert records[0].status == "ok" and articles[0].text.startswith("Die Feuerwehr")
    for a in articles:
        assert a.published is None or isinstance(a.published, datetime)


@READERS
@given(front=st.text(max_size=300))
def test_any_front_matter_text_gives_one_record(front):
    articles, records = read("raw.md", f"---\n{front}\n---\n{GOOD}\n".encode("utf-8", "surrogatepass"))
    accounted(articles, records)
    assert len(records) == 1


# ------------------------------------------------------------------------------------ span validity
WORDS = ["Die", "Polizei", "sagte", "am", "Montag", ",", ".", "„", "“", "\"", "»", "«", "(", ")", "12", "3.",
         "1.000", "2024", "seien", "er", "sie", "bestreitet", "nicht", "–", "Mio.", "Euro", "%", "laut", "dass",
         "Anna", "Berger", "(46)", "Dr.", "!", "?", "…", ":", "Foto:", "Lesen Sie auch", "sagte der Sprecher",
         "Sprecherin", "zufolge", "wies", "zurück", "Vorwürfe", "rund", "Menschen", "verletzt", "said", "police"]
PIECE = (st.sampled_from(WORDS) | st.text(min_size=1, max_size=6)
         | st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=3))
TEXT = st.lists(st.tuples(PIECE, st.sampled_from(["", " ", " ", " ", "\n", "\n\n", "\u00a0"])), min_size=1,
                max_size=250).map(lambda parts: "".join(p + sep for p, sep in parts))


@ANALYSIS
@given(text=TEXT, window=st.sampled_from([100_000, 1_000]), language=st.sampled_from([None, "de", "en"]))
def test_every_span_of_any_text_slices_back(text, window, language):
    try:
        article = build_article({"text": text}, "any.txt", language=language)
    except InputError:
        assume(False)  # blank or unreadable text: the readers' tests cover that it is an error record
    annotations = analyse(article, Options(embedder="hash", window_chars=window))
    assert annotations.errors == []
    assert check_spans(annotations, {article.id: article.text}) == []
    ids = [x.id for name in ("mentions", "attributions", "claims", "denials", "figures", "times")
           for x in getattr(annotations, name)]
    assert len(ids) == len(set(ids))
