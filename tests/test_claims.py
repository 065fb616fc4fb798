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


# --- claim units -------------------------------------------------------------------------------------------------
def texts(a):
    return [c.text for c in a.claims]


def test_headline_is_kept_and_marked():
    text = "Stadtrat beschließt neues Bad\nDer Stadtrat hat am Montag den Bau eines neuen Hallenbads beschlossen."
    a = annotate(text, title="Stadtrat beschließt neues Bad")
    head = [c for c in a.claims if c.headline]
    assert [c.text for c in head] == ["Stadtrat beschließt neues Bad"]
    assert not any(c.headline for c in a.claims if c.start > 30)


def test_crosshead_caption_and_label_lines_are_no_claims():
    text = ("Der Stadtrat hat am Montag den Bau eines neuen Hallenbads beschlossen.\n\n"
            "Kosten für die Stadt\n\n"
            "Das Bad soll nach Angaben der Verwaltung rund zwölf Millionen Euro kosten.\n"
            "Foto: Stadtverwaltung / Max Muster\n"
            "Verband der Schwimmvereine Nordbaden\n"
            "Der Bau beginnt im Frühjahr.")
    a = run(text)
    got = texts(a)
    assert not any("Kosten für die Stadt" in t for t in got)
    assert not any("Foto" in t for t in got)
    assert not any("Schwimmvereine" in t for t in got)
    assert any(t.startswith("Der Stadtrat hat") for t in got) and any("Bau beginnt" in t for t in got)


def test_short_quoted_fragment_attaches_to_its_sentence():
    a = run("Die Ministerin sprach von „einer schweren Krise“ im Gesundheitswesen.")
    assert texts(a) == ["Die Ministerin sprach von „einer schweren Krise“ im Gesundheitswesen."]
    assert a.claims[0].chain[-1].label == "Die Ministerin"


def test_attribution_only_sentence_moves_its_source_onto_the_claim_before():
    a = run("Das Feuer brach kurz nach sechs Uhr in einer Lagerhalle aus. "
            "Das sagte der Sprecher der Kreisfeuerwehr, Max Müller, dem Anzeiger.")
    assert texts(a) == ["Das Feuer brach kurz nach sechs Uhr in einer Lagerhalle aus."]
    c = a.claims[0]
    assert c.chain[-1].label == "der Sprecher der Kreisfeuerwehr, Max Müller" and c.certainty == "reported"
    b = run("Die Messwerte lagen über dem Grenzwert. Das teilte das Landesumweltamt am Montag mit.")
    assert texts(b) == ["Die Messwerte lagen über dem Grenzwert."] and b.claims[0].chain[-1].label == "das Landesumweltamt"


def test_attribution_only_sentence_does_not_override_a_named_source():
    a = run("Der Bürgermeister sagte, die Brücke sei sicher. Das sagte auch der Landrat dem Blatt.")
    assert len(a.claims) == 1 and a.claims[0].chain[-1].label == "Der Bürgermeister"


def test_attribution_only_sentence_english():
    a = annotate("The river rose by two metres overnight. That is what the mayor told reporters.", language="en")
    assert [c.text for c in a.claims] == ["The river rose by two metres overnight."]
    assert a.claims[0].chain[-1].label == "the mayor" and a.claims[0].certainty == "reported"


def test_halves_around_a_source_phrase_are_one_claim():
    a = run("Die Zahl der Toten stieg, wie die Polizei mitteilte, auf zwölf.")
    assert texts(a) == ["Die Zahl der Toten stieg, wie die Polizei mitteilte, auf zwölf."]
    assert a.claims[0].chain[-1].label == "die Polizei" and a.claims[0].certainty == "reported"
    b = run("Die Täter, sagte der Sprecher, seien über die Grenze geflohen.")
    assert len(b.claims) == 1 and b.claims[0].chain[-1].label != "outlet"


def test_frame_at_the_end_keeps_the_content_as_claim():
    a = run("Die Brücke sei sicher, sagte der Minister am Montag.")
    assert texts(a) == ["Die Brücke sei sicher"]


