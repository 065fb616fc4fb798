"""Figures: values, qualifiers, ranges, vague amounts, money/percent/units, what they count, and non-figures."""
from datetime import datetime

import pytest

from quellenlage.figures import figures_in_text
from quellenlage.lang.number_words import parse_digits, parse_number_word


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


# ---------------------------------------------------------------- what a figure counts (category)

@pytest.mark.parametrize("text,lang,surface,category", [
    ("Bei dem Brand wurden 14 Mitarbeiter verletzt.", "de", "14", "people_injured"),
    ("Mindestens 30 Menschen sind verletzt worden.", "de", "Mindestens 30", "people_injured"),
    ("Die Feuerwehr zählte 14 verletzte Arbeiter.", "de", "14", "people_injured"),
    ("Es gab 3 Tote und 17 Verletzte.", "de", "3", "people_dead"),
    ("Es gab 3 Tote und 17 Verletzte.", "de", "17", "people_injured"),
    ("Zwei Arbeiter kamen ums Leben, 14 weitere wurden schwer verletzt.", "de", "Zwei", "people_dead"),
    ("Zwei Arbeiter kamen ums Leben, 14 weitere wurden schwer verletzt.", "de", "14", "people_injured"),
    ("Rund 300 Anwohner mussten evakuiert werden.", "de", "Rund 300", "people_evacuated"),
    ("Fast 1000 Fische verendeten im Kanal.", "de", "Fast 1000", "fish_dead"),
    ("Der Schaden wird auf rund 3 Millionen Euro geschätzt.", "de", "rund 3 Millionen Euro", "money_eur_damage"),
    ("Die Allianz schickt etwa 4000 Soldaten an die Grenze.", "de", "etwa 4000", "soldiers"),
    ("Mehr als 650.000 Soldaten wurden getötet oder verwundet.", "de", "Mehr als 650.000", "soldiers_casualties"),
    ("Drei Kinder wurden verletzt.", "de", "Drei", "children_injured"),
    ("At least 30 people were injured in the blast.", "en", "At least 30", "people_injured"),
    ("The company said 14 employees were injured and two workers died.", "en", "14", "people_injured"),
    ("The company said 14 employees were injured and two workers died.", "en", "two", "people_dead"),
    ("More than 200 residents were evacuated, over 12 were killed.", "en", "over 12", "people_dead"),
    ("Police said 45 people were arrested.", "en", "45", "people_arrested"),
])
def test_category_from_noun_class_and_predicate(text, lang, surface, category):
    f = next(f for f in figs(text, lang) if f.text == surface)
    assert f.category == category


@pytest.mark.parametrize("text,lang", [
    ("Rund 40 Prozent der Befragten stimmten zu.", "de"),   # a share: no count of a thing
    ("Die Halle bietet Platz für 300 Menschen.", "de"),     # people, but nothing happened to them
    ("Das Paket ist 3 Millionen Euro wert.", "de"),         # money with no topic the lexicon knows
    ("About 40 Russians came.", "en"),                      # a nationality: not determined
])
def test_category_not_determined(text, lang):
    assert [f.category for f in figs(text, lang)] == [None]


def test_injured_and_dead_are_different_categories():
    t = "30 Menschen wurden verletzt. 30 Menschen wurden getötet."
    assert [f.category for f in figs(t)] == ["people_injured", "people_dead"]


# ---------------------------------------------------------------- bounds in both languages

@pytest.mark.parametrize("q,a,lo,hi", [
    ("at least", False, True, False), ("more than", False, True, False), ("over", False, True, False),
    ("up to", False, False, True), ("some", True, False, False), ("about", True, False, False),
    ("nearly", True, False, True), ("almost", True, False, True)])
def test_english_bounds_mid_sentence_and_at_start_after_headline(q, a, lo, hi):
    for t in (f"Police said {q} 30 people were injured.", f"Blast at plant\n\n{q.capitalize()} 30 people were injured."):
        f = only(t, "en")
        assert f.text.lower() == f"{q} 30"
        assert (f.value, f.approximate, f.lower_bound, f.upper_bound) == (30, a, lo, hi)


