"""Denials: who denies what, inside one article.

A denial is a predicate of denial ("bestreitet", "wies ... zurück", "dementierte", "bezeichnete ... als Lüge",
"denied", "rejected the claims") with
- its denier: the subject of that predicate (`denier.subject`), or the speaker of an attribution whose content
  the denial is when that subject is missing or a pronoun ("Der Sprecher sagte, man weise die Vorwürfe zurück");
  a third-person pronoun (also when the attribution stage hands the same pronoun as speaker: "Er bestritt,
  dass ...") is resolved to the denier/speaker of the two sentences before, else (er/he/she) the last person
  named there. Never a name that merely appears earlier in the sentence (the accusers in "X beschuldigt Y,
  ..., was Y bestreitet").
- its target: a complement clause ("bestritt, dass X", "bestreitet, X getan zu haben", "wies Vorwürfe
  zurück, sie habe X", "Berichte, wonach X, wies er zurück", "rejected reports that X") -> the claims of this
  sentence inside it, plus the accusation the clause spells out: what the same denier denied in the two
  sentences before ("weist die Vorwürfe zurück. Er bestritt, dass ..."), and earlier claims with a source of
  their own (not the denier, not the outlet's narration) that hold most of the clause's content words, each
  word weighted by how few of the article's claims hold it. An anaphoric phrase ("das", "diese Behauptungen",
  "the allegations") or none -> the claims the text refers back to: earlier in the sentence, else the nearest
  preceding sentence with claims (or what a denial there denies), skipping sentences that state a denial or
  non-denial and the denier's own words; a plural claim noun ("die Vorwürfe") takes the whole paragraph of
  that sentence. A claim noun owned by a source ("der Bericht der Meridian Post", "the Herald's report") ->
  the claims relayed from or told by that source. The accusation told after the denial, in the same
  paragraph, counts when nothing is claimed before (a lead opening with the denial: its next sentence's
  reported claims) or when an accusation noun ("die Vorwürfe", "the accusations") is followed by a sentence
  that accuses ("Y had accused X of ..."). Another noun phrase ("bestreitet die Lieferung") -> claims of the
  two sentences before that share a word stem with it. `claim_ids` holds them all, `claim_id` the first.
- a crosshead ("Dravonien weist Vorwürfe zurück" on a line of its own) announces the denial below it: none.
- negation: a negated denial ("bestreitet nicht", "wollte weder bestätigen noch dementieren", "did not deny",
  "Niemand bestreitet") is a non-denial: kept with `negated=True` and denying no claim.
Several denial predicates of one sentence with the same denier ("wies die Berichte zurück und bezeichnete sie
als Lüge", "called it fabricated and denied that X", "..., calling them unfounded") are one denial, targeting
the complement clause when one of them has it. Reject/zurückweisen/dismiss count only with a claim-like object, a complement clause
or a label ("wies die Klage zurück" is no denial); "bestritt das Spiel" (sports) is none either.

`find_denials(ctx, sents, atts, claims)`: sents are (sentence index, start, end) of the analysable sentences,
atts the article's attributions, claims the final claims (with their ids).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from ..context import SpanLookup
from ..model import Denial
from .denier import (PRONOUNS, Tok, is_claim_noun, is_fin, noun_phrase, outer_noun_phrases, segments, subject,
                     subordinate, tag_tokens, target_like)
from .lines import has_final_punct, is_standalone_line
from .units import headline_range

LABELS = (r"(?:Täuschung|Lüge\w*|Fake\w*|Falschmeldung\w*|Falschinformation\w*|Provokation\w*|Propaganda|"
          r"Erfindung\w*|haltlos\w*|unwahr\w*|falsch\w*|Desinformation|Unsinn|Fälschung\w*|Inszenierung|"
          r"Mystifizierung\w*|\w*[kK]ampagne|Verleumdung\w*|Unterstellung\w*|absurd\w*|lächerlich\w*|erfunden\w*|"
          r"Märchen|Hirngespinst\w*|Verschwörungstheorie\w*|unbegründet\w*|gegenstandslos\w*|"
          r"false|untrue|baseless|unfounded|lies?|fake|nonsense|propaganda|fabricat\w*|absurd|ridiculous|smear)")
LABEL = re.compile(r"\b" + LABELS + r"\b")
CUE = re.compile(
    r"\b(bestreite\w*|bestritt\w*|abgestritten|abzustreiten|stritt\w*|streite\w*|dementier\w*|Dementi\w*|"
    r"zurückgewiesen|zurückweis\w*|zurückzuweisen|wies|wiesen|weist|weisen|weise|bezeichne\w*|nannte\w*|nennt|"
    r"nennen|abgetan|tat|taten|tut|tun|entbehr\w*|entspr\w*|"
    r"deny|denies|denied|denying|denial|reject\w*|dismiss\w*|refut\w*|rebut\w*|call\w*|described|labell?ed|branded)\b",
    re.I)
# Words after which "bestreiten" means to contest a match or to pay for something, and "deny" to refuse.
NOT_DENIED = re.compile(r"^(?:\w+\s+){0,3}?(Spiel\w*|Partie\w*|Match\w*|Finale\w*|Turnier\w*|Wettkampf\w*|Rennen|"
                        r"Lebensunterhalt\w*|Kosten|Wahlkampf\w*|Auftakt\w*|Duell\w*|Einsatz|Einsätze|"
                        r"entry|access|bail|visas?|permission|requests?|applications?|asylum|service)\b", re.I)
NEGATORS = {"nicht", "nie", "niemals", "keineswegs", "weder", "kein", "keine", "keinen", "keinem", "niemand",
            "keiner", "not", "n't", "never", "neither", "nor", "nobody", "no"}
ANAPHOR_DETS = {"der", "die", "das", "den", "dem", "des", "diese", "dieser", "dieses", "diesen", "jene", "jenen",
                "solche", "solchen", "alle", "the", "these", "those", "such", "this", "that", "all", "any"}
STEM = 5


class _Ref(NamedTuple):
    """A span of an attribution (its n-th), for lookups by position."""
    start: int
    end: int
    n: int


_SHARED = "denials.shared"


class _Shared:
    """What every denial of an article looks things up in, indexed once: claims by sentence (in their order),
    claims by content word, mentions, attribution contents, cues and speakers by position. Scans of all claims,
    mentions or attributions per denial made this stage quadratic in the article's length."""

    def __init__(self, claims, sentence_of_claim, mentions, atts):
        self.atts = atts
        self.position = {c.id: i for i, c in enumerate(claims)}
        self.by_k: dict[int, list] = {}
        for c in claims:
            j = sentence_of_claim.get(c.id)
            if j is not None:
                self.by_k.setdefault(j, []).append(c)
        self.claims = claims
        self._stems: dict[str, set[str]] | None = None
        self.mentions = SpanLookup(mentions)
        self.mention_at: dict[int, list] = {}
        for m in mentions:
            self.mention_at.setdefault(m.start, []).append(m)
        self.contents = SpanLookup(_Ref(c.start, c.end, n) for n, a in enumerate(atts) for c in a.content)
        self.cues = SpanLookup(_Ref(a.cue.start, a.cue.end, n) for n, a in enumerate(atts))
        self.speakers = SpanLookup(_Ref(a.speaker.start, a.speaker.end, n) for n, a in enumerate(atts)
                                   if a.speaker is not None)

    def stems(self) -> dict[str, set[str]]:
        """Content-word stems of every claim (claim id -> stems), computed on first use."""
        if self._stems is None:
            self._stems = {c.id: _stems(c.text) for c in self.claims}
            self.df = Counter(w for s in self._stems.values() for w in s)
            self.holding: dict[str, list[int]] = {}  # stem -> positions of the claims holding it
            for i, c in enumerate(self.claims):
                for w in self._stems[c.id]:
                    self.holding.setdefault(w, []).append(i)
        return self._stems

    def first_att(self, refs):
        return self.atts[min(r.n for r in refs)] if refs else None


