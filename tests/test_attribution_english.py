"""English reported speech (quellenlage/attribution/english.py): postposed, parenthetical and as-frames,
zero-that complements, participle frames and announcements; German articles are left alone."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from quellenlage.attribution import english
from tests.conftest import annotate


def _atts(text: str):
    return annotate(text, language="en").attributions


def _one(text: str):
    atts = _atts(text)
    assert len(atts) == 1, [(a.type, a.cue.text, a.speaker and a.speaker.text) for a in atts]
    return atts[0]


def _check_spans(text, att):
    assert text[att.cue.start:att.cue.end] == att.cue.text
    assert text[att.speaker.start:att.speaker.end] == att.speaker.text
    for c in att.content:
        assert text[c.start:c.end] == c.text


@pytest.mark.parametrize("text, speaker, content", [
    ("Two workers were killed, police said on Tuesday.", "police", "Two workers were killed"),
    ("Selvik airport was closed for about three hours, the national air navigation service LeroNav said.",
     "the national air navigation service LeroNav", "Selvik airport was closed for about three hours"),
    ("The supervisory board will meet on Friday, Hollmann said.", "Hollmann",
     "The supervisory board will meet on Friday"),
    ("The fire spread to a second hall, Hans Meier, the district fire chief, said.",
     "Hans Meier, the district fire chief", "The fire spread to a second hall"),
    ("ORTSTADT (XY) – The plant was evacuated overnight, the company said in a statement.", "the company",
     "The plant was evacuated overnight"),
])
def test_postposed_frame(text, speaker, content):
    a = _one(text)
    assert a.type == "indirect" and a.cue.text == "said"
    assert a.speaker.text == speaker
    assert [c.text for c in a.content] == [content]
    assert a.chain[0].kind == "outlet" and a.chain[-1].label == speaker
    _check_spans(text, a)


def test_postposed_told_has_addressee_not_relay_of_own_outlet():
    text = "Production would remain halted for two weeks, spokeswoman Anna Kurz told the Daily Planet."
    a = _one(text)
    assert a.cue.text == "told" and a.speaker.text == "spokeswoman Anna Kurz"
    assert a.addressee is not None and a.addressee.text == "the Daily Planet"
    assert a.content[0].text == "Production would remain halted for two weeks"


@pytest.mark.parametrize("text, speaker, content", [
    ("Police said two people were injured.", "Police", "two people were injured"),
    ("Police said on Tuesday two people were injured.", "Police", "two people were injured"),
    ("Defence Minister Tomas Halvik said 19 drones, not eight as first reported, had entered the country.",
     "Defence Minister Tomas Halvik", "19 drones, not eight as first reported, had entered the country"),
    ("An unnamed source close to the investigation said prosecutors were focusing on the ventilation.",
     "An unnamed source close to the investigation", "prosecutors were focusing on the ventilation"),
])
def test_zero_that_complement(text, speaker, content):
    a = _one(text)
    assert a.type == "indirect" and a.cue.text == "said"
    assert a.speaker.text == speaker and [c.text for c in a.content] == [content]
    _check_spans(text, a)


def test_anonymous_speaker_kind():
    a = _one("An unnamed source close to the investigation said prosecutors were focusing on the ventilation.")
    assert a.chain[-1].kind == "anonymous"


def test_told_zero_that_takes_shortest_addressee():
    a = _one("District administrator Peter Hollmann told the Herald Ostendorf had been on sick leave since Monday.")
    assert a.speaker.text == "District administrator Peter Hollmann"
    assert a.addressee.text == "the Herald"
    assert a.content[0].text == "Ostendorf had been on sick leave since Monday"


@pytest.mark.parametrize("text, cue, content", [
    ("The mayor welcomed the decision, saying the town would recover.", "saying", "the town would recover"),
    ("The mayor welcomed the decision, adding that the town would recover.", "adding", "the town would recover"),
])
def test_participle_frame(text, cue, content):
    a = _one(text)
    assert a.cue.text == cue and a.speaker.text == "The mayor" and a.content[0].text == content


def test_participle_frame_telling_with_addressee():
    a = _one("Managing director Hans Solms rejected the allegation, telling the Herald that the system had been "
             "serviced in March.")
    assert a.cue.text == "telling" and a.speaker.text == "Managing director Hans Solms"
    assert a.addressee.text == "the Herald"
    assert a.content[0].text == "the system had been serviced in March"


def test_parenthetical_frame_gives_both_halves():
    a = _one("The fire, police said, spread quickly to a second hall.")
    assert a.speaker.text == "police"
    assert [c.text for c in a.content] == ["The fire", "spread quickly to a second hall"]


def test_as_clause():
    a = _one("The fire spread quickly, as police said.")
    assert a.speaker.text == "police" and a.content[0].text == "The fire spread quickly"


def test_announcement_is_reported_speech():
    text = "District administrator Peter Hollmann announced a special meeting of the board for Friday."
    a = _one(text)
    assert a.type == "reported" and a.cue.text == "announced"
    assert a.speaker.text == "District administrator Peter Hollmann"
    assert a.content[0].text == text


def test_claim_gets_the_source():
    ann = annotate("Two workers were killed, police said on Tuesday.", language="en")
    claim = next(c for c in ann.claims if "Two workers were killed" in c.text)
    assert [n.label for n in claim.chain[1:]] == ["police"]
    assert claim.certainty == "reported"


@pytest.mark.parametrize("text", [
    "The minister said goodbye to his staff.",
    "He said nothing about the talks.",
    "Several governments have accused Dravonia of being behind the flights.",
    "The council met on Friday and the mayor left early.",
    "It said the airport would reopen on Monday.",  # no organisation named before: "it" is nobody
])
def test_no_attribution(text):
    assert _atts(text) == []


@pytest.mark.parametrize("text", [
    "Police said that two people were injured.",
    '"We will win," the minister said.',
    "According to the fire service, the blaze was under control by 5 a.m.",
])
def test_existing_attribution_is_not_doubled(text):
    assert len(_atts(text)) == 1


def test_no_free_indirect_in_english_and_ids_consecutive():
    text = ("The officials said the drones had flown along a river valley. The drone came from the north. "
            "Two workers were killed, police said on Tuesday.")
    atts = _atts(text)
    assert all(a.type != "free_indirect" for a in atts)
    assert [a.id for a in atts] == [f"t1:att{i}" for i in range(len(atts))]
    assert {a.speaker.text for a in atts} == {"The officials", "police"}


def test_german_articles_untouched():
    ctx = SimpleNamespace(lang="de")
    atts = [object()]
    assert english.add(ctx, atts) is atts
    assert english.extract(ctx, []) == []
    de = annotate("Zwei Arbeiter wurden verletzt, sagte die Polizei am Dienstag.", language="de").attributions
    assert len(de) == 1 and de[0].speaker.text == "die Polizei"


def test_rules_read_no_konjunktiv_in_english():
    """The rules themselves (not a later filter) make no free-indirect record from German mood endings on
    English words ("drone", "same")."""
    text = "Police said a drone had crossed the border. The same drone came back one hour later over the hill."
    atts = _atts(text)
    assert all(a.type != "free_indirect" for a in atts)
    assert not any("same drone" in c.text for a in atts for c in a.content)


@pytest.mark.parametrize("text, speaker", [
    # an introductory participle phrase is no subject, nor is a coordinated first verb's object
    ('Asked about the plan, Petrov called it "absurd" and denied that any aircraft had left the base.', "Petrov"),
    # a title before a name belongs to it; a time phrase before the verb does not
    ("Managing director Lena Brandt rejected the claims and denied that the money had been misused.",
     "Managing director Lena Brandt"),
    ("Managing director Lena Brandt on Monday denied that the money had been misused.",
     "Managing director Lena Brandt"),
    # a leading time phrase without a comma stands before the subject
    ("On Tuesday the regional newspaper Nordkurier reported, citing an employee in the finance office, "
     "that about EUR 2 million had been moved.", "the regional newspaper Nordkurier"),
    # an inverted subject is the whole compound
    ("The roads will stay closed until Friday, said the police chief.", "the police chief"),
])
def test_english_subjects(text, speaker):
    atts = [a for a in _atts(text) if a.type == "indirect"]
    assert len(atts) == 1 and atts[0].speaker.text == speaker
    _check_spans(text, atts[0])


def test_speech_noun_is_no_cue():
    text = "The head of the clinic group is under pressure after reports that EUR 2 million in grants were misused."
    assert not any(a.cue.text == "reports" for a in _atts(text))


@pytest.mark.parametrize("text, kind", [
    ("Two officials familiar with the inquiry said the valve had failed.", "anonymous"),
    ("The officials said the valve had failed.", "anonymous"),
    ("Brandt's lawyer said the company had done nothing wrong.", "person"),
    ("The airport operator said flights would resume on Thursday.", "organisation"),
    ("The company said the plant would reopen.", "organisation"),
    ("The mayor said the plant would reopen.", "person"),
    ("Prosecutors said the plant would be searched.", "organisation"),
])
def test_english_source_kinds(text, kind):
    a = _one(text)
    assert a.chain[-1].kind == kind, (a.speaker.text, a.chain)