@pytest.mark.parametrize("q,a,lo,hi", [
    ("mindestens", False, True, False), ("mehr als", False, True, False), ("über", False, True, False),
    ("bis zu", False, False, True), ("rund", True, False, False), ("etwa", True, False, False),
    ("knapp", True, False, True), ("fast", True, False, True)])
def test_german_bounds_at_sentence_start_after_headline(q, a, lo, hi):
    f = only(f"Explosion im Werk\n\n{q[0].upper() + q[1:]} 30 Menschen wurden verletzt.")
    assert (f.value, f.approximate, f.lower_bound, f.upper_bound) == (30, a, lo, hi)


# ---------------------------------------------------------------- corrections

def test_correction_marks_the_rejected_figure_and_gives_it_the_same_category():
    t = "Ein Sprecher sagte, nicht 14, sondern mindestens 30 Menschen seien verletzt worden."
    old, new = figs(t)
    assert (old.text, old.qualifier, old.category) == ("14", "corrected", "people_injured")
    assert (new.text, new.qualifier, new.lower_bound, new.category) == ("mindestens 30", "mindestens", True, "people_injured")


@pytest.mark.parametrize("text,lang,old,qualifier", [
    ("Es wurden 30 statt 14 Verletzte gezählt.", "de", "14", "corrected"),
    ("Statt der gemeldeten 14 seien 30 Menschen verletzt worden.", "de", "14", "corrected"),
    ("The police said not 14 but 30 people were injured.", "en", "14", "corrected"),
    ("Die Zahl der Verletzten stieg von 14 auf 30.", "de", "14", "previous"),
    ("Die Behörde korrigierte die Zahl der Verletzten von 14 auf 30.", "de", "14", "corrected"),
])
def test_corrected_and_previous_figures(text, lang, old, qualifier):
    found = figs(text, lang)
    assert [f.qualifier for f in found if f.text == old] == [qualifier]
    assert [f.qualifier for f in found if f.text == "30"] == [None]


def test_no_correction_in_plain_coordination():
    assert [f.qualifier for f in figs("Nicht nur 14 Menschen wurden verletzt, auch 3 Helfer.")] == [None, None]


# ---------------------------------------------------------------- whose figure it is (attribution link)

def _stage(text, lang="de", aid="a", outlet="Blatt"):
    from quellenlage.context import Options
    from quellenlage.model import Article
    from quellenlage.pipeline import analyse

    art = Article(id=aid, source="t", text=text, language=lang, outlet=outlet, published=datetime(2024, 5, 7))
    return art, analyse(art, Options(embedder="none"))


def test_figure_links_to_the_covering_attribution_and_its_chain():
    from quellenlage.figures.sources import link_sources

    text = ("Bei dem Unglück starben 3 Menschen. \"Wir haben 14 verletzte Mitarbeiter\", sagte Werksleiter "
            "Max Bauer.")
    _, ann = _stage(text)
    own, quoted = ann.figures
    chains = link_sources(ann.figures, ann.attributions, ann.claims)
    att = next(a for a in ann.attributions if any(c.start <= quoted.start < c.end for c in a.content))
    assert quoted.attribution_id == att.id and own.attribution_id is None
    assert chains[quoted.id][-1].label.endswith("Max Bauer")
    assert [n.kind for n in chains[own.id]] == ["outlet"]


