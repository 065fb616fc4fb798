from tests.conftest import annotate
from quellenlage.model import check_spans


def run(text):
    a = annotate(text)
    assert check_spans(a, {"t1": text}) == []
    return a


def test_outlet_voice_and_reported_claims():
    a = run("Der Bürgermeister eröffnete am Montag die neue Brücke. Die Polizei sagte, der Fahrer sei geflohen.")
    assert a.claims[0].certainty == "asserted" and [n.kind for n in a.claims[0].chain] == ["outlet"]
    assert a.claims[1].certainty == "reported" and a.claims[1].chain[1].label == "Die Polizei"


def test_hedged_and_negated():
    a = run("Der Täter soll über die Grenze geflohen sein. Die Brücke wurde nicht beschädigt.")
    assert a.claims[0].certainty == "hedged" and a.claims[0].certainty_cues[0].text == "soll"
    assert a.claims[1].polarity == "negated"


def test_unverified_in_neighbouring_sentence():
    a = run("Die Zeitung Morgenblatt berichtete, dass Truppen verlegt worden seien. "
            "Die Angaben ließen sich nicht unabhängig überprüfen.")
    assert a.claims[0].certainty == "unverified"
    assert all("überprüfen" not in c.text for c in a.claims)


def test_denial_links_to_previous_claim():
    a = run("Die Zeitung Morgenblatt berichtete, dass Truppen verlegt worden seien. "
            "Das Ministerium wies die Berichte als Propaganda zurück.")
    d = a.denials[0]
    assert d.denier.text == "Das Ministerium" and d.target.text == "die Berichte" and not d.negated
    assert d.claim_id == a.claims[0].id and a.claims[0].polarity == "denied"


def test_negated_denial_is_not_a_denial():
    a = run("Der Sprecher bestreitet nicht, dass es Verluste gab.")
    d = a.denials[0]
    assert d.negated and d.claim_id is None
    assert all(c.polarity != "denied" for c in a.claims)


def test_denial_as_label():
    a = run("Der Kreml bezeichnete den Bericht als Provokation.")
    assert a.denials and a.denials[0].denier.text == "Der Kreml"


def test_headline_question_skipped():
    a = run("Was wusste die Regierung?\nDie Regierung hat die Pläne am Montag vorgestellt.")
    assert all(not c.text.endswith("?") for c in a.claims)


def test_two_unverifiable_notes_in_a_row_do_not_break_claims():
    # The second note looks back over the first (already dropped as a meta sentence).
    ann = annotate("Laut der Polizei wurden 40 Autos beschädigt. Diese Angaben konnten nicht unabhängig überprüft "
                   "werden. Diese Angaben konnten nicht unabhängig überprüft werden. Der Markt bleibt geschlossen.")
    assert not ann.errors
    by_text = {c.text: c for c in ann.claims}
    damaged = next(c for t, c in by_text.items() if "40 Autos" in t)
    assert damaged.certainty == "unverified"
    assert not any("überprüft" in t for t in by_text)


def test_denial_negated_at_clause_end_is_not_a_denial():
    ann = annotate("Der Minister bestreitet die Lieferung der Panzer nicht und verweist auf frühere Verträge.")
    assert ann.denials and all(d.negated for d in ann.denials)
    assert all(d.claim_id is None for d in ann.denials)
    assert not any(c.polarity == "denied" for c in ann.claims)


def test_plain_denial_still_counts():
    ann = annotate("Laut der Zeitung lieferte die Firma Waffen. Die Firma bestreitet die Lieferung entschieden.")
    assert any(not d.negated for d in ann.denials)
