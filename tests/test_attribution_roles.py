"""Frames, addressees and media (quellenlage/attribution/roles.py and its frames/addressees/media modules), read
off the attributions of the whole attribution stage on small sentences written for these tests."""
from __future__ import annotations

import pytest

from quellenlage.attribution import media
from tests.conftest import annotate


def attributions(text: str, language: str = "de"):
    """The attribution stage's output (rules, then roles.complete; the learned tagger is off by default)."""
    return annotate(text, language=language).attributions


def the(text: str, contains: str, language: str = "de"):
    """The attribution whose content holds `contains`."""
    found = [a for a in attributions(text, language) if any(contains in c.text for c in a.content)]
    assert found, [(a.type, [c.text for c in a.content]) for a in attributions(text, language)]
    return found[0]


def no_overlap(att):
    if att.frame is None:
        return True
    return all(c.end <= att.frame.start or att.frame.end <= c.start for c in att.content)


# --- frames -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, contains, frame", [
    ("Der Bürgermeister sagte am Montag, dass die Brücke im Herbst fertig werde.", "Brücke",
     "Der Bürgermeister sagte am Montag,"),
    ("„Wir bauen die Brücke bis zum Herbst“, sagte der Bürgermeister.", "Brücke", ", sagte der Bürgermeister"),
    ("Wie die Stadtverwaltung mitteilte, wird die Brücke im Herbst fertig.", "Brücke",
     "Wie die Stadtverwaltung mitteilte,"),
    ("Die Brücke werde im Herbst fertig, so der Sprecher der Stadt.", "Brücke", ", so der Sprecher der Stadt"),
    ("Ein Sprecher der Stadt meinte nun, die Brücke werde im Herbst fertig.", "Brücke",
     "Ein Sprecher der Stadt meinte nun,"),
    ("Der Bürgermeister erklärte: „Die Brücke ist im Herbst fertig.“", "Brücke", "Der Bürgermeister erklärte:"),
])
def test_frame_is_the_clause_up_to_the_content(text, contains, frame):
    att = the(text, contains)
    assert att.frame is not None and att.frame.text == frame
    assert no_overlap(att)


def test_source_phrase_inside_one_clause_keeps_one_content_and_no_frame_over_it():
    att = the("Die Brücke wird nach Angaben der Stadtverwaltung im Herbst fertig.", "Brücke")
    assert [c.text for c in att.content] == ["Die Brücke wird nach Angaben der Stadtverwaltung im Herbst fertig"]
    assert att.frame is None and no_overlap(att)
    assert att.medium == "statement"  # read off the phrase, though it is no frame


def test_source_phrase_frame_takes_the_rest_of_its_noun_phrase_from_the_content():
    # (the rules stop the speaker before a lowercase name: "Angaben" + content "von n-tv sind ...")
    att = the("Nach Angaben von n-tv sind die Straßen gesperrt.", "Straßen")
    assert att.frame is not None and att.frame.text == "Nach Angaben von n-tv"
    assert att.speaker is not None and att.speaker.text == "Angaben von n-tv"
    assert no_overlap(att) and [c.text for c in att.content] == ["sind die Straßen gesperrt"]


def test_sentence_initial_source_phrase():
    att = the("Nach Angaben der Feuerwehr wurden drei Menschen verletzt.", "verletzt")
    assert att.frame is not None and att.frame.text == "Nach Angaben der Feuerwehr"
    assert no_overlap(att)


def test_frame_does_not_take_the_dass_before_a_quote():
    att = the("Der Anwalt sagte, dass „dieser Fall nie hätte passieren dürfen“.", "Fall")
    assert att.frame is not None and "dass" not in att.frame.text
    assert att.frame.text.startswith("Der Anwalt sagte")


def test_no_frame_over_the_content_and_none_for_continuations():
    text = ("Der Minister sagte, die Lage sei ernst. Die Regierung werde noch in dieser Woche entscheiden. "
            "Es gebe keine Alternative.")
    for att in attributions(text):
        assert no_overlap(att)
        if att.type == "free_indirect" or att.cue_implicit:
            assert att.frame is None


