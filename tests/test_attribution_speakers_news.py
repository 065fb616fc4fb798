"""Speakers of German news attributions: who the rules name as the speaker in constructions where they used to
miss them or name the wrong words (see the speaker error classes of the quotation evaluation).

The attributions are read with the rules alone (`rules.extract` on the stages before attribution). Every
sentence is written for these tests.
"""
from __future__ import annotations

from tests.conftest import rule_atts


def speakers(text: str) -> list[tuple[str, str | None]]:
    """(type, speaker text) of every attribution, in text order."""
    return [(a.type, a.speaker.text if a.speaker else None) for a in rule_atts(text)]


def test_subject_between_auxiliary_and_participle_with_bracket():
    # "(Grüne)" right before the participle used to cut the clause: the auxiliary was not found.
    assert speakers("Im Streit um die Mieten hat Stadträtin Lena Probe (SPD) verlangt, große Vermieter "
                    "stärker zu prüfen.") == [("indirect", "Stadträtin Lena Probe (SPD)")]


def test_subject_with_apposition_between_auxiliary_and_participle():
    assert speakers("Am Dienstag hatte eine Sprecherin der Gewerkschaft, Jana Vogt, betont, der Streik werde "
                    "weitergehen.") == [("indirect", "eine Sprecherin der Gewerkschaft, Jana Vogt")]
    # the prepositional attribute keeps its article: "die Beauftragte für den Umbau"
    assert speakers("Noch vor einer Woche hatte die Beauftragte für den Umbau, Petra Lang, zugesagt, die Pläne "
                    "offen vorzulegen.") == [("indirect", "die Beauftragte für den Umbau, Petra Lang")]


def test_comma_of_a_fronted_content_is_no_apposition():
    # the auxiliary of the content clause is not the speech verb's auxiliary
    assert speakers("Der Abend blieb ruhig. Bis zum Ende der Messe seien die Bilder in einem Saal gezeigt worden, "
                    "schreibt das örtliche Tageblatt.") == [("indirect", "das örtliche Tageblatt")]


def test_prepositional_vorfeld_with_relative_clause_is_no_subject():
    assert speakers("In der Diskussion um Schulen, die seit Wochen läuft, hat Stadträtin Lena Probe (SPD) "
                    "verlangt, mehr Lehrer einzustellen.") == [
        ("indirect", "Stadträtin Lena Probe (SPD)")]


def test_vorfeld_adverb_is_no_speaker():
    assert speakers("Insgesamt spricht die Feuerwehr von deutlich weniger Einsätzen.") == [("reported", "die Feuerwehr")]
    assert speakers("Offiziell sagt der Konzern, man zahle den Beschäftigten faire Löhne.") == [
        ("indirect", "der Konzern")]


def test_age_noun_in_lower_case_is_a_speaker():
    assert speakers("Am Freitag sagte der 67-jährige in einem Gespräch, dass der Hund nichts gehört habe.") == [
        ("indirect", "der 67-jährige")]


def test_object_es_before_the_subject():
    assert speakers("Als dringende Pflicht der Stadt sah es Brandt an, die alte Brücke rasch zu "
                    "sanieren.") == [("indirect", "Brandt")]


def test_leading_source_phrase_takes_the_sentence_with_a_speech_verb_in_it():
    # the verb is part of what the authority says; the woman is talked about
    assert speakers("Nach Angaben der Behörde habe die Frau Plakate geklebt und gefordert, gegen den Bau "
                    "vorzugehen.") == [("source_phrase", "Angaben der Behörde")]


def test_participle_listed_with_its_particle():
    # "abgelehnt", "zugesagt" are listed with their particle: the lexicon must not join it twice
    assert speakers("Der Verband hat gestern abgelehnt, die Beiträge zu erhöhen.") == [("indirect", "Der Verband")]


def test_separated_particle_after_an_apposition():
    assert speakers("Gestern gab die Chefin des Bauamts, Ulrike Sand, bekannt, dass die Halle geschlossen "
                    "bleibt.") == [("indirect", "die Chefin des Bauamts, Ulrike Sand")]


def test_last_of_coordinated_main_clauses_has_its_own_subject():
    assert speakers("Das Gericht wies die Klage als unbegründet ab, und der Mieterbund forderte die Stadt "
                    "auf, die Kosten zu senken.") == [("indirect", "der Mieterbund")]
    # a coordinated subject without a comma is one subject (read from its start)
    assert speakers("Die Ministerin und der Bürgermeister sagten, die Brücke werde saniert.")[0][1].startswith(
        "Die Ministerin")


def test_main_clauses_joined_by_a_comma_before_an_apposition_subject():
    assert speakers("Die Ministerin wies die Behauptung zurück, die Sprecherin der Fraktion, Sandra Muster, "
                    "erklärte, es gebe keinen Streit.") == [("indirect", "die Sprecherin der Fraktion, Sandra Muster")]


def test_leading_source_phrase_leaves_a_quotation_to_its_own_frame():
    # a quotation in the sentence keeps the frame that names its speaker
    atts = speakers("Laut Polizei war die Lage am Abend „völlig unter Kontrolle“, sagte der Sprecher Max Muster.")
    assert ("direct", "der Sprecher Max Muster") in atts
    assert ("source_phrase", "Polizei") not in atts
