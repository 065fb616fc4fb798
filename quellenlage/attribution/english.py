"""English reported speech: who says what when the words are not quoted.

`extract(ctx, existing)` adds, for an English article, the attributions of the constructions below that the
quote and frame rules (`rules.py`) leave without one. Each construction is read by one function, on the
sentence's tokens and their part-of-speech tags (HanTa, BNC C5 tagset; no parser):

- postposed frame: "CONTENT, SPEAKER said [ADVERBIALS]." -- "Two workers were killed, police said on Tuesday.",
  "..., the national air navigation service X said.", "..., spokeswoman Y told Z." (the addressee after "told");
- parenthetical frame: "CONTENT, SPEAKER said, CONTENT." -- "The fire, police said, spread quickly.";
- as-clause: "CONTENT, as SPEAKER said." and "As SPEAKER said, CONTENT.";
- zero-that complement: "SPEAKER said [ADVERBIALS] [that] CLAUSE." -- "Police said two people were injured.",
  "He told reporters the talks had failed." (the addressee is the shortest noun phrase a clause follows);
- participle frame: "SUBJECT VERB ..., saying/adding/telling Y [that] CLAUSE." -- the sentence subject speaks;
- announcement: "SPEAKER announced/urged/pledged ... ." -- reported speech without a content clause (the whole
  sentence is the content, as German "kündigte ... an"), only for a named or role speaker.

A SPEAKER is a noun phrase by its tags (articles, adjectives, nouns, names, "of"/"for"/"close to" modifiers, one
apposition), or a personal pronoun ("he", "she", "they"; "it" only with an organisation named in this or the
sentence before). CONTENT must hold a finite verb. A content that an existing attribution already mostly covers
gets nothing here ("Police said that ..." is read by `rules.py`), so German articles and the existing English
rules are untouched.
"""
from __future__ import annotations


from ..lang.mood import EN_FINITE_TAGS
from ..model import Attribution, SourceNode
from . import lexicon as lx
from . import antecedents, speakers
from .chains import ChainBuilder
from .kinds import head_mention, node_kind
from .constructions.state import Extraction as Extractor, Rec

# Verbs of saying in a frame after or before their content (past and present; lexicon.py has most of them).
SAY = {"said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "claimed", "claims",
       "reported", "reports", "wrote", "writes", "confirmed", "confirms", "warned", "warns", "explained",
       "explains", "noted", "notes", "insisted", "insists", "argued", "argues", "announced", "announces",
       "estimated", "estimates", "acknowledged", "admitted", "asserted", "alleged", "stressed", "stresses",
       "tweeted", "posted", "predicted", "believes", "believed", "denied", "denies"}
TELL = {"told", "tells"}
# Participles that open a frame after the main clause: "..., saying the town would recover".
PARTICIPLES = {"saying", "adding", "telling", "arguing", "insisting", "explaining", "claiming", "warning",
               "noting", "stressing", "stating", "writing", "confirming"}
# Verbs that report speech without a content clause ("X announced a special meeting").
ANNOUNCE = {"announced", "announces", "urged", "urges", "pledged", "pledges", "promised", "promises", "vowed",
            "vows", "demanded", "demands"}
WRITTEN = {"wrote", "writes", "writing", "posted", "tweeted"}
# Head nouns of a prepositional phrase that may stand between the verb and its content: "said in a statement",
# "said at a news conference", "said on its website".
FRAME_PP_HEADS = {"statement", "interview", "conference", "briefing", "post", "message", "letter", "email",
                  "website", "broadcast", "speech", "release", "x", "twitter", "facebook", "television", "radio",
                  "parliament", "reporters", "journalists"}
# What the sentence says about the medium (lexicon.MEDIUM_CLUES are German words, some inside English ones).
MEDIUM_CLUES = [("video", "video_message"), ("interview", "interview"), ("statement", "statement"),
                ("press release", "statement"), ("twitter", "social_post"), ("facebook", "social_post"),
                ("instagram", "social_post"), ("telegram", "social_post"), ("tweet", "social_post"),
                ("letter", "written")]
TIME_WORDS = lx.TIME_NOUNS | {"morning", "evening", "afternoon", "night", "weekend", "today", "yesterday",
                              "earlier", "later", "january", "february", "march", "april", "may", "june", "july",
                              "august", "september", "october", "november", "december", "a.m.", "p.m.", "noon"}

