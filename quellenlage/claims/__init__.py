"""The claims stage: check-worthy propositions with source chain, certainty and polarity, plus denials.

`run(ctx)` returns {"claims": [...], "denials": [...]}. A claim is a proposition: the content of an attribution
(the reported proposition) or, for sentences nobody is quoted in, the sentence itself in the outlet's own voice.
What counts as a claim unit is judged in `units.py` (headline kept and marked, crossheads, captions, labels,
quoted fragments and attribution-only sentences dropped, halves around a frame joined), certainty in
`certainty.py` (asserted / reported / hedged / unverified / speculative, epistemic caveats), polarity in
`polarity.py` (negated only when the negation scopes over the main predicate; denied when a denial of
`denials.py` targets the claim). Each claim carries the ids of the mentions, figures and times inside it.
"""
from __future__ import annotations

import re

from ..context import SpanLookup, group_by_ranges
from ..lang.mood import word_mood
from ..model import Claim, SourceNode
from .certainty import ABOUT_PREVIOUS, HEDGES, SPECULATIVE, UNVERIFIED, caveat, certainty, cues, frame_is_claim
from .denials import find_denials
from .polarity import polarity
from .voice import reported_mood
from .units import Piece, attribution_only, headline_range, not_a_claim, pieces_of_sentence

# A source that refers back to one named before: a pronoun or a definite article with one noun ("der Mann").
BACK_REFERENCE = re.compile(r"^(?:er|sie|he|she|they|(?:der|die|das|the)\s+\w+)$", re.I)
ANAPHOR = re.compile(r"\s*(?:das|dies|diese[rsnm]?|es|this|that|these|it)\b", re.I)

__all__ = ["run", "HEDGES", "UNVERIFIED", "SPECULATIVE"]


def _outlet(ctx) -> SourceNode:
    return SourceNode.outlet_of(ctx.article)


def _source_node(ctx, s: int, e: int) -> SourceNode:
    """The source an attribution-only sentence names, typed like the attribution stage types speakers."""
    from ..attribution.kinds import head_mention, node_kind

    span = ctx.span(s, e)
    lookup = ctx.memo.get("claims.mentions")
    if lookup is None or len(lookup) != len(ctx.annotations.mentions):  # the mentions, by position
        lookup = ctx.memo["claims.mentions"] = SpanLookup(ctx.annotations.mentions)
    mention = head_mention(lookup, s, e)
    kind = node_kind(span.text, mention)
    return SourceNode(label=span.text, kind=kind, span=span, entity_id=mention.entity_id if mention else None,
                      description=span.text if kind == "anonymous" else None)


