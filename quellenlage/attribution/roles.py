"""Frames, addressees and media of the attributions the rules found, read off their final cue, speaker and
content (see frames.py, addressees.py, media.py). Runs last in the attribution stage."""
from __future__ import annotations

import re

from . import addressees, media
from . import frames as fr

# Cut a source phrase out of the middle of its content ("Die Kosten steigen | laut X | weiter"), as quotation
# corpora do, giving it a frame: on Wikinews dev frame F1 .811 instead of .783 and quote F1 .910 instead of .903,
# but the statement becomes two content spans (tests/test_attribution.py keeps it one: claims are read from it).
SPLIT_INNER_PHRASES = False


def _content_without(ctx, tk: fr.Tokens, content, a: int, b: int) -> list:
    """The content spans with the token range [a, b) cut out (a source phrase inside its content), trimmed of the
    commas and spaces left at the cut."""
    cs, ce = tk.start[a], tk.end[b - 1]
    out = []
    for c in content:
        for s, e in ((c.start, min(c.end, cs)), (max(c.start, ce), c.end)):
            if e <= s:
                continue
            piece = ctx.text[s:e]
            strip = " \t\n,;"
            s2 = s + len(piece) - len(piece.lstrip(strip))
            e2 = e - (len(piece) - len(piece.rstrip(strip)))
            if e2 > s2:
                out.append(ctx.span(s2, e2))
    return out


_OWNER_LEAD = re.compile(r"^[\s,]*(?:(?:von|vom|des|der|dem|den|eines|einer|seitens)(?:\s+|$))*", re.I)


def _owner_origin(ctx, att, start: int, end: int) -> dict | None:
    """A source noun grown over its owner ("Angaben" -> "Angaben von n-tv") names the origin in that owner: the
    update for chain and speaker mention, or None when the grown words hold no owner (only "von", "der").
    The chain gets the owner as origin where the rules' chain had none (outlet only): otherwise the statement would
    stand as the outlet's own. A chain that already has an origin keeps it (the rules read it from the sentence)."""
    from ..model import SourceNode
    from .kinds import head_mention, source_node

    tail = ctx.text[start:end]
    s = start + _OWNER_LEAD.match(tail).end()
    if s >= end:
        return None
    if len(att.chain) > 1:
        return {}
    mentions = list(getattr(ctx.annotations, "mentions", None) or [])
    m = head_mention(mentions, s, end)
    span = ctx.span(m.start, m.end) if m is not None else ctx.span(s, end)
    head = list(att.chain) or [SourceNode.outlet_of(ctx.article)]
    return {"chain": [*head, source_node(span, m)], "speaker_mention_id": m.id if m else att.speaker_mention_id,
            "speaker_entity_id": m.entity_id if m else att.speaker_entity_id}


