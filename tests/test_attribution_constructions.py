"""The rule constructions of quellenlage/attribution/constructions/, one group of tests per construction.

The attributions are read with the rules alone (`rules.extract` on the stages before attribution), so the
learned tagger and the frame/addressee/medium completion of `roles.py` do not change what is tested here.
"""
from __future__ import annotations

import pytest

from tests.conftest import rule_atts


def summary(att):
    """(type, cue parts, speaker, content parts) of an attribution, as text."""
    return (att.type, [c.text for c in att.cue_parts], att.speaker.text if att.speaker else None,
            [c.text for c in att.content])


def only(text: str, language: str = "de"):
    atts = rule_atts(text, language)
    assert len(atts) == 1, [summary(a) for a in atts]
    return summary(atts[0])


# ------------------------------------------------------------------------------------------- direct quotes
@pytest.mark.parametrize("text, expected", [
    ("„Wir werden nicht aufgeben“, sagte die Ministerin am Montag.",
     ("direct", ["sagte"], "die Ministerin", ["„Wir werden nicht aufgeben“"])),
    ("Der Bürgermeister erklärte: »Die Brücke bleibt bis Ende Mai gesperrt.«",
     ("direct", ["erklärte"], "Der Bürgermeister", ["»Die Brücke bleibt bis Ende Mai gesperrt.«"])),
    ("„Das Wasser ist sauber“, so der Sprecher des Wasserverbands.",
     ("direct", ["so"], "der Sprecher des Wasserverbands", ["„Das Wasser ist sauber“"])),
    # the clause before a colon is the frame even without a speech verb
    ("Die Anwohner sehen das gelassen: „Wir haben schon schlimmere Fluten erlebt.“",
     ("direct", ["sehen"], "Die Anwohner", ["„Wir haben schon schlimmere Fluten erlebt.“"])),
    # "zitierte X den Y": the one quoted speaks, not the medium quoting him
    ("„Wir sind vorbereitet“, zitierte die Zeitung den Bürgermeister.",
     ("direct", ["zitierte"], "den Bürgermeister", ["„Wir sind vorbereitet“"])),
])
def test_direct_quote_frames(text, expected):
    assert only(text) == expected


def test_direct_quote_standing_alone_continues_the_previous_speaker():
    atts = rule_atts("Der Polizeisprecher sagte, der Fahrer sei geflohen. „Wir suchen ihn mit einem Hubschrauber.“")
    assert [summary(a) for a in atts] == [
        ("indirect", ["sagte"], "Der Polizeisprecher", ["der Fahrer sei geflohen"]),
        ("direct", ["„"], "Der Polizeisprecher", ["„Wir suchen ihn mit einem Hubschrauber.“"])]
    assert atts[1].cue_implicit and not atts[0].cue_implicit


def test_embedded_quote_takes_the_clause_verb():
    assert only("Der Minister kritisierte die „völlig überzogenen Forderungen“ der Gewerkschaft scharf.") == (
        "direct", ["kritisierte"], "Der Minister", ["„völlig überzogenen Forderungen“"])
    quote, clause = rule_atts("Der Landrat nannte die Lage „sehr ernst“, dass die Straße gesperrt bleibe.")
    assert summary(quote) == ("direct", ["nannte"], "Der Landrat", ["„sehr ernst“"])
    assert summary(clause) == ("indirect", ["nannte"], "Der Landrat", ["dass die Straße gesperrt bleibe"])


def test_quote_inside_another_attributions_content_is_nested_in_it():
    host, quote = rule_atts("Der Ministerpräsident will nach eigenen Worten „alles tun, damit die Arbeitsplätze "
                            "bleiben“.")
    assert host.type == "source_phrase" and host.cue.text == "nach"
    assert summary(quote)[0::3] == ("direct", ["„alles tun, damit die Arbeitsplätze bleiben“"])
    assert quote.parent_id == host.id and quote.cue == host.cue


# ------------------------------------------------------------------------------------- dass/ob-clause frames
@pytest.mark.parametrize("text, expected", [
    ("Der Sprecher der Stadtwerke teilte mit, dass die Leitung bald repariert werde.",
     ("indirect", ["teilte", "mit"], "Der Sprecher der Stadtwerke", ["dass die Leitung bald repariert werde"])),
    ("Die Polizei wollte nicht sagen, ob der Fahrer betrunken war.",
     ("indirect", ["wollte", "sagen"], "Die Polizei", ["ob der Fahrer betrunken war"])),
    # no speech verb: any finite verb with a subject before a dass-clause is the frame
    ("Die Gewerkschaft zeigte sich optimistisch, dass die Verhandlungen bald beginnen.",
     ("indirect", ["zeigte"], "Die Gewerkschaft", ["dass die Verhandlungen bald beginnen"])),
    # a speech noun before the dass-clause is the cue
    ("Die Forderung, dass die Schule erhalten bleibt, wurde abgelehnt.",
     ("indirect", ["Die Forderung"], None, ["dass die Schule erhalten bleibt, wurde abgelehnt"])),
])
def test_dass_and_ob_frames(text, expected):
    assert only(text) == expected