def test_two_articles_injured_conflict_and_dead_agree_with_sources():
    """A: 14 injured employees (outlet's voice). B: the police correct it: not 14 but at least 30 people, in an
    attributed sentence. EN: at least 30 people injured. 14 vs >= 30 injured conflict; 2 dead agree; the
    corrected 14 is no side; B's side carries the police attribution's chain."""
    from quellenlage.crossdoc.figures import figure_inputs, reconcile_figures

    a, na = _stage("Bei einer Explosion im Werk Falkenau wurden 14 Mitarbeiter verletzt. Zwei Arbeiter kamen ums Leben.",
                   aid="a", outlet="Werksblatt")
    b, nb = _stage("Nach der Explosion im Werk Falkenau korrigierte die Polizei ihre Angaben. Nicht 14, sondern "
                   "mindestens 30 Menschen seien verletzt worden, sagte ein Polizeisprecher.", aid="b", outlet="Kreisbote")
    c, nc = _stage("At least 30 people were injured in the blast at the Falkenau plant. Two workers died.", "en",
                   aid="c", outlet="Valley Post")
    comps = reconcile_figures("s", figure_inputs([(a, na), (b, nb), (c, nc)]))
    by_cat = {x.sides[0].category: x for x in comps}
    assert set(by_cat) == {"people_injured", "people_dead"}
    injured, dead = by_cat["people_injured"], by_cat["people_dead"]
    assert injured.verdict == "conflict" and dead.verdict == "agree"
    assert {(s.article_id, s.span.text) for s in injured.sides} == {("a", "14"), ("b", "mindestens 30"), ("c", "At least 30")}
    assert all(s.category == "people_injured" for s in injured.sides)
    assert "in Kreisbote: 14 corrected to mindestens 30" in injured.note
    police = next(s for s in injured.sides if s.article_id == "b")
    fb = next(f for f in nb.figures if f.text == "mindestens 30")
    assert fb.attribution_id is not None and police.chain[-1].label != "Kreisbote"
    assert police.chain == next(x for x in nb.attributions if x.id == fb.attribution_id).chain
    assert [n.kind for n in next(s for s in injured.sides if s.article_id == "a").chain] == ["outlet"]


def test_correction_after_the_figure():
    t = "Nach Zählung der Firma seien rund 800 Fische verendet, nicht 1.200."
    new, old = figs(t)
    assert (old.text, old.qualifier, old.category) == ("1.200", "corrected", "fish_dead")
    assert (new.qualifier, new.category) == ("rund", "fish_dead")
    # a second number of something else is no correction
    assert [f.qualifier for f in figs("Es starben 800 Fische, nicht aber 12 Vögel.")] == [None, None]


@pytest.mark.parametrize("text,expected", [
    ("Drei Menschen wurden schwer verletzt, 14 weitere leicht verletzt.", ["people_injured", None]),  # an addition
    ("Bei dem Unfall wurden 3 Menschen verletzt, 2 davon schwer verletzt.", ["people_injured", None]),  # a part
])
def test_part_or_addition_of_a_count_is_not_a_total(text, expected):
    assert [f.category for f in figs(text)] == expected


def test_change_from_to_is_two_figures_not_a_range():
    found = figs("The death toll rose from 14 to 30 people.", "en")
    assert [(f.text, f.value, f.low, f.qualifier, f.category) for f in found] == [
        ("14", 14, None, "previous", "people_dead"), ("30", 30, None, None, "people_dead")]
    f = only("From 10 to 12 soldiers were sent.", "en")
    assert (f.low, f.high) == (10, 12)


# ---------------------------------------------------------------- what a reader compares: more categories