def run(ctx) -> dict:
    if ctx.doc is None:
        return {}
    ann = ctx.annotations
    atts = list(ann.attributions)
    text = ctx.text
    aid = ctx.article.id
    index_of = {s.start: s.index for s in ann.sentences}
    sents = []
    for n, s in enumerate(ctx.analysable_sentences()):
        start, end = s.start_char, s.start_char + len(s.text.rstrip())
        if end > start:
            sents.append((index_of.get(start, n), start, end))
    # The attributions that reach into each sentence (cue, speaker, content or span), in their order: what the
    # per-sentence steps look at, found once instead of scanning every attribution for every sentence.
    near = group_by_ranges([(s, e) for _, s, e in sents], [(i, *_extent(a)) for i, a in enumerate(atts)])
    head = headline_range(ctx)
    head_sents = [k for k, (_, s, e) in enumerate(sents) if head and s < head[1] and head[0] < e]
    if len(head_sents) != 1:
        head = None  # a first paragraph of several sentences is a standfirst, not a headline

    pieces: list[Piece] = []
    meta_sents: set[int] = set()  # sentences about the claims before them (dropped, they lower certainty)
    back_refs: dict[int, tuple] = {}  # k -> source named for the sentence before
    caveats: dict[int, tuple] = {}
    for k, (si, start, end) in enumerate(sents):
        is_head = head is not None and start < head[1] and head[0] < end
        if not_a_claim(ctx, start, end, is_head):
            continue
        atts_k = [atts[i] for i in near[k]]
        only = attribution_only(ctx, start, end, atts_k)
        if only is not None:
            back_refs[k] = only
            continue
        body = text[start:end]
        cav = caveat(body)
        if cav is not None:
            cs, ce, clause, cert = cav
            # Without a clause of its own and pointing back ("Das ist nicht bewiesen.", "Diese Angaben ..."),
            # the caveat is about the claims before it.
            if clause is None and (ANAPHOR.match(body) or ABOUT_PREVIOUS.search(body)):
                meta_sents.add(k)
                caveats[k] = (start + cs, start + ce, cert)
                continue
            caveats[k] = (start + cs, start + ce, cert)
            ps = _caveat_pieces(ctx, k, start, end, cav, atts_k)
        else:
            ps = pieces_of_sentence(ctx, k, start, end, atts_k)
            if body.rstrip().endswith("?"):
                ps = [p for p in ps if p.att is not None]  # a question in the outlet's voice asserts nothing
        for p in ps:
            p.headline = is_head
        pieces.extend(ps)

    claims: list[Claim | None] = []
    claim_k: list[int] = []
    mentions, figures, times = SpanLookup(ann.mentions), SpanLookup(ann.figures), SpanLookup(ann.times)
    for p in pieces:
        si, start, end = sents[p.k]
        cs, ce = p.start, p.end
        while ce > cs and text[ce - 1].isspace():
            ce -= 1
        a = p.att
        chain = list(a.chain) if a is not None and a.chain else [_outlet(ctx)]
        cert, cert_cues = certainty(ctx, cs, ce, start, end, a)
        if cert == "asserted" and a is None:
            verb = reported_mood(ctx, cs, ce)  # "Neben X befänden sich Y": relayed speech without a frame
            if verb is not None:
                cert, cert_cues = "reported", [verb]
        if p.k in caveats and not p.notes.get("frame"):
            qs, qe, qcert = caveats[p.k]
            cert, cert_cues = qcert, [ctx.span(qs, qe)]
        # Negations inside a certainty cue ("nicht unabhängig überprüft", "nicht ausgeschlossen") or a caveat
        # are the speaker's epistemic stance, not the claim's polarity.
        skip = [(c.start, c.end) for c in cues(ctx, UNVERIFIED, cs, ce) + cues(ctx, SPECULATIVE, cs, ce) + cert_cues]
        neg = [ctx.span(s, e) for s, e in polarity(text[cs:ce], cs) if not any(a0 <= s < b0 for a0, b0 in skip)]
        pol = "negated" if neg else "affirmed"
        claims.append(ctx.span(cs, ce, Claim, id="", sentence_index=si, chain=chain,
                               attribution_id=a.id if a is not None else None, certainty=cert,
                               certainty_cues=cert_cues, polarity=pol, polarity_cues=neg,
                               mention_ids=[m.id for m in mentions.inside(cs, ce)],
                               figure_ids=[f.id for f in figures.inside(cs, ce)],
                               time_ids=[t.id for t in times.inside(cs, ce)],
                               headline=p.headline))
        claim_k.append(p.k)

    claims_of: dict[int, list[int]] = {}  # sentence position k -> its claims' indexes, in order
    for i, ck in enumerate(claim_k):
        claims_of.setdefault(ck, []).append(i)
    att_by_id: dict[str, object] = {}
    for x in atts:
        att_by_id.setdefault(x.id, x)
    # "Das sagte X dem Blatt.": X becomes the source of the claims of the sentence before, when those are in the
    # outlet's voice or a quote without a speaker.
    for k, (ss, se, qs, qe, relay) in back_refs.items():
        nodes = [_source_node(ctx, ss, se)] + ([_source_node(ctx, *relay)] if relay else [])
        for i in claims_of.get(k - 1, []):
            c = claims[i]
            if c is None or c.headline:
                continue
            att = att_by_id.get(c.attribution_id)
            if len(c.chain) > 1 and not (att is not None and att.type == "direct" and att.speaker is None):
                continue
            upd = {"chain": [c.chain[0], *nodes]}
            if c.certainty == "asserted" or att is not None:
                upd.update(certainty=c.certainty if c.certainty != "asserted" else "reported",
                           certainty_cues=c.certainty_cues if c.certainty != "asserted" else [ctx.span(qs, qe)])
            claims[i] = c.model_copy(update=upd)

    # "Die Angaben ließen sich nicht unabhängig überprüfen", "Das ist nicht bewiesen": a sentence about the
    # claims before it.
    for k, (si, start, end) in enumerate(sents):
        unver = cues(ctx, UNVERIFIED, start, end)
        if k in meta_sents:
            qs, qe, _ = caveats[k]
            unver = unver or [ctx.span(qs, qe)]
        elif not unver:
            continue
        about_previous = k in meta_sents or ABOUT_PREVIOUS.search(text[start:end]) or len(text[start:end].split()) < 12
        if not about_previous:
            continue
        own = list(claims_of.get(k, []))
        for i in _claims_before(claims, claims_of, k, att_by_id):
            claims[i] = claims[i].model_copy(update={"certainty": "unverified",
                                                     "certainty_cues": claims[i].certainty_cues + unver})
        for i in own:  # the meta sentence itself is not a claim about the world
            claims[i] = None
    keep = [c for c in claims if c is not None]
    claims = [c.model_copy(update={"id": f"{aid}:claim{i}"}) for i, c in enumerate(keep)]

    denials = find_denials(ctx, sents, atts, claims)
    by_id = {c.id: c for c in claims}
    for d in denials:
        if d.negated:
            continue
        for cid in dict.fromkeys(list(d.claim_ids) + ([d.claim_id] if d.claim_id else [])):
            c = by_id.get(cid)
            # denied = a denial targets it, here or (anaphor: "Beide Länder haben das zurückgewiesen") in an
            # earlier sentence; cross-article grouping keeps denied claims with the affirmed ones (groups.py)
            if c is None:
                continue
            if _anaphoric(d) and "\n" in text[min(c.end, d.start):max(c.end, d.start)] and \
                    not (c.start < d.end and d.start < c.end):
                # "Die Firma weist die Vorwürfe zurück." in a later paragraph: which claims a noun or pronoun
                # reaches over a paragraph break is a guess; the denial still links to the claim (its group shows
                # the denial), but the claim keeps the polarity it is told with. A denial that restates the
                # content ("bestreitet, von dem Leck gewusst zu haben") marks its claims wherever they stand.
                continue
            by_id[cid] = c.model_copy(update={"polarity": "denied", "polarity_cues": c.polarity_cues + [d.cue]})
    claims = [by_id[c.id] for c in claims]
    return {"claims": claims, "denials": denials}


