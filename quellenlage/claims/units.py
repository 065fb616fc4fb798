"""What is a claim: the spans of an article that state a proposition.

A claim is a main clause in the outlet's voice (the sentence), or the content of an attribution inside that
sentence. Judged per analysable sentence:
- the headline (the article title where the text starts with it, one sentence) is kept and marked `headline`;
- no claim: a heading line (a standalone line without final punctuation: crosshead, kicker, link-list item), a
  line or sentence without a finite verb and without final punctuation (a bare name, a label), a caption or
  picture credit ("Foto: ...", every sentence of a short line ending in a credit, a verbless line of its own
  ending in a period), a headline question, fewer than four words;
- an attribution-only sentence ("Das sagte X dem Blatt.", "Das teilte X mit.", "So äußerte sich X.", "That is
  what X told Y.") is no claim: it names the source of the sentence before (see `attribution_only`);
- a quoted fragment (a quotation inside a longer sentence with no finite verb, up to twelve words, or of at most
  two words) is no claim of its own: the sentence is, with the fragment's source when it has a speaker;
- a question in the outlet's voice asserts nothing and is no claim;
- an attribution content lying on the speaker's own words is no claim: the sentence is, with that source;
- content split around its own frame ("Die Zahl stieg, wie die Polizei mitteilte, auf zwölf.", "Die Täter,
  sagte er, seien geflohen.") is one claim: the whole sentence with that source;
- a quotation running over several sentences gives one claim per sentence, each with the quote's source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..attribution import lexicon as lx
from .lines import has_final_punct, has_finite_verb, is_standalone_line, line_bounds

# Picture furniture: a line opening with a credit label, or ending in one ("... Foto: dpa").
CAPTION_START = re.compile(r"^\s*[(\[]?\s*(foto|fotos|bild|bilder|bildquelle|quelle|symbolbild|archivbild|grafik|"
                           r"video|photo|picture|image|credit|source|©|\(c\)|copyright|anzeige|werbung|"
                           r"mehr zum thema|lesen sie auch)\b\s*[:/©]?", re.I)
CAPTION_END = re.compile(r"(?:\b(?:foto|bild|photo|picture|image|credit)\s*:|©)\s*[^.!?]{0,80}[)\]]?\s*$", re.I)
HEADING_MAX_WORDS = 14
CAPTION_MAX_WORDS = 45  # a credit line longer than this is a paragraph the credit was glued to, not a caption
FRAGMENT_MAX_WORDS = 4  # x3: the longest verbless quotation still taken as a fragment
# Sentence openers that point back at the sentence before: "Das sagte ...", "So äußerte sich ...", "That is what".
BACK_POINTER = re.compile(r"^\s*(?:das|dies|so|ähnlich|das alles|dies alles)\s+(\w+)\b", re.I)
EN_BACK_POINTER = re.compile(
    r"^\s*(?:that|this|so)\s+(?:is|was|'s)\s+what\s+(.+?)\s+(?:told|said|wrote|says|tells|writes)\b|"
    r"^\s*(?:that|this)\s+(?:is|was)\s+(?:said|stated|announced|reported)\s+by\s+(.+?)[.,]|"
    r"^\s*so\s+(?:said|says)\s+(.+?)[.,]", re.I)
# Where the source NP after the verb ends: an addressee, a preposition, a time, the verb particle.
SPEAKER_STOP = {"dem", "einem", "den", "gegenüber", "am", "im", "auf", "in", "bei", "beim", "vor", "nach", "zu", "zum",
                "zur", "mit", "an", "über", "auch", "zudem", "bereits", "schon", "laut", "heute", "gestern", "damals",
                "jetzt", "nun", "später", "ebenfalls", "außerdem", "dazu", "darüber", "wörtlich", "sinngemäß",
                "zuvor", "kürzlich", "vergangene", "vergangenen", "diese", "dieser", "unter", "this", "that", "on",
                "in", "to", "citing"}
RELAY = re.compile(r"\s*(?:unter Berufung auf|citing)\s+([^,.;]+?)\s*(?:[,.;]|$)", re.I)
NOM_START = {"der", "die", "das", "ein", "eine", "mehrere", "zwei", "drei", "einige", "the", "a", "an"}


@dataclass
class Piece:
    """A claim candidate in sentence k: span, attribution, and what the units rules decided about it."""

    start: int
    end: int
    k: int
    att: object | None = None
    headline: bool = False
    chain: list | None = None  # a chain set here (fragment source), else the attribution's / the outlet's
    notes: dict = field(default_factory=dict)


def headline_range(ctx) -> tuple[int, int] | None:
    """The headline's span: the article title where the text starts with it, when it is one sentence."""
    title = (ctx.article.title or "").strip()
    text = ctx.text
    if not title:
        return None
    s = len(text) - len(text.lstrip())
    if not text.startswith(title, s):
        ls, le = line_bounds(text, s)
        if text[ls:le].strip() != title:
            return None
    return s, s + len(title)


