"""A hand-built briefing for the article, entity and search pages (texts written for the tests).

Three articles about an invented strike on Charkiw, spelled as outlets spell it: the Kremlin spokesman is
"Peskov" in every article (so "Peskow" can only find him by similarity) and the Ukrainian president
"Selenskyj"/"Zelensky". One article has an outlet, one only a title naming its site, one neither (and a server
path as its source, and script in its text). Offsets are taken from the texts, so every span slices back.
"""
from __future__ import annotations

from datetime import datetime, timezone

from quellenlage.model import (
    Article, ArticleAnnotations, Attribution, Briefing, Claim, ClaimGroup, ClaimRef, Denial, DenialRecord, Entity,
    Figure, FigureComparison, FigureSide, FlaggedSpan, InputRecord, Mention, Origin, SourceNode, Span, Story,
    TimeExpression, TimelineEvent, make_span,
)

D1 = ("Kremlsprecher Dmitri Peskov wies die Vorwürfe am Dienstagabend zurück. "
      "„Das ist eine Lüge“, sagte Peskov. "
      "Peskov sagte, bei dem Angriff auf Charkiw seien nur 2 Menschen verletzt worden. "
      "Nach Angaben der Regierung wurden 14 Menschen verletzt.\n\n"
      "Lesen Sie auch: Zehn Fragen zum Krieg\n\n"
      "Präsident Selenskyj forderte mehr Luftabwehr.")
D2 = ("Kremlin spokesman Dmitry Peskov denied the accusations on Tuesday. "
      "President Volodymyr Zelensky said 14 people were injured in Kharkiv.")
D3 = ("Selenskyj sagte am Mittwoch, die Ukraine brauche mehr Flugabwehr. "
      "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=1\"> Ende.")
SECRET_PATH = "/srv/quellenlage/uploads/secret-folder/d3.txt"


def _span(article: Article, phrase: str, cls=Span, nth: int = 0, **extra):
    start = -1
    for _ in range(nth + 1):
        start = article.text.index(phrase, start + 1)
    return make_span(article.id, article.text, start, start + len(phrase), cls, **extra)


def articles() -> list[Article]:
    d1 = Article(id="d1", source="desk/d1.txt", outlet="Tagesblatt Nord", title="Angriff auf Charkiw",
                 published=datetime(2024, 10, 22, 20, 0, tzinfo=timezone.utc), language="de", text=D1,
                 content_hash="hash-d1")
    d1 = d1.model_copy(update={"flagged": [_span(d1, "Lesen Sie auch: Zehn Fragen zum Krieg", FlaggedSpan,
                                                 reason="read_more")]})
    d2 = Article(id="d2", source="https://evening-ledger.example/kharkiv", title="Strike on Kharkiv | Evening Ledger",
                 published=datetime(2024, 10, 22, 21, 0, tzinfo=timezone.utc), language="en", text=D2,
                 content_hash="hash-d2")
    d3 = Article(id="d3", source=SECRET_PATH, title="Neue Angriffe",
                 published=datetime(2024, 10, 23, 8, 0, tzinfo=timezone.utc), language="de", text=D3,
                 content_hash="hash-d3")
    return [d1, d2, d3]


def _outlet(article: Article) -> SourceNode:
    return SourceNode(label=article.outlet or "outlet", kind="outlet")