@dataclass
class _Found:
    cue: int  # token index of the cue's verb (or noun)
    kind: str  # verb | label | predicative | noun
    negated: bool
    subject: tuple[int, int] | None = None
    target: tuple[int, int] | None = None
    mode: str | None = None  # clause | anaphor | np
    extra: list[int] = field(default_factory=list)  # further cue tokens merged into this denial


def find_denials(ctx, sents, atts, claims) -> list[Denial]:
    text = ctx.text
    en = ctx.lang == "en"
    out: list[Denial] = []
    sentence_of_claim = {}
    starts = [s for _, s, _ in sents]
    for c in claims:  # the sentence holding the claim's start (sentences are in order and do not overlap)
        k = bisect_right(starts, c.start) - 1
        if k >= 0 and c.start < sents[k][2]:
            sentence_of_claim[c.id] = k
    ctx.memo[_SHARED] = _Shared(claims, sentence_of_claim, list(ctx.annotations.mentions), atts)
    by_sentence: dict[int, list[Denial]] = {}
    head = headline_range(ctx)
    for k, (_, start, end) in enumerate(sents):
        if not CUE.search(text[start:end]):
            continue
        is_head = head is not None and start < head[1] and head[0] < end
        if not is_head and is_standalone_line(text, start, end) and not has_final_punct(text[start:end]):
            continue  # a crosshead ("Dravonien weist Vorwürfe zurück") announces the denial told below it
        toks = _tokens(ctx, start, end)
        found = _merge(_cues(toks, text, en, ctx.lang))
        for f in found:
            d = _denial(ctx, f, toks, k, sents, atts, claims, sentence_of_claim, by_sentence, en, len(out))
            if d is not None:
                out.append(d)
                by_sentence.setdefault(k, []).append(d)
    return out


def _tokens(ctx, start, end) -> list[Tok]:
    words = [(t.text, t.idx, t.idx + len(t.text)) for t in ctx.tokens_in(start, end) if not t.is_space]
    return tag_tokens(words, ctx.lang)


# ------------------------------------------------------------------ cues

def _clause_text(toks, i, stop_at_comma=True) -> str:
    """The words after token i up to the end of its comma stretch."""
    out = []
    for t in toks[i + 1:]:
        if t.text in (".", "!", "?", ";") or (stop_at_comma and t.text == ","):
            break
        out.append(t.text)
    return " ".join(out)


