"""Time expressions: extraction spans and TIMEX3-style values, news (anchored) and narrative modes."""
from datetime import date, datetime

import pytest

from quellenlage.time.tagger import tag

DCT = date(2024, 10, 16)  # a Wednesday


def one(text, dct=DCT, mode="news"):
    found = tag(text, dct, mode)
    assert found, f"nothing found in {text!r}"
    return found[0]


@pytest.mark.parametrize("text,surface,value,gran", [
    ("Am 19. Oktober 2024 begann die Offensive.", "19. Oktober 2024", "2024-10-19", "day"),
    ("Am 3. Oktober wurde gefeiert.", "3. Oktober", "2024-10-03", "day"),
    ("Im März 2022 zogen sie ab.", "März 2022", "2022-03", "month"),
    ("Das war 1944 so.", "1944", "1944", "year"),
    ("Die Truppen kamen am Samstag an.", "Samstag", "2024-10-12", "day"),
    ("Das geschah am Mittwoch.", "Mittwoch", "2024-10-16", "day"),
    ("Vergangene Woche wurde verhandelt.", "Vergangene Woche", "2024-W41", "week"),
    ("Er kam gestern zurück.", "gestern", "2024-10-15", "day"),
    ("Heute wird abgestimmt.", "Heute", "2024-10-16", "day"),
    ("Vor zwei Wochen begann der Angriff.", "Vor zwei Wochen", "2024-W40", "week"),
    ("Das Abkommen wurde am 3.10.2023 unterzeichnet.", "3.10.2023", "2023-10-03", "day"),
    ("Die Wahl ist im nächsten Jahr.", "nächsten Jahr", "2025", "year"),
    ("Das geschah im vergangenen Monat.", "vergangenen Monat", "2024-09", "month"),
    ("On Saturday, troops advanced.", "Saturday", "2024-10-12", "day"),
    ("It was signed on March 3, 2022.", "March 3, 2022", "2022-03-03", "day"),
])
def test_dates_resolved_against_publication(text, surface, value, gran):
    t = one(text)
    assert t.text == surface
    assert t.value == value
    assert t.granularity == gran


@pytest.mark.parametrize("text,surface,value,mod", [
    ("Ende des Jahres soll entschieden werden.", "Ende des Jahres", "2024", "END"),
    ("Mitte März kam es zu Kämpfen.", "Mitte März", "2024-03", "MID"),
    ("Anfang 2023 war das anders.", "Anfang 2023", "2023", "START"),
    ("Ab dem Jahreswechsel 2025 gilt die Regel.", "Jahreswechsel 2025", "2025", "START"),
])
def test_parts_of_periods(text, surface, value, mod):
    t = one(text)
    assert (t.text, t.value, t.modifier) == (surface, value, mod)


def test_season_with_and_without_year():
    assert one("Im Frühjahr griffen sie an.").value == "2024-SP"
    assert one("Im Herbst 1940 war es vorbei.").value == "1940-FA"


@pytest.mark.parametrize("text,surface,value,mod", [
    ("Der Krieg dauert seit mehr als zweieinhalb Jahren.", "mehr als zweieinhalb Jahren", "P2Y6M", "MORE_THAN"),
    ("Die Belagerung dauerte drei Tage.", "drei Tage", "P3D", None),
    ("Sie verhandelten anderthalb Jahre.", "anderthalb Jahre", "P1Y6M", None),
    ("Etwa 40 Minuten lang wurde geschossen.", "Etwa 40 Minuten", "PT40M", "APPROX"),
])
def test_durations(text, surface, value, mod):
    t = one(text)
    assert (t.text, t.type, t.value, t.modifier) == (surface, "duration", value, mod)


def test_seit_keeps_the_date_without_the_preposition():
    t = one("Seit Februar 2022 herrscht Krieg.")
    assert (t.text, t.value) == ("Februar 2022", "2022-02")


def test_future_reference():
    t = one("In den nächsten Wochen soll geliefert werden.")
    assert t.value == "FUTURE_REF"


def test_unresolved_without_publication_date_but_extracted():
    found = tag("Am Samstag und am 3. Oktober wurde gekämpft, vergangene Woche auch.", None, "news")
    values = {t.text: t.value for t in found}
    assert values["Samstag"] == "XXXX-WXX-6"
    assert values["3. Oktober"] == "XXXX-10-03"
    assert "vergangene Woche" in values and values["vergangene Woche"] is None
    assert not any(t.anchored for t in found)


def test_narrative_uses_last_mentioned_date():
    text = "Am 1. September 1939 begann der Krieg. Zwei Tage später erklärten sie den Krieg. Am 17. September folgte der Einmarsch."
    found = tag(text, date(2011, 2, 16), "narrative")
    assert [t.value for t in found] == ["1939-09-01", "1939-09-03", "1939-09-17"]


def test_counts_are_not_years():
    found = tag("Die Armee schickte 2000 Soldaten und 1500 Panzer.", DCT)
    assert found == []


def test_ranges_and_bc():
    found = tag("Die Perserkriege (499–449 v. Chr.) und der Krieg 1926–28.", None, "narrative")
    values = [t.value for t in found]
    assert "BC0449" in values and "1926" in values and "1928" in values


def test_time_of_day_and_daypart():
    found = tag("Am 22. Juni 1941 um 4:15 Uhr begann der Angriff.", None, "narrative")
    assert [t.value for t in found] == ["1941-06-22", "1941-06-22T04:15"]


def test_stage_produces_valid_spans():
    from quellenlage.context import Options
    from quellenlage.model import Article, check_spans
    from quellenlage.pipeline import analyse

    text = "Am Samstag griffen Truppen an. Vergangene Woche wurde verhandelt."
    art = Article(id="a", source="t", text=text, language="de", published=datetime(2024, 10, 16, 9, 0))
    ann = analyse(art, Options())
    assert [t.value for t in ann.times] == ["2024-10-12", "2024-W41"]
    assert all(t.anchored for t in ann.times)
    assert check_spans(ann, {"a": text}) == []


def test_timeline_orders_claims_with_resolved_times():
    from quellenlage.context import Options
    from quellenlage.crossdoc.timeline import build_timeline, sort_key
    from quellenlage.model import Article
    from quellenlage.pipeline import analyse

    t1 = "Am Samstag griffen Truppen die Stadt an. Im März 2022 hatte die Offensive begonnen."
    t2 = "Vergangene Woche wurden nach Angaben des Ministeriums 1.200 Soldaten getötet."
    a1 = Article(id="a1", source="t", text=t1, language="de", outlet="Blatt A", published=datetime(2024, 10, 16))
    a2 = Article(id="a2", source="t", text=t2, language="de", outlet="Blatt B", published=datetime(2024, 10, 16))
    anns = [analyse(a, Options()) for a in (a1, a2)]
    if not any(ann.claims for ann in anns):
        pytest.skip("claims stage produced no claims")
    events = build_timeline([a1, a2], anns)
    whens = [e.when for e in events]
    assert whens == sorted(whens, key=sort_key)
    assert "2022-03" in whens and whens[0] == "2022-03"
    assert {e.outlet for e in events} <= {"Blatt A", "Blatt B"}
    assert all(e.time_span.start >= 0 and e.span.start <= e.time_span.start for e in events)
    assert sort_key("2024-W41") < sort_key("2024-10-12") < sort_key("2024-10-19")