def test_speech_verb_without_content_clause_is_reported_speech():
    assert only("Die Gewerkschaft kündigte einen Streik an.") == (
        "reported", ["kündigte", "an"], "Die Gewerkschaft", ["Die Gewerkschaft kündigte einen Streik an."])


def test_cited_source_of_a_dass_frame_is_in_the_chain():
    att = rule_atts("Die Zeitung berichtet unter Berufung auf Regierungskreise, dass der Minister zurücktreten werde.")
    assert [summary(a) for a in att] == [
        ("indirect", ["berichtet"], "Die Zeitung", ["dass der Minister zurücktreten werde"])]
    assert [n.label for n in att[0].chain] == ["outlet", "Die Zeitung", "Regierungskreise"]
    att = rule_atts("The newspaper reported, citing a worker at the plant, that the fire started at night.", "en")
    assert [summary(a)[1:] for a in att] == [(["reported"], "The newspaper", ["the fire started at night"])]
    assert [n.label for n in att[0].chain] == ["outlet", "The newspaper", "a worker at the plant"]


# ------------------------------------------------------------------------- Konjunktiv I (reported clauses)
@pytest.mark.parametrize("text, expected", [
    ("Die Polizei sagte, der Fahrer sei betrunken gewesen.",
     ("indirect", ["sagte"], "Die Polizei", ["der Fahrer sei betrunken gewesen"])),
    ("Der Fahrer sei betrunken gewesen, sagte ein Polizeisprecher.",
     ("indirect", ["sagte"], "ein Polizeisprecher", ["Der Fahrer sei betrunken gewesen"])),
    ("Die Lage, sagte der Bürgermeister, sei ernst.",
     ("indirect", ["sagte"], "der Bürgermeister", ["Die Lage", "sei ernst"])),
    ("In der Erklärung heißt es, die Gespräche würden fortgesetzt.",
     ("indirect", ["heißt es"], "der Erklärung", ["die Gespräche würden fortgesetzt"])),
    # a Konjunktiv clause after the frame's comma is a second part of the content
    ("Die Vorwürfe seien haltlos, sagte ein Sprecher der Firma, man prüfe rechtliche Schritte.",
     ("indirect", ["sagte"], "ein Sprecher der Firma",
      ["Die Vorwürfe seien haltlos", "man prüfe rechtliche Schritte"])),
])
def test_konjunktiv_clauses_around_a_frame(text, expected):
    assert only(text) == expected


def test_konjunktiv_sentences_after_a_frame_are_one_continuation():
    atts = rule_atts("Der Bürgermeister sagte, die Lage sei ernst. Die Feuerwehr habe die ganze Nacht gearbeitet. "
                     "Am Morgen sei das Wasser gesunken.")
    assert [summary(a) for a in atts] == [
        ("indirect", ["sagte"], "Der Bürgermeister", ["die Lage sei ernst"]),
        ("free_indirect", ["habe"], "Der Bürgermeister",
         ["Die Feuerwehr habe die ganze Nacht gearbeitet. Am Morgen sei das Wasser gesunken."])]
    assert atts[1].cue_implicit


# ------------------------------------------------------------------------------------------ source phrases
@pytest.mark.parametrize("text, expected", [
    ("Laut Polizei wurden zwei Menschen leicht verletzt.",
     ("source_phrase", ["Laut"], "Polizei", ["wurden zwei Menschen leicht verletzt"])),
    ("Der Polizei zufolge wurden zwei Menschen leicht verletzt.",
     ("source_phrase", ["zufolge"], "Der Polizei", ["wurden zwei Menschen leicht verletzt"])),
    ("Nach Angaben der Feuerwehr brach das Feuer gegen Mitternacht aus.",
     ("source_phrase", ["Nach"], "Angaben der Feuerwehr", ["brach das Feuer gegen Mitternacht aus"])),
    ("Seiner Meinung nach hätte die Behörde früher warnen müssen.",
     ("source_phrase", ["nach"], "Seiner Meinung", ["hätte die Behörde früher warnen müssen"])),
    # inside the clause, not set off by commas: the clause is one content
    ("Die Explosion ereignete sich demnach gegen 23 Uhr.",
     ("source_phrase", ["demnach"], "demnach", ["Die Explosion ereignete sich demnach gegen 23 Uhr"])),
    ("Die Zeitung veröffentlichte einen Bericht des Ministeriums, wonach die Kosten weiter steigen.",
     ("source_phrase", ["wonach"], "einen Bericht des Ministeriums",
      ["Die Zeitung veröffentlichte einen Bericht des Ministeriums, wonach die Kosten weiter steigen"])),
])
def test_source_phrases(text, expected):
    assert only(text) == expected