def _cues(toks: list[Tok], text: str, en: bool, lang: str) -> list[_Found]:
    found = []
    for i, t in enumerate(toks):
        m = CUE.fullmatch(t.text)
        if not m:
            continue
        w = t.low
        rest = _clause_text(toks, i)
        kind = "verb"
        if w.startswith(("wies", "weis", "weist")) and not w.startswith("zurück"):
            if not re.search(r"\bzurück\b", rest):
                continue
        elif w.startswith(("stritt", "streit")):
            if not re.search(r"\bab\b", rest):
                continue
        elif w in ("tat", "taten", "tut", "tun"):
            if not (re.search(r"\bab\b", rest) and LABEL.search(rest)):
                continue
            kind = "label"
        elif w.startswith(("bezeichne", "nannte", "nennt", "nennen", "call", "described", "label", "branded")):
            if not LABEL.search(rest):
                continue
            kind = "label"
        elif w == "abgetan":
            before = " ".join(x.text for x in toks[max(0, i - 6):i])
            if not LABEL.search(before):
                continue
            kind = "label"
        elif w.startswith("entbehr"):
            if not re.search(r"\b(jede[rn]?|jeglich\w*)\s+Grundlage", rest + " " + " ".join(x.text for x in toks[max(0, i - 3):i])):
                continue
            kind = "predicative"
        elif w.startswith("entspr"):
            if not re.match(r"(?:\w+\s+){0,2}?nicht\s+(?:der\s+)?(?:Wahrheit|Tatsachen)", rest):
                continue
            kind = "predicative"
        elif w.startswith("dementi") and t.text[0].isupper() and not (i == 0 or toks[i - 1].text in ".:\"„"):
            kind = "noun"
        elif w == "denial":
            kind = "noun"
        if kind == "verb" and NOT_DENIED.match(rest):
            continue
        found.append(_Found(cue=i, kind=kind, negated=_negated(toks, i, en)))
    for f in found:
        f.subject = subject(toks, f.cue, "en" if en else "de") if f.kind not in ("predicative",) else None
        if en and toks[f.cue].tag == "VVG" and f.cue > 0 and toks[f.cue - 1].text == ",":
            f.subject = None  # "..., calling them unfounded": the participle shares the main clause's subject
        if f.subject is not None and f.subject[0] <= f.cue < f.subject[1]:
            f.subject = None  # "Ein Dementi kam ...": the cue noun is no denier
        f.target, f.mode = _target(toks, f, en)
    return [f for f in found if not _rejects_something_else(toks, f)]


def _rejects_something_else(toks, f: _Found) -> bool:
    """zurückweisen/reject/dismiss deny only what is claimed: a complement clause, a claim noun or an anaphor
    as object, or a label ("als falsch"); "wies die Klage zurück", "rejected the proposal" are no denials."""
    w = toks[f.cue].low
    if f.kind != "verb" or not w.startswith(("zurück", "wies", "weis", "weist", "reject", "dismiss")):
        return False
    if f.mode == "clause" or f.target is not None and target_like(toks, f.target):
        return False
    return not LABEL.search(_clause_text(toks, f.cue))


def _negated(toks: list[Tok], i: int, en: bool) -> bool:
    """Whether the denial predicate at token i is itself negated (a non-denial)."""
    segs = segments(toks)
    seg = next((s for s in segs if s[0] <= i < s[1]), (0, len(toks)))
    if en:
        lo = max(seg[0], i - 5)
        window = [t.low for t in toks[lo:i]]
        if any(w in NEGATORS for w in window) or any(w.startswith(("declin", "refus")) for w in window):
            return True
        return any(t.low in ("nobody", "no-one") for t in toks[seg[0]:i]) or (
            i >= 2 and toks[i - 2].low == "no" and toks[i - 1].low == "one")
    # German: from the start of the stretch to its end, cut where "und/aber" + a finite verb begins a new clause
    end = seg[1]
    for j in range(i + 1, seg[1]):
        if toks[j].low in ("und", "aber", "sondern", "doch") and any(is_fin(t, False) for t in toks[j + 1:seg[1]]):
            end = j
            break
    words = [t.low for t in toks[seg[0]:end]]
    for n, w in enumerate(words):
        if w in NEGATORS:
            nxt = words[n + 1] if n + 1 < len(words) else ""
            if w == "nicht" and (nxt == "nur" or nxt in ("der", "den") and n + 2 < len(words) and words[n + 2] in (
                    "wahrheit", "tatsachen")):
                continue
            return True
    return False


def _merge(found: list[_Found]) -> list[_Found]:
    """One denial per denier and sentence: "wies ... zurück und bezeichnete sie als Lüge" is one."""
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and prev.negated == f.negated and (f.subject == prev.subject or f.subject is None) and (
                f.mode in ("anaphor", None) or f.target == prev.target or prev.mode in ("anaphor", None)):
            prev.extra.append(f.cue)
            if f.mode == "clause" and prev.mode != "clause":
                # "called it fabricated and denied that X", "rejected the accusations and denied that X": the
                # clause says what both predicates deny
                prev.target, prev.mode = f.target, f.mode
            continue
        out.append(f)
    return out


# ------------------------------------------------------------------ targets

