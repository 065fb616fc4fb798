"""A hand-built briefing for the report, store, web and browser tests (texts written for the tests).

Three articles about an invented warehouse fire: two ordinary ones (one with boilerplate and an emoji before the
claims, so code-point offsets are exercised) and a hostile one whose text and metadata carry script payloads.
"""
from __future__ import annotations

from datetime import datetime, timezone

from quellenlage.model import (
    Article, ArticleAnnotations, Attribute, Briefing, Claim, ClaimGroup, ClaimRef, Denial, DenialRecord, Entity,
    FigureComparison, FigureSide, FlaggedSpan, InputRecord, Mention, Origin, SourceNode, Span, Story, SummaryItem,
    TimelineEvent, make_span,
)

PWN = "window.__pwned=1;document.title='pwned'"
HOSTILE_TITLE = f"<script>{PWN}</script>Brand<img src=x onerror=\"{PWN}\">"
HOSTILE_OUTLET = f"Evil<img src=x onerror=\"{PWN}\">Post"

TEXT_A = (
    "🔥 Großbrand in Musterstadt\n\n"
    "Bei einem Brand in einer Lagerhalle in Musterstadt sind nach Angaben der Polizei zwölf Menschen verletzt worden. "
    "Das sagte ein Polizeisprecher am Montag. "
    "Die Betreiberfirma Lagerhaus Nord GmbH bestreitet, gegen Brandschutzauflagen verstoßen zu haben.\n\n"
    "Lesen Sie auch: Zehn Tipps für den Rauchmelder\n\n"
    "Feuerwehrchef Karl Brenner, 54, sprach von einem schwierigen Einsatz."
)
TEXT_B = (
    "Musterstadt. Nach Angaben der Feuerwehr wurden bei dem Feuer in der Lagerhalle 15 Menschen verletzt. "
    "Wie die Polizei mitteilte, brach das Feuer am Sonntagabend aus. "
    "Brenner sagte, die Halle sei nicht mehr zu retten gewesen."
)
TEXT_C = (
    "Laut Polizei wurden zwölf Menschen verletzt. "
    f"<script>{PWN}</script> <img src=x onerror=\"{PWN}\"> "
    "</script><script>window.__pwned=2</script> "
    "Die Polizei ermittelt wegen fahrlässiger Brandstiftung."
)


def _span(article: Article, phrase: str, cls=Span, **extra):
    start = article.text.index(phrase)
    return make_span(article.id, article.text, start, start + len(phrase), cls, **extra)


def articles() -> list[Article]:
    a = Article(id="a1", source="tests/a1.txt", outlet="Tagesblatt", title="Großbrand in Musterstadt",
                published=datetime(2024, 10, 21, 9, 30, tzinfo=timezone.utc), language="de", text=TEXT_A,
                content_hash="hash-a1")
    flag = _span(a, "Lesen Sie auch: Zehn Tipps für den Rauchmelder", FlaggedSpan, reason="read_more")
    a = a.model_copy(update={"flagged": [flag]})
    b = Article(id="a2", source="tests/a2.txt", outlet="Abendpost", title="Feuer in Lagerhalle",
                published=datetime(2024, 10, 21, 12, 0, tzinfo=timezone.utc), language="de", text=TEXT_B,
                content_hash="hash-a2")
    c = Article(id="a3", source="tests/hostile.html", outlet=HOSTILE_OUTLET, title=HOSTILE_TITLE, url="javascript:alert(1)",
                published=datetime(2024, 10, 22, 8, 0, tzinfo=timezone.utc), language="de", text=TEXT_C,
                content_hash="hash-a3")
    return [a, b, c]


def _chain(article: Article, *nodes: tuple[str, str]) -> list[SourceNode]:
    chain = [SourceNode(label=article.outlet or article.id, kind="outlet")]
    for phrase, kind in nodes:
        chain.append(SourceNode(label=phrase, kind=kind, span=_span(article, phrase)))
    return chain


