"""Denials across articles: one record per denial, its actor, and the claim groups it opposes.

Every `Denial` annotation becomes one DenialRecord (kind "denial", or "non_denial" when the denial is negated:
"bestreitet nicht", "did not deny" -- never counted or shown as a denial). A claim with polarity denied becomes
a record of its own only when no Denial of its article names it (older annotations). Two records of one article
with the same actor, kind and groups, or a headline's and the body's of one actor however named ("Velmar" /
"Velmar Chemie AG"), are one.

Actor (`denial_actor`): the denier span resolved to its canonical entity -- a person named in it ("Velmar-
Sprecherin Julia Hartmann", "Der Sprecher des Kremls, Dmitry Peskov"; not one who only says whose:
"Ostendorfs Anwalt", "Ostendorf's lawyer" stay as written), else the organisation it begins with or a
spokesperson speaks for ("Ein Sprecher der Velmar Chemie AG"), else the denier text itself. A counted group
("Beide Länder", "Both countries") is shown with the names it counts: those of the denied claim's sentence
outside its speaker (the accusers) and outside prepositional phrases ("Beide Länder (Dravonien, Veskarien)").
"Die Firma"/"das Unternehmen"/"the company" is the company named before (a legal form first, never a news
medium or an authority). A coordinated denier lists each part ("Die Klinikleitung, Ostendorfs Anwalt"); a bare
spokesperson ("Ein Sprecher") right after an organisation's denial speaks for it ("Ein Sprecher (Velmar
Chemie AG)"). A denier that is a claim noun ("Berichte") is none; a denier that is no name while a name stands
between it and the cue gives way to that name. Without a denier: the speaker of an attribution around the
denial, else "unnamed". The speaker of the denied claim (the accuser) is never the actor.

Groups it opposes (`claim_group_ids`): the groups of the denial's `claim_ids` (an affirmed group; for a claim
in a denied/negated group, that group and the affirmed groups it is linked to). Only a denial whose claims
were not resolved (or are in no group) falls back to embedding similarity between its probes (`denial_probes`) and the story's
affirmed groups: the best group at cosine >= DENIAL_LINK, and only with a clear margin -- a runner-up within
DENIAL_CLEAR that is no near-copy of the best (cosine >= SAME_GROUP) makes the link ambiguous, and then there is
none. Groups holding a denial's own sentence are never candidates (a denial is not what it denies). Each
linked group's `denied_by` lists the actors of its denials (non-denials add nothing).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np

from ..encoder.sentences import Embedder
from ..encoder.texts import claim_text_key, denial_probes
from ..model import Article, ArticleAnnotations, Claim, ClaimGroup, DenialRecord, Span
from .names import LEGAL_FORM, outlet_of, published_iso
from .records import plain_span

DENIAL_LINK = 0.55
DENIAL_MAX = 3
DENIAL_MARGIN = 0.03
DENIAL_CLEAR = 0.05
SAME_GROUP = 0.8

_ACTOR_LABELS = {"PER", "ORG", "GPE", "NORP", "MISC", "LOC"}
# Someone who speaks for an organisation: "Ein Sprecher der Velmar AG" denies for Velmar.
_ROLE = re.compile(r"^(?:der|die|ein|eine|the|a|an)?\s*\S*(?:sprecher\w*|vertreter\w*|spokes\w*|representative\w*|"
                   r"sprecher)\b", re.I)
_CLAIM_NOUN = re.compile(r"^(?:die|der|das|den|diese\w*|the|these)?\s*(?:Bericht\w*|Vorw[uü]rf\w*|Behauptung\w*|"
                         r"Darstellung\w*|Anschuldigung\w*|Angaben|Meldung\w*|Gerücht\w*|reports?|claims?|"
                         r"allegations?|das|dies|es|this|that|it)$", re.I)
_GENITIVE_BEFORE = {"des", "der", "von", "vom", "dem", "of", "for"}


def denial_records(
    story_id: str,
    items: Sequence[tuple[Article, ArticleAnnotations]],
    groups: Sequence[ClaimGroup],
    claim_group: dict[str, str],
    embedder: Embedder,
    entity_names: dict[str, str],
    start_index: int = 1,
) -> list[DenialRecord]:
    """Denials (annotations, and denied claims no annotation stands for) of one story, linked to the groups
    they oppose."""
    by_id = {g.id: g for g in groups}
    own = _own_claims(items)
    candidates = [g for g in groups if g.polarity == "affirmed" and not any(m.claim_id in own for m in g.members)]
    gvecs: list[np.ndarray | None] = [None]  # embedded only when a fallback needs them

    def closest(probes):
        if not candidates:
            return []
        if gvecs[0] is None:
            gvecs[0] = embedder.encode([claim_text_key(g.representative.text) for g in candidates])
        return _closest(embedder, probes, candidates, gvecs[0])

    out: list[DenialRecord] = []
    for art, ann in items:
        covered = {cid for d in ann.denials for cid in _claim_ids(d)}
        mine: list[DenialRecord] = []
        for d in ann.denials:
            actor, actor_eid = _actor(d, ann, entity_names, art.language or "de")
            speaks_for = _spoken_for(actor, d, mine, ann)
            if speaks_for is not None:  # "Velmar bestreitet ... Ein Sprecher nannte die Vorwürfe ...": its spokesman
                actor, actor_eid = f"{actor} ({speaks_for.actor})", speaks_for.actor_entity_id
            cids = [] if d.negated else _claim_ids(d)
            gids = _groups_of(cids, claim_group, by_id)
            if not gids:  # claims not resolved, or resolved to claims kept out of every group
                gids = closest(denial_probes(art, ann, d))
            mine.append(DenialRecord(
                id="", story_id=story_id, actor=actor, actor_entity_id=actor_eid or d.denier_entity_id,
                span=plain_span(d), target=plain_span(d.target) if d.target else None,
                claim_group_ids=gids, published=published_iso(art), article_id=art.id, outlet=outlet_of(art),
                negated=d.negated, kind="non_denial" if d.negated else "denial", source="denial"))
        for c in ann.claims:
            if c.polarity != "denied" or c.id in covered or c.id not in claim_group:
                continue
            if any(r.span.start < c.end and c.start < r.span.end for r in mine):
                continue  # a Denial on the same words stands for it
            gids = _groups_of([c.id], claim_group, by_id)
            mine.append(DenialRecord(
                id="", story_id=story_id, actor=_chain_end(c, entity_names) or outlet_of(art), span=plain_span(c),
                claim_group_ids=gids, published=published_iso(art), article_id=art.id, outlet=outlet_of(art),
                source="claim"))
        out.extend(_one_per_denial(mine, _headline_end(art)))
    for k, r in enumerate(out, start_index):
        r.id = f"{story_id}-d{k}"
    for r in out:
        if r.kind != "denial":
            continue
        for gid in r.claim_group_ids:
            g = by_id.get(gid)
            if g is not None and r.actor not in g.denied_by:
                g.denied_by.append(r.actor)
    return out


# A spokesperson named by role alone: "Ein Sprecher", "die Sprecherin", "a spokesman"
_BARE_ROLE = re.compile(r"^(?:der|die|ein|eine|the|a|an)\s+(?:sprecher\w*|pressesprecher\w*|spokes\w*)$", re.I)
SPOKEN_FOR_GAP = 300  # characters: the organisation's denial must come just before


def _spoken_for(actor: str, d, mine: list[DenialRecord], ann: ArticleAnnotations) -> DenialRecord | None:
    """The organisation a bare spokesperson denies for: the one whose denial comes just before."""
    if not _BARE_ROLE.match(actor) or not mine:
        return None
    prev = mine[-1]
    orgs = {m.entity_id for m in ann.mentions if m.label in ("ORG", "GPE") and m.entity_id}
    if prev.kind != "denial" or not prev.actor_entity_id or prev.actor_entity_id not in orgs:
        return None
    return prev if 0 <= d.start - prev.span.end <= SPOKEN_FOR_GAP else None


def _claim_ids(d) -> list[str]:
    return list(d.claim_ids) or ([d.claim_id] if d.claim_id else [])


def _own_claims(items) -> set[str]:
    """Claims that hold a denial's (or non-denial's) cue: its own statement, never what it addresses."""
    out = set()
    for _, ann in items:
        cues = [d.cue.start for d in ann.denials]
        for c in ann.claims:
            if any(c.start <= x < c.end for x in cues):
                out.add(c.id)
    return out


def _groups_of(cids: list[str], claim_group: dict[str, str], by_id: dict[str, ClaimGroup]) -> list[str]:
    gids: list[str] = []
    for cid in cids:
        g = by_id.get(claim_group.get(cid, ""))
        if g is None:
            continue
        found = [g.id] if g.polarity == "affirmed" else [g.id, *(x for x in g.linked_group_ids
                                                                if x in by_id and by_id[x].polarity == "affirmed")]
        gids.extend(x for x in found if x not in gids)
    return gids


def _headline_end(art: Article) -> int:
    """End of the article's first line when it is a headline (a line of its own before the body), else 0."""
    nl = art.text.find("\n")
    return nl if 0 < nl < 200 else 0


