"""Denials: who denies (the subject of the denial predicate, never the accuser), what (the claims a target
refers to), non-denials, one record per denial, and the link to the claim group denied in another article."""
from __future__ import annotations

from datetime import datetime

import pytest

from quellenlage.context import Options
from quellenlage.model import Article, InputRecord, check_spans
from quellenlage.pipeline import analyse


def article(text, id="t1", lang="de", **kw) -> Article:
    return Article(id=id, source=f"test:{id}", text=text, language=lang, **kw)


def annotate(text, lang="de"):
    a = analyse(article(text, lang=lang), Options())
    assert not a.errors
    assert check_spans(a, {"t1": text}) == []
    return a


def claim_texts(a, ids):
    by_id = {c.id: c.text for c in a.claims}
    return [by_id[i] for i in ids]


# ---------------------------------------------------------------- the denier


def test_denier_is_the_accused_not_the_accuser():
    a = annotate("Mehrere Regierungen haben den Konzern Brelco beschuldigt, Kundendaten verkauft zu haben. "
                 "Diese Behauptung haben beide Länder zurückgewiesen.")
    [d] = a.denials
    assert d.denier.text == "beide Länder" and not d.negated
    assert claim_texts(a, d.claim_ids) == ["Kundendaten verkauft zu haben"] and d.claim_id == d.claim_ids[0]


def test_denier_in_a_relative_clause_after_the_accusation():
    a = annotate("Die Opposition wirft dem Minister vor, Akten vernichtet zu haben, was dieser Minister bestreitet.")
    [d] = a.denials
    assert d.denier.text == "dieser Minister"
    assert "Opposition" not in d.text


def test_denier_after_the_finite_verb_in_inversion():
    a = annotate("Die Zeitung Morgenblatt berichtete, dass Truppen verlegt worden seien. "
                 "Zurückgewiesen hat das der Konzern am Montag.")
    [d] = a.denials
    assert d.denier.text == "der Konzern"
    assert claim_texts(a, d.claim_ids) == ["dass Truppen verlegt worden seien"]


def test_denier_is_the_speaker_when_the_denial_is_reported():
    a = annotate("Ein Sprecher der Reederei Solvik sagte, man weise die Vorwürfe zurück.")
    [d] = a.denials
    assert d.denier.text == "Ein Sprecher der Reederei Solvik"


def test_english_denier_and_anaphoric_target():
    a = annotate("Several governments have accused the company of selling data. Both countries have rejected the "
                 "claims.", lang="en")
    [d] = a.denials
    assert d.denier.text == "Both countries" and d.target.text == "the claims"
    assert claim_texts(a, d.claim_ids) == [a.claims[0].text] and "Several governments" in a.claims[0].text


def test_english_subject_before_a_relative_clause():
    a = annotate("The company, which has been accused of fraud, denied that it had sold data to the agency.", lang="en")
    [d] = a.denials
    assert d.denier.text == "The company"
    assert claim_texts(a, d.claim_ids) == ["it had sold data to the agency"]


# ---------------------------------------------------------------- the target


def test_dass_clause_target_is_the_claim_in_the_same_sentence():
    a = annotate("Am Montag bestritt der Konzern, dass er Daten verkauft habe.")
    [d] = a.denials
    assert d.denier.text == "der Konzern" and d.target.text.startswith("dass er Daten")
    assert claim_texts(a, d.claim_ids) == ["dass er Daten verkauft habe"]


def test_anaphor_after_an_earlier_denial_denies_the_same():
    a = annotate("Die Reederei Solvik bestreitet, die Fähren zu spät gestoppt zu haben. "
                 "Ein Sprecher nannte die Vorwürfe eine Lüge.")
    first, second = a.denials
    assert second.denier.text == "Ein Sprecher" and second.target.text == "die Vorwürfe"
    assert second.claim_ids == first.claim_ids and first.claim_ids


def test_court_rejecting_a_suit_and_a_match_are_no_denials():
    a = annotate("Das Gericht wies die Klage der Anwohner zurück. Die Mannschaft bestritt ihr erstes Spiel in Brelow.")
    assert a.denials == []


# ---------------------------------------------------------------- non-denials


@pytest.mark.parametrize("text,lang", [
    ("Die Zeitung berichtete, die Firma habe Waffen geliefert. Die Regierung wollte das weder bestätigen noch "
     "dementieren.", "de"),
    ("Der Minister bestreitet die Lieferung der Panzer nicht und verweist auf frühere Verträge.", "de"),
    ("The company, which has been accused of fraud, did not deny that it sold data to the agency.", "en"),
])
def test_negated_denial_is_a_non_denial(text, lang):
    a = annotate(text, lang)
    assert a.denials and all(d.negated and not d.claim_ids and d.claim_id is None for d in a.denials)
    assert not any(c.polarity == "denied" for c in a.claims)