FINITE = EN_FINITE_TAGS
NOUN = {"NN0", "NN1", "NN2", "NP0", "UNC"}
NP_TAGS = NOUN | {"HYP", "AT0", "DT0", "DPS", "AJ0", "AJC", "AJS", "ORD", "CRD", "POS", "PRF", "PRP", "AV0", "VVN",
                  "VVG"}
PERS_PRON = {"he", "she", "they", "we", "i", "it"}
CLAUSE_PRON = PERS_PRON | {"you", "there", "this", "that", "these", "those", "its", "his", "her", "their", "our"}
# Words that end a speaker's noun phrase however they are tagged.
NP_STOP = {"and", "or", "but", "that", "which", "who", "whom", "whose", "as", "if", "when", "while", "because",
           "not", "also", "then", "so", "than"}
SPEAKER_MAX = 12
TRAILER_MAX = 10


def _tagger():
    from ..lang.mood import hanta  # one tagger per language for every stage

    return hanta("en")


class _Sent:
    """One sentence: token range, tags by token index, and the extractor's token lists."""

    def __init__(self, ex, si: int, tags: dict[int, str]):
        self.ex, self.si = ex, si
        self.lo, self.hi = ex.sents[si]
        self.T, self.L, self.tag = ex.d.T, ex.d.L, tags
        e = self.hi
        while e > self.lo and (self.T[e - 1] in (".", "!", "?", "…") or ex.d.doc[e - 1].is_space):
            e -= 1
        self.end = e  # before the final punctuation

    def t(self, i: int) -> str:
        """The tag of token i; a capitalised word inside the sentence is a name whatever the tagger guessed
        (unknown surnames come out as adverbs or adjectives)."""
        tag = self.tag.get(i, "")
        w = self.T[i]
        if w == "-" and self.lo < i < self.hi - 1 and self.ex.d.idx[i] == self.ex.d.end_char(i - 1) \
                and self.ex.d.idx[i + 1] == self.ex.d.end_char(i):
            return "HYP"  # inside a word: "Wendt-Hagedorn", "Brodna-Ost"
        if i > self.lo and w[:1].isupper() and w.replace("-", "").isalpha() and w != "I" and tag not in NOUN:
            return "NP0"
        return tag

    def finite(self, i: int) -> bool:
        """A finite verb; a past form the tagger reads as participle counts after a noun ("the fire spread")."""
        if not self.T[i][:1].islower():
            return False
        return self.t(i) in FINITE or self.t(i) == "VVN" and i > self.lo and (
            self.t(i - 1) in NOUN or self.L[i - 1] in CLAUSE_PRON)

    def free(self, a: int, b: int) -> bool:
        """No token of [a, b) is inside a quotation or already read as a frame by the quote rules."""
        return not any(self.ex.in_quote[k] for k in range(a, b))


def _np(s: _Sent, a: int, b: int, pronoun: bool = True) -> bool:
    """[a, b) is one noun phrase by its tags: no finite verb, a noun or name last, modifiers only after a noun."""
    if b <= a or b - a > SPEAKER_MAX or not s.free(a, b):
        return False
    if b - a == 1 and s.L[a] in PERS_PRON:
        return pronoun
    if s.t(b - 1) not in NOUN or s.T[b - 1][:1] in "\"“”'‘’":
        return False
    if s.t(a) in ("PRP", "PRF", "AV0", "VVN", "VVG", "POS"):
        return False
    noun = False
    for k in range(a, b):
        tag, low = s.t(k), s.L[k]
        if low in NP_STOP or tag not in NP_TAGS and not (s.T[k][:1].isupper() and s.T[k].isalpha()):
            return False
        if tag in ("PRP", "PRF", "AV0", "VVN", "VVG") and not noun:
            return False  # "close to", "familiar with", "of" only after the head noun
        noun = noun or tag in NOUN
    return True


def _speaker_before(s: _Sent, v: int, lo: int) -> tuple[int, int] | None:
    """The noun phrase that ends right before token v and starts after lo (the comma): "police", "the district
    fire service", "Yuri Meier, a spokesman for the ministry," (one apposition between commas)."""
    a = lo
    if s.T[v - 1] == "," and v - 1 > a:
        c = next((k for k in range(v - 2, a, -1) if s.T[k] == ","), None)
        if c is not None and _np(s, a, c, pronoun=False) and _np(s, c + 1, v - 1, pronoun=False):
            return (a, v - 1)
        return None
    return (a, v) if _np(s, a, v) else None