def test_english_according_to():
    assert only("According to the police, two people were injured in the fire.", "en") == (
        "source_phrase", ["According to"], "the police", ["two people were injured in the fire"])


def test_ownerless_source_phrase_names_nobody_in_the_chain():
    att = rule_atts("Nach ersten Erkenntnissen wurde niemand verletzt.")
    assert [summary(a) for a in att] == [
        ("source_phrase", ["Nach"], "ersten Erkenntnissen", ["wurde niemand verletzt"])]
    assert [n.kind for n in att[0].chain] == ["outlet"]
    assert [n.label for n in rule_atts("Laut Polizei wurden zwei Menschen leicht verletzt.")[0].chain] == [
        "outlet", "Polizei"]


@pytest.mark.parametrize("text, expected", [
    # "nach" + a result, a plural view, a genitive owner's view
    ("Nach dem vorläufigen Endergebnis erreichte die Partei 40 Prozent der Stimmen.",
     ("source_phrase", ["Nach"], "dem vorläufigen Endergebnis", ["erreichte die Partei 40 Prozent der Stimmen"])),
    ("Nach Darstellungen des Ministeriums bietet das Programm eine gute Förderung.",
     ("source_phrase", ["Nach"], "Darstellungen des Ministeriums", ["bietet das Programm eine gute Förderung"])),
    ("Nach Müllers Meinung werden in der Firma falsche Entscheidungen getroffen.",
     ("source_phrase", ["Nach"], "Müllers Meinung", ["werden in der Firma falsche Entscheidungen getroffen"])),
    ("Nach Meiers Idee soll der Rat künftig mit Mehrheit entscheiden.",
     ("source_phrase", ["Nach"], "Meiers Idee", ["soll der Rat künftig mit Mehrheit entscheiden"])),
    # "so X" with genitive attributes, a lower-case role compound, a speech verb, where X said it
    ("Viele Methoden sind wirkungslos, so das Ergebnis einer neuen Studie der Stiftung Warentest.",
     ("source_phrase", ["so"], "das Ergebnis einer neuen Studie der Stiftung Warentest",
      ["Viele Methoden sind wirkungslos"])),
    ("Die Arbeit soll über Ostern ruhen, so verdi-Sprecher Karl Meier.",
     ("source_phrase", ["so"], "verdi-Sprecher Karl Meier", ["Die Arbeit soll über Ostern ruhen"])),
    ("Die Gefahr liegt, so zeigen neue Studien, bei Kindern deutlich höher.",
     ("source_phrase", ["so zeigen"], "neue Studien", ["Die Gefahr liegt", "bei Kindern deutlich höher"])),
    ("Die Gefahr liegt, so zeigen in Asien durchgeführte Studien, bei Kindern deutlich höher.",
     ("source_phrase", ["so zeigen"], "in Asien durchgeführte Studien", ["Die Gefahr liegt",
                                                                         "bei Kindern deutlich höher"])),
    ("Die Lage ist ernst, so der Minister am Montag in Berlin.",
     ("source_phrase", ["so"], "der Minister", ["Die Lage ist ernst"])),
    # a relative "nach denen" as "wonach"
    ("Es gibt Umfragen, nach denen die Partei verlieren würde.",
     ("source_phrase", ["nach denen"], "Umfragen", ["Es gibt Umfragen, nach denen die Partei verlieren würde"])),
])
def test_more_source_phrases(text, expected):
    assert only(text) == expected


def test_hearsay_without_owner_names_nobody():
    att = rule_atts("Dort treffen sich dem Vernehmen nach zunehmend betrunkene Gruppen.")
    assert [(a.type, a.speaker.text) for a in att] == [("source_phrase", "dem Vernehmen")]
    assert [n.kind for n in att[0].chain] == ["outlet"]


