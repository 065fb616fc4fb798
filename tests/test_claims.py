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


def test_anaphoric_denial_marks_denied_only_within_its_paragraph():
    claim = "Ein Mitarbeiter sagte der Zeitung, die Pumpe sei seit Wochen defekt gewesen."
    denial = "Geschäftsführer Max Muster weist die Vorwürfe zurück."
    same = annotate(claim + " " + denial)
    apart = annotate(claim + "\n\n" + denial)
    pump = lambda a: next(c for c in a.claims if "Pumpe" in c.text)  # noqa: E731
    assert pump(same).polarity == "denied"
    assert pump(apart).polarity == "affirmed"
    assert pump(apart).id in apart.denials[0].claim_ids  # still linked: the group shows the denial
    # A denial restating the content reaches over the paragraph break.
    b = annotate("Ein Mitarbeiter sagte der Zeitung, die Firma habe schon am Montag von dem Leck gewusst.\n\n"
                 "Die Firma bestreitet, von dem Leck vor Donnerstag gewusst zu haben.")
    assert next(c for c in b.claims if "am Montag" in c.text).polarity == "denied"


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


def test_caption_sentences_before_a_credit_and_verbless_lines_are_no_claims():
    text = ("Der Stadtrat tagte am Montag.\n\n"
            "Ein Löschzug vor der zerstörten Halle in Nordheim. Foto: Anzeiger/Max Muster\n\n"
            "Löschfahrzeuge vor der Halle am Stadtrand.\n\n"
            "Die Halle brannte am Dienstag vollständig aus.")
    got = texts(run(text))
    assert got == ["Der Stadtrat tagte am Montag.", "Die Halle brannte am Dienstag vollständig aus."]


def test_speaker_with_relative_clause_is_no_claim_and_the_content_is():
    a = run("Eine Anwohnerin, die anonym bleiben will, sagte der Zeitung, die Pumpe sei seit Wochen defekt gewesen.")
    assert texts(a) == ["die Pumpe sei seit Wochen defekt gewesen"]
    assert a.claims[0].chain[-1].label.startswith("Eine Anwohnerin")
    # Where the only "content" found is the speaker's own words, the sentence is the claim, with that source.
    b = run("Ein Mitarbeiter der Abteilung, der anonym bleiben möchte, sagte der Zeitung, es fehlten nicht zwei, "
            "sondern drei Millionen Euro.")
    assert len(b.claims) == 1 and "drei Millionen Euro" in b.claims[0].text
    assert b.claims[0].chain[-1].label.startswith("Ein Mitarbeiter") and b.claims[0].polarity == "affirmed"


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
    # Inability is a finding ("unable"), not the opposite of a claim.
    assert pol("Die Stadt ist nicht in der Lage, alle Häuser zu räumen.") == "affirmed"
    assert pol("Die Wehr war nicht mehr in der Lage, das Feuer allein zu löschen.") == "affirmed"
    # A trailing correction "X, nicht Y" affirms X; a verb after the comma keeps the negation of that clause out.
    assert pol("Nach Zählung der Behörde starben rund 300 Vögel, nicht 500.") == "affirmed"
    assert pol("Der Bürgermeister kam am Montag nicht zur Sitzung.") == "negated"


def test_negation_scope_english():
    assert pol("The bridge was not damaged in the crash.", "en") == "negated"
    assert pol("The city was not able to evacuate every house.", "en") == "affirmed"
    assert pol("The group supplies not only shells but also soldiers.", "en") == "affirmed"
    assert pol("The company, which did not pay taxes, was closed.", "en") == "affirmed"


# --- certainty: epistemic caveats -------------------------------------------------------------------------------
def test_could_not_prove_that_x_is_x_unverified_and_the_frame_a_negated_finding():
    a = run("Bislang konnten Journalisten jedoch nicht eindeutig beweisen, dass die Soldaten an der Front kämpfen.")
    assert len(a.claims) == 2
    frame, c = a.claims
    assert c.text == "dass die Soldaten an der Front kämpfen"
    assert c.certainty == "unverified" and c.polarity == "affirmed"
    assert [n.kind for n in c.chain] == ["outlet"]  # the journalists are not the source of X
    assert "nicht eindeutig beweisen" in c.certainty_cues[0].text
    # The outlet states that proof is lacking: that is its own negated, asserted claim.
    assert frame.text == "Bislang konnten Journalisten jedoch nicht eindeutig beweisen"
    assert frame.polarity == "negated" and frame.certainty == "asserted"


def test_open_question_has_no_frame_claim():
    a = run("Die Polizei konnte zunächst nicht sagen, ob der Fahrer verletzt wurde.")
    assert [c.text for c in a.claims] == ["ob der Fahrer verletzt wurde"]


