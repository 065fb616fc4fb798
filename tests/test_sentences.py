"""Sentence boundaries with German abbreviations, ordinals, dates and quotes."""
from quellenlage.lang.tokens import make_doc


def sents(text):
    return [s.text.strip() for s in make_doc(text).sents]


def test_abbreviations_ordinals_and_dates_do_not_split():
    assert sents("Am 3. Oktober sprach Dr. Keller vor 1,5 Mio. Zuschauern. Danach ging er.") == [
        "Am 3. Oktober sprach Dr. Keller vor 1,5 Mio. Zuschauern.", "Danach ging er."]
    assert sents("Die 11. Brigade kam am 12.10.2024 an. Sie blieb z. B. zwei Tage.") == [
        "Die 11. Brigade kam am 12.10.2024 an.", "Sie blieb z. B. zwei Tage."]


def test_year_at_sentence_end_and_quotes():
    assert sents("Das war im Jahr 2024. Dann kam die Wende.") == ["Das war im Jahr 2024.", "Dann kam die Wende."]
    assert sents("„Wir sind bereit.“ Das sagte sie. „Wer?“, fragte er.") == [
        "„Wir sind bereit.“", "Das sagte sie.", "„Wer?“, fragte er."]


def test_line_breaks_end_headlines():
    assert sents("Brand in Oberfeld\nDie Feuerwehr kam.") == ["Brand in Oberfeld", "Die Feuerwehr kam."]