def _trailer_ok(s: _Sent, j: int) -> bool:
    """Only adverbials from j to the sentence end: times, places, "in a statement" (no verb, no clause)."""
    if s.end - j > TRAILER_MAX or not s.free(j, s.end):
        return False
    for k in range(j, s.end):
        if s.finite(k) or s.T[k] in (",", ";", ":", "(", ")") or s.L[k] in NP_STOP:
            return False
    return True


def _adverbials(s: _Sent, j: int, hi: int) -> int:
    """Past adverbs and short time or medium phrases after a verb: "on Tuesday", "late on Monday", "in a
    statement", "at a news conference"."""
    while j < hi:
        if s.t(j) == "AV0" and s.L[j] not in NP_STOP and s.L[j] not in ("not", "never"):
            j += 1
            continue
        if s.L[j] in TIME_WORDS and s.L[j] not in lx.DET:
            j += 1
            continue
        if s.t(j) in ("PRP", "PRF"):
            k = j + 1
            while k < hi and k - j <= 5 and (s.t(k) in ("AT0", "DPS", "AJ0", "ORD", "CRD") or s.t(k) in NOUN):
                if s.L[k] in TIME_WORDS or s.L[k] in FRAME_PP_HEADS:
                    break
                k += 1
            if k < hi and k - j <= 5 and (s.L[k] in TIME_WORDS or s.L[k] in FRAME_PP_HEADS):
                j = k + 1
                continue
        break
    return j


def _clause(s: _Sent, j: int) -> bool:
    """A clause starts at j: a subject noun phrase (or pronoun) and then a finite verb; one parenthesis between
    commas may follow the subject ("19 drones, not eight as first reported, had entered")."""
    if j >= s.end or not s.free(j, s.end):
        return False
    if s.L[j] in CLAUSE_PRON and j + 1 < s.end and (s.finite(j + 1) or s.t(j + 1) == "AV0" and s.finite(j + 2)):
        return True
    if s.t(j) not in NP_TAGS and not s.T[j][:1].isupper() or s.t(j) in ("PRP", "PRF", "AV0", "VVN", "VVG"):
        return False
    k = j
    noun = False
    while k < s.end and k - j <= SPEAKER_MAX:
        if s.finite(k):
            return noun
        if s.T[k] == "," and noun:
            c = next((m for m in range(k + 1, min(s.end, k + 10)) if s.T[m] == ","), None)
            if c is None:
                return False
            k = c + 1
            continue
        if s.L[k] in NP_STOP or s.t(k) not in NP_TAGS and not s.T[k][:1].isupper():
            return False
        noun = noun or s.t(k) in NOUN or s.L[k] in CLAUSE_PRON
        k += 1
    return False


def _has_finite(s: _Sent, a: int, b: int) -> bool:
    return any(s.finite(k) for k in range(a, b))


def _content_start(s: _Sent) -> int:
    """The sentence's first token after a dateline ("VARSK (AB) – ...", "BERLIN, Germany – ...")."""
    for k in range(s.lo, min(s.end, s.lo + 8)):
        if s.T[k] in ("–", "—", "-") and s.T[s.lo].isupper() and len(s.T[s.lo]) > 1:
            return k + 1
    return s.lo


def _medium(word: str) -> str:
    return "written" if word in WRITTEN else "report" if word in ("reported", "reports") else "spoken"


def _rec(s: _Sent, v: int, speaker, content, typ: str = "indirect", addressee=None) -> Rec:
    return Rec(typ, s.si, [(v, v + 1)], speaker, [c for c in content if c], medium=_medium(s.L[v]),
               addressee=addressee, berufung=s.ex._berufung(s.lo, s.hi))


# ------------------------------------------------------------------------------------ constructions