def _one_per_denial(recs: list[DenialRecord], headline_end: int = 0) -> list[DenialRecord]:
    """One article's records of the same actor and kind are one denial told twice when they oppose the same
    groups, or when one is the headline repeating a denial of the body: keep the body's record."""
    out: list[DenialRecord] = []
    for r in recs:
        def twin_of(o):
            if o.kind != r.kind or r.actor == "unnamed":
                return False
            if o.actor == r.actor and o.claim_group_ids and set(o.claim_group_ids) == set(r.claim_group_ids):
                return True
            # the headline names the denier short ("Velmar weist Vorwürfe zurück"), the body in full
            same = o.actor == r.actor or (o.actor_entity_id and o.actor_entity_id == r.actor_entity_id) or (
                o.actor.lower() in r.actor.lower() or r.actor.lower() in o.actor.lower())
            return same and o.span.end <= headline_end < r.span.start
        twin = next((o for o in out if twin_of(o)), None)
        if twin is None:
            out.append(r)
        elif twin.span.end <= headline_end < r.span.start:
            out[out.index(twin)] = r
    return out


def denial_actor(d, ann: ArticleAnnotations, claims: dict[str, Claim], entity_names: dict[str, str]) -> str:
    """Who denies (see the module docstring); `claims` is kept for callers, the denied claim's speaker is never
    the actor."""
    return _actor(d, ann, entity_names)[0]