def _target(toks: list[Tok], f: _Found, en: bool) -> tuple[tuple[int, int] | None, str | None]:
    segs = segments(toks)
    seg_i = next((n for n, s in enumerate(segs) if s[0] <= f.cue < s[1]), None)
    if seg_i is None:
        return None, None
    a, b = segs[seg_i]
    subj = f.subject
    # a complement clause after the cue's stretch: ", dass X" / ", X getan zu haben" / ", sie habe X" / "that X"
    comp = _complement(toks, segs, seg_i, f.cue, en)
    if comp is not None:
        return comp, "clause"
    # a claim noun with its own clause before the cue ("Berichte, wonach X, wies er zurück"; "Dass X, bestreitet")
    if seg_i > 0 and is_fin(toks[a], en):
        for n in range(seg_i - 1, -1, -1):
            s = segs[n]
            first = toks[s[0]]
            if first.low in ("dass", "daß", "wonach", "that") and n == 1 and _ends_with_claim_noun(toks, segs[0]):
                return (segs[0][0], s[1]), "clause"
            if first.low in ("dass", "daß") and n == 0:
                return (s[0], s[1]), "clause"
            if not subordinate(toks, s, en):
                break
    # relative "was" / "die" for what was said before in the sentence
    if not en and toks[a].low == "was" or en and toks[a].low == "which":
        return (a, a + 1), "anaphor"
    # an object noun phrase in the cue's clause (not the subject, not inside a prepositional phrase)
    lo = a
    hi = b
    if f.kind == "label":
        als = next((j for j in range(f.cue + 1, b) if toks[j].low in ("als", "as") or LABEL.fullmatch(toks[j].text)), b)
        hi = als
    def jump(i):  # the subject and the cue are read already
        if subj is not None and subj[0] <= i < subj[1]:
            return subj[1]
        return i + 1 if i == f.cue else None

    for np_ in outer_noun_phrases(toks, lo, hi, en, jump=jump,
                                  is_prep=lambda t: t.tag in ("APPR", "APPRART", "PRP", "PRF") and t.low != "als"):
        if np_ != subj and (f.kind != "label" or np_[0] > f.cue or target_like(toks, np_)):
            if f.kind in ("verb", "noun", "label") and (np_[0] > f.cue or target_like(toks, np_)):
                return np_, ("anaphor" if _anaphoric(toks, np_) else "np")
    if f.kind == "predicative":
        np_ = noun_phrase(toks, _first(toks, a, b), en, f.cue)
        if np_ is not None:
            return np_, "anaphor" if _anaphoric(toks, np_) else "np"
    return None, None


def _first(toks, a, b):
    i = a
    while i < b and toks[i].text in ('"', "„", "“", "»", "«"):
        i += 1
    return i


def _ends_with_claim_noun(toks, seg) -> bool:
    return any(is_claim_noun(t) for t in toks[seg[0]:seg[1]])


def _anaphoric(toks, np_) -> bool:
    a, b = np_
    if b - a == 1 and (toks[a].low in ("das", "dies", "dieses", "es", "sie", "this", "that", "it", "them", "these",
                                        "those", "was", "which")):
        return True
    if not target_like(toks, np_):
        return False
    first = toks[a]
    return first.low in ANAPHOR_DETS or is_claim_noun(first)


def _complement(toks, segs, seg_i, cue, en) -> tuple[int, int] | None:
    a, b = segs[seg_i]
    if en:
        for j in range(cue + 1, b):
            t = toks[j]
            if t.low == "that" and (j + 1 < b and not toks[j + 1].tag.startswith(("NN", "VV")) or is_claim_noun(toks[j - 1])):
                # "rejected reports that employees' warnings had been ignored": after a claim noun "that" begins
                # its clause
                return (j, _clause_stop(toks, j, en))
            if j == cue + 1 and t.tag == "VVG":
                return (j, _clause_stop(toks, j, en))
            if j == cue + 1 and t.tag in ("PNP",) and j + 1 < b and is_fin(toks[j + 1], en):
                return (j, _clause_stop(toks, j, en))
            if t.tag not in ("AT0", "DT0", "AJ0", "NN1", "NN2", "NN0", "AV0", "PRF", "PRP", "NP0"):
                break
        return None
    # the cue's stretch must end in the cue's own clause (the particle "zurück" or the cue itself)
    if seg_i + 1 >= len(segs):
        return None
    if any(t.low in ("und", "aber", "sondern") and any(is_fin(x, False) for x in toks[j + 1:b])
           for j, t in enumerate(toks[cue + 1:b], cue + 1)):
        return None  # "bestreitet X nicht und verweist darauf, dass ...": the clause belongs to the next verb
    na, nb = segs[seg_i + 1]
    if toks[na - 1].text != ",":
        return None
    first = toks[na]
    tail = [t for t in toks[na:nb]]
    if first.low in ("dass", "daß", "wonach", "ob"):
        return (na, _span_end(toks, segs, seg_i + 1, en))
    if any(t.tag in ("PTKZU", "VV(IZU)", "VVIZU") for t in tail) and not any(is_fin(t, False) for t in tail):
        return (na, _span_end(toks, segs, seg_i + 1, en))
    # "Vorwürfe zurückgewiesen, sie habe X": a clause in Konjunktiv right after a claim noun or the cue
    from ..lang.mood import word_mood

    fin = next((j for j in range(na, min(nb, na + 4)) if is_fin(toks[j], False)), None)
    if fin is not None and word_mood(toks[fin].text, toks[fin - 1].low, None) in ("sub1", "sub2") and (
            _ends_with_claim_noun(toks, (segs[seg_i][0], segs[seg_i][1])) or toks[segs[seg_i][1] - 1].low.startswith(
                ("bestr", "dement"))) and not any(t.low in ("sagte", "erklärte", "betonte", "so") for t in toks[na:fin]):
        return (na, _span_end(toks, segs, seg_i + 1, en))
    return None