def postposed_frame(s: _Sent) -> list[Rec]:
    """"CONTENT, SPEAKER said [ADVERBIALS]." and "CONTENT, SPEAKER told ADDRESSEE [ADVERBIALS]." (one frame at the
    sentence end, after the last comma that leaves a clause before it)."""
    out = []
    start = _content_start(s)
    for c in range(s.end - 2, start, -1):
        if s.T[c] != ",":
            continue
        for v in range(c + 2, min(s.end, c + 2 + SPEAKER_MAX + 4)):
            if s.L[v] not in SAY or not s.T[v].islower() or s.t(v) not in ("VVD", "VVZ", "VVB", "VVN"):
                continue
            sp = _speaker_before(s, v, c + 1)
            if sp is None:
                continue
            j, addr = v + 1, None
            if s.L[v] in TELL:
                k = next((k for k in range(v + 2, min(s.end, v + 7) + 1) if _np(s, v + 1, k)
                          and _trailer_ok(s, _adverbials(s, k, s.end))), None)
                if k is None:
                    break
                while k < s.end and s.t(k) in NOUN | {"HYP"}:
                    k += 1  # the whole name: "told the Daily Planet", not "the Daily"
                j, addr = k, (v + 1, k)
            if not _trailer_ok(s, _adverbials(s, j, s.end)):
                break
            if not _has_finite(s, start, c):
                break
            content = s.ex._content_range(start, c)
            out.append(_rec(s, v, sp, [content], addressee=addr))
            return out
    return out


def parenthetical_frame(s: _Sent) -> list[Rec]:
    """"CONTENT, SPEAKER said, CONTENT." -- the frame between two commas inside its content."""
    start = _content_start(s)
    for c in range(start + 1, s.end - 3):
        if s.T[c] != ",":
            continue
        for v in range(c + 2, min(s.end - 2, c + 2 + SPEAKER_MAX)):
            if s.T[v] == ",":
                break
            if s.L[v] not in SAY or s.L[v] in TELL or not s.T[v].islower() or s.t(v) not in ("VVD", "VVZ", "VVB"):
                continue
            sp = _speaker_before(s, v, c + 1)
            j = _adverbials(s, v + 1, s.end)
            if sp is None or j >= s.end or s.T[j] != ",":
                break
            if not _has_finite(s, j + 1, s.end) or not s.free(start, s.end):
                break
            # The first half is a subject (no verb of its own), the second its predicate: one proposition.
            first, second = s.ex._content_range(start, c), s.ex._content_range(j + 1, s.end)
            return [_rec(s, v, sp, [first, second])]
    return []


def as_clause(s: _Sent) -> list[Rec]:
    """"CONTENT, as SPEAKER said [ADVERBIALS]." and "As SPEAKER said [ADVERBIALS], CONTENT." -- an as-clause
    without an object of its own names the content's source."""
    start = _content_start(s)
    for a in range(start, s.end - 2):
        if s.L[a] != "as" or not (a == start or s.T[a - 1] == ","):
            continue
        v = next((k for k in range(a + 2, min(s.end, a + 2 + SPEAKER_MAX)) if s.L[k] in SAY and s.T[k].islower()),
                 None)
        if v is None or s.L[v] in TELL or not _np(s, a + 1, v):
            continue
        j = _adverbials(s, v + 1, s.end)
        if a > start:  # after its content, at the sentence end
            if j == s.end and _has_finite(s, start, a - 1):
                return [_rec(s, v, (a + 1, v), [s.ex._content_range(start, a - 1)])]
        elif j < s.end and s.T[j] == "," and _has_finite(s, j + 1, s.end):
            return [_rec(s, v, (a + 1, v), [s.ex._content_range(j + 1, s.end)])]
    return []


def zero_that(s: _Sent) -> list[Rec]:
    """"SPEAKER said [ADVERBIALS] [that] CLAUSE." -- the speaker opens the sentence (after a leading adverbial
    phrase and its comma); "told" takes the shortest addressee noun phrase that a clause follows."""
    start = _content_start(s)
    first = start
    lead = next((k for k in range(start, min(s.end, start + 6)) if s.T[k] == ","), None)
    for v in range(start + 1, min(s.end - 2, start + SPEAKER_MAX + 2)):
        if s.L[v] not in SAY or not s.T[v].islower() or s.t(v) not in ("VVD", "VVZ", "VVB"):
            continue
        a = first
        if lead is not None and lead < v and s.t(start) in ("PRP", "AV0"):
            a = lead + 1  # "On Tuesday, police said ..."
        b = v
        while b > a + 1 and s.t(b - 1) == "AV0" and s.L[b - 1] not in ("not", "never"):
            b -= 1  # "Halvik also said"
        if not _np(s, a, b):
            return []
        j, addr = _adverbials(s, v + 1, s.end), None
        if s.L[v] in TELL:
            k = next((k for k in range(j + 1, min(s.end, j + 7)) if _np(s, j, k)
                      and (_clause(s, _adverbials(s, k, s.end)) or s.L[_adverbials(s, k, s.end)] == "that")), None)
            if k is None:
                return []
            addr, j = (j, k), _adverbials(s, k, s.end)
        if j < s.end and s.L[j] == "that":
            j += 1
        if not _clause(s, j):
            return []
        return [_rec(s, v, (a, b), [s.ex._content_range(j, s.end)], addressee=addr)]
    return []