@pytest.mark.parametrize("text,lang,surface,category", [
    # a count of drones needs no event; "Flugobjekte" are drones too
    ("Laut Armee drangen sieben Drohnen über die Grenze vor.", "de", "sieben", "drones"),
    ("Nicht sieben, sondern 15 Flugobjekte waren in den Luftraum eingedrungen.", "de", "15", "drones"),
    ("The minister said 15 drones had crossed the border.", "en", "15", "drones"),
    ("Nach Angaben der Armee wurden drei Drohnen abgeschossen.", "de", "drei", "drones_downed"),
    # leaving one's home is an evacuation; treated people are the injured
    ("Etwa 250 Bewohner mussten ihre Häuser kurzzeitig verlassen.", "de", "Etwa 250", "people_evacuated"),
    ("Nearly 250 residents had to leave their homes.", "en", "Nearly 250", "people_evacuated"),
    ("Im Krankenhaus wurden 12 Menschen ambulant behandelt.", "de", "12", "people_injured"),
    # a quoted vague amount still counts the noun after the quote; infantrymen are soldiers
    ('Ein Offizier sagte, "Hunderte" ausländische Soldaten seien angekommen.', "de", "Hunderte", "soldiers"),
    ("Demnach wurden mehrere tausend Infanteristen in den Süden verlegt.", "de", "mehrere tausend", "soldiers"),
    # a length of a thing, not a distance
    ("Die beiden Staaten teilen eine etwa 500 Kilometer lange Grenze.", "de", "etwa 500 Kilometer", "length_border"),
    ("The two states share a border of some 500 kilometres.", "en", "some 500 kilometres", "length_border"),
    # money whose receipts are missing, in both languages and in a correction
    ("Für 3,1 Millionen Euro fehlen nach Angaben des Amts die Belege.", "de", "3,1 Millionen Euro", "money_eur_undocumented"),
    ("The audit found that EUR 3.1 million in spending was undocumented.", "en", "EUR 3.1 million", "money_eur_undocumented"),
    ("Er sagte, es fehlten nicht für 3,1 Millionen, sondern für 5 Millionen Euro die Nachweise.", "de", "5 Millionen Euro",
     "money_eur_undocumented"),
    ("Die Stadt erhielt 2 Millionen Euro Fördermittel.", "de", "2 Millionen Euro", "money_eur_subsidy"),
])
def test_more_categories(text, lang, surface, category):
    f = next(f for f in figs(text, lang) if f.text == surface)
    assert f.category == category


@pytest.mark.parametrize("text,lang,surface", [
    ("Der Stützpunkt liegt rund 60 Kilometer von der Grenze entfernt.", "de", "rund 60 Kilometer"),  # a distance
    ("Laut Armee drangen sieben Drohnen über die Grenze vor, zwei von ihnen wurden getroffen.", "de", "zwei"),  # a part
    ("Ein 2.000 Mann starkes Regiment wurde aufgestellt.", "de", "2.000"),  # the strength of a unit
])
def test_more_categories_not_determined(text, lang, surface):
    assert next(f for f in figs(text, lang) if f.text == surface).category is None


def test_correction_with_preposition_gives_the_old_figure_the_new_unit():
    t = "Der Insider sagte, es fehlten nicht für 3,1 Millionen, sondern für rund 5 Millionen Euro die Belege."
    old, new = figs(t)
    assert (old.text, old.qualifier, old.kind, old.unit) == ("3,1 Millionen", "corrected", "money", "EUR")
    assert (new.value, new.approximate, new.qualifier) == (5e6, True, "rund")


# ---------------------------------------------------------------- durations

@pytest.mark.parametrize("text,lang,surface,value,unit,approx", [
    ("Der Hafen stellte den Betrieb für rund vier Stunden ein, wie die Behörde mitteilte.", "de", "rund vier Stunden", 4, "h", True),
    ("The port was closed for about four hours, the authority said.", "en", "about four hours", 4, "h", True),
    ("Die Autobahn war zwei Tage lang gesperrt.", "de", "zwei Tage", 2, "d", False),
])
def test_duration_of_a_closure_is_a_figure(text, lang, surface, value, unit, approx):
    f = next(f for f in figs(text, lang) if f.kind == "measure")
    assert (f.text, f.value, f.unit, f.approximate, f.category) == (surface, value, unit, approx, "duration_closed")


@pytest.mark.parametrize("text,lang", [
    ("Die Verhandlungen dauern seit drei Jahren an.", "de"),
    ("Die Armee erhielt in den vergangenen zwei Wochen 36 Panzer.", "de"),
    ("Talks have gone on for three years.", "en"),
])
def test_other_durations_are_no_figures(text, lang):
    assert [f.kind for f in figs(text, lang) if f.kind == "measure"] == []