# ---------------------------------------------------------------- one record per denial


def test_two_denial_verbs_of_one_denier_are_one_denial():
    a = annotate("Laut der Zeitung hat die Reederei Solvik Abwasser abgeleitet. "
                 "Der Pressesprecher der Reederei wies diese Behauptungen zurück und bezeichnete sie als Lüge.")
    [d] = a.denials
    assert d.denier.text == "Der Pressesprecher der Reederei" and d.cue.text == "wies"
    assert "bezeichnete" in d.text  # the second predicate is part of the same denial
    assert claim_texts(a, d.claim_ids) == ["hat die Reederei Solvik Abwasser abgeleitet"]


# ---------------------------------------------------------------- across articles


A1 = ("Die Reederei Solvik hat im Hafen von Lorvik Altöl ins Wasser geleitet. Das berichtet der Hafenverein. "
      "Der Hafen bleibt bis Freitag für Fähren gesperrt.")
A2 = ("Laut dem Hafenverein hat die Reederei Solvik im Hafen von Lorvik Altöl ins Wasser geleitet. "
      "Die Reederei Solvik hat das zurückgewiesen. Der Hafen bleibt gesperrt.")
A3 = ("Der Hafen von Lorvik bleibt nach dem Ölfilm bis Freitag gesperrt, teilte die Hafenbehörde mit. "
      "Die Reederei Solvik wollte Berichte über eingeleitetes Altöl weder bestätigen noch dementieren.")


@pytest.fixture(scope="module")
def corpus():
    from quellenlage.briefing.build import build_briefing

    arts = [article(A1, "a1", title="Solvik leitet Altöl in den Hafen von Lorvik", outlet="Küstenblatt",
                    published=datetime(2031, 5, 1, 8)),
            article(A2, "a2", title="Solvik weist Vorwürfe zum Altöl in Lorvik zurück", outlet="Nordwelle",
                    published=datetime(2031, 5, 1, 12)),
            article(A3, "a3", title="Hafen von Lorvik nach Ölfilm gesperrt", outlet="Hafenecho",
                    published=datetime(2031, 5, 2, 9))]
    anns = [analyse(a, Options()) for a in arts]
    inputs = [InputRecord(source=f"test:{a.id}", status="ok", article_id=a.id) for a in arts]
    return arts, anns, build_briefing(inputs, arts, anns)


def _group_of(b, article_id, text):
    ann = next(n for n in b.annotations if n.article_id == article_id)
    claim = next(c for c in ann.claims if text in c.text)
    return next(g for g in b.claim_groups if any(m.claim_id == claim.id for m in g.members)), claim


def test_cross_article_denial_links_to_the_denied_group(corpus):
    _, _, b = corpus
    denials = [d for d in b.denials if d.article_id == "a2" and d.kind == "denial"]
    body = [d for d in denials if "zurückgewiesen" in d.span.text]
    assert len(body) == 1, [d.span.text for d in denials]  # one record for the one denial sentence
    d = body[0]
    assert d.actor.endswith("Solvik") and "Hafenverein" not in d.actor
    g1, _ = _group_of(b, "a1", "Altöl ins Wasser geleitet")
    assert g1.id in d.claim_group_ids
    assert any("Solvik" in x for x in g1.denied_by)
    # the denial itself is not a member of the group it denies
    own = [c.id for n in b.annotations if n.article_id == "a2" for c in n.claims if c.start <= d.span.start < c.end]
    assert not any(m.claim_id in own for m in g1.members)


def test_non_denial_rendered_apart_in_markdown_and_html(corpus):
    from quellenlage.briefing import html
    from quellenlage.briefing.markdown import render

    _, _, b = corpus
    non = [d for d in b.denials if d.article_id == "a3"]
    assert non and all(d.kind == "non_denial" and d.negated for d in non)
    # never linked to its own sentence, and never a denial badge on a group
    own = {c.id for n in b.annotations if n.article_id == "a3" for c in n.claims if "weder" in c.text}
    assert not any(m.claim_id in own for g in b.claim_groups if g.id in non[0].claim_group_ids for m in g.members)
    assert not any(m.article_id == "a3" for g in b.claim_groups if g.denied_by for m in g.members
                   if m.claim_id in own)
    md = render(b)
    denials_part = md.split("## Denials and what they deny", 1)[1].split("## Outlet", 1)[0]
    real_part, _, non_part = denials_part.partition("### Non-denials")
    assert "weder bestätigen noch" in non_part and "non-denial" in non_part
    assert "weder bestätigen noch" not in real_part
    assert not any("weder bestätigen" in line and "denied by" in line for line in md.splitlines())
    page = html.render(b, lang="en")
    table = page.split('id="denials"', 1)[1].split("</section>", 1)[0]
    denial_rows, _, non_rows = table.partition("ql-non-denials")
    assert "weder bestätigen noch" in non_rows and "weder bestätigen noch" not in denial_rows