def annotations(arts: list[Article]) -> list[ArticleAnnotations]:
    a, b, c = arts
    ca1 = _span(a, "Bei einem Brand in einer Lagerhalle in Musterstadt sind nach Angaben der Polizei zwölf Menschen verletzt worden.", Claim,
                id="a1-c1", sentence_index=1, chain=_chain(a, ("ein Polizeisprecher", "person"), ("der Polizei", "organisation")),
                certainty="reported")
    ca2 = _span(a, "Die Betreiberfirma Lagerhaus Nord GmbH bestreitet, gegen Brandschutzauflagen verstoßen zu haben.", Claim,
                id="a1-c2", sentence_index=3, chain=_chain(a, ("Lagerhaus Nord GmbH", "organisation")), polarity="denied")
    cb1 = _span(b, "Nach Angaben der Feuerwehr wurden bei dem Feuer in der Lagerhalle 15 Menschen verletzt.", Claim,
                id="a2-c1", sentence_index=1, chain=_chain(b, ("der Feuerwehr", "organisation")), certainty="reported")
    cb2 = _span(b, "Wie die Polizei mitteilte, brach das Feuer am Sonntagabend aus.", Claim,
                id="a2-c2", sentence_index=2, chain=_chain(b, ("die Polizei", "organisation")), certainty="reported")
    cc1 = _span(c, "Laut Polizei wurden zwölf Menschen verletzt.", Claim,
                id="a3-c1", sentence_index=0, chain=_chain(c, ("Polizei", "organisation")), certainty="reported")
    brenner_a = _span(a, "Karl Brenner", Mention, id="a1-m1", label="PER", entity_id="e1")
    brenner_b = _span(b, "Brenner", Mention, id="a2-m1", label="PER", entity_id="e1")
    age = _span(a, "54", Attribute, mention_id="a1-m1", kind="age", value="54")
    role = _span(a, "Feuerwehrchef", Attribute, mention_id="a1-m1", kind="role", value="Feuerwehrchef")
    denial = _span(a, ca2.text, Denial, id="a1-d1", cue=_span(a, "bestreitet"), denier=_span(a, "Lagerhaus Nord GmbH"),
                   target=_span(a, "gegen Brandschutzauflagen verstoßen zu haben"), claim_id="a1-c2")
    return [
        ArticleAnnotations(article_id="a1", claims=[ca1, ca2], mentions=[brenner_a], attributes=[age, role], denials=[denial]),
        ArticleAnnotations(article_id="a2", claims=[cb1, cb2], mentions=[brenner_b]),
        ArticleAnnotations(article_id="a3", claims=[cc1]),
    ]