def test_quote_over_two_sentences_gives_two_attributed_claims():
    a = run("Die Ministerin sagte: „Wir haben die Lage im Griff. Die Schulen bleiben geöffnet.“")
    assert len(a.claims) == 2
    assert all(c.chain[-1].label == "Die Ministerin" for c in a.claims)
    assert "Schulen bleiben" in a.claims[1].text


# --- polarity ----------------------------------------------------------------------------------------------------
def pol(text, language="de"):
    a = annotate(text, language=language)
    assert a.claims, text
    return a.claims[0].polarity


def test_negation_scopes_over_the_main_predicate_only():
    assert pol("Die Brücke wurde bei dem Unfall nicht beschädigt.") == "negated"
    assert pol("Die Polizei fand am Tatort keine Spuren.") == "negated"
    assert pol("Die Firma, die keine Steuern zahlte, wurde geschlossen.") == "affirmed"
    assert pol("Es ging nicht nur um Waffen, sondern um Soldaten.") == "affirmed"
    assert pol("Es geht nicht mehr nur um Geld; es geht um Menschenleben.") == "affirmed"
    assert pol("Die Zahl der Opfer liegt nicht bei vierzehn, sondern bei mindestens dreißig.") == "affirmed"
    assert pol("Der Sender berief sich auf eine nicht näher genannte Quelle im Ministerium.") == "affirmed"
    assert pol("Der Vorfall im Werk war kein Einzelfall.") == "affirmed"
    assert pol("Dabei spielte das Wetter keine geringe Rolle.") == "affirmed"
    assert pol("Mehr als hundert Häuser wurden beschädigt, und die Stadt ist nicht in der Lage, alle zu räumen.") == "affirmed"
    assert pol("Die Stadt ist nicht in der Lage, alle Häuser zu räumen.") == "negated"


def test_negation_scope_english():
    assert pol("The bridge was not damaged in the crash.", "en") == "negated"
    assert pol("The group supplies not only shells but also soldiers.", "en") == "affirmed"
    assert pol("The company, which did not pay taxes, was closed.", "en") == "affirmed"


# --- certainty: epistemic caveats -------------------------------------------------------------------------------
def test_could_not_prove_that_x_is_x_unverified_not_asserted():
    a = run("Bislang konnten Journalisten jedoch nicht eindeutig beweisen, dass die Soldaten an der Front kämpfen.")
    assert len(a.claims) == 1
    c = a.claims[0]
    assert c.text == "dass die Soldaten an der Front kämpfen"
    assert c.certainty == "unverified" and c.polarity == "affirmed"
    assert [n.kind for n in c.chain] == ["outlet"]  # the journalists are not the source of X
    assert "nicht eindeutig beweisen" in c.certainty_cues[0].text


def test_unclear_whether_x_is_speculative():
    a = run("Unklar ist bislang, ob das Werk im Sommer wieder öffnet.")
    assert [c.text for c in a.claims] == ["ob das Werk im Sommer wieder öffnet"]
    assert a.claims[0].certainty == "speculative" and a.claims[0].polarity == "affirmed"
    b = annotate("It is unclear whether the plant will reopen in the summer.", language="en")
    assert b.claims[0].text.startswith("whether the plant") and b.claims[0].certainty == "speculative"


def test_not_proven_lowers_the_claim_and_is_not_a_negation():
    a = run("Der Einsatz der Truppen im Grenzgebiet ist bislang nicht eindeutig belegt.")
    assert a.claims[0].certainty == "unverified" and a.claims[0].polarity == "affirmed"
    b = run("Die Soldaten sollen im Grenzgebiet kämpfen. Das ist nicht bewiesen.")
    assert len(b.claims) == 1 and b.claims[0].certainty == "unverified"


def test_claims_keep_mention_figure_and_time_ids():
    a = run("Am Montag wurden in Berlin 40 Autos beschädigt.")
    c = a.claims[0]
    assert c.figure_ids and c.time_ids and c.mention_ids