def _anaphoric(d) -> bool:
    """The denial names what it denies only by a noun or pronoun ("die Vorwürfe", "das", "the report"), not by
    restating the content (a clause: "dass ...", "wonach ...", "von dem Leck gewusst zu haben")."""
    t = d.target.text if d.target is not None else ""
    return len(t.split()) <= 6 and not re.search(r"\b(?:dass|daß|wonach|ob|zu|that|whether|to)\b", t, re.I)


def _extent(a) -> tuple[int, int]:
    """From the first to one past the last character an attribution touches (cue, speaker, contents, span)."""
    parts = [a, a.cue, *a.cue_parts, *a.content] + ([a.speaker] if a.speaker is not None else [])
    return min(p.start for p in parts), max(p.end for p in parts) + 1


def _claims_before(claims, claims_of, k, by_att) -> list[int]:
    """The claims a meta sentence k ("Diese Angaben ließen sich nicht überprüfen") is about: those of the nearest
    sentence before it that has claims, and before that the run of sentences relaying the same source ("X sagte
    A. Er fügte hinzu, B. Diese Angaben ..."); a claim of another source in between ends the run ("Laut A ...
    Auch B vermutet ... Laut C ... Diese Angaben ...": only C's). A sentence continues the run of the one before
    when it names the same source, refers back to it ("er", "der Mann"), or is itself reported by it: free
    indirect speech, or a frame in Konjunktiv ("Kollegen hätten ihn gewarnt, passiert sei nichts")."""
    def labels(i):
        return tuple(n.label for n in claims[i].chain[1:])

    def continues(i):
        a = by_att.get(claims[i].attribution_id)
        if a is None:
            return False
        if a.type == "free_indirect":
            return True
        if word_mood(a.cue.text.split()[0]) in ("sub1", "sub2"):
            return True  # "hätten ... hingewiesen": the frame is itself reported
        label = claims[i].chain[-1].label if len(claims[i].chain) > 1 else ""
        return bool(BACK_REFERENCE.match(label))

    def live(ck):  # the claims of sentence ck still standing
        return [i for i in claims_of.get(ck, []) if claims[i] is not None]

    # the last sentence before k with claims, if it is one of the two right before it (a dropped sentence may
    # stand between, no more)
    last = next((ck for ck in (k - 1, k - 2) if live(ck)), None)
    if last is None:
        return []
    picked = live(last)
    sources = {labels(i) for i in picked}
    later = picked
    prev = last
    while len(sources) == 1 and () not in sources:
        before = live(prev - 1)
        if not before or () in {labels(i) for i in before}:
            break
        if {labels(i) for i in before} != sources and not all(continues(i) for i in later):
            break
        picked += before
        sources = {labels(i) for i in before}
        later = before
        prev -= 1
    return picked


def _caveat_pieces(ctx, k, start, end, cav, atts) -> list[Piece]:
    """The claim a caveat wraps: its content clause (or the sentence), with a source only when the attribution's
    cue is outside the caveat ("Die Polizei sagte, es sei unklar, ob ...")."""
    text = ctx.text
    cs, ce, clause, _ = cav
    cue_s, cue_e = start + cs, start + ce
    body = text[start:end]
    if clause is not None:
        s, e = start + clause, end
        while e > s and text[e - 1] in ".!? ":
            e -= 1  # like an attribution's content clause, without the sentence's final stop
    else:
        lead = re.match(r"\s*(?:dass|daß|ob|whether|that)\b[^,]*", body, re.I)
        s, e = (start + lead.start(), start + lead.end()) if lead and lead.end() <= cs else (start, end)
    att = next((a for a in atts if start <= a.cue.start < end and not (cue_s <= a.cue.start < cue_e)
                and a.cue.start < cue_s and any(c.start <= s < c.end or s <= c.start < e for c in a.content)), None)
    out = [Piece(s, e, k, att)]
    if clause is not None and att is None and frame_is_claim(body):
        # "Die Prüfer konnten nicht beweisen, dass X": the frame is the outlet's finding about the evidence.
        fe = start + clause
        while fe > start and text[fe - 1] in ", ":
            fe -= 1
        fe = start + len(re.sub(r"\s*,?\s*dafür$", "", text[start:fe]))  # "keine Belege dafür, dass"
        if len(text[start:fe].split()) >= 3:
            frame = Piece(start, fe, k, None)
            frame.notes["frame"] = True
            out.insert(0, frame)
    return out