def briefing() -> Briefing:
    arts = articles()
    anns = annotations(arts)
    by_id = {c.id: c for ann in anns for c in ann.claims}
    a, b, c = arts

    def member(cid, stance):
        claim = by_id[cid]
        outlet = next(x.outlet for x in arts if x.id == claim.article_id)
        return ClaimRef(claim_id=cid, article_id=claim.article_id, outlet=outlet, stance=stance,
                        span=Span(**claim.model_dump(include={"article_id", "start", "end", "text"})))

    police = Origin(id="o1", label="Polizei", kind="organisation", claim_ids=["a1-c1", "a3-c1"], article_ids=["a1", "a3"],
                    chains=[by_id["a1-c1"].chain, by_id["a3-c1"].chain])
    fire = Origin(id="o2", label="Feuerwehr", kind="organisation", claim_ids=["a2-c1"], article_ids=["a2"],
                  chains=[by_id["a2-c1"].chain])
    g1 = ClaimGroup(id="g1", story_id="s1", representative=member("a1-c1", "reports").span,
                    members=[member("a1-c1", "reports"), member("a2-c1", "reports"), member("a3-c1", "reports")],
                    origins=[police, fire], status="corroborated", first_reporter="Tagesblatt",
                    outlets=["Tagesblatt", "Abendpost", HOSTILE_OUTLET])
    g2 = ClaimGroup(id="g2", story_id="s1", representative=member("a1-c2", "denies").span,
                    members=[member("a1-c2", "denies")],
                    origins=[Origin(id="o3", label="Lagerhaus Nord GmbH", kind="organisation", claim_ids=["a1-c2"],
                                    article_ids=["a1"], chains=[by_id["a1-c2"].chain])],
                    status="denied", outlets=["Tagesblatt"], denied_by=["Lagerhaus Nord GmbH"])
    g3 = ClaimGroup(id="g3", story_id="s1", representative=member("a2-c2", "reports").span,
                    members=[member("a2-c2", "reports")],
                    origins=[Origin(id="o4", label="Polizei", kind="organisation", claim_ids=["a2-c2"], article_ids=["a2"])],
                    status="single_origin", outlets=["Abendpost"])
    fig = FigureComparison(id="f1", story_id="s1", counts="Menschen verletzt", verdict="conflict", note="12 vs. 15", sides=[
        FigureSide(figure_id="a1-f1", article_id="a1", outlet="Tagesblatt", span=_span(a, "zwölf"), value=12,
                   chain=by_id["a1-c1"].chain),
        FigureSide(figure_id="a2-f1", article_id="a2", outlet="Abendpost", span=_span(b, "15"), value=15,
                   chain=by_id["a2-c1"].chain),
    ])
    denial = DenialRecord(id="d1", story_id="s1", actor="Lagerhaus Nord GmbH", span=_span(a, by_id["a1-c2"].text),
                          target=_span(a, "gegen Brandschutzauflagen verstoßen zu haben"), claim_group_ids=["g2"],
                          published="2024-10-21")
    timeline = [
        TimelineEvent(when="2024-10-20TEV", span=_span(b, by_id["a2-c2"].text), time_span=_span(b, "am Sonntagabend"),
                      claim_id="a2-c2", outlet="Abendpost", chain=by_id["a2-c2"].chain),
        TimelineEvent(when="2024-10-21", span=_span(a, "Das sagte ein Polizeisprecher am Montag."),
                      time_span=_span(a, "am Montag"), outlet="Tagesblatt"),
    ]
    entities = [
        Entity(id="e1", label="PER", name="Karl Brenner", aliases=["Karl Brenner", "Brenner"], mention_ids=["a1-m1", "a2-m1"],
               article_ids=["a1", "a2"], attributes=annotations(arts)[0].attributes),
        Entity(id="e2", label="ORG", name="Lagerhaus Nord GmbH", article_ids=["a1"]),
        Entity(id="e3", label="ORG", name=f"<b>{HOSTILE_OUTLET}</b>", aliases=["<script>alias()</script>"], article_ids=["a3"]),
    ]
    inputs = [
        InputRecord(source="tests/a1.txt", status="ok", article_id="a1"),
        InputRecord(source="tests/a2.txt", status="ok", article_id="a2"),
        InputRecord(source="tests/hostile.html", status="ok", article_id="a3"),
        InputRecord(source="tests/a2-copy.txt", status="duplicate", article_id="a2", message="same content as tests/a2.txt"),
        InputRecord(source="tests/broken.bin", status="error", error_kind="decode",
                    message="<script>window.__pwned=3</script> could not decode"),
    ]
    summary = [
        SummaryItem(span=g1.representative, claim_group_id="g1", outlet="Tagesblatt", why="most origins"),
        SummaryItem(span=g2.representative, claim_group_id="g2", outlet="Tagesblatt", why="denied"),
    ]
    return Briefing(generated_at=datetime(2024, 10, 22, 10, 0, tzinfo=timezone.utc), inputs=inputs, articles=arts,
                    annotations=anns, entities=entities,
                    stories=[Story(id="s1", label="Brand in Musterstadt", article_ids=["a1", "a2", "a3"],
                                   top_entities=["Musterstadt", "Karl Brenner"])],
                    claim_groups=[g1, g2, g3], figure_table=[fig], denials=[denial], timeline=timeline, summary=summary)