def test_english_frames():
    att = the('"We will rebuild the bridge," the mayor said on Monday.', "bridge", "en")
    assert att.frame is not None and att.frame.text == "the mayor said on Monday"  # the comma is inside the quote
    att = the("The mayor said the bridge would reopen in the autumn.", "bridge", "en")
    assert att.frame is not None and att.frame.text.startswith("The mayor said")
    assert no_overlap(att)


# --- addressees -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, contains, addressee", [
    ("Der Minister sagte der Zeitung, die Lage sei ernst.", "Lage", "der Zeitung"),
    ("Der Minister sagte gegenüber Journalisten, die Lage sei ernst.", "Lage", "Journalisten"),
    ("Die Ärztin warf der Regierung vor, die Kliniken im Stich zu lassen.", "Kliniken", "der Regierung"),
    ("Die Polizei forderte die Anwohner auf, ihre Fenster zu schließen.", "Fenster", "die Anwohner"),
    ("In einem Interview mit dem Radiosender erklärte der Trainer, er bleibe im Verein.", "Verein",
     "dem Radiosender"),
    ("Der Landrat appellierte an die Bürger, Wasser zu sparen.", "Wasser", "die Bürger"),
])
def test_addressee(text, contains, addressee):
    att = the(text, contains)
    assert att.addressee is not None and att.addressee.text == addressee


@pytest.mark.parametrize("text, contains", [
    ("Die Lage sei ernst, sagte der Minister.", "Lage"),
    ("Die Bürgermeisterin hat anlässlich des Festes betont, die Brücke sei ein Erfolg.", "Brücke"),
    ("Andrea Berg, die Leiterin der Schule, sagte, der Unterricht falle aus.", "Unterricht"),
])
def test_no_addressee(text, contains):
    att = the(text, contains)
    assert att.addressee is None


def test_english_addressee():
    att = the("The mayor told reporters that the bridge would reopen.", "bridge", "en")
    assert att.addressee is not None and att.addressee.text == "reporters"


# --- media ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, contains, medium", [
    ("Der Präsident sagte in einer Videobotschaft, das Land werde sich verteidigen.", "Land", "video_message"),
    ("In einem Interview erklärte der Trainer, er bleibe im Verein.", "Verein", "interview"),
    ("Die Ministerin schrieb auf X, die Entscheidung sei gefallen.", "Entscheidung", "social_post"),
    ("Der Konzern teilte schriftlich mit, die Stellen blieben erhalten.", "Stellen", "written"),
    ("Die Partei erklärte auf ihrer Website, sie trete nicht an.", "trete", "written"),
    ("Der Bürgermeister sagte, die Brücke sei fertig.", "Brücke", "spoken"),
    ("Nach Angaben der Feuerwehr wurden drei Menschen verletzt.", "verletzt", "statement"),
])
def test_medium(text, contains, medium):
    assert the(text, contains).medium == medium


def test_medium_word_in_the_content_is_no_medium():
    att = the("Der Bürgermeister sagte, der Brief des Ministers sei nie angekommen.", "Brief")
    assert att.medium == "spoken"


def test_english_media():
    assert the("The minister said in an interview with the BBC that talks had failed.", "talks", "en").medium \
        == "interview"
    assert the("The minister wrote on X that the talks had failed.", "talks", "en").medium == "social_post"


# --- pieces -----------------------------------------------------------------------------------------------------

def test_media_words_are_capitalised_nouns_in_german():
    assert media.from_text("Er berichtete,") is None
    assert media.from_text("Laut einem Bericht der Behörde") == "report"
    assert media.from_text("In einer Regierungserklärung sagte sie,") == "statement"


def test_source_noun_grown_over_its_owner_gets_the_owner_as_origin():
    # the rules read "Schätzungen" alone (no origin: the statement would be the outlet's own); roles grows the
    # speaker over "von taz.de" and the chain ends in that owner
    att = the("Nach Schätzungen von taz.de kamen tausend Menschen.", "tausend")
    assert att.speaker.text == "Schätzungen von taz.de"
    assert [n.label for n in att.chain][-1] == "taz.de"
    # grown over nothing but "von": the speaker stays as the rules read it
    att = the("Nach Angaben von nordradio sind die Straßen gesperrt.", "Straßen")
    assert not att.speaker.text.endswith("von")