def _span_end(toks, segs, n, en) -> int:
    """End of a complement clause: its stretch and the subordinate stretches that hang on it."""
    end = segs[n][1]
    for s in segs[n + 1:]:
        if toks[s[0] - 1].text != "," or not subordinate(toks, s, en):
            break
        end = s[1]
    return end


def _clause_stop(toks, j, en) -> int:
    for k in range(j, len(toks)):
        if toks[k].text in (".", "!", "?", ";") or toks[k].text == "," and k + 1 < len(toks) and toks[k + 1].low in (
                "and", "but", "und", "aber"):
            return k
    return len(toks)


# ------------------------------------------------------------------ the Denial

def _denial(ctx, f: _Found, toks, k, sents, atts, claims, sentence_of_claim, by_sentence, en, n) -> Denial | None:
    _, start, end = sents[k]
    cue_tok = toks[f.cue]
    cue = ctx.span(cue_tok.start, cue_tok.end)
    shared = ctx.memo[_SHARED]
    att = shared.first_att(shared.contents.overlapping(cue_tok.start, cue_tok.start + 1))
    att = att or shared.first_att(shared.cues.overlapping(cue_tok.start, cue_tok.start + 1))
    denier, denier_eid = None, None
    if f.subject is not None:
        s, e = toks[f.subject[0]].start, toks[f.subject[1] - 1].end
        denier = ctx.span(s, e)
    pronoun = denier is not None and _is_pronoun(denier.text)
    if att is not None and att.speaker is not None and (denier is None or pronoun):
        denier, denier_eid = att.speaker, att.speaker_entity_id
        # "Er bestritt, dass ...": the attribution stage reads the denial itself and gives the same pronoun
        pronoun = _is_pronoun(denier.text) and denier_eid is None
    if f.kind == "predicative" and att is None:
        return None  # "X entbehre jeder Grundlage" in the outlet's own voice: nobody named denies
    if pronoun:
        denier = None if denier.text.lower() in ("man", "one") else _antecedent(ctx, denier, k, sents, atts, by_sentence)
    if denier is not None and denier_eid is None:
        denier_eid = _entity_of(ctx, denier)
    target, claim_ids = None, []
    if f.target is not None:
        target = ctx.span(toks[f.target[0]].start, toks[f.target[1] - 1].end)
    if not f.negated:
        scope = _Scope(ctx.text, k, sents, claims, sentence_of_claim, by_sentence, denier, denier_eid,
                       list(ctx.annotations.mentions), shared)
        claim_ids = _claims_for(f, target, cue_tok, scope, toks)
    cues = [toks[x] for x in [f.cue, *f.extra]]
    lo = min([c.start for c in cues] + ([denier.start] if denier is not None and denier.start >= start else [])
             + ([target.start] if target is not None else []))
    hi = max([c.end for c in cues] + ([target.end] if target is not None else [])
             + ([denier.end] if denier is not None and denier.end <= end else []))
    lo, hi = max(lo, start), min(max(hi, _particle_end(toks, f.cue)), end)
    return ctx.span(lo, hi, Denial, id=f"{ctx.article.id}:den{n}", cue=cue, denier=denier, denier_entity_id=denier_eid,
                    target=target, claim_id=claim_ids[0] if claim_ids else None, claim_ids=claim_ids, negated=f.negated)


def _is_pronoun(text: str) -> bool:
    return text.lower() in PRONOUNS | {"dieser", "diese", "jener"}


def _particle_end(toks, i) -> int:
    for t in toks[i + 1:]:
        if t.text in (",", ".", ";", "!", "?"):
            break
        if t.low in ("zurück", "ab"):
            return t.end
    return toks[i].end


def _entity_of(ctx, span) -> str | None:
    ms = [m for m in ctx.memo[_SHARED].mentions.inside(span.start, span.end) if m.entity_id]
    rank = {"PER": 0, "ORG": 1, "GPE": 2}
    ms.sort(key=lambda m: (m.kind not in ("name", "acronym"), rank.get(m.label, 3), m.start))
    return ms[0].entity_id if ms else None