def not_a_claim(ctx, start: int, end: int, headline: bool) -> str | None:
    """Why the sentence [start, end) is no claim (a reason word), or None."""
    text = ctx.text
    body = text[start:end]
    if len(body.split()) < 4 and not headline:
        return "short"
    if CAPTION_START.match(body):
        return "caption"
    line = line_bounds(text, start)
    # A line ending in a picture credit is a caption, every sentence of it ("Löschzug vor der Halle. Foto: X").
    # What a line is judged by is kept per line: a long line of many sentences is read once, not per sentence.
    credit_line = ctx.memo.get(("credit line", line))
    if credit_line is None:
        line_text = text[line[0]:line[1]]
        credit_line = ctx.memo[("credit line", line)] = (
            bool(CAPTION_END.search(line_text)) and len(line_text.split()) <= CAPTION_MAX_WORDS)
    if credit_line and end <= line[1] + 1 or CAPTION_END.search(body):
        return "caption"
    if headline:
        return None
    standalone = is_standalone_line(text, start, end)
    if standalone and body.rstrip().endswith(".") and len(body.split()) <= HEADING_MAX_WORDS \
            and not has_finite_verb(body, ctx.lang):
        return "caption"  # a verbless line of its own ending in a period: "Ein Radarturm bei Selvik."
    if body.rstrip().endswith("?") and standalone:
        return "question"  # a headline-style question on its own line
    final = has_final_punct(body)
    if standalone and not final and len(body.split()) <= HEADING_MAX_WORDS:
        return "heading"
    if not final and not has_finite_verb(body, ctx.lang):
        return "label"  # "Institute for the Study of War", "Unterstützung bei der Kriegstechnik"
    return None


def attribution_only(ctx, start: int, end: int, atts) -> tuple | None:
    """(source start, source end, cue start, cue end, relay span or None) when the sentence only names a source for the sentence
    before: a back-pointer ("Das", "So", "That is what") + a speech verb + the source, and nothing else said."""
    text = ctx.text
    body = text[start:end]
    if "," in body and re.search(r",\s*(dass|daß|ob|that|whether)\b", body) or ":" in body or "„" in body:
        return None  # it carries content of its own
    if ctx.lang == "en":
        m = EN_BACK_POINTER.match(body)
        if not m:
            return None
        g = next(i for i in (1, 2, 3) if m.group(i))
        return start + m.start(g), start + m.end(g), start + m.start(0), start + m.end(0), None
    m = BACK_POINTER.match(body)
    if not m:
        return None
    verb = m.group(1).lower()
    forms = lx.CUE_FINITE.get(verb)
    if not forms:
        return None
    cue_s, cue_e = start + m.start(1), start + m.end(1)
    rest = body[m.end(1):]
    words = list(re.finditer(r"[\w\-]+|[,.;!?()]", rest))
    # "So äußerte sich X", "Das teilte sich X mit": a reflexive between verb and source.
    i = 0
    while i < len(words) and (words[i].group(0).lower() in ("sich", "uns", "mir") or lx.is_adverb(words[i].group(0).lower())):
        i += 1  # "So äußerte sich X", "Das sagte auch X"
    particles = {p for p, _ in forms if p}
    if particles:
        last = re.findall(r"[\w\-]+", rest)
        if not last or last[-1].lower() not in particles and "" not in {p for p, _ in forms}:
            return None
    if i >= len(words) or words[i].group(0).lower() not in NOM_START and not words[i].group(0)[:1].isupper():
        return None
    s = words[i].start()
    e = None
    j = i
    while j < len(words):
        w = words[j].group(0)
        low = w.lower()
        if j > i and (low in SPEAKER_STOP or low in particles or w in ".;!?"):
            break
        if w == ",":
            # Apposition: ", Max Müller," stays in the source; anything else ends it.
            nxt = words[j + 1].group(0) if j + 1 < len(words) else ""
            if not nxt[:1].isupper():
                break
        e = words[j].end()
        while e < len(rest) and rest[e] in "\"“”»«'’":
            e += 1  # a closing quote mark of a quoted name: der "Guardian"
        j += 1
    if e is None:
        return None
    sp = rest[s:e].rstrip(", ")
    # Everything after the source must be frame furniture: addressee, time, place, particle.
    tail = rest[len(rest[:s]) + len(sp):]
    if re.search(r"\b(dass|daß|ob|weil|aber|sondern)\b", tail, re.I) or \
            re.search(r"\bund\b", RELAY.sub(" ", tail), re.I):
        return None
    off = start + m.end(1)
    relay = RELAY.match(tail)
    rs = (off + s + len(sp) + relay.start(1), off + s + len(sp) + relay.end(1)) if relay else None
    return off + s, off + s + len(sp), cue_s, cue_e, rs