def annotations(arts: list[Article]) -> list[ArticleAnnotations]:
    d1, d2, d3 = arts
    m = {
        "d1-m1": _span(d1, "Dmitri Peskov", Mention, id="d1-m1", label="PER", entity_id="E1"),
        "d1-m2": _span(d1, "Peskov", Mention, nth=1, id="d1-m2", label="PER", entity_id="E1"),
        "d1-m3": _span(d1, "Peskov", Mention, nth=2, id="d1-m3", label="PER", entity_id="E1"),
        "d1-m4": _span(d1, "Charkiw", Mention, id="d1-m4", label="LOC", entity_id="E3"),
        "d1-m5": _span(d1, "Selenskyj", Mention, id="d1-m5", label="PER", entity_id="E2"),
        "d2-m1": _span(d2, "Dmitry Peskov", Mention, id="d2-m1", label="PER", entity_id="E1"),
        "d2-m2": _span(d2, "Volodymyr Zelensky", Mention, id="d2-m2", label="PER", entity_id="E2"),
        "d2-m3": _span(d2, "Kharkiv", Mention, id="d2-m3", label="LOC", entity_id="E3"),
        "d3-m1": _span(d3, "Selenskyj", Mention, id="d3-m1", label="PER", entity_id="E2"),
    }
    peskov_node = SourceNode(label="Peskov", kind="person", span=_span(d1, "Peskov", nth=1))
    quote = _span(d1, "„Das ist eine Lüge“, sagte Peskov", Attribution, id="d1-q1", type="direct",
                  cue=_span(d1, "sagte"), speaker=_span(d1, "Peskov", nth=1), content=[_span(d1, "Das ist eine Lüge")],
                  chain=[_outlet(d1), peskov_node])
    indirect = _span(d1, "Peskov sagte, bei dem Angriff auf Charkiw seien nur 2 Menschen verletzt worden", Attribution,
                     id="d1-q2", type="indirect", cue=_span(d1, "sagte", nth=1), speaker=_span(d1, "Peskov", nth=2),
                     content=[_span(d1, "bei dem Angriff auf Charkiw seien nur 2 Menschen verletzt worden")],
                     chain=[_outlet(d1), SourceNode(label="Peskov", kind="person", span=_span(d1, "Peskov", nth=2))])
    c11 = _span(d1, "Das ist eine Lüge", Claim, id="d1-c1", sentence_index=1, chain=[_outlet(d1), peskov_node],
                attribution_id="d1-q1", certainty="reported", mention_ids=[])
    c12 = _span(d1, "bei dem Angriff auf Charkiw seien nur 2 Menschen verletzt worden", Claim, id="d1-c2",
                sentence_index=2, chain=indirect.chain, attribution_id="d1-q2", certainty="reported",
                mention_ids=["d1-m4"], figure_ids=["d1-f1"])
    c13 = _span(d1, "Nach Angaben der Regierung wurden 14 Menschen verletzt.", Claim, id="d1-c3", sentence_index=3,
                chain=[_outlet(d1), SourceNode(label="der Regierung", kind="organisation",
                                                span=_span(d1, "der Regierung"))],
                certainty="reported", figure_ids=["d1-f2"])
    c14 = _span(d1, "Präsident Selenskyj forderte mehr Luftabwehr.", Claim, id="d1-c4", sentence_index=4,
                chain=[_outlet(d1)], mention_ids=["d1-m5"])
    f1 = _span(d1, "nur 2", Figure, id="d1-f1", value=2, qualifier="nur", counts=_span(d1, "Menschen", nth=0),
               claim_id="d1-c2", attribution_id="d1-q2", category="people_injured")
    f2 = _span(d1, "14", Figure, id="d1-f2", value=14, counts=_span(d1, "Menschen", nth=1), claim_id="d1-c3",
               category="people_injured")
    t1 = _span(d1, "Dienstagabend", TimeExpression, id="d1-t1", value="2024-10-22TEV", granularity="day", anchored=True)
    denial = _span(d1, "Kremlsprecher Dmitri Peskov wies die Vorwürfe am Dienstagabend zurück.", Denial, id="d1-d1",
                   cue=_span(d1, "wies"), denier=_span(d1, "Kremlsprecher Dmitri Peskov"), target=_span(d1, "die Vorwürfe"))
    c21 = _span(d2, "Kremlin spokesman Dmitry Peskov denied the accusations on Tuesday.", Claim, id="d2-c1",
                sentence_index=0, chain=[_outlet(d2)], mention_ids=["d2-m1"])
    c22 = _span(d2, "14 people were injured in Kharkiv.", Claim, id="d2-c2", sentence_index=1,
                chain=[_outlet(d2), SourceNode(label="Volodymyr Zelensky", kind="person",
                                                span=_span(d2, "Volodymyr Zelensky"))],
                certainty="reported", mention_ids=["d2-m3"], figure_ids=["d2-f1"])
    f21 = _span(d2, "14", Figure, id="d2-f1", value=14, counts=_span(d2, "people"), claim_id="d2-c2",
                category="people_injured")
    c31 = _span(d3, "die Ukraine brauche mehr Flugabwehr.", Claim, id="d3-c1", sentence_index=0,
                chain=[_outlet(d3), SourceNode(label="Selenskyj", kind="person", span=_span(d3, "Selenskyj"))],
                certainty="reported")
    return [
        ArticleAnnotations(article_id="d1", mentions=[m[k] for k in m if k.startswith("d1")],
                           attributions=[quote, indirect], claims=[c11, c12, c13, c14], denials=[denial],
                           figures=[f1, f2], times=[t1]),
        ArticleAnnotations(article_id="d2", mentions=[m[k] for k in m if k.startswith("d2")], claims=[c21, c22],
                           figures=[f21]),
        ArticleAnnotations(article_id="d3", mentions=[m["d3-m1"]], claims=[c31]),
    ]


def inputs() -> list[InputRecord]:
    return [InputRecord(source="desk/d1.txt", status="ok", article_id="d1"),
            InputRecord(source="https://evening-ledger.example/kharkiv", status="ok", article_id="d2"),
            InputRecord(source=SECRET_PATH, status="ok", article_id="d3"),
            InputRecord(source="/srv/quellenlage/uploads/secret-folder/x.exe", status="error",
                        error_kind="unsupported", message="unsupported file type '.exe' (supported: .html, .md)")]