def _antecedent(ctx, pron, k, sents, atts, by_sentence):
    """A pronoun denier ("wies er zurück"): a linked mention's antecedent, else the denier of a denial in this or
    the two sentences before, else the speaker of an attribution in the two sentences before, else (er/he/she)
    the last person named there; else the pronoun."""
    shared = ctx.memo[_SHARED]
    m = next((m for m in shared.mention_at.get(pron.start, []) if m.entity_id), None)
    if m is not None:
        ante = [x for x in ctx.annotations.mentions if x.entity_id == m.entity_id and x.end <= pron.start
                and x.kind in ("name", "nominal", "acronym")]
        if ante:
            return ctx.span(ante[-1].start, ante[-1].end)
    for j in (k, k - 1, k - 2):
        for d in reversed(by_sentence.get(j, [])):
            if d.denier is not None and d.denier.end <= pron.start and not _is_pronoun(d.denier.text):
                return d.denier
    lo = sents[max(0, k - 2)][1]
    speakers = [atts[r.n].speaker for r in shared.speakers.starting_in(lo, pron.start)
                if not _is_pronoun(atts[r.n].speaker.text)]
    if speakers:
        return max(speakers, key=lambda s: s.start)
    if pron.text.lower() in ("er", "he", "she"):
        named = [x for x in shared.mentions.inside(lo, pron.start) if x.label == "PER" and x.kind == "name"]
        if named:
            return ctx.span(named[-1].start, named[-1].end)
    return pron


# ------------------------------------------------------------------ what is denied

# Function words that say nothing about what a clause claims (for the word overlap of a restated accusation).
_FUNCTION = {"dass", "daß", "nicht", "haben", "habe", "hätte", "hätten", "hatte", "hatten", "worden", "werden",
             "wurde", "wurden", "seien", "sein", "seine", "seinem", "seinen", "seiner", "ihre", "ihrem", "ihren",
             "ihrer", "einer", "einen", "eines", "einem", "eine", "dieser", "diese", "dieses", "diesen", "auch",
             "noch", "schon", "bereits", "über", "nach", "gegen", "durch", "sowie", "oder", "aber", "sich", "mehr",
             "alle", "allen", "andere", "anderen", "jeder", "jede", "keine", "kein", "wird", "sind", "dort", "hier",
             "damit", "dabei", "davon", "wegen", "einige", "mehrere", "that", "have", "been", "were", "with", "from",
             "this", "their", "they", "them", "than", "will", "would", "could", "should", "said", "says", "also",
             "only", "more", "into", "some", "what", "when", "which", "about", "after", "before", "there", "other",
             "any", "had", "has", "his", "her", "its", "being", "such", "these", "those", "personally"}
RESTATED_SHARE = 0.35  # weighted share of the clause's content words an earlier claim must hold to be the accusation restated


@dataclass
class _Scope:
    """What a denial's target can refer to: the article's sentences, claims and earlier denials."""
    text: str
    k: int
    sents: list
    claims: list
    sentence_of_claim: dict
    by_sentence: dict
    denier: object = None
    denier_eid: str | None = None
    mentions: list = field(default_factory=list)
    shared: _Shared | None = None

    def states_denial(self, c) -> bool:
        """A claim holding the cue of a denial or non-denial: the denier's own statement, never what is denied."""
        j = self.sentence_of_claim.get(c.id)
        return any(c.start <= d.cue.start < c.end for d in self.by_sentence.get(j, []))

    def claims_of(self, j) -> list:
        return [c for c in self.shared.by_k.get(j, []) if not self.states_denial(c) and not self.said_by_denier(c)]

    def said_by_denier(self, c) -> bool:
        """The denier's own words ("Wir haben nichts damit zu tun", sagte X. ... X wies das zurück)."""
        if len(c.chain) < 2 or self.denier is None:
            return False
        end = c.chain[-1]
        if self.denier_eid and end.entity_id == self.denier_eid:
            return True
        x, y = _plain(end.label), _plain(self.denier.text)
        return bool(x) and (x == y or len(x) > 3 and x in y or len(y) > 3 and y in x)

    def paragraph_break(self, j) -> bool:
        """Whether a paragraph ends after sentence j."""
        return "\n" in self.text[self.sents[j][2]:self.sents[j + 1][1]] if j + 1 < len(self.sents) else True