def test_danach_after_a_document_is_a_source_phrase():
    att = rule_atts("Die Bank legte am Montag ihre Quartalszahlen vor. Danach verzeichnet das Institut einen Verlust.")
    assert [summary(a) for a in att] == [
        ("source_phrase", ["Danach"], "Danach", ["verzeichnet das Institut einen Verlust"])]
    assert [n.kind for n in att[0].chain] == ["outlet"]  # points back; the chain does not name the word


@pytest.mark.parametrize("text", [
    "Das Spiel endete mit einem Remis. Danach feierten die Fans auf dem Platz.",  # "afterwards"
    "Der Bericht erschien am Montag. Danach trat der Minister zurück.",  # narrative past after a document
    "„Wikidings“, so heißt ein geplantes Projekt der Firma.",  # naming, not reporting
    "Alles lief nach Plan.",
    "Sie sollen nach der Veröffentlichung des Berichts helfen.",  # temporal "nach"
])
def test_look_alikes_of_source_phrases_are_none(text):
    assert rule_atts(text) == []


# ------------------------------------------------------------------------------------------------ wie-clauses
@pytest.mark.parametrize("text, expected", [
    ("Wie die Polizei am Montag mitteilte, wurden zwei Menschen verletzt.",
     ("indirect", ["Wie", "mitteilte"], "die Polizei", ["wurden zwei Menschen verletzt"])),
    ("Zwei Menschen wurden verletzt, wie ein Sprecher der Polizei sagte.",
     ("indirect", ["wie", "sagte"], "ein Sprecher der Polizei", ["Zwei Menschen wurden verletzt"])),
    # "wie aus X hervorgeht": X is the source
    ("Wie aus einem Bericht des Ministeriums hervorgeht, sind die Kosten gestiegen.",
     ("indirect", ["Wie", "hervorgeht"], "einem Bericht des Ministeriums", ["sind die Kosten gestiegen"])),
    # an apposition inside a sentence-initial wie-clause
    ("Wie Hans Beispiel, Sprecher des Landkreises, am Montag bekannt gab, wird die Straße gesperrt.",
     ("indirect", ["Wie", "bekannt gab"], "Hans Beispiel, Sprecher des Landkreises", ["wird die Straße gesperrt"])),
])
def test_wie_clauses(text, expected):
    assert only(text) == expected


# ------------------------------------------------------------------------------------ headline attributions
def test_headline_source_before_a_colon():
    assert only("Reuters: Regierung tritt zurück\nDie Regierung des Landes ist am Montag zurückgetreten.") == (
        "source_phrase", [":"], "Reuters", ["Regierung tritt zurück"])


def test_headline_topic_before_a_colon_is_no_source():
    assert rule_atts("Unfall am Fluss: Zwei Verletzte\nAm Montag wurden zwei Menschen verletzt.") == []


# ------------------------------------------------------------------------------------------ back-pointers
def test_back_pointer_sentence_frames_the_sentence_before():
    assert only("Bei dem Brand wurden 14 Menschen verletzt. Das teilte die Feuerwehr am Sonntag mit.") == (
        "indirect", ["teilte", "mit"], "die Feuerwehr", ["Bei dem Brand wurden 14 Menschen verletzt."])


# ------------------------------------------------------------------------------------- free indirect speech
def test_free_indirect_takes_the_previous_sentence_subject():
    att = rule_atts("Der Bürgermeister ist besorgt. Der Damm sei in einem schlechten Zustand.")
    assert [summary(a) for a in att] == [
        ("free_indirect", ["sei"], "Der Bürgermeister", ["Der Damm sei in einem schlechten Zustand."])]


def test_free_indirect_after_a_direct_quote_and_with_sollen():
    atts = rule_atts("Der Bürgermeister sagte: „Wir bauen die Brücke neu.“ Der Neubau koste zwölf Millionen Euro.")
    assert summary(atts[1]) == (
        "free_indirect", ["koste"], "Der Bürgermeister", ["Der Neubau koste zwölf Millionen Euro."])
    atts = rule_atts("Die Polizei sagte, es gebe keine Hinweise auf eine Tat. Der Mann soll zuvor getrunken haben.")
    assert summary(atts[1]) == ("free_indirect", ["soll"], "Die Polizei", ["Der Mann soll zuvor getrunken haben."])


def test_planned_sollen_without_a_speaker_nearby_is_no_hearsay():
    assert rule_atts("Die Brücke soll 2027 eröffnet werden.") == []


def test_english_article_gets_no_free_indirect_records():
    atts = rule_atts('"We will rebuild the bridge," the mayor said. The town was calm on Monday.', language="en")
    assert [a.type for a in atts] == ["direct"] and atts[0].speaker.text == "the mayor"
