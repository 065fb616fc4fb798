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