# ---------------------------------------------------------------- pronouns, anaphors and restated accusations


def test_pronoun_denier_is_the_denier_before_and_spells_out_its_denial():
    a = annotate("Die Opposition wirft dem Bürgermeister vor, Spenden veruntreut zu haben. "
                 "Bürgermeister Anton Kowalczyk weist die Vorwürfe zurück. "
                 "Er bestritt, dass Geld aus den Spenden für andere Zwecke verwendet worden sei.")
    first, second = a.denials
    assert second.denier.text == first.denier.text and "Kowalczyk" in second.denier.text
    accusation = next(c.id for c in a.claims if c.text.startswith("Spenden veruntreut"))
    assert first.claim_ids == [accusation]
    assert accusation in second.claim_ids  # "Er bestritt, dass ..." spells out the denial of the accusation
    assert any(claim_texts(a, [i])[0].startswith("dass Geld") for i in second.claim_ids)


def test_plural_anaphor_refers_to_the_whole_paragraph_before():
    a = annotate("Umweltminister Paul Ritter machte die Reederei Solvik für den Ölfilm verantwortlich. "
                 "Auch der Hafenverein beschuldigte die Reederei, Altöl abgelassen zu haben.\n\n"
                 "Ein Sprecher der Reederei Solvik wies die Vorwürfe zurück.")
    [d] = a.denials
    texts = claim_texts(a, d.claim_ids)
    assert any("Ritter" in t for t in texts) and any(t.startswith("Altöl abgelassen") for t in texts)


def test_singular_anaphor_refers_to_the_last_sentence_only():
    a = annotate("Umweltminister Paul Ritter machte die Reederei Solvik für den Ölfilm verantwortlich. "
                 "Laut dem Hafenverein soll die Reederei Altöl abgelassen haben. "
                 "Ein Sprecher der Reederei Solvik wies diese Darstellung zurück.")
    [d] = a.denials
    assert claim_texts(a, d.claim_ids) == ["soll die Reederei Altöl abgelassen haben"]


def test_anaphor_skips_a_non_denial_and_the_deniers_own_words():
    a = annotate("Wie die Zeitung Morgenblatt berichtet, soll die Pumpe im Werk seit Wochen defekt gewesen sein. "
                 "Die Staatsanwältin wollte den Bericht weder bestätigen noch dementieren. "
                 "Die Firma weist die Vorwürfe zurück.")
    non, den = a.denials
    assert non.negated and not den.negated
    assert claim_texts(a, den.claim_ids) == ["soll die Pumpe im Werk seit Wochen defekt gewesen sein"]
    meta = next(c for c in a.claims if "bestätigen" in c.text) if any("bestätigen" in c.text for c in a.claims) else None
    assert meta is None or meta.polarity != "denied"


def test_denial_clause_reaches_the_accusation_it_restates():
    a = annotate("Der Sprecher des Bündnisses, Jonas Weber, sagte, die Firma Hobrecht habe schon am Montag vergangener "
                 "Woche von dem Leck gewusst. Die Stadt prüft die Angaben.\n\n"
                 "Die Firma Hobrecht bestreitet, von dem Leck vor Donnerstag vergangener Woche gewusst zu haben.")
    [d] = a.denials
    texts = claim_texts(a, d.claim_ids)
    assert texts[0].startswith("von dem Leck vor Donnerstag")
    assert any("schon am Montag" in t for t in texts)
    assert not any("prüft" in t for t in texts)
    accusation = next(c for c in a.claims if "schon am Montag" in c.text)
    assert accusation.polarity == "denied"


def test_report_named_by_its_source_is_what_that_source_relayed():
    a = annotate("Wie die Zeitung Morgenblatt unter Berufung auf Ermittler berichtet, sollen die Drohnen vom "
                 "Fliegerhorst Lisnow gestartet sein. Minister Karl Halm kündigte eine Untersuchung an.\n\n"
                 "Ein Sprecher der Regierung nannte den Bericht des Morgenblatts „frei erfunden“.")
    [d] = a.denials
    assert [t for t in claim_texts(a, d.claim_ids)] == ["sollen die Drohnen vom Fliegerhorst Lisnow gestartet sein"]


def test_lead_denial_reaches_the_accusation_told_after_it():
    a = annotate("Im Streit um den Ölfilm hat die Reederei Solvik Vorwürfe zurückgewiesen, sie habe ein Leck "
                 "verschwiegen. Wie die Zeitung Morgenblatt berichtet, soll der Austritt schon am Dienstag bemerkt "
                 "worden sein.")
    [d] = a.denials
    assert d.denier.text == "die Reederei Solvik"  # the claim noun after the name is the object, not the subject
    texts = claim_texts(a, d.claim_ids)
    assert texts[0] == "sie habe ein Leck verschwiegen" and any("Dienstag" in t for t in texts)