def _actor(d, ann: ArticleAnnotations, entity_names: dict[str, str], lang: str = "de") -> tuple[str, str | None]:
    names = [m for m in ann.mentions if m.label in _ACTOR_LABELS and m.kind in ("name", "acronym")]
    den = d.denier
    if den is not None and _CLAIM_NOUN.match(den.text.strip()):
        den = None  # "Berichte ... wies ein Sprecher zurück": what is denied, not who
    if den is not None:
        group = _group_actor(d, den, ann, names, lang)
        if group is not None:
            return group
        parts = _conjuncts(den, names)
        if len(parts) > 1:  # "Die Klinikleitung und Ostendorfs Anwalt": each of them denies
            return ", ".join(_span_actor(d, p, ann, names, entity_names, alone=False)[0] for p in parts), None
        return _span_actor(d, den, ann, names, entity_names)
    for a in ann.attributions:
        if a.start <= d.start and d.end <= a.end and a.speaker is not None:
            return (entity_names.get(a.speaker_entity_id or "") or a.speaker.text).strip(), a.speaker_entity_id
    before = [m for m in names if d.start <= m.start and m.end <= d.cue.start]
    if before:
        m = max(before, key=lambda m: m.end)
        return _name(m, entity_names), m.entity_id
    return "unnamed", None


def _span_actor(d, den, ann, names, entity_names, alone: bool = True) -> tuple[str, str | None]:
    """The actor a denier phrase names (see the module docstring)."""
    inside = [m for m in names if den.start <= m.start and m.end <= den.end]
    text = den.text
    # a person named in it, not in a genitive ("der Anwalt von X", "Ostendorfs Anwalt", "Ostendorf's lawyer") nor
    # a compound's first part ("Velmar-Sprecherin"); the last such (the name after a role: "Sprecherin Julia
    # Hartmann", ", Dmitry Peskov")
    own = [m for m in inside if _prev_word(text, m.start - den.start) not in _GENITIVE_BEFORE
           and not _possessive(text, m, den.start)]
    per = [m for m in own if m.label == "PER" and not text[m.end - den.start:m.end - den.start + 1] == "-"]
    if per:
        return _name(per[-1], entity_names), per[-1].entity_id
    if own:
        return _name(own[0], entity_names), own[0].entity_id
    if inside and _ROLE.match(text):
        return _name(inside[0], entity_names), inside[0].entity_id
    if inside:
        return text.strip(), None
    nominal = next((m for m in ann.mentions if m.start <= den.start and den.end <= m.end and m.entity_id
                    and entity_names.get(m.entity_id)), None)
    if nominal is not None:
        return entity_names[nominal.entity_id], nominal.entity_id
    company = _company_before(den, ann, names, entity_names) if _COMPANY.match(text.strip()) else None
    if company is not None:  # "Die Firma weist die Vorwürfe zurück": the company named before
        return company
    between = [m for m in names if den.end <= m.start and m.end <= d.cue.start and d.start <= m.start]
    if alone and between:  # "Fischsterben in der Alm: Velmar weist ...": a closer name is the subject
        m = max(between, key=lambda m: m.end)
        return _name(m, entity_names), m.entity_id
    return text.strip(), None