def _claims_for(f, target, cue_tok, scope: _Scope, toks) -> list[str]:
    k = scope.k
    here = list(scope.shared.by_k.get(k, []))
    if f.mode == "clause" and target is not None:
        inside = [c.id for c in here if _share_inside(c, target) >= 0.5]
        ids = inside or [c.id for c in here if c.start < target.end and target.start < c.end
                         and not c.start <= cue_tok.start < c.end]
        # the accusation the clause restates ("wirft ihm vor, Fördergeld zweckentfremdet zu haben ... Er bestritt,
        # dass Geld für andere Zwecke ausgegeben worden sei"): what the same denier denied just before, and earlier
        # claims of the article that hold most of the clause's content words
        ids += _elaborated(scope, cue_tok) + _restated(scope, target, ids)
        if _names_claims(toks, f) and not scope.paragraph_break(k) and (
                not _earlier_claims(scope) or _names_accusation(toks, f) and _accuses(scope, k + 1)):
            ids += _cataphoric(scope, loose=_accuses(scope, k + 1))
        return list(dict.fromkeys(ids))
    if target is not None and f.mode in ("anaphor", "np") and is_claim_target(toks, f):
        sourced = _by_source(scope, target, cue_tok, toks, f)
        if sourced:
            return sourced  # "nannte den Bericht der Meridian Post erfunden": what that source is reported to say
    if f.mode in ("anaphor", None):
        clause_start = min(cue_tok.start, target.start if target is not None else cue_tok.start)
        if f.subject is not None:
            clause_start = min(clause_start, toks[f.subject[0]].start)
        # claims earlier in this sentence ("X wirft Y vor, Z getan zu haben, was Y bestreitet"); one that holds the
        # denial's cue is the denial's own statement ("Fischsterben: Velmar weist Vorwürfe zurück")
        before = [c.id for c in here if c.start < clause_start and len(c.text[:clause_start - c.start].split()) >= 3
                  and not c.start <= cue_tok.start < c.end]
        if before:
            return before
        if _names_claims(toks, f) and not scope.paragraph_break(k) and (
                not _earlier_claims(scope) or _names_accusation(toks, f) and _accuses(scope, k + 1)
                and not _accuses(scope, k - 1)):
            # "X hat Vorwürfe zurückgewiesen. Wie Y berichtet, soll ...", "X rejected the accusations. Y had accused
            # X of ...": the accusation told after the denial
            return _cataphoric(scope, loose=_accuses(scope, k + 1))
        plural = _plural_target(toks, f)
        for j in range(k - 1, max(-1, k - 4), -1):
            prior = [d for d in scope.by_sentence.get(j, []) if not d.negated and d.claim_ids]
            if prior:
                return list(dict.fromkeys(x for d in prior for x in d.claim_ids))
            there = [c.id for c in scope.claims_of(j)]
            if there:
                # "die Vorwürfe", "diese Behauptungen": all the paragraph states, not only its last sentence
                jj = j - 1
                while plural and jj >= max(0, j - 4) and not scope.paragraph_break(jj) and not scope.by_sentence.get(jj):
                    there = [c.id for c in scope.claims_of(jj)] + there
                    jj -= 1
                return there
        return []
    # another noun phrase ("bestreitet die Lieferung"): the claims before that share a word stem with it
    stems = {w.lower()[:STEM] for w in re.findall(r"\w+", target.text) if len(w) >= STEM and w[:1].isupper() or len(w) > 6}
    out = []
    near = sorted((c for j in (k - 2, k - 1, k) for c in scope.shared.by_k.get(j, [])),
                  key=lambda c: scope.shared.position[c.id])  # in the article's claim order
    for c in near:
        j = scope.sentence_of_claim.get(c.id)
        if j is None or not (k - 2 <= j < k or j == k and c.end <= cue_tok.start) or scope.states_denial(c):
            continue
        if stems & {w.lower()[:STEM] for w in re.findall(r"\w+", c.text) if len(w) >= STEM}:
            out.append(c.id)
    return out


def is_claim_target(toks, f) -> bool:
    a, b = f.target
    return any(is_claim_noun(t) for t in toks[a:b])


def _by_source(scope: _Scope, target, cue_tok, toks, f) -> list[str]:
    """Claims before the denial relayed from or told by the source a claim noun names ("der Bericht der Meridian
    Post", "die Angaben des Ministeriums", "the Herald's report")."""
    names = [m for m in scope.shared.mentions.inside(target.start, target.end)
             if m.kind in ("name", "acronym") and m.label in ("ORG", "PER", "MISC", "GPE", "LOC")]
    eids = {m.entity_id for m in names if m.entity_id}
    keys = {_plain(m.text) for m in names} | _owner_words(toks, f)
    if not keys:
        return []
    out = []
    for c in scope.claims:
        j = scope.sentence_of_claim.get(c.id)
        if j is None or j > scope.k or c.start >= cue_tok.start or scope.states_denial(c):
            continue
        for node in c.chain[1:]:
            label = _plain(node.label)
            words = {w.rstrip("s") for w in label.split()}
            if node.entity_id and node.entity_id in eids or any(key and (key in label or key.rstrip("s") in words)
                                                                for key in keys):
                out.append(c.id)
                break
    return out


def _owner_words(toks, f) -> set[str]:
    """The names a claim noun is owned by: a genitive or von/by phrase after it ("der Bericht des Morgenblatts",
    "the report by the Herald") or a possessive or name before it ("the Herald's report", "the Meridian Post
    report"); lower case, capitalised words only."""
    a, b = f.target
    noun = next((i for i in range(a, b) if is_claim_noun(toks[i])), None)
    if noun is None:
        return set()
    out = set()
    i = noun + 1
    if i < b and toks[i].low in ("des", "der", "eines", "einer", "von", "vom", "by", "of"):
        for t in toks[i + 1:b]:
            if t.text[:1].isupper() and not is_claim_noun(t):
                out.add(_plain(t.text))
    for t in toks[a:noun]:
        if t.tag in ("NE", "NP0") or t.text.endswith(("'s", "’s")):
            out.add(_plain(re.sub(r"(?:'s|’s)$", "", t.text)))
    return {w for w in out if len(w) > 2}


def _plain(text: str) -> str:
    return re.sub(r"[^\w ]+", "", (text or "").lower()).strip()


def _plural_target(toks, f) -> bool:
    """A target naming several claims: "die Vorwürfe", "diese Behauptungen", "the allegations"."""
    if f.target is None:
        return False
    a, b = f.target
    return any(is_claim_noun(t) and (t.tag == "NN2" or t.tag == "NN" and t.lemma.lower() != t.low)
               for t in toks[a:b])