def test_unclear_whether_x_is_unverified():
    a = run("Unklar ist bislang, ob das Werk im Sommer wieder öffnet.")
    assert [c.text for c in a.claims] == ["ob das Werk im Sommer wieder öffnet"]
    assert a.claims[0].certainty == "unverified" and a.claims[0].polarity == "affirmed"
    b = annotate("It is unclear whether the plant will reopen in the summer.", language="en")
    assert b.claims[0].text.startswith("whether the plant") and b.claims[0].certainty == "unverified"
    c = run("Ob bei dem Unfall Öl in den Bach gelangt ist, ist noch unklar.")
    assert c.claims[0].text.startswith("Ob bei dem Unfall") and c.claims[0].certainty == "unverified"


def test_not_proven_lowers_the_claim_and_is_not_a_negation():
    a = run("Der Einsatz der Truppen im Grenzgebiet ist bislang nicht eindeutig belegt.")
    assert a.claims[0].certainty == "unverified" and a.claims[0].polarity == "affirmed"
    b = run("Die Soldaten sollen im Grenzgebiet kämpfen. Das ist nicht bewiesen.")
    assert len(b.claims) == 1 and b.claims[0].certainty == "unverified"


# --- certainty: hedges, reported mood, meta sentences --------------------------------------------------------------
def test_obviously_is_no_hedge_and_seem_to_is_one():
    a = run("Die Ministerin sagte: „Offensichtlich müssen wir die Schulen besser ausstatten.“")
    assert a.claims[0].certainty == "reported"
    b = run("Nicht nur im Norden, sondern auch im Süden scheinen die Pegel wieder zu steigen.")
    assert b.claims[0].certainty == "hedged" and b.claims[0].certainty_cues[0].text == "scheinen"
    c = run("Die Sonne scheint am Wochenende über dem ganzen Land.")
    assert c.claims[0].certainty == "asserted"


def test_konjunktiv_main_verb_without_frame_is_reported():
    a = run("Der Wasserverband schlug Alarm.\n\nDoch damit nicht genug: Im Keller befänden sich weitere Fässer mit Öl.")
    c = next(c for c in a.claims if "Fässer" in c.text)
    assert c.certainty == "reported" and c.certainty_cues[0].text == "befänden"
    b = run("Die Anlage war seit Wochen defekt.\n\nDie Anlage sei seit Wochen defekt gewesen.")
    assert [c.certainty for c in b.claims] == ["asserted", "reported"]
    d = run("Ohne die Feuerwehr wäre das ganze Werk abgebrannt.")
    assert d.claims[0].certainty == "asserted"


def test_meta_sentence_flags_only_the_claims_it_is_about():
    a = run("Laut der Zeitung Morgenblatt sollen 500 Soldaten verlegt worden sein. "
            "Auch das Institut ISW vermutet, dass die Soldaten an der Grenze stehen. "
            "Laut dem Geheimdienst wurde ein neues Bataillon aufgestellt. "
            "Das Institut weist darauf hin, dass diese Angaben nicht unabhängig überprüft werden können.")
    cert = {c.text: c.certainty for c in a.claims}
    assert cert[next(t for t in cert if "Bataillon" in t)] == "unverified"
    assert cert[next(t for t in cert if "500 Soldaten" in t)] == "hedged"
    assert cert[next(t for t in cert if "an der Grenze" in t)] == "reported"
    # A run of sentences relaying one source is covered as a whole.
    b = run("Laut dem Geheimdienst wurde ein neues Bataillon aufgestellt. "
            "Laut dem Geheimdienst stehen die Soldaten an der Grenze. "
            "Diese Angaben ließen sich nicht unabhängig überprüfen.")
    assert [c.certainty for c in b.claims] == ["unverified", "unverified"]
    # The run goes on through a back reference ("die Frau") and a frame in Konjunktiv ("hätten ... hingewiesen").
    c = run("Eine Anwohnerin sagte der Zeitung, die Pumpe sei seit Wochen defekt gewesen. "
            "Mehrere Nachbarn hätten die Stadt darauf hingewiesen, passiert sei nichts. "
            "„Jeder wusste, dass das schiefgeht“, sagte die Frau. Diese Angaben ließen sich nicht unabhängig überprüfen.")
    cert = {c.text: c.certainty for c in c.claims}
    assert cert["die Pumpe sei seit Wochen defekt gewesen"] == "unverified"
    assert cert["passiert sei nichts"] == "unverified"


def test_claims_keep_mention_figure_and_time_ids():
    a = run("Am Montag wurden in Berlin 40 Autos beschädigt.")
    c = a.claims[0]
    assert c.figure_ids and c.time_ids and c.mention_ids