def _possessive(text: str, m, offset: int) -> bool:
    """"Ostendorf's lawyer", "Ostendorfs Anwalt": the name says whose, the phrase's head is someone else."""
    after = text[m.end - offset:]
    if after.startswith(("'s", "’s", "' ", "’ ")):
        return True
    return m.text.endswith("s") and re.match(r"\s+[A-ZÄÖÜ][a-zäöüß]", after) is not None


def _conjuncts(den, names) -> list:
    """The parts of a coordinated denier ("Die Klinikleitung und Ostendorfs Anwalt"); one part when the "und"
    lies inside a name ("Müller und Söhne")."""
    parts, pos = [], 0
    for m in re.finditer(r"\s+(?:und|and|sowie)\s+", den.text):
        s, e = den.start + m.start(), den.start + m.end()
        if any(n.start < s and e < n.end for n in names):
            continue
        parts.append((pos, m.start()))
        pos = m.end()
    if not parts:
        return [den]
    parts.append((pos, len(den.text)))
    return [Span(article_id=den.article_id, start=den.start + a, end=den.start + b, text=den.text[a:b])
            for a, b in parts if b > a]


# "Beide Länder", "die beiden Staaten", "Both countries", "the two companies": the accused named before
_GROUP = re.compile(r"^(?:die\s+|the\s+)?(beiden?|both|two|zwei|drei|three|alle\s+drei|all\s+three)\b\s*(\w+)?$", re.I)
_PREPOSITIONS = {"in", "im", "aus", "nach", "gegen", "bei", "mit", "von", "vom", "zu", "zum", "zur", "über", "für",
                 "an", "am", "auf", "of", "at", "from", "to", "for", "with", "against", "on", "by", "into"}


def _group_actor(d, den, ann, names, lang) -> tuple[str, str | None] | None:
    """A denier that counts those denying ("Beide Länder haben das zurückgewiesen"): the names in the sentence of
    the claim denied, outside its speaker (the accusers) and outside prepositional phrases, in their order;
    shown beside the phrase: "Beide Länder (Dravonien, Veskarien)". None when the count does not come out."""
    m = _GROUP.match(den.text.strip())
    if m is None or not d.claim_ids:
        return None
    count = {"beide": 2, "beiden": 2, "both": 2, "two": 2, "zwei": 2}.get(m.group(1).lower(), 3)
    claims = {c.id: c for c in ann.claims}
    for cid in d.claim_ids:
        c = claims.get(cid)
        sent = next((s for s in ann.sentences if c is not None and s.start <= c.start < s.end), None)
        if sent is None:
            continue
        accusers = [n.span for n in c.chain[1:] if n.span is not None]
        found: list[tuple[int, str, str | None]] = []
        # name mentions, and (the recogniser misses invented or rare names) proper nouns by their tag
        cands = [(n.start, n.end, n.text, n.entity_id) for n in names if sent.start <= n.start and n.end <= sent.end]
        cands += [(a, b, w, None) for a, b, w in _proper_nouns(sent, lang) if not any(x[0] <= a < x[1] for x in cands)]
        for a, b, text, eid in sorted(cands):
            if any(x.start <= a < x.end for x in accusers) or _in_pp(sent.text, a - sent.start):
                continue
            if all((e or t) != (eid or text) for _, t, e in found):
                found.append((a, text, eid))
        if len(found) >= count:
            shown = [re.sub(r"(?:'s|’s)$", "", t) for _, t, _ in found[:count]]
            return f"{den.text.strip()} ({', '.join(shown)})", found[0][2]
    return None


def _proper_nouns(sent, lang) -> list[tuple[int, int, str]]:
    from ..claims.denier import tag_tokens

    words = [(m.group(), sent.start + m.start(), sent.start + m.end()) for m in re.finditer(r"\w[\w-]*", sent.text)]
    toks = tag_tokens(words, lang)
    return [(t.start, t.end, t.text) for n, t in enumerate(toks)
            if t.tag in ("NE", "NP0") and n > 0 and t.text[:1].isupper()]