def pieces_of_sentence(ctx, k: int, start: int, end: int, atts) -> list[Piece]:
    """The claim candidates of one sentence: attribution contents (clipped to the sentence), or the sentence."""
    text = ctx.text
    raw: list[Piece] = []
    fragment_att = None
    for a in atts:
        for c in a.content:
            cs, ce = max(c.start, start), min(c.end, end)
            if ce <= cs or not (start <= c.start < end or c.start < start < c.end):
                continue
            if a.speaker is not None and c.start < a.speaker.end and a.speaker.start < c.end:
                # A "content" on the speaker's own words ("Ein Mitarbeiter, der anonym bleiben möchte") is no
                # proposition: the sentence is the claim, with this source.
                if fragment_att is None:
                    fragment_att = a
                continue
            span_text = text[cs:ce]
            n = len(re.findall(r"\w+", span_text))
            is_quote = a.type == "direct" or span_text.lstrip()[:1] in "„“\"»«‚'"
            outside = len(text[start:cs].split()) + len(text[ce:end].split())
            if is_quote and outside >= 3 and n <= FRAGMENT_MAX_WORDS * 3 and (
                    n <= 2 or not has_finite_verb(span_text, ctx.lang)):
                if a.speaker is not None and fragment_att is None:
                    fragment_att = a
                continue  # a quoted fragment: the sentence is the claim
            raw.append(Piece(cs, ce, k, a))
    raw = _merge_halves(ctx, raw, start, end)
    raw = [p for p in raw if len(text[p.start:p.end].split()) >= 3]
    # A piece inside another with the same source (a quote nested in a reported content) is not a second claim.
    keep = []
    for p in raw:
        host = next((q for q in raw if q is not p and q.start <= p.start and p.end <= q.end
                     and (q.start, q.end) != (p.start, p.end) and _labels(q) == _labels(p)), None)
        dup = next((q for q in keep if (q.start, q.end) == (p.start, p.end)), None)
        if host is None and dup is None:
            keep.append(p)
    if not keep:
        piece = Piece(start, end, k, fragment_att)
        if fragment_att is not None:
            piece.notes["fragment"] = True
        keep = [piece]
    return sorted(keep, key=lambda p: p.start)


def _labels(p: Piece) -> tuple:
    return tuple(n.label for n in (p.att.chain if p.att is not None else []))


def _merge_halves(ctx, raw: list[Piece], start: int, end: int) -> list[Piece]:
    """Content split around its own frame is one claim: the sentence from the first half to the sentence end."""
    text = ctx.text
    out: list[Piece] = []
    by_att: dict[str, list[Piece]] = {}
    for p in raw:
        by_att.setdefault(p.att.id, []).append(p)
    for ps in by_att.values():
        a = ps[0].att
        frame = [a.cue] + list(a.cue_parts) + ([a.speaker] if a.speaker is not None else [])
        fs = min(f.start for f in frame)
        fe = max(f.end for f in frame)
        # The frame sits inside the sentence as a parenthesis: closed by a comma or dash, text going on after.
        close = re.match(r"[^,–—]{0,40}[,–—]\s*\w", text[fe:end])
        inside = start < fs and fe < end and close is not None
        before = text[start:fs].split()
        after = re.findall(r"\w+", text[fe:end])
        covered_after = any(p.start >= fe for p in raw if p.att is not a)
        covered_before = any(p.end <= fs for p in raw if p.att is not a)
        if len(ps) > 1 and inside or (inside and len(before) >= 2 and after and not covered_after
                                      and not covered_before and any(p.end <= fs for p in ps)):
            s2 = min(p.start for p in ps)
            e2 = end if inside else max(p.end for p in ps)
            if s2 - start <= 1 or not text[start:s2].strip():
                s2 = start
            merged = Piece(s2, e2, ps[0].k, a)
            merged.notes["merged"] = True
            out.append(merged)
        else:
            out.extend(ps)
    return out