def test_crosshead_denial_is_left_to_the_section_below():
    a = annotate("Der Minister machte die Reederei für den Ölfilm verantwortlich.\n\nReederei weist Vorwürfe zurück\n\n"
                 "Ein Sprecher der Reederei Solvik wies die Vorwürfe zurück.")
    [d] = a.denials
    assert d.denier.text == "Ein Sprecher der Reederei Solvik"


def test_english_label_and_clause_of_one_denier_are_one_denial():
    a = annotate("The Herald reported that the drones had been launched from the air base at Lisnow. Asked about the "
                 "report, Marek called it \"fabricated\" and denied that any drones had taken off from Lisnow.",
                 lang="en")
    [d] = a.denials
    assert d.target.text.startswith("that any drones")
    assert any("launched from the air base" in t for t in claim_texts(a, d.claim_ids))


def test_english_reports_that_clause_and_participle_label_are_one_denial():
    a = annotate("Lindqvist rejected reports that warnings about a faulty pump had been ignored, calling them "
                 "\"unfounded\".", lang="en")
    [d] = a.denials
    assert d.denier.text == "Lindqvist" and d.target.text.startswith("that warnings")
    assert [t[:45] for t in claim_texts(a, d.claim_ids)] == ["warnings about a faulty pump had been ignored"]


def test_english_accusation_told_after_the_denial():
    a = annotate("The ministry halted further payments. Chief executive Paul Grell rejected the accusations. "
                 "A group in the council had accused the management of misusing the funds.", lang="en")
    [d] = a.denials
    assert any("misusing the funds" in t for t in claim_texts(a, d.claim_ids))
    assert not any("halted" in t for t in claim_texts(a, d.claim_ids))


# ---------------------------------------------------------------- the actor shown


def _actor_of(text, lang="de", which=-1):
    from quellenlage.crossdoc.denials import _actor

    a = annotate(text, lang)
    return _actor(a.denials[which], a, {}, lang)[0]


def test_actor_of_a_counted_group_is_the_accused_named_before():
    actor = _actor_of("Mehrere Regierungen haben Portugal und dessen Verbündeten Norwegen beschuldigt, hinter den "
                      "Anschlägen in der Region zu stecken. Beide Länder haben das zurückgewiesen.")
    assert actor == "Beide Länder (Portugal, Norwegen)"  # not the accusing governments
    actor = _actor_of("Several governments have accused Carpathia and its ally Vandoria of being behind attacks in the "
                      "region. Both countries have denied this.", "en")
    assert actor == "Both countries (Carpathia, Vandoria)"


def test_actor_of_the_company_is_the_company_named_before():
    actor = _actor_of("Nach der Explosion bei der Hobrecht Farben GmbH ermittelt die Staatsanwaltschaft Talbot. "
                      "Wie der Talboter Anzeiger berichtet, soll die Anlage defekt gewesen sein. "
                      "Die Firma weist die Vorwürfe zurück.")
    assert "Hobrecht" in actor


def test_actor_of_a_possessive_or_coordinated_denier():
    assert _actor_of("The Herald reported that Paul Grell had ordered the transfers. Grell's lawyer denied that his "
                     "client had ordered any transfers.", "en") == "Grell's lawyer"
    actor = _actor_of("Ein Insider sagte, Paul Grell habe die Umbuchungen angewiesen. Die Klinikleitung und Grells "
                      "Anwalt haben das zurückgewiesen.")
    assert actor == "Die Klinikleitung, Grells Anwalt"


def test_bare_spokesperson_speaks_for_the_organisation_denying_just_before():
    from quellenlage.crossdoc.denials import denial_records

    text = ("Die Reederei Solvik bestreitet, von dem Leck vor Donnerstag gewusst zu haben. "
            "Ein Sprecher nannte die Vorwürfe eine Kampagne.")
    art = article(text)
    ann = analyse(art, Options())
    # the cross-article stage links mentions to entities; here the company is linked by hand
    ms = [m.model_copy(update={"label": "ORG", "entity_id": "e1"}) if m.text == "Solvik" else m for m in ann.mentions]
    assert any(m.entity_id == "e1" for m in ms)
    ann = ann.model_copy(update={"mentions": ms})
    first, second = denial_records("s1", [(art, ann)], [], {}, None, {"e1": "Reederei Solvik"})
    assert first.actor == "Reederei Solvik"
    assert second.actor == "Ein Sprecher (Reederei Solvik)" and second.actor_entity_id == "e1"