_ARTICLES = {"der", "die", "das", "dem", "den", "des", "the", "a", "an"}


def _in_pp(text: str, pos: int) -> bool:
    """Whether the word at pos follows a preposition (over an article: "in der Ukraine")."""
    words = [w.lower() for w in re.findall(r"\w+", text[:pos])[-2:]]
    if words and words[-1] in _ARTICLES:
        words = words[:-1]
    return bool(words) and words[-1] in _PREPOSITIONS


# "Die Firma", "das Unternehmen", "der Konzern", "the company": the company the article named before
_COMPANY = re.compile(r"^(?:die|das|der|den|the)\s+(?:Firma|Unternehmen|Konzern|Hersteller|Betreiber\w*|"
                      r"company|firm|manufacturer|operator)$", re.I)
_LEGAL_NAME = re.compile(r"(?:[A-ZÄÖÜ][\w&-]*\s+){1,4}(?:GmbH|AG|SE|KG|KGaA|OHG|Inc|Ltd|LLC|plc|Corp)\b")
_AUTHORITY = re.compile(r"(?i)(staatsanwalt|ministeri|polizei|behörde|amt\b|regierung|gericht|feuerwehr|verband|"
                        r"ministry|police|court|government|agency|authority)")


@functools.lru_cache(maxsize=65536)
def _media_name(text: str, label: str) -> bool:
    """A name mention that names a news medium (cached: called for every organisation before every denial)."""
    from types import SimpleNamespace

    from ..attribution.kinds import node_kind

    return node_kind(text, SimpleNamespace(text=text, label=label, start=0, end=len(text))) == "media"


def _company_before(den, ann, names, entity_names) -> tuple[str, str | None] | None:
    """The last company named before the phrase: one with a legal form ("Kestler Lacke GmbH") first -- a name
    mention, else (the recogniser missed it) the capitalised words before the legal form --, else the last
    organisation that is no news medium and no authority; None when there is none."""
    orgs = [m for m in names if m.label == "ORG" and m.end <= den.start and not _media_name(m.text, m.label)
            and not _AUTHORITY.search(m.text)]
    legal = [(m.start, _name(m, entity_names), m.entity_id) for m in orgs if LEGAL_FORM.search(m.text)]
    for sent in ann.sentences:
        if sent.end > den.start:
            break
        for m in _LEGAL_NAME.finditer(sent.text):
            start = sent.start + m.start()
            if not any(x[0] <= start < x[0] + 80 for x in legal):
                legal.append((start, re.sub(r"^(?:(?:Der|Die|Das|The|Firma|Unternehmen|Konzern)\s+)+", "",
                                            m.group().strip()), None))
    if legal:
        return max(legal)[1:]
    if orgs:
        m = max(orgs, key=lambda m: m.start)
        return _name(m, entity_names), m.entity_id
    return None


def _prev_word(text: str, pos: int) -> str:
    words = text[:pos].split()
    return words[-1].lower().strip(",") if words else ""


def _name(m, entity_names) -> str:
    return entity_names.get(m.entity_id or "") or m.text


def _chain_end(c: Claim, entity_names: dict[str, str]) -> str | None:
    for node in reversed(c.chain):
        if node.kind != "outlet" and (node.entity_id or node.label):
            return entity_names.get(node.entity_id or "") or node.label
    return None


def _closest(embedder: Embedder, probes: list[str], groups: Sequence[ClaimGroup], gvecs: np.ndarray) -> list[str]:
    """The group the probes are clearly closest to (with near-copies of it), or none when it is ambiguous."""
    sims = (gvecs @ embedder.encode(probes).T).max(axis=1)
    order = np.argsort(-sims)
    best = int(order[0])
    if sims[best] < DENIAL_LINK:
        return []
    near = [int(j) for j in order[1:DENIAL_MAX * 2] if sims[j] >= sims[best] - DENIAL_CLEAR]
    same = [j for j in near if float(gvecs[j] @ gvecs[best]) >= SAME_GROUP]
    if len(same) < len(near):
        return []  # another group is about as close and says something else: no link rather than a wrong one
    return [groups[best].id] + [groups[j].id for j in same if sims[j] >= sims[best] - DENIAL_MARGIN][:DENIAL_MAX - 1]