def briefing() -> Briefing:
    arts = articles()
    anns = annotations(arts)
    by_id = {c.id: c for a in anns for c in a.claims}

    def ref(cid: str, stance: str = "reports", outlet: str | None = None) -> ClaimRef:
        c = by_id[cid]
        return ClaimRef(claim_id=cid, article_id=c.article_id, outlet=outlet, stance=stance,
                        span=Span(article_id=c.article_id, start=c.start, end=c.end, text=c.text))

    mentions = {m.id: m for a in anns for m in a.mentions}

    def entity(eid: str, label: str, name: str, aliases: list[str]) -> Entity:
        ids = [k for k, v in mentions.items() if v.entity_id == eid]
        return Entity(id=eid, label=label, name=name, aliases=aliases, mention_ids=ids,
                      article_ids=sorted({mentions[k].article_id for k in ids}))

    g1 = ClaimGroup(id="g1", story_id="s1", representative=ref("d1-c3").span,
                    members=[ref("d1-c3", outlet="Tagesblatt Nord"), ref("d2-c2")],
                    origins=[Origin(id="o1", label="Regierung", kind="organisation", claim_ids=["d1-c3"], article_ids=["d1"]),
                             Origin(id="o2", label="Volodymyr Zelensky", kind="person", claim_ids=["d2-c2"], article_ids=["d2"])],
                    status="corroborated", independent_origins=2, first_reporter="Tagesblatt Nord",
                    # the cross-article stage writes its own placeholder for outlets it does not know
                    outlets=["Tagesblatt Nord", "outlet unknown (Strike on Kharkiv | Evening Ledger)"],
                    article_ids=["d1", "d2"])
    g2 = ClaimGroup(id="g2", story_id="s1", representative=ref("d1-c2").span, members=[ref("d1-c2")],
                    origins=[Origin(id="o3", label="Peskov", kind="person", claim_ids=["d1-c2"], article_ids=["d1"])],
                    status="single_origin", independent_origins=1, outlets=["Tagesblatt Nord"], article_ids=["d1"])
    g3 = ClaimGroup(id="g3", story_id="s1", representative=ref("d3-c1").span, members=[ref("d3-c1")],
                    status="single_origin", independent_origins=1, outlets=["outlet unknown (Neue Angriffe)"],
                    unattributed_by=[], article_ids=["d3"])
    timeline = [TimelineEvent(when="2024-10-22TEV", span=ref("d1-c3").span,
                              time_span=Span(article_id="d1", start=D1.index("Dienstagabend"),
                                             end=D1.index("Dienstagabend") + len("Dienstagabend"), text="Dienstagabend"),
                              claim_id="d1-c3", outlet="Tagesblatt Nord")]
    figs = {f.id: f for a in anns for f in a.figures}
    sides = [FigureSide(figure_id=fid, article_id=figs[fid].article_id, span=Span(**figs[fid].model_dump(
        include={"article_id", "start", "end", "text"})), value=figs[fid].value, category="people_injured")
        for fid in ("d1-f1", "d1-f2", "d2-f1")]
    denial_span = anns[0].denials[0]
    return Briefing(
        generated_at=datetime(2024, 10, 23, 10, 0, tzinfo=timezone.utc), inputs=inputs(), articles=arts,
        annotations=anns,
        entities=[entity("E1", "PER", "Dmitri Peskov", ["Peskov", "Dmitry Peskov"]),
                  entity("E2", "PER", "Wolodymyr Selenskyj", ["Selenskyj", "Volodymyr Zelensky"]),
                  entity("E3", "LOC", "Charkiw", ["Kharkiv"])],
        stories=[Story(id="s1", label="Angriff auf Charkiw", article_ids=["d1", "d2", "d3"],
                       top_entities=["Dmitri Peskov", "Charkiw"])],
        claim_groups=[g1, g2, g3],
        figure_table=[FigureComparison(id="fc1", story_id="s1", counts="Menschen", verdict="conflict", sides=sides)],
        denials=[DenialRecord(id="dr1", story_id="s1", actor="Dmitri Peskov", actor_entity_id="E1", article_id="d1",
                              span=Span(article_id="d1", start=denial_span.start, end=denial_span.end,
                                        text=denial_span.text), outlet="Tagesblatt Nord")],
        timeline=timeline,
    )


def store(path, monkeypatch) -> None:
    """Write the articles into a store at `path`; every store's briefing is then the hand-built one (the
    cross-article stage is mocked where the store hands its briefing out, so the pages show exactly it)."""
    from quellenlage.store import Store

    arts, anns = articles(), annotations(articles())
    with Store(path) as db:
        for a, n in zip(arts, anns):
            db.add(a, n)
        db.record_input(inputs()[-1])
    built = briefing()
    monkeypatch.setattr(Store, "briefing_with_generation", lambda self: (self.generation(), built))


def client(tmp_path, monkeypatch):
    """A fixture's body: a TestClient of the web app over the desk store."""
    from fastapi.testclient import TestClient

    from quellenlage.web import create_app

    path = tmp_path / "desk.duckdb"
    store(path, monkeypatch)
    with TestClient(create_app(path), base_url="http://127.0.0.1") as c:
        yield c