class _Article:
    """What the attributions of one article tell about each other's tokens."""

    def __init__(self, ctx, atts: list):
        self.ctx, self.atts = ctx, atts
        self.tk = tk = fr.Tokens(ctx)
        self.contents = [tk.tokens(a.content) for a in atts]
        self.cues = [tk.tokens(a.cue_parts or [a.cue]) if fr.has_frame(a) else set() for a in atts]
        # Token -> how many attributions hold it as content / whose cues it is in: "another attribution's
        # content" is then a count test per token, not a union over all attributions for each one.
        self.content_count: dict[int, int] = {}
        for c in self.contents:
            for k in c:
                self.content_count[k] = self.content_count.get(k, 0) + 1
        self.cue_owner: dict[int, set] = {}
        for c in self.cues:
            for k in c:
                self.cue_owner.setdefault(k, set()).add(frozenset(c))
        # Each source phrase's tokens ("laut X", "nach Angaben von X"): no other attribution's frame runs over them.
        self.phrase_of: dict[int, frozenset] = {}
        for j, a in enumerate(atts):
            if self.cues[j] and fr.is_source_phrase(tk, a):
                found = fr.phrase_range(tk, a, self.contents[j])
                if found is not None:
                    self.phrase_of[j] = frozenset(range(*found[0]))

    def roles(self, i: int) -> tuple[dict, str | None]:
        """(update of attribution i, the text its medium is read from or None)."""
        ctx, tk, att = self.ctx, self.tk, self.atts[i]
        own, cue = self.contents[i], self.cues[i]
        upd: dict = {}
        if not fr.has_frame(att) or not cue:
            return upd, None
        r = said = None
        if fr.is_source_phrase(tk, att):
            found = fr.phrase_range(tk, att, own)
            r, sp = found if found is not None else (None, None)
            if r is not None:
                said = ctx.text[tk.start[r[0]]:tk.end[r[1] - 1]]
            if sp is not None and sp[1] > sp[0] and att.speaker is not None and tk.end[sp[1] - 1] > att.speaker.end:
                grown = _owner_origin(ctx, att, att.speaker.end, tk.end[sp[1] - 1])
                if grown is not None:  # never a speaker that ends in a bare "von"
                    upd["speaker"] = ctx.span(att.speaker.start, tk.end[sp[1] - 1])
                    upd.update(grown)
            if r is not None and any(k in own for k in range(*r)):
                # The content swallowed (part of) the phrase. At its edge ("Nach Angaben [von X] wurden ...") the
                # phrase is cut back out; inside one clause ("steigen laut X weiter") the statement stays one
                # content (claims are read from it) and the phrase gets no frame over it.
                content = _content_without(ctx, tk, att.content, *r)
                if content and (len(content) == len(att.content) or SPLIT_INNER_PHRASES):
                    upd["content"] = content
                else:
                    r = None
        elif not cue & own:
            # Content of others that does not hold this cue (an attribution nested in it may read its frame).
            holders = [c for j, c in enumerate(self.contents) if j != i and c & cue]
            blocked = fr.CountedSet(self.content_count, own, holders + [own])
            foreign = fr.OwnedSet(self.cue_owner, frozenset(cue), own)
            phrases = frozenset().union(*(p for j, p in self.phrase_of.items() if j != i and not p & cue))
            r = fr.frame_range(tk, att, own, blocked, foreign, phrases)
        if r is None:
            return upd, said
        upd["frame"] = ctx.span(tk.start[r[0]], tk.end[r[1] - 1])
        if att.addressee is not None and not addressees.plausible(tk, att.addressee):
            upd["addressee"] = None
        if upd.get("addressee", att.addressee) is None:
            sp = upd.get("speaker", att.speaker)
            avoid = cue | tk.tokens(upd.get("content", att.content)) | (tk.tokens([sp]) if sp else set())
            ad = addressees.find(tk, att, r, avoid)
            if ad is not None:
                upd["addressee"] = ctx.span(tk.start[ad[0]], tk.end[ad[1] - 1])
        return upd, upd["frame"].text


def complete(ctx, atts: list) -> list:
    if not atts or ctx.doc is None or len(ctx.doc) == 0:
        return atts
    art = _Article(ctx, atts)
    out = []
    last_change: tuple[str, str] | None = None  # (old, new) medium of the last attribution read off a frame
    for i, att in enumerate(atts):
        try:
            upd, said = art.roles(i)
        except Exception:  # noqa: BLE001 - a completion that fails leaves the rules' attribution as it was
            upd, said = {}, None
        if said is not None:
            # The medium is read off the frame (or the source phrase inside the content), never the content.
            words = [art.tk.T[k] for k in sorted(art.cues[i])]
            med = media.medium(att, said, words, german=ctx.lang != "en")
            if med != att.medium:
                upd["medium"] = med
            last_change = (att.medium, med)
        elif not fr.has_frame(att) and last_change is not None and att.medium == last_change[0]:
            # A continuation (free indirect, continued quote) took its medium from the frame before it.
            upd["medium"] = last_change[1]
        frame = upd.get("frame")
        if frame is not None and (frame.start < att.start or frame.end > att.end):
            # The attribution's span covers frame and content (model docstring).
            cs, ce = min(att.start, frame.start), max(att.end, frame.end)
            upd.update(start=cs, end=ce, text=ctx.text[cs:ce])
        out.append(att.model_copy(update=upd) if upd else att)
    return out