def participle_frame(s: _Sent) -> list[Rec]:
    """"SUBJECT VERB ..., saying/adding/telling Y [that] CLAUSE." -- the subject of the main clause is the speaker of
    the participle's content; a postposed frame before the participle gives its speaker instead."""
    start = _content_start(s)
    for p in range(start + 3, s.end - 2):
        if s.L[p] not in PARTICIPLES or s.T[p - 1] != ",":
            continue
        v0 = next((k for k in range(start + 1, p) if s.finite(k)), None)
        sp = None
        pre = postposed_frame(_Clipped(s, p - 1))
        if pre:
            sp = pre[0].speaker
        elif v0 is not None:
            b = v0
            while b > start + 1 and s.t(b - 1) == "AV0":
                b -= 1
            sp = (start, b) if _np(s, start, b) else None
        if sp is None:
            return []
        j, addr = _adverbials(s, p + 1, s.end), None
        if s.L[p] == "telling":
            k = next((k for k in range(j + 1, min(s.end, j + 7)) if _np(s, j, k)
                      and (_clause(s, k) or s.L[k] == "that")), None)
            if k is None:
                return []
            addr, j = (j, k), k
        if j < s.end and s.L[j] == "that":
            j += 1
        if not _clause(s, j):
            return []
        return [_rec(s, p, sp, [s.ex._content_range(j, s.end)], addressee=addr)]
    return []


def announcement(s: _Sent) -> list[Rec]:
    """"SPEAKER announced/urged/pledged OBJECT ." -- reported speech without a content clause; the sentence is the
    content. Only a speaker that is a name or a role or body ("the ministry"), never a bare pronoun or a group."""
    start = _content_start(s)
    for v in range(start + 1, min(s.end - 1, start + SPEAKER_MAX + 2)):
        if s.L[v] not in ANNOUNCE or not s.T[v].islower() or s.t(v) not in ("VVD", "VVZ"):
            continue
        b = v
        while b > start + 1 and s.t(b - 1) == "AV0":
            b -= 1
        if not _np(s, start, b, pronoun=False) or _clause(s, _adverbials(s, v + 1, s.end)):
            return []
        d = s.ex.d
        cs, ce = d.idx[start], d.end_char(b - 1)
        m = head_mention(antecedents.mention_index(s.ex), cs, ce)
        if node_kind(s.ex.text[cs:ce], m) not in ("person", "organisation", "media"):
            return []
        return [_rec(s, v, (start, b), [s.ex._content_range(start, s.hi, keep_final=True)], typ="reported")]
    return []


class _Clipped(_Sent):
    """A sentence read only up to token `end` (the main clause before a participle frame)."""

    def __init__(self, s: _Sent, end: int):
        self.__dict__.update(s.__dict__)
        self.end = end


CONSTRUCTIONS = (postposed_frame, parenthetical_frame, as_clause, zero_that, participle_frame, announcement)


# ------------------------------------------------------------------------------------ output

def _covered(content: list[tuple[int, int]], existing: list[Attribution], cue: tuple[int, int]) -> bool:
    """An existing attribution covers half of this content or more, or uses the same cue word."""
    for a in existing:
        if a.cue.start == cue[0] and a.cue.end == cue[1]:
            return True
        for cs, ce in content:
            over = sum(max(0, min(ce, c.end) - max(cs, c.start)) for c in a.content)
            if over * 2 >= ce - cs:
                return True
    return False


def _tags(ex) -> dict[int, str]:
    tagger = _tagger()
    out: dict[int, str] = {}
    if tagger is None:
        return out
    for lo, hi in ex.sents:
        idx = [k for k in range(lo, hi) if not ex.d.doc[k].is_space]
        if not idx:
            continue
        try:
            tags = tagger.tag_sent([ex.d.T[k] for k in idx], taglevel=1)
        except Exception:
            continue
        if len(tags) == len(idx):
            out.update((k, t[2]) for k, t in zip(idx, tags))
    return out


