from quellenlage.lang.mood import word_mood
from quellenlage.lang.tokens import make_doc
from quellenlage.lang.mood import token_mood


def moods(text):
    doc = make_doc(text, "de")
    return {t.text: token_mood(t) for t in doc}


def test_konjunktiv_one_forms():
    m = moods("Er sagte, die Lage sei ernst und man habe keine Wahl, es gebe Hoffnung.")
    assert m["sei"] == "sub1" and m["habe"] == "sub1" and m["gebe"] == "sub1"
    assert m["sagte"] == "ind"


def test_first_person_is_indicative():
    m = moods("Ich habe das gesehen und ich werde kommen.")
    assert m["habe"] == "ind" and m["werde"] == "ind"


def test_konjunktiv_two_and_adjectives():
    m = moods("Das wäre eine große Hilfe, sagte die neue Ministerin.")
    assert m["wäre"] == "sub2"
    assert m["große"] is None and m["neue"] is None


def test_generic_e_form_verb():
    assert word_mood("plane", "er", "einen") == "sub1"
    assert word_mood("keine", "es", "Lösung") is None
