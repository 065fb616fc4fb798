"""Search over the store: claims by text, entities by name in any spelling, and what those entities said.

Names come in many spellings across outlets and languages ("Peskow" / "Peskov", "Selensky" / "Selenskyj" /
"Zelensky"). Each name and alias of an entity — whole and word by word — is folded to a spelling key (case,
accents, and the letter pairs transliteration varies: w/v, z/s, sch/sh, j/y, doubled letters) and compared with
the query's key by rapidfuzz; a close enough match finds the entity, and its claims and quotes join the hits.
Every hit carries the link that opens it (`href`).
"""
from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process

from ..model import Briefing, Entity
from ..store import Store
from .briefing_index import BriefingIndex, anchor, article_href, entity_href, story_href

MIN_SCORE = 85  # rapidfuzz ratio (0-100) between spelling keys; 85 lets one letter differ in a 7-letter name
MIN_FUZZY_CHARS = 4  # shorter queries match names only as written (prefix or part), never by similarity
MAX_ENTITIES_FOR_CLAIMS = 5


class ClaimHit(BaseModel):
    article_id: str
    id: str
    start: int
    end: int
    text: str
    certainty: str | None = None
    polarity: str | None = None
    source: str | None = None
    outlet: str | None = None
    story_id: str | None = None
    href: str = Field("", description="the claim on the article page")
    group_id: str | None = None
    group_href: str | None = Field(None, description="the claim's group on the story page")
    outlet_label: str = Field("", description="the outlet as a German reader sees it (never an id or a path)")
    outlet_label_en: str = Field("", description="the same for an English reader ('unknown outlet 3')")
    via: str | None = Field(None, description="the entity name the query matched, for a claim found through it")


class MentionHit(BaseModel):
    text: str
    label: str
    mentions: int
    articles: int
    article_id: str
    start: int
    href: str = ""


class EntityHit(BaseModel):
    id: str
    name: str
    label: str
    matched: str = Field(description="the name or alias the query matched")
    score: float = Field(description="rapidfuzz similarity of the spelling keys, 0-100")
    articles: int = 0
    href: str


class SearchResult(BaseModel):
    query: str
    claims: list[ClaimHit]
    mentions: list[MentionHit]
    entities: list[Entity]
    entity_hits: list[EntityHit] = Field(default_factory=list, description="the entities found, best match first")


# ------------------------------------------------------------------------------------------------ spelling keys

_FOLDS = [("tsch", "ch"), ("sch", "sh"), ("kh", "ch"), ("ck", "k"), ("ph", "f"), ("th", "t"), ("w", "v"),
          ("z", "s"), ("ij", "y"), ("yj", "y"), ("iy", "y"), ("j", "y"), ("ks", "x")]
_WORD = re.compile(r"\w+", re.U)


def spelling_key(name: str) -> str:
    """A name folded so spelling variants meet: 'Selenskyj' and 'Zelensky' → 'selensky', 'Peskow' → 'peskov'."""
    s = unicodedata.normalize("NFKD", name.casefold().replace("ß", "ss"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = " ".join(_WORD.findall(s))
    for a, b in _FOLDS:
        s = s.replace(a, b)
    return re.sub(r"(\w)\1+", r"\1", s)  # doubled letters: 'Nawalnyy', 'Schmitt'


def match_entities(query: str, entities: list[Entity], limit: int = 50) -> list[tuple[Entity, str, float]]:
    """(entity, the name or alias matched, score) for entities whose name or an alias matches `query`."""
    q = " ".join(query.split())
    if not q:
        return []
    ql, qk = q.casefold(), spelling_key(q)
    best: dict[str, tuple[float, str]] = {}
    choices: list[str] = []
    owners: list[tuple[int, str]] = []
    for i, e in enumerate(entities):
        for name in dict.fromkeys([e.name, *e.aliases]):
            if ql in name.casefold():  # as written: a part of the name
                if best.get(e.id, (0.0, ""))[0] < 100:
                    best[e.id] = (100.0, name)
                continue
            key = spelling_key(name)
            for candidate in {key, *key.split()}:
                choices.append(candidate)
                owners.append((i, name))
    if len(qk.replace(" ", "")) >= MIN_FUZZY_CHARS and choices:
        for _, score, j in process.extract(qk, choices, scorer=fuzz.ratio, score_cutoff=MIN_SCORE, limit=None):
            i, name = owners[j]
            eid = entities[i].id
            if score > best.get(eid, (0.0, ""))[0]:
                best[eid] = (float(score), name)
    by_id = {e.id: e for e in entities}
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -len(by_id[kv[0]].article_ids), by_id[kv[0]].name))
    return [(by_id[eid], name, score) for eid, (score, name) in ranked[:limit]]


# ------------------------------------------------------------------------------------------------ the search


def run_search(store: Store, q: str, limit: int = 50, briefing: Briefing | None = None) -> SearchResult:
    """Claims whose text contains `q`, entities whose name or alias matches it in any spelling, the claims by or
    about the best-matching entities, and names in the text (mentions)."""
    from .pages_entities import entity_view

    briefing = briefing if briefing is not None else store.briefing()
    ix = BriefingIndex.of(briefing)

    def claim_hit(c: dict, via: str | None = None) -> ClaimHit:
        group = ix.group_of_claim.get(c["id"])
        story = ix.story_of.get(c["article_id"])
        return ClaimHit(**c, story_id=story.id if story else None, href=article_href(c["article_id"], anchor("claim", c["id"])),
                        group_id=group.id if group else None,
                        group_href=story_href(group.story_id, group.id) if group else None,
                        outlet_label=ix.outlet(c["article_id"]).de, outlet_label_en=ix.outlet(c["article_id"]).en,
                        via=via)

    claims = [claim_hit(c) for c in store.search_claims(q, limit)]
    matched = match_entities(q, briefing.entities, limit)
    entity_hits = [EntityHit(id=e.id, name=e.name, label=e.label, matched=name, score=round(score, 1),
                             articles=len(e.article_ids), href=entity_href(e.id)) for e, name, score in matched]
    seen = {c.id for c in claims}
    for e, _, _ in matched[:MAX_ENTITIES_FOR_CLAIMS]:
        view = entity_view(briefing, e.id, ix) or {}
        for item in view.get("claims_by", []) + view.get("claims_about", []):
            c = item["claim"]
            if c.id in seen or len(claims) >= limit:
                continue
            seen.add(c.id)
            source = c.chain[-1].label if len(c.chain) > 1 else None
            claims.append(claim_hit({"article_id": c.article_id, "id": c.id, "start": c.start, "end": c.end,
                                     "text": c.text, "certainty": c.certainty, "polarity": c.polarity,
                                     "source": source, "outlet": ix.articles[c.article_id].outlet
                                     if c.article_id in ix.articles else None}, via=e.name))
    entity_of_name = {name.casefold(): e.id for e in briefing.entities for name in (e.name, *e.aliases)}
    mentions = []
    for m in store.search_mentions(q, limit):
        eid = entity_of_name.get(m["text"].casefold())
        mentions.append(MentionHit(**m, href=entity_href(eid) if eid else article_href(m["article_id"])))
    return SearchResult(query=q, claims=claims, mentions=mentions, entities=[e for e, _, _ in matched],
                        entity_hits=entity_hits)
