"""Boilerplate flags: consent blocks, link lists, ads, share prompts, teasers, duplicate lines."""
from quellenlage.clean import find_boilerplate

TEXT = """Brand in Oberfeld: Halle zerstört
Die Feuerwehr war mit 80 Kräften im Einsatz. Verletzt wurde niemand. Nun wird ermittelt - hier mehr:
Empfohlener externer Inhalt Wir benötigen Ihre Einwilligung, um den eingebundenen Inhalt anzuzeigen. Damit können personenbezogene Daten an Drittplattformen übermittelt werden.
Anzeige
Die Polizei schätzt den Schaden auf eine Million Euro.
Artikel teilen
Mehr zum Thema
- Oberfeld: Neue Wache eröffnet
- Feuerwehr sucht Nachwuchs
Die Polizei schätzt den Schaden auf eine Million Euro.
"""


def test_each_kind_of_boilerplate_is_flagged_with_reason():
    spans = find_boilerplate("a", TEXT)
    reasons = {s.reason: s for s in spans}
    assert set(reasons) == {"teaser", "consent", "advertisement", "share_prompt", "read_more", "duplicate_line"}
    assert reasons["teaser"].text == "Nun wird ermittelt - hier mehr:"
    assert reasons["read_more"].text.endswith("Feuerwehr sucht Nachwuchs")
    assert reasons["advertisement"].text == "Anzeige"
    for s in spans:
        assert TEXT[s.start:s.end] == s.text


def test_duplicate_flags_second_copy_only():
    spans = [s for s in find_boilerplate("a", TEXT) if s.reason == "duplicate_line"]
    assert len(spans) == 1 and spans[0].start > TEXT.index("Mehr zum Thema")


def test_plain_news_text_is_not_flagged():
    text = "Die Stadt teilte mit, die Straße bleibe gesperrt. Mehr als 300 Anwohner sind betroffen.\nDer Bürgermeister will am Montag informieren."
    assert find_boilerplate("a", text) == []
