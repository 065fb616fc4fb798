"""Figures: values, qualifiers, ranges, vague amounts, money/percent/units, what they count, and non-figures."""
from datetime import datetime

import pytest

from quellenlage.figures import figures_in_text
from quellenlage.figures.numbers import parse_digits, parse_number_word


def figs(text, lang="de"):
    return figures_in_text(text, lang)


def only(text, lang="de"):
    found = figs(text, lang)
    assert len(found) == 1, [f.text for f in found]
    return found[0]


def counts(text, f):
    return text[f.counts[0]:f.counts[1]] if f.counts else None


def pred(text, f):
    return text[f.predicate[0]:f.predicate[1]] if f.predicate else None


@pytest.mark.parametrize("s,lang,v", [
    ("10.000", "de", 10000), ("10 000", "de", 10000), ("1,5", "de", 1.5), ("10,000", "en", 10000),
    ("1.234,5", "de", 1234.5), ("1,234.5", "en", 1234.5), ("2.5", "en", 2.5),
])
def test_digit_separators(s, lang, v):
    assert parse_digits(s, lang) == v


@pytest.mark.parametrize("w,v", [("dreitausend", 3000), ("zweieinhalb", 2.5), ("anderthalb", 1.5),
                                 ("siebenundzwanzig", 27), ("zwölf", 12), ("two and a half", 2.5)])
def test_number_words(w, v):
    assert parse_number_word(w, "en" if " " in w else "de") == v


def test_qualifier_in_span_with_counts_and_predicate():
    t = "Seit Februar 2022 wurden mehr als 650.000 russische Soldaten getötet oder verwundet."
    f = only(t)
    assert f.text == "mehr als 650.000"
    assert (f.value, f.lower_bound, f.upper_bound, f.approximate, f.qualifier) == (650000, True, False, False, "mehr als")
    assert counts(t, f) == "russische Soldaten"
    assert pred(t, f) == "getötet"


@pytest.mark.parametrize("q,a,lo,hi", [("etwa", True, False, False), ("rund", True, False, False),
                                       ("fast", True, False, True), ("knapp", True, False, True),
                                       ("bis zu", False, False, True), ("mindestens", False, True, False),
                                       ("höchstens", False, False, True), ("über", False, True, False)])
def test_qualifiers(q, a, lo, hi):
    t = f"Die Armee schickte {q} 300 Soldaten."
    f = only(t)
    assert f.text == f"{q} 300"
    assert (f.approximate, f.lower_bound, f.upper_bound) == (a, lo, hi)


def test_korea_sentence_counts_modifiers_and_predicate():
    t = "Nordkorea hat etwa 10.000 nordkoreanische Soldaten nach Russland geschickt."
    f = only(t)
    assert f.value == 10000 and f.approximate
    assert counts(t, f) == "nordkoreanische Soldaten"
    assert pred(t, f) == "geschickt"


def test_range_and_scale_words():
    f = only("Zwei bis drei Millionen Menschen sind betroffen.")
    assert (f.low, f.high, f.value) == (2e6, 3e6, None)
    f = only("Zwischen 10.000 und 12.000 Soldaten seien entsandt worden.")
    assert (f.low, f.high) == (10000, 12000)


def test_vague_amounts():
    f = only("Mehrere tausend Menschen flohen.")
    assert f.kind == "vague" and (f.low, f.high) == (2000, 9999)
    f = only("Eine kleine Zahl von Soldaten wurde verlegt.")
    assert f.kind == "vague" and f.value is None and f.approximate
    t = "Dutzende Zivilisten wurden verletzt."
    f = only(t)
    assert f.kind == "vague" and counts(t, f) == "Zivilisten" and pred(t, f) == "verletzt"


def test_money_percent_units():
    f = only("Der Schaden liegt bei 1,5 Milliarden Euro.")
    assert (f.kind, f.value, f.unit) == ("money", 1.5e9, "EUR")
    f = only("The package is worth $2.5 billion.", "en")
    assert (f.kind, f.value, f.unit) == ("money", 2.5e9, "USD")
    f = only("Rund 40 Prozent der Befragten stimmten zu.")
    assert (f.kind, f.value, f.unit, f.approximate) == ("percent", 40, "%", True)
    f = only("Die Front ist 1.000 Kilometer lang.")
    assert (f.kind, f.value, f.unit) == ("measure", 1000, "km")


def test_bataillon_counts_mann():
    t = "Ein 3.000 Mann starkes Bataillon rückte vor."
    f = only(t)
    assert f.value == 3000 and counts(t, f) == "Mann"


@pytest.mark.parametrize("text", [
    "Der Sprecher (46) äußerte sich nicht.",
    "Die 11. Brigade rückte vor.",
    "Am 3. Oktober 2024 war Feiertag.",
    "Um 14.30 Uhr begann die Sitzung.",
    "Ein 34-jähriger Mann wurde festgenommen.",
    "Die Resolution 2231 wurde verletzt.",
    "Die Ukraine erhielt F-16 Kampfjets.",
    "Der Krieg dauert seit mehr als zweieinhalb Jahren.",
])
def test_not_figures(text):
    assert figs(text) == []


def test_english_counts():
    t = "More than 10,000 North Korean soldiers were sent to Russia."
    f = only(t, "en")
    assert f.lower_bound and f.value == 10000
    assert counts(t, f) == "North Korean soldiers"
    assert pred(t, f) == "sent"


def test_stage_spans_valid():
    from quellenlage.context import Options
    from quellenlage.model import Article, check_spans
    from quellenlage.pipeline import analyse

    text = "Nordkorea hat etwa 10.000 Soldaten geschickt. Am 3. Oktober kamen 200 weitere hinzu."
    art = Article(id="a", source="t", text=text, language="de", published=datetime(2024, 10, 16))
    ann = analyse(art, Options())
    assert [f.text for f in ann.figures] == ["etwa 10.000", "200"]
    assert ann.figures[0].counts.text == "Soldaten"
    assert check_spans(ann, {"a": text}) == []


def test_gold_set_meets_targets():
    from quellenlage.eval.figures import evaluate_file, DEFAULT_DATA, load

    assert sum(len(r["figures"]) for r in load(DEFAULT_DATA)) >= 150
    r = evaluate_file(DEFAULT_DATA)
    assert r["metrics"]["value+qualifier"]["f1"] >= 0.95
    assert r["counts_accuracy"] >= 0.90