def _names_claims(toks, f) -> bool:
    """The denial names what it denies with a claim noun ("Vorwürfe zurückgewiesen, sie habe ...", "the
    allegations"), in the cue's clause outside its subject."""
    segs = segments(toks)
    a, b = next((s for s in segs if s[0] <= f.cue < s[1]), (f.cue, f.cue + 1))
    if f.target is not None:
        a, b = min(a, f.target[0]), max(b, f.target[1])
    subj = f.subject or (0, 0)
    return any(is_claim_noun(t) for i, t in enumerate(toks[a:b], a) if not subj[0] <= i < subj[1])


ACCUSATION_NOUNS = ("vorwurf", "vorwürf", "anschuldigung", "beschuldigung", "vorhaltung", "accusation", "allegation",
                    "charge")


def _names_accusation(toks, f) -> bool:
    """The claim noun is one of accusation ("die Vorwürfe", "the accusations"), not a report."""
    a, b = f.target if f.target is not None else (f.cue, f.cue + 1)
    segs = segments(toks)
    sa, sb = next((s for s in segs if s[0] <= f.cue < s[1]), (a, b))
    return any(t.low.startswith(ACCUSATION_NOUNS) for t in toks[min(a, sa):max(b, sb)])


def _earlier_claims(scope: _Scope) -> bool:
    """Whether any claim of the body (not the headline, no denial) comes before the denial's sentence."""
    return any(not c.headline and not scope.states_denial(c) for j in range(scope.k) for c in scope.claims_of(j))


def _cataphoric(scope: _Scope, loose: bool = False) -> list[str]:
    """The accusation told after the denial: a lead that opens with the denial goes on with the reported claims of
    the next sentence; a next sentence that accuses ("Y had accused X of ...") is the accusation, however told."""
    return [c.id for c in scope.claims_of(scope.k + 1) if loose or len(c.chain) > 1 or c.certainty != "asserted"]


ACCUSES = re.compile(r"\b(accus\w*|alleg\w*|blam\w*|beschuldig\w*|vorgeworfen|vorzuwerfen|wirft|warf|werfen|warfen|"
                     r"vorwerf\w*|bezichtig\w*|verantwortlich|Vorwurf|Vorwürfe\w*|Anschuldigung\w*)\b", re.I)


def _accuses(scope: _Scope, j: int) -> bool:
    """Sentence j accuses someone ("wirft X vor", "machte X verantwortlich", "had accused")."""
    if not 0 <= j < len(scope.sents) or scope.by_sentence.get(j):
        return False
    _, a, b = scope.sents[j]
    return ACCUSES.search(scope.text[a:b]) is not None


def _same_denier(scope: _Scope, d) -> bool:
    a, b = scope.denier, d.denier
    if a is None or b is None:
        return False
    if scope.denier_eid and scope.denier_eid == d.denier_entity_id:
        return True
    x, y = a.text.lower(), b.text.lower()
    return x == y or len(x) > 3 and x in y or len(y) > 3 and y in x


def _elaborated(scope: _Scope, cue_tok) -> list[str]:
    """"X weist die Vorwürfe zurück. Er bestritt, dass ...": the second denial spells out the first."""
    for j in (scope.k, scope.k - 1, scope.k - 2):
        for d in reversed(scope.by_sentence.get(j, [])):
            if d.cue.start < cue_tok.start and not d.negated and d.claim_ids and _same_denier(scope, d):
                return list(d.claim_ids)
    return []


def _stems(text: str) -> set[str]:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return {w[:STEM] for w in words if len(w) >= 4 and w not in _FUNCTION}


def _restated(scope: _Scope, target, taken) -> list[str]:
    """Earlier claims holding most of the clause's content words, each word weighted by how few of the article's
    claims hold it: the story's protagonists ("Nordkorea", "Leck") tell one claim from another least."""
    stems = scope.shared.stems()
    df = scope.shared.df
    want = _stems(target.text)
    if len(want) < 2:
        return []
    total = sum(1 / df.get(w, 1) for w in want)
    out = []
    # only claims holding two of the clause's stems can pass: found through the stems, kept in claim order
    holding = Counter(i for w in want for i in scope.shared.holding.get(w, ()))
    for i in sorted(i for i, n in holding.items() if n >= 2):
        c = scope.claims[i]
        j = scope.sentence_of_claim.get(c.id)
        if j is None or j >= scope.k or c.id in taken or scope.states_denial(c) or not _told_by_another(scope, c):
            continue
        shared = want & stems[c.id]
        if len(shared) >= 2 and sum(1 / df[w] for w in shared) >= RESTATED_SHARE * total:
            out.append(c.id)
    return out


def _told_by_another(scope: _Scope, c) -> bool:
    """An accusation has a source of its own (not the outlet's narration) that is not the denier."""
    if len(c.chain) < 2:
        return False
    end = c.chain[-1]
    if scope.denier_eid and end.entity_id == scope.denier_eid:
        return False
    return scope.denier is None or _plain(end.label) != _plain(scope.denier.text)


def _share_inside(c, target) -> float:
    inter = max(0, min(c.end, target.end) - max(c.start, target.start))
    return inter / max(1, c.end - c.start)
