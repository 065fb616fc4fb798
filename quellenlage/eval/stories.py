"""Story clustering and claim grouping against a gold file (`gold.jsonl` in DIR, one article per line).

Line: {"id", "story", "outlet", "published", "language", "title", "text",
       "claims": [{"text": exact substring, "group": label within the story, "polarity": affirmed|negated|denied}]}

Stories: B-cubed and pairwise P/R/F1 of the predicted story of every article, plus every false merge (a pair of
articles from different gold stories put into one story). Claims: the gold claims of each gold story are grouped
by `crossdoc.groups.group_claims`; pairwise and B-cubed P/R/F1 over claims, polarity violations (an affirmed and
a negated claim in one group) and whether each negated group is linked to the group it opposes.
`tune=True` grid-searches the story and claim thresholds and reports the best point with no false merge.
"""
from __future__ import annotations

import itertools
import json
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from rich.console import Console

from ..model import Article, ArticleAnnotations, Claim, make_span
from .clustering import bcubed, pairwise
from .common import print_table, require, write_json


def load_gold(path: Path) -> tuple[list[Article], list[dict]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    arts = [Article(id=r["id"], source=f"{path.name}:{r['id']}", outlet=r.get("outlet"), title=r.get("title"),
                    language=r.get("language"), text=r["text"],
                    published=datetime.fromisoformat(r["published"]) if r.get("published") else None) for r in rows]
    return arts, rows


def gold_claims(article: Article, row: dict) -> list[tuple[Claim, str]]:
    out = []
    for k, c in enumerate(row.get("claims", [])):
        s = article.text.index(c["text"])
        claim = make_span(article.id, article.text, s, s + len(c["text"]), Claim, id=f"{article.id}-gc{k}",
                          sentence_index=0, polarity=c.get("polarity", "affirmed"))
        out.append((claim, f"{row['story']}/{c['group']}"))
    return out


def _annotations(arts: list[Article], nlp: bool) -> list[ArticleAnnotations]:
    if not nlp:
        return [ArticleAnnotations(article_id=a.id) for a in arts]
    from ..context import Options
    from ..pipeline import analyse

    return [analyse(a, Options()) for a in arts]


def score_stories(arts, anns, rows, embedder, params=None) -> tuple[dict, dict, list]:
    from ..encoder.texts import lead_text
    from ..crossdoc.stories import cluster_stories

    vecs = embedder.encode([lead_text(a, n, embedder.lead_chars) for a, n in zip(arts, anns)])
    _, story_of = cluster_stories(arts, anns, embedder, params=params, vectors=vecs)
    gold = {r["id"]: r["story"] for r in rows}
    merges = []
    by_id = {a.id: a for a in arts}
    for a, b in itertools.combinations(sorted(gold), 2):
        if story_of[a] == story_of[b] and gold[a] != gold[b]:
            merges.append({"a": a, "b": b, "a_title": by_id[a].title, "b_title": by_id[b].title})
    return bcubed(story_of, gold), pairwise(story_of, gold), merges


def score_claims(arts, rows, embedder, threshold=None, link_threshold=None) -> dict:
    from ..crossdoc import groups as G

    threshold = G.THRESHOLD if threshold is None else threshold
    link_threshold = G.LINK_THRESHOLD if link_threshold is None else link_threshold
    by_story = defaultdict(list)
    for order, (a, r) in enumerate(zip(arts, rows)):
        for c, label in gold_claims(a, r):
            by_story[r["story"]].append((G.ClaimItem(claim=c, article=a, keys=G.cap_words(c.text), figures=[],
                                                     order=order * 10000 + c.start), label))
    pred, gold, violations, links_ok, links_total = {}, {}, 0, 0, 0
    for story, pairs in by_story.items():
        groups = G.group_claims(story, [p[0] for p in pairs], embedder, threshold, link_threshold)
        label_of = {p[0].claim.id: p[1] for p in pairs}
        pol = {p[0].claim.id: p[0].claim.polarity for p in pairs}
        for g in groups:
            for m in g.members:
                pred[m.claim_id] = g.id
                gold[m.claim_id] = label_of[m.claim_id]
            # a denied claim states its proposition and is grouped with the affirmed ones (crossdoc/groups.py)
            if len({pol[m.claim_id] == "negated" for m in g.members}) > 1:
                violations += 1
            if g.polarity != "affirmed":
                links_total += 1
                links_ok += bool(g.linked_group_ids)
    return {"pairwise": pairwise(pred, gold), "bcubed": bcubed(pred, gold), "claims": len(gold),
            "polarity_violations": violations, "negated_groups_linked": f"{links_ok}/{links_total}"}


def evaluate(data: Path, out: Path | None = None, tune: bool = False, nlp: bool = True,
             console: Console | None = None) -> dict:
    from ..encoder.sentences import default_embedder
    from ..crossdoc.stories import StoryParams

    console = console or Console()
    path = data / "gold.jsonl" if data.is_dir() else data
    arts, rows = load_gold(require(path, "story gold file"))
    t0 = time.perf_counter()
    anns = _annotations(arts, nlp)
    embedder = default_embedder()
    b3, pw, merges = score_stories(arts, anns, rows, embedder)
    claims = score_claims(arts, rows, embedder)
    result = {"task": "stories_and_claim_groups", "data": str(path), "articles": len(arts),
              "gold_stories": len({r["story"] for r in rows}), "nlp_annotations": nlp,
              "stories": {"bcubed": b3, "pairwise": pw, "false_merges": merges},
              "claim_groups": claims, "seconds": None}
    if tune:
        grid = []
        for th, wk, kp in itertools.product([0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75], [0.0, 0.2, 0.35, 0.5, 0.7],
                                            [0.0, 0.1, 0.2, 0.3, 0.4]):
            b, p, m = score_stories(arts, anns, rows, embedder, StoryParams(threshold=th, w_key=wk, key_prior=kp))
            grid.append({"threshold": th, "w_key": wk, "key_prior": kp, "bcubed_f1": b["f1"], "pairwise_f1": p["f1"], "false_merges": len(m)})
        safe = [g for g in grid if g["false_merges"] == 0] or grid
        result["story_tuning"] = {"best": max(safe, key=lambda g: (g["bcubed_f1"], g["pairwise_f1"])), "grid": grid}
        cgrid = []
        for th in [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8]:
            c = score_claims(arts, rows, embedder, threshold=th)
            cgrid.append({"threshold": th, "pairwise_f1": c["pairwise"]["f1"], "bcubed_f1": c["bcubed"]["f1"],
                          "polarity_violations": c["polarity_violations"]})
        result["claim_tuning"] = {"best": max(cgrid, key=lambda g: (g["pairwise_f1"], g["bcubed_f1"])), "grid": cgrid}
    result["seconds"] = round(time.perf_counter() - t0, 2)
    print_table(f"Story clustering on {path.name} ({len(arts)} articles, {result['gold_stories']} stories)",
                {"B-cubed": b3, "pairwise": pw}, console)
    console.print(f"false merges: {len(merges)}")
    for m in merges:
        console.print(f"  {m['a']} ({m['a_title']}) + {m['b']} ({m['b_title']})")
    print_table(f"Claim grouping ({claims['claims']} gold claims)", {"B-cubed": claims["bcubed"], "pairwise": claims["pairwise"]}, console)
    console.print(f"polarity violations: {claims['polarity_violations']}; negated groups linked: {claims['negated_groups_linked']}")
    if tune:
        console.print(f"best story point: {result['story_tuning']['best']}")
        console.print(f"best claim point: {result['claim_tuning']['best']}")
    write_json(result, out)
    return result