def _it_antecedent(ex, cs: int):
    """"It said ...": the organisation named last in this or the sentence before (else nobody)."""
    import bisect

    si = ex.tok_sent[bisect.bisect_right(ex.d.idx, cs) - 1]
    lo = ex.d.idx[ex.sents[max(0, si - 1)][0]] if si >= 0 else cs
    prev = [m for m in ex.mentions if m.kind == "name" and m.label == "ORG" and lo <= m.start and m.end <= cs]
    return prev[-1] if prev else None


def add(ctx, atts: list[Attribution]) -> list[Attribution]:
    """The attributions of an English article: those of `rules.py` (which reads no free-indirect speech in
    English: no Konjunktiv I), then the reported speech read here."""
    if ctx.lang != "en":
        return atts
    return atts + extract(ctx, atts)


def extract(ctx, existing: list[Attribution]) -> list[Attribution]:
    """English reported-speech attributions not already in `existing`; ids continue its numbering."""
    if ctx.lang != "en" or ctx.doc is None or len(ctx.doc) == 0:
        return []
    ex = Extractor(ctx)
    tags = _tags(ex)
    if not tags:
        return []
    d = ex.d
    recs: list[Rec] = []
    for si in range(len(ex.sents)):
        s = _Sent(ex, si, tags)
        if s.end - s.lo < 4 or "?" in s.T[s.end:s.hi]:
            continue
        for fn in CONSTRUCTIONS:
            found = [r for r in fn(s) if r.content and r.speaker]
            if found:
                recs.extend(found)
                break
    aid = ctx.article.id
    outlet = SourceNode.outlet_of(ctx.article)
    mentions = ex.mentions

    def tspan(r):
        return ctx.span(d.idx[r[0]], d.end_char(r[1] - 1))

    resolve = antecedents.speaker_resolver(ctx, mentions)

    builder = ChainBuilder(ex, ctx, outlet, resolve)
    out: list[Attribution] = []
    n0 = len(existing)
    for r in recs:
        r.speaker = speakers.clean(ex, r.speaker)
        r.addressee = speakers.clean(ex, r.addressee)
        if r.speaker is None:
            continue
        cue_span = tspan(r.cue[0])
        if _covered(r.content, existing + out, (cue_span.start, cue_span.end)):
            continue
        speaker = tspan(r.speaker)
        if speaker.text.lower() in ("it", "we"):
            m = _it_antecedent(ex, speaker.start) if speaker.text.lower() == "it" else None
            if m is None:
                continue  # an unresolved "it"/"we" is no source: rather none than a wrong one
            node = SourceNode(label=m.text, kind=node_kind(m.text, m), span=speaker, entity_id=m.entity_id)
            chain, mention = [outlet, node], m
            relay = builder.addressee_relay(r)
            if relay is not None:
                chain.insert(1, relay)
        else:
            chain, mention = builder.chain(r)
        content = [ctx.span(a, b) for a, b in r.content]
        addressee = tspan(r.addressee) if r.addressee else None
        sent_text = ctx.text[d.idx[ex.sents[r.sent][0]]:d.end_char(ex.sents[r.sent][1] - 1)].lower()
        medium = next((med for clue, med in MEDIUM_CLUES if clue in sent_text), r.medium)
        starts = [content[0].start, cue_span.start, speaker.start]
        ends = [content[-1].end, cue_span.end, speaker.end]
        att = ctx.span(min(starts), max(ends), Attribution, id=f"{aid}:att{n0 + len(out)}", type=r.type,
                       cue=cue_span, cue_parts=[cue_span], speaker=speaker,
                       speaker_entity_id=mention.entity_id if mention is not None else None,
                       speaker_mention_id=mention.id if mention is not None else None,
                       content=content, addressee=addressee, medium=medium, chain=chain)
        # Nested in an attribution whose content holds this cue ("X reported that, police said, ..."): its chain
        # comes first, as in rules.extract.
        host = next((p for p in existing + out if p.type != "free_indirect"
                     and any(c.start <= cue_span.start and cue_span.end <= c.end for c in p.content)), None)
        if host is not None:
            att = att.model_copy(update={"parent_id": host.id, "chain": host.chain + chain[1:]})
        out.append(att)
    return out
