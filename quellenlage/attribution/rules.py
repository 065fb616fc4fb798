"""Rule-based attribution extraction over spaCy tokens (no parser): quotes, frames, source phrases, chains.

Internally cue and speaker are token ranges and content is a list of character ranges; `extract` turns the
records into `Attribution` spans at the end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lang.mood import word_mood
from ..model import Attribution, SourceNode
from . import lexicon as lx
from . import antecedents, backrefs, en_subjects, speakers
from .chains import ChainBuilder
from .nesting import first_containers

QUOTE_PAIRS = {"„": "“", "»": "«", "«": "»", "“": "”", "‚": "‘", '"': '"', "‹": "›", "›": "‹"}
QUOTE_CHARS = set("„“”»«\"‚‘›‹")
# Copy-pasted text mixes quote styles: "Harbour Times“, „Welt”. A straight opening mark is closed by any double
# closing mark, a German low one by either curly one (not by a straight one: „er sagte "nein" dazu“ nests).
MIXED_CLOSE = {'"': {'"', "“", "”"}, "„": {"“", "”"}}
CLAUSE_END = {",", ";", ":", ".", "!", "?", "–", "—", "(", ")"}
EN_CLAUSE_SUBJECTS = {"it", "he", "she", "they", "we", "i", "there"}
NON_SUBJECT_VORFELD = {"dies", "das", "dieses", "so", "ähnlich", "dazu", "darüber", "davon", "es", "daraufhin",
                       "this", "that", "it"}
SUBJ_GAP = 2  # free indirect speech takes the previous sentence's subject when no frame is this close
NUM_WORDS = {"zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf", "zwanzig",
             "hundert", "tausend", "dutzende", "hunderte", "tausende"}


@dataclass
class Rec:
    type: str
    sent: int
    cue: list[tuple[int, int]]  # token ranges
    speaker: tuple[int, int] | None
    content: list[tuple[int, int]]  # char ranges
    medium: str = "unknown"
    addressee: tuple[int, int] | None = None
    cue_implicit: bool = False
    speaker_from: int | None = None  # index of the record the speaker was inherited from
    berufung: list[tuple[int, int]] = field(default_factory=list)  # "unter Berufung auf X und Y" token ranges
    speaker_key: tuple[int, int] | None = None  # the speaker span before re-pointing to its nearest mention
    no_source: bool = False  # the speaker phrase names no source ("nach ersten Erkenntnissen"): no chain node


def find_quotes(text: str, limit: int = 3000) -> list[tuple[int, int]]:
    """Character ranges of quotations including their marks; nested quotes come out as separate ranges."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in QUOTE_PAIRS:
            close = QUOTE_PAIRS[c]
            closers = MIXED_CLOSE.get(c, {close})
            prev = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < n else " "
            opening = not nxt.isspace() and (prev.isspace() or prev in "([–—-/:" or i == 0)
            if c == "‚" or c in "«›":
                opening = opening and not prev.isalnum()
            if opening:
                j = i + 1
                while j < n and j - i < limit:
                    if text[j] in closers and (text[j] not in ('"', "'") or not text[j - 1].isspace()):
                        break
                    if text[j] == "\n" and text[j + 1:j + 2] == "\n":
                        j = n
                        break
                    j += 1
                if j < n and j - i < limit and text[j] in closers:
                    out.append((i, j + 1))
                    # Inner (nested) quotes of another style.
                    inner = text[i + 1:j]
                    if c != "‚" and "‚" in inner:
                        out.extend((i + 1 + a, i + 1 + b) for a, b in find_quotes(inner) if inner[a] == "‚")
                    i = j + 1
                    continue
        i += 1
    return out


class _Doc:
    """Token views used by the rules (plain lists are much faster than spaCy attribute access)."""

    def __init__(self, doc):
        self.doc = doc
        toks = [(t.text, t.idx, t.is_sent_start) for t in doc]
        self.T = [x[0] for x in toks]
        self.L = [x.lower() for x in self.T]
        self.idx = [x[1] for x in toks]
        self.start = [bool(x[2]) for x in toks]
        self.n = len(doc)
        self._mood: dict[int, str | None] = {}

    def mood(self, i: int) -> str | None:
        m = self._mood.get(i, 0)
        if m == 0:
            # Same as lang.mood.token_mood, on the cached token lists.
            prev = None if (i == 0 or self.start[i]) else self.L[i - 1]
            nxt = self.L[i + 1] if i + 1 < self.n else None
            m = self._mood[i] = word_mood(self.T[i], prev, nxt)
        return m

    def end_char(self, i: int) -> int:
        return self.idx[i] + len(self.T[i])


_ZU_INF = re.compile(r"^(ab|an|auf|aus|bei|da|dar|ein|fest|fort|frei|her|hin|heraus|herbei|hinzu|mit|nach|vor|"
                     r"voran|weg|weiter|wieder|zurück|zusammen|zu|um|durch|über|los|teil|statt|bekannt|klar|offen)"
                     r"zu\w{3,}en$")


def _is_cap(t: str) -> bool:
    return t[:1].isupper()


def _adjlike(l: str) -> bool:
    return l.isalpha() and l.endswith(("e", "en", "er", "es", "em")) and l not in lx.CONJ_CLAUSE and len(l) > 2


class Extractor:
    def __init__(self, ctx):
        self.ctx = ctx
        self.d = _Doc(ctx.doc)
        self.text = ctx.text
        self.en = ctx.lang == "en"
        self.sents = [(s.start, s.end) for s in ctx.analysable_sentences()]
        self.tok_sent = [-1] * self.d.n
        for si, (a, b) in enumerate(self.sents):
            for i in range(a, b):
                self.tok_sent[i] = si
        self.in_quote = [False] * self.d.n
        self.quotes = []  # token ranges [a, b) including marks
        for cs, ce in find_quotes(self.text):
            a, b = self._char_to_tokens(cs, ce)
            if a is None:
                continue
            self.quotes.append((a, b, cs, ce))
            if cs and self.text[cs] == "‚":
                continue
            for i in range(a + 1, b - 1):
                self.in_quote[i] = True
        self.q_at = {a: b for a, b, _, _ in self.quotes}
        self.used = [False] * self.d.n  # tokens consumed as frame
        self.recs: list[Rec] = []
        self.antecedents: dict[tuple[int, int], tuple[int, int]] = {}  # pronoun speaker -> its antecedent
        self.mentions = list(getattr(ctx.annotations, "mentions", None) or [])

    # ----------------------------------------------------------------------------------------- helpers
    def _char_to_tokens(self, cs: int, ce: int):
        import bisect

        a = bisect.bisect_right(self.d.idx, cs) - 1
        b = bisect.bisect_left(self.d.idx, ce)
        if a < 0 or b <= a:
            return None, None
        return a, b

    def _clause_bounds(self, i: int, lo: int, hi: int) -> tuple[int, int]:
        """Token range of the comma-delimited clause around i within [lo, hi)."""
        T = self.d.T
        a = i
        while a > lo and T[a - 1] not in CLAUSE_END and T[a - 1][:1] not in QUOTE_CHARS:
            a -= 1
            if a > lo + 1 and T[a - 1] == ")" and "(" in T[max(lo, a - 5):a - 2]:
                a = max(lo, a - 5) + T[max(lo, a - 5):a - 2].index("(")  # a short "(SSC)" inside the clause
        b = i + 1
        while b < hi and T[b] not in CLAUSE_END and T[b][:1] not in QUOTE_CHARS:
            b += 1
            if b < hi and T[b] == "(" and ")" in T[b + 2:b + 5]:
                b = b + 2 + T[b + 2:b + 5].index(")") + 1
        return a, b

    def _np(self, j: int, hi: int, allow_pron: bool = True) -> tuple[int, int] | None:
        """A noun phrase starting at j (no parser: determiners, adjectives, capitalised words, genitives)."""
        T, L = self.d.T, self.d.L
        if j >= hi:
            return None
        if allow_pron and L[j] in lx.PRONOUNS and L[j] not in ("diese", "dieser"):
            return (j, j + 1)
        k = j
        noun = False
        while k < hi:
            t, l = T[k], L[k]
            if self.in_quote[k] and noun:
                break
            if noun and T[k][:1] in QUOTE_CHARS and k > j and (L[k - 1] in ("der", "des", "eines", "einer") or any(
                    L[k - 1].endswith(w) for w in lx.MEDIA_WORDS + ("denkfabrik", "institut", "organisation"))):
                q = next((b for a, b, _, _ in self.quotes if a == k and b <= hi and b - a <= 8), None)
                if q is not None and T[q - 2] not in (".", "!", "?", ","):
                    k = q  # the medium's name in quotes belongs to its noun phrase
                    continue
            if T[k][:1] in QUOTE_CHARS and not noun:
                # A quoted name as the head: die „Computerwoche“, „Welt“.
                q = next((b for a, b, _, _ in self.quotes if a == k and b <= hi and b - a <= 8), None)
                if q is None:
                    break
                noun = True
                k = q
                continue
            if l in lx.DET or l.isdigit() or l in NUM_WORDS:
                if noun and l not in ("der", "des", "eines"):
                    break
                k += 1
                if not noun and l in lx.DET:
                    k = self._premodifier_run(k, hi)
                continue
            if _is_cap(t) and t.isalpha() or (_is_cap(t) and "-" in t) or (t[:1].isupper() and t.endswith(".")):
                if k > j and T[k - 1] == "," and not noun:
                    break
                noun = True
                k += 1
                continue
            if t in ("-", "'", "’", "&") and noun:
                k += 1
                continue
            if t == "(" and k + 2 < hi and T[k + 2] == ")":
                k += 3
                continue
            if l in ("von", "vom", "für", "of", "in", "im") and noun and k + 1 < hi and (
                    _is_cap(T[k + 1]) or L[k + 1] in lx.DET):
                if l in ("in", "im") and (not _is_cap(T[k + 1]) or L[k + 1] in lx.TIME_NOUNS):
                    break
                k += 1
                continue
            if self.en and l.isalpha() and k > j and L[k - 1] in lx.DET | {"'s"} or (
                    self.en and noun is False and k > j and l.isalpha() and l not in lx.CUE_FINITE and l not in lx.PREP
            ) or self.en and en_subjects.title_word(self, k, j, hi):
                noun = True
                k += 1
                continue
            if (not noun or L[k - 1] in ("der", "des", "eines")) and _adjlike(l) and l not in lx.ADV \
                    and self.d.mood(k) is None and l not in lx.CUE_FINITE and k + 1 < hi and (
                    not noun or _is_cap(T[k + 1]) or _adjlike(L[k + 1])):
                k += 1
                continue
            if t == "," and noun and k + 1 < hi and _is_cap(T[k + 1]) and L[k + 1] not in lx.DET \
                    and L[k + 1] not in lx.PRONOUNS:
                # Apposition ", Hans Müller," or ", Sprecher der Polizei,".
                m = k + 1
                while m < hi and T[m] not in CLAUSE_END and m - k < 8 and (
                        _is_cap(T[m]) or L[m] in lx.DET or _adjlike(L[m]) or L[m] in ("von", "für", "des", "der")):
                    m += 1
                if m + 3 < hi and T[m] == "(" and T[m + 2] == ")" and T[m + 3] == "," and L[m + 1].isdigit():
                    m += 3  # an age after the name: ", Katrin Vogel (51),"
                if m < hi and T[m] in (",",) or m == hi:
                    k = m
                    continue
                break
            break
        if not noun and k - j == 0:
            return None
        # Trim determiners or adjectives without a noun.
        while k > j and (L[k - 1] in lx.DET or T[k - 1] in (",", "-")):
            k -= 1
        if k <= j or not noun:
            return None
        return (j, k)

    def _premodifier_run(self, k: int, hi: int) -> int:
        """After an article: the adverbs and prepositional phrases before an attributive adjective or participle
        ("die für gewöhnlich gut informierte Zeitung", "die in Berlin ansässige Firma"); returns the index of that
        adjective's successor when such a run leads to it and a noun follows, else k."""
        T, L = self.d.T, self.d.L
        for m in range(k + 1, min(hi - 1, k + 7)):
            if T[m] in CLAUSE_END or T[m][:1] in QUOTE_CHARS or self.in_quote[m]:
                return k
            if T[m].islower() and _adjlike(L[m]) and _is_cap(T[m + 1]) and L[m] not in lx.AUX_FINITE:
                between = range(k, m)
                if all(T[x].islower() and (L[x] in lx.PREP or lx.is_adverb(L[x]) or L[x].isalpha()
                                           and self.d.mood(x) is None and L[x] not in lx.AUX_FINITE
                                           and L[x] not in lx.CUE_FINITE and L[x] not in lx.PRONOUNS)
                       or _is_cap(T[x]) and x > k and L[x - 1] in lx.PREP for x in between):
                    return m + 1  # past the participle, whose verb form the mood test would stop at
                return k
        return k

    def _skip_adverbials(self, j: int, hi: int):
        """Skip adverbs and short time/place phrases after a verb; returns (new j, addressee range or None)."""
        T, L = self.d.T, self.d.L
        addressee = None
        while j < hi:
            l = L[j]
            if l in lx.ADV:
                j += 1
                continue
            if l == "unter" and j + 2 < hi and L[j + 1] == "berufung" and L[j + 2] == "auf":
                np = self._np(j + 3, hi, allow_pron=False)  # "berichtet unter Berufung auf X, dass": a source
                if np is not None:
                    j = np[1]
                    continue
            if l in lx.TIME_DETERMINERS and j + 1 < hi and L[j + 1] in lx.TIME_NOUNS:
                j += 2  # "erklärte letzte Woche, ...", "sagte diese Woche": a time, not the speaker
                continue
            if l in lx.TIME_NOUNS and j > 0 and (L[j - 1] in lx.ADV or L[j - 1] in lx.TIME_DETERMINERS):
                j += 1  # the noun after "letzte"/"vergangenen", already skipped as adverbs
                continue
            if l in ("am", "im", "vom", "beim", "zum", "zur", "an", "in", "auf", "vor", "nach", "seit", "bei",
                     "gegenüber", "zu", "über", "während", "on", "to", "at", "in") and j + 1 < hi:
                np = self._np(j + 1, hi, allow_pron=(l == "gegenüber"))
                if np is not None and L[j + 1] in lx.TIME_NOUNS and l in ("am", "im", "vom", "seit", "in"):
                    np = (j + 1, j + 2)  # "sagte am Montag der Minister": the time ends at its noun
                if np is None:
                    if l in ("vor", "gegenüber") or L[j + 1].isdigit():
                        k = j + 1
                        while k < hi and (L[k].isdigit() or L[k] in lx.DET or _adjlike(L[k])):
                            k += 1
                        if k < hi and _is_cap(T[k]):
                            np = (j + 1, k + 1)
                    if np is None:
                        return j, addressee
                if l in ("gegenüber", "to") or (l == "vor" and np and L[np[1] - 1] in ("journalisten", "reportern", "presse")):
                    addressee = np
                j = np[1]
                continue
            if T[j] in ("–", "—") or (T[j] == "," and False):
                j += 1
                continue
            break
        return j, addressee

    def _finite_cue(self, i: int, lo: int, hi: int):
        """If token i is a speech verb (finite, participle with aux, or particle-joined), return
        (cue token ranges, medium, finite index, is_verb_final)."""
        T, L = self.d.T, self.d.L
        l = L[i]
        if self.in_quote[i] or not T[i][:1].islower() and i != lo:
            return None
        if self.en and en_subjects.noun_use(self, i):
            return None  # "after reports that ...", "rejected the claims": a noun, not the verb
        a, b = self._clause_bounds(i, lo, hi)
        if self._attributive(i, a, hi):
            return None
        if l in ("heißt", "hieß", "hiess") and i + 1 < hi and L[i + 1] == "es":
            return [(i, i + 2)], "written", i, False
        if l == "es" and i + 1 < hi and L[i + 1] in ("heißt", "hieß") and i > lo and T[i - 1] == ",":
            return [(i, i + 2)], "written", i + 1, False
        if l in lx.CUE_FINITE:
            entries = lx.CUE_FINITE[l]
            # Is it a participle/infinitive after an aux in the same clause?
            aux = next((k for k in range(a, i) if L[k] in lx.AUX_FINITE), None)
            for particle, medium in sorted(entries, key=lambda e: -len(e[0])):
                if particle:
                    p = next((k for k in range(b - 1, i, -1) if L[k] == particle), None)
                    if p is None:
                        continue
                    return [(i, i + 1), (p, p + 1)], medium, i, False
                if aux is not None and (l.startswith("ge") or l.endswith(("t", "en"))) and aux < i:
                    return [(aux, aux + 1), (i, i + 1)], medium, aux, True
                return [(i, i + 1)], medium, i, False
        if l in lx.CUE_PARTICIPLE or l in lx.CUE_JOINED:
            medium = lx.CUE_PARTICIPLE.get(l) or lx.CUE_JOINED.get(l)
            aux = next((k for k in range(a, i) if L[k] in lx.AUX_FINITE), None)
            if aux is None:
                aux = next((k for k in range(i + 1, min(b, i + 3)) if L[k] in lx.AUX_FINITE), None)
                if aux is not None:
                    return [(i, i + 1), (aux, aux + 1)], medium, i, True
                return [(i, i + 1)], medium, i, True
            return [(aux, aux + 1), (i, i + 1)], medium, aux, True
        return None

    def _attributive(self, i: int, a: int, hi: int) -> bool:
        """An inflected participle between an article and its noun is an adjective, not a verb: "die für
        gewöhnlich gut informierte Zeitung", "das gestern mitgeteilte Ergebnis" (some word must stand between
        article and participle: "Das teilte X mit" is a frame)."""
        T, L = self.d.T, self.d.L
        if self.en or i + 1 >= hi or not _is_cap(T[i + 1]) or not L[i].endswith(("e", "en", "er", "es", "em")):
            return False
        k = i - 1
        while k >= a and T[k].islower() and T[k].isalpha() and L[k] not in lx.DET and L[k] not in lx.AUX_FINITE \
                and L[k] not in lx.PRONOUNS and self.d.mood(k) is None:
            k -= 1
        return k >= a and k < i - 1 and L[k] in lx.DET

    def _speaker_for(self, vfin: int, clause_lo: int, hi: int, cue_tokens: set[int]):
        """Speaker of a verb frame (see `_speaker_main`) and its addressee; when none is found, the noun phrase
        opening the sentence ("Günther Platter, der ..., sagte: ...", "X hat ... gesprochen und behauptet, ...")."""
        sp, addr = self._speaker_main(vfin, clause_lo, hi, cue_tokens)
        if sp is not None and addr is None and sp[1] <= vfin:
            # The subject stands before the verb: a noun phrase right after it is spoken to ("X teilte CNN mit").
            addr = speakers.addressee_after(self, vfin, hi, cue_tokens)
        if sp is not None or self.d.L[vfin] in ("heißt", "hieß", "hiess"):
            return sp, addr
        if self.d.L[vfin] in ("wurde", "wurden", "wird", "werden") and any(
                self.d.L[k] in lx.CUE_PARTICIPLE for k in cue_tokens):
            return sp, addr  # agentless passive: the sentence opens with what was said, not who said it
        T, L = self.d.T, self.d.L
        a = clause_lo
        while a < vfin and (T[a] in CLAUSE_END or T[a][:1] in QUOTE_CHARS or self.in_quote[a]):
            a += 1
        if self.en:
            a = en_subjects.skip_lead(self, a, vfin)  # "Asked about X, Petrov ... and denied that": Petrov
        if a >= vfin or L[a] in lx.PREP or lx.is_adverb(L[a]) or L[a] in lx.SUBORD or L[a] in lx.CONJ_CLAUSE \
                or L[a] in NON_SUBJECT_VORFELD or L[a] in ("den", "dem", "einem", "einen", "des", "eines"):
            return sp, addr
        np = self._np(a, vfin, allow_pron=True)
        if np and L[np[0]] not in ("es", "man"):
            return np, addr
        return sp, addr

    def _speaker_main(self, vfin: int, clause_lo: int, hi: int, cue_tokens: set[int]):
        """Speaker of a verb frame: the Vorfeld when it is a noun phrase, otherwise the subject after the verb."""
        T, L = self.d.T, self.d.L
        addressee = None
        ca, cb = self._clause_bounds(vfin, clause_lo, hi)
        if ca < vfin and L[ca] in ("wie", "as"):
            return self._np(ca + 1, vfin), None
        # Passive frame: "X wurde von Y aufgefordert/beschuldigt" -> Y.
        if any(L[k] in ("wurde", "wurden", "wird", "werden", "worden") for k in range(ca, cb)):
            for k in range(ca, cb - 1):
                if L[k] in ("von", "vom") and k + 1 < cb and not self.in_quote[k]:
                    np = self._np(k + 1, cb, allow_pron=False)
                    if np and any(k2 in cue_tokens or L[k2] in lx.CUE_PARTICIPLE for k2 in range(np[1], cb)):
                        return np, None
            if L[vfin] in ("wurde", "wurden", "wird", "werden") and any(
                    L[k] in lx.CUE_PARTICIPLE for k in cue_tokens):
                # Agentless passive "Die Nachricht wurde dementiert": the subject is what was said, not who.
                return None, None
        # Verb-final clause after a comma: "..., da die PDM angekündigt hatte, ..." -> the subject after "da".
        if clause_lo < ca < vfin and T[ca - 1] == "," and (L[ca] in lx.SUBORD or L[ca] in lx.CONJ_CLAUSE) \
                and L[ca] not in ("wie", "as", "was", "wer"):
            np = self._np(ca + 1, vfin)
            if np:
                return np, None
        # A nominative pronoun right after the finite verb is the subject ("Als Begründung gab er an").
        if L[vfin] in ("zitiert", "zitierte", "zitieren", "zitierten") and vfin + 1 < hi and L[vfin + 1] not in (
                "man", "er", "sie", "es") and vfin > ca and T[vfin - 1] not in CLAUSE_END \
                and T[vfin - 1][:1] not in QUOTE_CHARS \
                and not any(L[k] in ("wird", "wurde", "werden", "wurden") for k in range(ca, cb)):
            np = self._np(vfin + 1, hi, allow_pron=False)  # "Die Zeitung zitiert den Minister mit den Worten"
            if np and _is_cap(T[np[1] - 1]):
                return np, None
        if L[vfin] in ("zitiert", "zitierte") and vfin > 0 and (T[vfin - 1] == "," or T[vfin - 1][:1] in QUOTE_CHARS):
            # "„...“, zitierte die Zeitung den Minister": the second noun phrase is the one quoted.
            np1 = self._np(vfin + 1, hi, allow_pron=True)
            if np1 is None and vfin + 2 < hi and "." in T[vfin + 1].strip("."):
                np1 = (vfin + 1, vfin + 2)  # a web site: "zitiert tagesschau.de X"
            if np1 and np1[1] < hi and (L[np1[1]] in lx.DET or _is_cap(T[np1[1]])):
                np2 = self._np(np1[1], hi, allow_pron=False)
                if np2:
                    return np2, None
        if vfin + 1 < hi and L[vfin + 1] == "man" and L[vfin].startswith("zitiert"):
            np = self._np(vfin + 2, hi, allow_pron=False)  # "..., zitierte man X"
            if np:
                return np, None
        if vfin + 1 < hi and L[vfin + 1] in ("er", "ich", "wir", "man") and T[vfin - 1] not in (",",) \
                and vfin > clause_lo and T[vfin - 1] not in (".", ":", "!", "?"):
            return (vfin + 1, vfin + 2), None
        # Vorfeld: from clause start to the finite verb.
        a = vfin
        while a > clause_lo and T[a - 1] not in (";", ":", ".", "!", "?") and T[a - 1][:1] not in QUOTE_CHARS:
            a -= 1
        if self.en:
            a = en_subjects.skip_lead(self, a, vfin)  # "On Tuesday the newspaper X reported", "Asked ..., X said"
        rel = speakers.relative_subject(self, vfin, a)
        if rel is not None:  # "Eine Quelle, die anonym bleiben wollte, teilte CNN mit": not a fronted content
            return rel, speakers.addressee_after(self, vfin, hi, cue_tokens)
        # A comma right before the verb means a fronted content clause (", sagte er"): subject comes after.
        fronted = T[vfin - 1] == "," and (
            any(self.d.mood(k) is not None or self.in_quote[k] or T[k][:1] in QUOTE_CHARS for k in range(a, vfin - 1))
            or L[a] in lx.CONJ_CLAUSE or vfin - a > 14 or self._middle_frame(vfin, hi))
        if a < vfin and not fronted:
            first = L[a]
            pre = (a, vfin)
            oblique = first in ("den", "dem", "einem", "einen", "des", "eines", "ihm", "ihr", "ihnen", "uns", "mir") or (
                first == "als" and a + 1 < vfin)
            if first in ("auch", "nur", "selbst", "sogar", "ebenfalls", "besonders", "gerade", "doch", "aber", "und",
                         "denn", "jedoch") and a + 1 < vfin:
                # "Auch einige kleinere Parteien haben angekündigt": a focus particle before the subject;
                # "Doch der Geheimdienst erklärte": a conjunction before the Vorfeld; "Auch die Ministerin,
                # Hanna Beispiel, sagte": an apposition closed by its comma.
                np = self._np(a + 1, vfin)
                if np and np[1] == vfin - 1 and T[vfin - 1] == "," and any(T[k] == "," for k in range(*np)):
                    np = (np[0], vfin)
                # "Auch das zeigt ...": a pronoun; "Auch das Institut vermutet": an article.
                if np and np[1] == vfin and not (np[1] - np[0] == 1 and L[np[0]] in ("es", "das", "dies", "man")):
                    return np, None
            if oblique:
                pass  # fronted object or "als X": the subject follows the verb
            elif first in lx.SUBORD and first in lx.PREP and vfin + 1 < hi and T[vfin + 1] not in CLAUSE_END \
                    and L[vfin + 1] not in lx.AUX_FINITE and (L[vfin + 1] in lx.DET or _is_cap(T[vfin + 1])):
                pass  # "Während Putins Besuch versprachen die Länder": a prepositional Vorfeld, verb second
            elif first == "wie" or first in lx.SUBORD or first in lx.CONJ_CLAUSE:
                np = self._np(a + 1, vfin)
                if np:
                    return np, None
            elif first not in lx.PREP and not lx.is_adverb(first) and not (vfin - a == 1 and first in NON_SUBJECT_VORFELD) \
                    and first not in lx.WEEKDAYS and not first.isdigit():
                np = self._np(a, vfin)
                # "Wenige Stunden nach dem Putsch erklärte der Rat": a time, the subject follows the verb
                temporal = np is not None and L[np[1] - 1] in lx.TIME_NOUNS
                if np and not temporal:
                    return np, None
                # Vorfeld that is not a clean NP: take its last capitalised run as a fallback.
                if not temporal and vfin - a <= 12 and any(_is_cap(T[k]) for k in range(a, vfin)):
                    return pre, None
        if L[vfin] in ("heißt", "hieß", "hiess"):
            # "In dem Bericht heißt es, ..." / "..., heißt es in der Erklärung der Regierung."
            for k in list(range(a, vfin)) + list(range(vfin + 1, min(hi, vfin + 4))):
                if L[k] in ("in", "im", "auf", "aus", "bei") and k + 1 < hi:
                    np = self._np(k + 1, hi, allow_pron=False)
                    if np:
                        return np, None
            return None, None
        j, addressee = self._skip_adverbials(vfin + 1, hi)
        while j < hi and (j in cue_tokens or L[j] == "sich"):  # ", äußerte sich X"
            j += 1
        j, addr2 = self._skip_adverbials(j, hi)
        addressee = addressee or addr2
        np = self._np(j, hi)
        if self.en:
            np = en_subjects.extend_compound(self, np, hi)  # "..., said the police chief."
        if np and L[np[0]] == "es" and L[vfin] in ("heißt", "hieß", "hiess"):
            return None, addressee
        if np is None or (np[1] - np[0] == 1 and L[np[0]] == "es"):
            return None, addressee
        # Dative addressee right after the verb: "sagte der Zeitung X" is rare; keep it simple.
        return np, addressee

    def _colon_frame(self, lo: int, colon: int):
        """(finite verb or None, subject) of the clause [lo, colon) before a colon that introduces a quote."""
        T, L = self.d.T, self.d.L
        a = lo
        while a < colon and (T[a] in CLAUSE_END or T[a][:1] in QUOTE_CHARS or self.d.doc[a].is_space):
            a += 1
        if colon - a < 2 or any(self.in_quote[k] for k in range(a, colon)):
            return None
        for k in range(a, colon):  # only the last clause before the colon
            if T[k] in (",", ";", "–", "—") and k + 1 < colon:
                a = k + 1
        if colon - a < 2:
            return None
        if colon - a <= 3 and all(_is_cap(T[k]) or L[k] in lx.DET for k in range(a, colon)):
            return None  # "Agentur: ..." headline sources are read elsewhere
        subj = self._subject_np(a, colon)
        if subj is not None:
            v = subj[1]
            if T[v].islower() and not self._named(subj) and L[subj[0]] not in lx.PRONOUNS:
                # "Die Anwendung stellte der Vorsitzende X in Frage:": a fronted object, the name is the subject.
                j, _ = self._skip_adverbials(v + 1, colon)
                while j < colon and L[j] == "sich":
                    j += 1
                if j < colon and L[j] in ("er", "sie"):
                    return v, (j, j + 1)
                np2 = self._np(j, colon, allow_pron=False) if j < colon else None
                if np2 is not None and self._named(np2):
                    return v, np2
            return (v if T[v].islower() else None), subj
        # Fronted adverbial or object: verb second, subject after it.
        v = next((k for k in range(a + 1, min(colon, a + 8)) if T[k].islower() and T[k].isalpha()
                  and L[k] not in lx.DET and L[k] not in lx.PREP and not lx.is_adverb(L[k])
                  and (L[k] in lx.AUX_FINITE or self.d.mood(k) is not None or L[k] in lx.CUE_FINITE
                       or L[k].endswith(("te", "ten", "t")))), None)
        if v is None:
            return None
        j, _ = self._skip_adverbials(v + 1, colon)
        np = self._np(j, colon) if j < colon else None
        if np is None or L[np[0]] in ("es", "man", "das", "dies"):
            return None
        return v, np

    def _consume(self, *ranges) -> None:
        """Mark token ranges (start, end) as used by a frame, so later passes do not read them again; None skips."""
        for r in ranges:
            if r:
                self.used[r[0]:r[1]] = [True] * (r[1] - r[0])

    def _subject_np(self, lo: int, hi: int, pronouns=("er", "sie", "wir", "ich"), cue_verbs: bool = True):
        """Noun phrase at lo followed by a finite verb (verb second) within [lo, hi); `cue_verbs` also accepts a
        speech verb the verb-form test misses."""
        T, L = self.d.T, self.d.L
        if L[lo] in lx.PREP or lx.is_adverb(L[lo]) or L[lo] in lx.SUBORD or L[lo] in lx.CONJ_CLAUSE \
                or L[lo] in NON_SUBJECT_VORFELD or L[lo] in ("den", "dem", "einem", "einen"):
            return None
        if L[lo] in pronouns and lo + 1 < hi and T[lo + 1].islower():
            return (lo, lo + 1)
        np = self._np(lo, hi, allow_pron=False)
        if np is None or np[1] >= hi:
            return None
        v = L[np[1]]
        if not (T[np[1]].islower() and T[np[1]].isalpha()) or v in lx.DET or v in lx.PREP or v in lx.PRONOUNS:
            return None
        if self.d.mood(np[1]) is None and not v.endswith(("t", "te", "ten", "en")) and not (cue_verbs and v in lx.CUE_FINITE):
            return None
        return np

    def _named(self, r: tuple[int, int], person_only: bool = False) -> bool:
        """True when a named PER/ORG mention (NER) lies inside token range r."""
        cs, ce = self.d.idx[r[0]], self.d.end_char(r[1] - 1)
        want = ("PER",) if person_only else ("PER", "ORG")
        return any(m.kind == "name" and m.label in want for m in antecedents.mention_index(self).inside(cs, ce))

    def _v2_clause(self, a: int, hi: int) -> bool:
        """A main clause (verb second) from token a: "Der Ausbau soll privat finanziert werden", "derzeit gebe es"."""
        T, L = self.d.T, self.d.L
        if a >= hi or L[a] in lx.SUBORD or L[a] in lx.CONJ_CLAUSE or L[a] in ("und", "oder", "aber", "sondern"):
            return False
        if L[a] in ("der", "die", "das", "welche", "welcher", "dem", "den", "deren", "dessen") and a + 1 < hi \
                and T[a + 1].islower():
            return False  # relative clause
        np = self._np(a, hi)
        k = np[1] if np else a + 1
        while k < hi and lx.is_adverb(L[k]) and k - a < 4:
            k += 1
        if k < hi and k == a + 1 and L[a] in ("es", "er", "sie", "wir", "ich") and T[k].isalpha() and T[k].islower() \
                and L[k] not in lx.DET and L[k] not in lx.PREP and L[k].endswith(("t", "te", "ten", "en", "e")):
            return True  # a pronoun subject and a verb the form test does not know: "es fehlten ..."
        return k < hi and T[k].islower() and (L[k] in lx.AUX_FINITE or self.d.mood(k) is not None
                                               or L[k] in lx.CUE_FINITE)

    def _middle_frame(self, vfin: int, hi: int) -> bool:
        """"Die Lage, sagte er, sei ernst": the frame sits between commas and Konjunktiv follows."""
        if self.d.T[vfin - 1] != ",":
            return False
        # The subject follows the verb ("sagte er", "sagte am Montag der Minister"); with none there ("Die
        # Präsidentin, Katrin Vogel, sagte am Dienstag, ...") the part before the verb is its subject.
        j, _ = self._skip_adverbials(vfin + 1, hi)
        np = self._np(j, hi)
        if np is None:
            return False
        k = np[1]
        while k < hi and self.d.T[k] not in CLAUSE_END and k - vfin < 6:
            k += 1
        return k + 1 < hi and self.d.T[k] == "," and any(
            self.d.mood(m) in ("sub1", "sub2") for m in range(k + 1, min(hi, k + 4)))

    def _content_range(self, a: int, b: int, keep_final: bool = False) -> tuple[int, int] | None:
        """Character range of tokens [a, b) without leading/trailing commas, dashes and (optionally) the period."""
        T = self.d.T
        while a < b and T[a] in (",", ":", "–", "—", "-", ";"):
            a += 1
        while b > a and (T[b - 1] in (",", ":", "–", "—", ";") or (not keep_final and T[b - 1] in (".", "!", "?"))):
            b -= 1
        while b > a and self.d.doc[b - 1].is_space:
            b -= 1
        if b <= a:
            return None
        return (self.d.idx[a], self.d.end_char(b - 1))

    # ----------------------------------------------------------------------------------------- passes
    def run(self):
        self._direct_quotes(embedded=False)
        for si, (lo, hi) in enumerate(self.sents):
            self._sentence(si, lo, hi)
        self._direct_quotes(embedded=True)
        for r in self.recs:  # generic "man" is nobody in particular
            if r.speaker and r.speaker[1] - r.speaker[0] == 1 and self.d.L[r.speaker[0]] in ("man", "es"):
                r.speaker = None
            r.speaker = speakers.clean(self, r.speaker)  # complete noun phrases only (see speakers.py)
            r.addressee = speakers.clean(self, r.addressee)
        self.antecedents = antecedents.pronoun_antecedents(self, self.recs)
        self._free_indirect()
        self.recs.sort(key=lambda r: (r.content[0][0] if r.content else 0))
        return self.recs

    def _clause_like(self, qa: int, qb: int, lo: int, hi: int) -> bool:
        """A quote that stands as a clause of its own (after a sentence start, colon, comma or dash, and followed
        by punctuation) rather than a term or phrase embedded in a clause ("sagte der „Zeitung“, dass ...")."""
        T = self.d.T
        before = qa <= lo or T[qa - 1] in (":", ",", "(", "–", "—", "-", ".") or T[qa - 1][:1] in QUOTE_CHARS
        after = qb >= hi or T[qb] in (",", ".", "!", "?", ")", "–", "—", ";", ":") or \
            T[qb - 2] in (".", "!", "?", ",", "…")
        return before and after

    def _direct_quotes(self, embedded: bool = False):
        """Quotes with their frames. First pass: clause-like quotes; second pass (embedded=True): the quotes
        embedded in a clause that no frame of the sentence pass has taken as (part of) its content."""
        T, L = self.d.T, self.d.L
        taken: list[tuple[int, int]] = []
        covered = [(a, b) for r in self.recs for a, b in r.content] if embedded else []
        for qa, qb, cs, ce in self.quotes:
            si = self.tok_sent[qa]
            sj = self.tok_sent[min(qb - 1, self.d.n - 1)]
            if si < 0 or sj < 0:
                continue
            if cs < len(self.text) and self.text[cs] == "‚":
                continue  # nested single quotes come out of the enclosing attribution
            if embedded and _title_quote(self, qa, qb):
                continue
            like = self._clause_like(qa, qb, self.sents[si][0], self.sents[sj][1])
            if like == embedded:
                continue
            if embedded and any(a <= cs and ce <= b for a, b in covered):
                continue
            inner = qb - qa - 2
            lo = self.sents[si][0]
            hi = self.sents[sj][1]
            found = None
            # Right zone: ", sagte er." / ", so der Sprecher."
            for j in range(qb, hi):
                if self.used[j] or self.in_quote[j] and not (qa <= j < qb):
                    break
                if L[j] == "so" and j == qb + 1 and T[qb] == ",":
                    np = self._np(j + 1, hi)
                    if np:
                        found = ([(j, j + 1)], "spoken", np, None)
                    break
                c = self._finite_cue(j, qb, hi)
                if c:
                    sp, addr = self._speaker_for(c[2], qb, hi, {k for r in c[0] for k in range(*r)})
                    found = (c[0], c[1], sp, addr)
                    break
                if T[j] in (".", "!", "?") or T[j][:1] in QUOTE_CHARS:
                    break
            if found is None:
                # Left zone: "Er sagte: „...“" or "Er nannte das „...“".
                for j in range(qa - 1, lo - 1, -1):
                    if self.in_quote[j] or T[j][:1] in QUOTE_CHARS:
                        break
                    c = self._finite_cue(j, lo, qa)
                    if c:
                        sp, addr = self._speaker_for(c[2], lo, qa, {k for r in c[0] for k in range(*r)})
                        found = (c[0], c[1], sp, addr)
                        break
            # A whole-sentence quote after a sentence ending in ":" with a frame.
            if found is None and si > 0 and T[qa - 1 if qa else 0] != ":":
                plo, phi = self.sents[si - 1]
                if qa == lo and phi - 1 >= plo and T[phi - 1] == ":":
                    for j in range(plo, phi):
                        c = self._finite_cue(j, plo, phi)
                        if c:
                            sp, addr = self._speaker_for(c[2], plo, phi, {k for r in c[0] for k in range(*r)})
                            found = (c[0], c[1], sp, addr)
                            break
            if found is None and inner < 4:
                continue  # scare quotes, titles: nested ones are added later from the enclosing attribution
            if found is None:
                # Quote standing alone: the previous speaker goes on talking.
                if qa != lo and not (qa > 0 and T[qa - 1] == ":"):
                    continue
                rec = Rec("direct", si, [(qa, qa + 1)], None, [(cs, ce)], cue_implicit=True)
                rec.speaker_from = -1
                if qa > lo + 2 and T[qa - 1] == ":":
                    # "Die Bewohner sehen das gelassen: „...“", "Hier sparte X nicht mit Kritik: „...“": the
                    # clause before the colon is the frame; its finite verb the cue, its subject the speaker.
                    fr = self._colon_frame(lo, qa - 1)
                    if fr is not None:
                        v, subj = fr
                        rec.speaker, rec.speaker_from = subj, None
                        if v is not None:
                            rec.cue, rec.cue_implicit = [(v, v + 1)], False
                            self._consume((lo, qa - 1))
                self.recs.append(rec)
                continue
            cue, medium, sp, addr = found
            self._consume(*cue, sp)
            # Mark the whole frame zone as used so the sentence pass does not read it again.
            for k in range(lo, hi):
                if not (qa <= k < qb) and not self.in_quote[k]:
                    if min(r[0] for r in cue) - 12 <= k <= max(r[1] for r in cue) + 12:
                        self.used[k] = True
            self._consume((qa, qb))
            self.recs.append(Rec("direct", si, cue, sp, [(cs, ce)], medium=medium, addressee=addr))
            taken.append((cs, ce))

    def _nach_source(self, j: int, hi: int) -> int:
        """"nach einer norwegischen Studie", "nach dem Grundgesetz": end of the phrase when its head is a source or
        document noun and it stands at the sentence start (verb-second follows) or the head is a source noun."""
        L = self.d.L
        k = j
        while k < hi and k - j < 5 and (L[k] in lx.DET or _adjlike(L[k]) or L[k].isdigit()) and not _is_cap(self.d.T[k]):
            k += 1
        if k >= hi or not _is_cap(self.d.T[k]):
            return 0
        w = L[k]
        if lx.is_source_noun(w) or w in lx.OPINION_NOUNS or w.endswith(lx.DOC_HEADS):
            return k + 1
        return 0

    def _source_phrase(self, si, lo, hi) -> bool:
        T, L = self.d.T, self.d.L
        for i in range(lo, hi):
            if self.in_quote[i] or self.used[i]:
                continue
            l = L[i]
            cue = sp = None
            cited, aside_end = [], None  # sources the source cites in an aside, and where the aside ends
            if l in lx.LAUT and i + 1 < hi:
                sp = self._np(i + 1, hi, allow_pron=False)
                if sp is None and i + 1 < hi and T[i + 1] not in CLAUSE_END:
                    # "laut ai-Bericht", "laut bildblog.de", "laut „Welt“", "laut einer am Dienstag veröffentlichten
                    # Mitteilung des WFP": up to the next capitalised word (or the quote's end).
                    q = next((b for a, b, _, _ in self.quotes if a == i + 1), None)
                    k = q if q else i + 2
                    if q is None:
                        m = i + 1
                        while m < min(hi, i + 8) and T[m] not in CLAUSE_END and not _is_cap(T[m]):
                            m += 1
                        while m < hi and _is_cap(T[m]) and m > i + 1 and T[m] not in CLAUSE_END:
                            np2 = self._np(m, hi, allow_pron=False)
                            k = np2[1] if np2 else m + 1
                            # "einer am Montag veröffentlichten Mitteilung": go on to the head noun.
                            nxt = next((x for x in range(k, min(hi, k + 3)) if _is_cap(T[x])), None)
                            if nxt is None or not all(_adjlike(L[x]) for x in range(k, nxt)) or nxt == k:
                                break
                            m = nxt
                    sp = (i + 1, min(k, hi))
                cue = [(i, i + 1)]
            elif l == "nach" and i > lo and L[i - 1] in lx.OPINION_NOUNS and not self.used[i - 1]:
                # "Seiner Meinung nach", "Nach Ansicht der Experten" is below; here the postposition.
                a = i - 1
                while a > lo and i - a < 6 and T[a - 1] not in CLAUSE_END and (L[a - 1] in lx.DET or _adjlike(L[a - 1])
                                                                                or L[a - 1] in ("meiner", "unserer")):
                    a -= 1
                sp, cue = (a, i), [(i, i + 1)]
            elif l == "nach" and i + 2 < hi and self._nach_source(i + 1, hi):
                k = self._nach_source(i + 1, hi)
                np = self._np(i + 1, hi, allow_pron=False)
                sp = (i + 1, max(k, np[1] if np else k))
                cue = [(i, i + 1)]
            elif l == "according" and i + 2 < hi and L[i + 1] == "to":
                # English "according to X": the source follows, up to the end of its clause.
                k = i + 2
                while k < hi and T[k] not in CLAUSE_END:
                    k += 1
                if k < hi and T[k] == ",":  # "the agency's president, Katrin Vogel." — a closing apposition
                    j = k + 1
                    while j < hi and _is_cap(T[j]):
                        j += 1
                    if j > k + 1 and (j == hi or T[j] in (".", "!", "?")):
                        k = j
                if k + 3 < hi and T[k] == "," and L[k + 1] in ("which", "who") and L[k + 2] in ("cited", "quoted"):
                    # "According to the agency X, which cited the fire service, ...": X relays the fire service.
                    end = next((m for m in range(k + 3, hi) if T[m] == ","), None)
                    if end is not None and end > k + 3:
                        cited, aside_end = [(k + 3, end)], end
                if k > i + 2:
                    sp, cue = (i + 2, k), [(i, i + 2)]
            elif l in lx.ZUFOLGE and i > lo:
                # Walk back over the noun phrase before "zufolge".
                a = i - 1
                while a > lo and T[a - 1] not in CLAUSE_END and not self.in_quote[a - 1] and i - a < 10 \
                        and (L[a - 1] in lx.DET or _is_cap(T[a - 1]) or _adjlike(L[a - 1]) or L[a - 1] in ("von", "des", "der")):
                    a -= 1
                if a < i:
                    sp, cue = (a, i), [(i, i + 1)]
            elif l == "nach" and i + 1 < hi and (lx.is_source_noun(L[i + 1]) or L[i + 1] in lx.OPINION_NOUNS) or (
                    l == "nach" and i + 2 < hi and _adjlike(L[i + 1]) and lx.is_source_noun(L[i + 2])):
                k = i + 1
                while k < hi and not lx.is_source_noun(L[k]):
                    k += 1
                np = self._np(k + 1, hi, allow_pron=False) if k + 1 < hi and L[k + 1] not in ("zufolge",) else None
                if k + 1 < hi and L[k + 1] in ("von", "vom", "aus") and np is None:
                    np = self._np(k + 2, hi, allow_pron=False)
                sp = (i + 1, np[1] if np else k + 1)
                cue = [(i, i + 1)]
            elif l == "wie" and (i == lo or T[i - 1] == ","):
                # "wie X berichtet/mitteilte" — verb-final clause.
                a, b = self._clause_bounds(i, lo, hi)
                for k in range(i + 1, b):
                    c = self._finite_cue(k, i, b)
                    if c and c[3] is not None:
                        np = self._np(i + 1, k, allow_pron=True)
                        if np is None:
                            break
                        sp = np
                        cue = [(i, i + 1)] + c[0]
                        break
            elif l == "demnach":
                cue, sp = [(i, i + 1)], (i, i + 1)
            elif l == "wonach" and i > lo + 1 and T[i - 1] == ",":
                # "ein Bericht der Agentur X, wonach ...": the noun phrase before the comma is the source.
                sp = None
                for a in range(max(lo, i - 12), i - 1):
                    if L[a] in lx.DET or _is_cap(T[a]):
                        np = self._np(a, i - 1, allow_pron=False)
                        if np is not None and np[1] == i - 1:
                            sp = np
                            break
                cue = [(i, i + 1)]
                if sp is None:
                    sp = (i, i + 1)
            elif l == "so" and i > lo and T[i - 1] in (",", "–", "—", "(") and i + 1 < hi:
                np = self._np(i + 1, hi)
                if np and np[1] < hi - 1 and L[np[1]] in ("weiter", "abschließend", "zudem", "außerdem", "ferner",
                                                         "damals", "einst", "jedoch", "aber", "auch"):
                    nxt = np[1] + 1
                else:
                    nxt = np[1] if np else hi
                if np and (nxt >= hi - 1 or T[nxt] in (":", ")", ".", ",", "(", "im", "in", "am", "–", "—",
                                                        "gegenüber", "vor", "nach", "auf", "bei", "zum", "zur")
                           or (lx.is_source_noun(L[np[1] - 1]) or L[np[1] - 1] in lx.OPINION_NOUNS)) \
                        and L[np[0]] not in ("dass", "es"):
                    sp, cue = np, [(i, i + 1)]
                    if nxt > np[1]:
                        cue = [(i, i + 1), (np[1], nxt)]
            if cue is None:
                continue
            if sp is None:
                continue
            ownerless = all(L[k] in lx.DET and not L[k].startswith(lx.POSSESSIVE) or L[k] in lx.HEDGE_ADJ
                            for k in range(sp[0], sp[1] - 1)) \
                and L[sp[1] - 1] in lx.OWNERLESS_HEDGES \
                and not any(L[k] in speakers.OWN for k in range(*sp))
            frame_lo = min(r[0] for r in cue + ([sp] if sp else []))
            frame_hi = max([r[1] for r in cue + ([sp] if sp else [])] + ([aside_end] if aside_end else []))
            content = []
            left = self._content_range(lo, frame_lo)
            right = self._content_range(frame_hi, hi) if frame_hi >= hi or T[frame_hi] != ":" else None
            if left:
                content.append(left)
            if right:
                content.append(right)
            if left and right and T[frame_lo - 1] not in CLAUSE_END and T[frame_hi] not in CLAUSE_END:
                # A source phrase inside the clause, not set off by commas ("Die Explosion ereignete sich demnach
                # gegen 23 Uhr", "Verletzt wurde nach ersten Erkenntnissen niemand") splits no statement: the
                # clause is one content.
                content = [(left[0], right[1])]
            if not content:
                continue
            self._consume((frame_lo, frame_hi))
            medium = "report" if sp and any(w in self.text[self.d.idx[sp[0]]:self.d.end_char(sp[1] - 1)].lower()
                                             for w in ("bericht", "medien", "zeitung")) else "unknown"
            self._consume(*cited)
            # "nach ersten Erkenntnissen", "nach bisherigen Angaben": a source noun nobody owns names no source;
            # the frame and its words stay (it makes the content reported), the chain names nobody.
            self.recs.append(Rec("source_phrase", si, cue, sp, content, medium=medium, berufung=cited,
                                 no_source=ownerless))
            return True
        return False

    def _sentence(self, si, lo, hi):
        T, L = self.d.T, self.d.L
        # Headline attribution "Agentur: ...": short capitalised source before a colon on its own line.
        if hi - lo > 3:
            for k in range(lo + 1, min(lo + 5, hi - 1)):
                if T[k] == ":":
                    if all(_is_cap(T[m]) or L[m] in lx.DET for m in range(lo, k)) and not any(
                            self.used[m] or self.in_quote[m] for m in range(lo, k)) and self.d.mood(k - 1) is None:
                        nl = self.text.rfind("\n", 0, self.d.idx[lo])
                        line_start = self.text[nl + 1:self.d.idx[lo]].strip() == ""
                        if line_start and si < 3 and self._headline_source(lo, k):
                            c = self._content_range(k + 1, hi, keep_final=True)
                            if c:
                                self.recs.append(Rec("source_phrase", si, [(k, k + 1)], (lo, k), [c], medium="unknown"))
                                return
                    break
        if backrefs.frame(self, si, lo, hi):
            return
        if self._wie_lead(si, lo, hi):
            return
        n0 = len(self.recs)
        saved = self.used[lo:hi]
        if self._verb_frames(si, lo, hi):
            if self.recs[-1].type != "reported" or len(self.recs) != n0 + 1:
                return
            # A source phrase ("nach Polizeiangaben", "laut X") beats reported speech read from a verb alone.
            rep = self.recs.pop()
            after = self.used[lo:hi]
            self.used[lo:hi] = saved
            if self._source_phrase(si, lo, hi):
                return
            self.used[lo:hi] = after
            self.recs.append(rep)
            return
        if not self._source_phrase(si, lo, hi):
            self._dass_frame(si, lo, hi, lexical=False)

    def _headline_source(self, lo: int, k: int) -> bool:
        """"Agentur: ...", "Selenskyj: ..." at a title line's start attribute the title only when the words before
        the colon name a source: a person or organisation mention, an acronym or a source word. A place or a
        topic ("Kessingen: ...", "Unfall am Fluss: ...") is the title's subject, not its speaker."""
        cs, ce = self.d.idx[lo], self.d.end_char(k - 1)
        over = [m for m in antecedents.mention_index(self).overlapping(cs, ce) if m.kind in ("name", "acronym")]
        if any(m.label == "LOC" for m in over):
            return False
        if any(m.label in ("PER", "ORG") for m in over):
            return True
        words = [self.d.T[m] for m in range(lo, k) if self.d.L[m] not in lx.DET]
        if len(words) == 1 and words[0].isupper() and len(words[0]) > 1:
            return True
        low = " ".join(w.lower() for w in words)
        return any(w in low for w in lx.MEDIA_WORDS + lx.ORG_WORDS + lx.PERSON_WORDS if len(w) > 3)

    def _verb_frames(self, si, lo, hi) -> bool:
        T, L = self.d.T, self.d.L
        for i in range(lo, hi):
            if self.used[i] or self.in_quote[i]:
                continue
            c = self._finite_cue(i, lo, hi)
            if not c:
                continue
            cue, medium, vfin, _final = c
            cue_tokens = {k for r in cue for k in range(*r)}
            if any(self.used[k] for k in cue_tokens):
                continue
            ca, cb = self._clause_bounds(i, lo, hi)
            if ca > lo and L[ca] in ("der", "die", "das", "welche", "welcher", "den", "dem") and T[ca - 1] == ",":
                continue  # relative clause "..., die sagte, ..." is rarely a frame of its own
            while ca > lo and T[ca - 1][:1] in QUOTE_CHARS:  # a quoted name inside the clause: „Aktion X“
                q = next((a for a, b, _, _ in self.quotes if b == ca and b - a <= 8), None)
                if q is None:
                    break
                ca = self._clause_bounds(q, lo, hi)[0] if q > lo else lo
            if not self.en and L[ca] == "wie" and (ca == lo or T[ca - 1] in (",", "(", "–", "—")) \
                    and self._wie_frame(si, lo, hi, ca, cb, cue, medium):
                return True
            sp, addr = self._speaker_for(vfin, lo, hi, cue_tokens)
            if self.en and sp and sp[1] < vfin and not any(T[k] in CLAUSE_END or L[k] in ("and", "but", "or")
                                                           for k in range(sp[1], vfin)):
                sp = (sp[0], vfin)  # English subjects run up to the verb: "The regional newspaper X reported"
                sp = en_subjects.trim_time(self, sp)  # ... but not over "on Monday" before it
            last_cue = max(r[1] for r in cue)
            frame_end = max(last_cue, sp[1] if sp else 0, addr[1] if addr else 0)
            # Content after the frame: ", dass ..." / ", er habe ..." / ": ..." / ", zu ..."
            content = None
            typ = "indirect"
            j = frame_end
            while j < hi and T[j] not in (",", ":") and not self.in_quote[j]:
                # English reported clauses need no comma: "said (on Monday) that ...", "said it had ...".
                if self.en and (L[j] == "that" or (j == frame_end and L[j] in EN_CLAUSE_SUBJECTS)):
                    break
                if T[j][:1] in QUOTE_CHARS:
                    q = self.q_at.get(j)
                    if q is None or q - j > 8:  # a short quoted name in the frame ("sagte der „Zeitung“") is skipped
                        break
                    j = q
                    continue
                j += 1
            if self.en and j + 1 < hi and T[j] == "," and L[j + 1] in ("citing", "quoting"):
                # "reported, citing a worker at the plant, that ...": the sources sit between the commas.
                j = next((k for k in range(j + 2, hi) if T[k] == "," or L[k] == "that"), hi)
                if j < hi and T[j] == ",":
                    j += 1
            cite_end = self._cited_aside(j, hi)
            if cite_end is not None:
                j = cite_end  # "berichtete X, gestützt auf Y, dass ...": the sources sit between the commas
            if self.en and j + 1 < hi and (L[j] == "that" or (j == frame_end and L[j] in EN_CLAUSE_SUBJECTS)):
                content = [self._content_range(j + (L[j] == "that"), hi)]
            elif j < hi and T[j] in (",", ":") and j + 1 < hi:
                nxt = L[j + 1]
                clause_hi = hi
                if nxt in lx.CONJ_CLAUSE or T[j] == ":" or any(
                        self.d.mood(k) in ("sub1", "sub2") for k in range(j + 1, min(hi, j + 12))) or (
                        any(L[k] == "zu" or _ZU_INF.match(L[k]) for k in range(j + 1, hi))
                        and nxt not in lx.SUBORD) or (
                        L[i] in lx.SAY_V2 and self._v2_clause(j + 1, hi)):
                    if nxt in lx.SUBORD and nxt not in lx.CONJ_CLAUSE:
                        content = None
                    else:
                        content = [self._content_range(j + 1, clause_hi)]
            if content is not None and vfin > lo and T[vfin - 1] == "," and self._middle_frame(vfin, hi):
                content.insert(0, self._content_range(lo, vfin - 1))
            # Content before the frame: "Die Lage sei ernst, sagte er." (frame starts after a comma)
            if content is None and vfin > lo and T[vfin - 1] == "," and not (sp is not None and sp[1] <= vfin):
                # (with the speaker before the verb, what stands there is the speaker: "Ein Mitarbeiter, der
                # anonym bleiben möchte, sagte ...")
                before = [k for k in range(lo, vfin - 1)]
                if before and (any(self.d.mood(k) in ("sub1", "sub2") for k in before)
                               or L[lo] in lx.CONJ_CLAUSE or (sp is not None and sp[0] > vfin and len(before) >= 4)):
                    content = [self._content_range(lo, vfin - 1)]
                    rest = None
                    if j < hi and T[j] == ",":
                        rest = self._content_range(j + 1, hi)
                        if rest and any(self.d.mood(k) in ("sub1", "sub2") for k in range(j + 1, hi)):
                            content.append(rest)
            if content is None:
                # "Wir müssen handeln", sagte er — handled in the quote pass. Otherwise reported speech.
                stem_ok = any(lx.reported_ok(L[k], L[lo:hi]) for k in cue_tokens)
                if L[i] in lx.NEEDS_CONTENT and not stem_ok or sp is None or not stem_ok:
                    continue
                typ = "reported"
                content = [self._content_range(lo, hi, keep_final=True)]
            content = [c for c in content if c]
            if not content:
                continue
            self._consume(*((k, k + 1) for k in cue_tokens), sp)
            ber = self._berufung(lo, hi)
            self.recs.append(Rec(typ, si, cue, sp, content, medium=medium, addressee=addr, berufung=ber))
            return True
        return False

    def _wie_cue(self, v: int, lo: int):
        """The verb cluster ending at token v of a verb-final source clause, as (cue ranges, medium), or None:
        "mitteilte", "bekannt gab", "berichtet hatte", "mitgeteilt wurde", "hervorgeht"."""
        L = self.d.L
        if v > lo + 1 and L[v] in lx.AUX_FINITE:  # "berichtet hatte", "mitgeteilt worden war"
            inner = self._wie_cue(v - 1, lo)
            return ([*inner[0], (v, v + 1)], inner[1]) if inner else None
        w = L[v]
        for particle, medium in lx.CUE_FINITE.get(w, ()):
            if not particle:
                return [(v, v + 1)], medium
            if v - 1 > lo and L[v - 1] == particle:
                return [(v - 1, v + 1)], medium
        if w in lx.CUE_JOINED or w in lx.CUE_PARTICIPLE:
            return [(v, v + 1)], lx.CUE_JOINED.get(w) or lx.CUE_PARTICIPLE[w]
        if w in lx.WIE_SOURCE_VERBS:
            return [(v, v + 1)], "statement"
        if v - 1 > lo and L[v - 1] == "bekannt" and w in ("wurde", "wird"):
            return [(v - 1, v + 1)], "statement"
        return None

    def _wie_speaker(self, j: int, end: int, source_after_aus: bool) -> tuple[int, int] | None:
        """The subject of a wie-clause from token j up to its verb at `end`: none in "wie es hieß", "wie bekannt
        wurde", "wie man sagt"; with `source_after_aus`, X in "wie aus X verlautete" (else none there)."""
        L = self.d.L
        while j < end and (L[j] in lx.ADV or L[j] in ("bereits", "schon")):
            j += 1
        if source_after_aus and j < end and L[j] == "aus":
            j += 1
        if j >= end or L[j] in ("es", "man", "bekannt", "berichtet", "gemeldet", "verlautete", "aus"):
            return None
        np = self._np(j, end, allow_pron=True)
        return np if np is not None and L[np[0]] != "man" else None

    def _wie_lead(self, si, lo, hi) -> bool:
        """"Wie X, Sprecher des Y, am Montag bekannt gab, wird ...": a sentence-initial wie-clause that may hold
        appositions and ends in a speech or source verb before the comma that opens the (verb-second) main
        clause. The main clause is the content, the subject after "wie" the speaker ("wie aus X hervorgeht":
        X is the source)."""
        T, L = self.d.T, self.d.L
        if self.en or L[lo] != "wie" or hi - lo < 6:
            return False
        for k in range(lo + 3, min(hi - 2, lo + 40)):
            if T[k] != "," or self.in_quote[k]:
                continue
            nxt = T[k + 1]
            if not nxt[:1].islower() or L[k + 1] in lx.WIE_NOT_MAIN or L[k + 1] in lx.CONJ_CLAUSE \
                    or L[k + 1] in lx.SUBORD:
                continue
            found = self._wie_cue(k - 1, lo)
            if found is None:
                continue
            cue, medium = found
            first = min(a for a, _ in cue)
            if any(self.used[x] for x in range(lo, k)) or L[first] in lx.NEEDS_CONTENT and first == k - 1 and \
                    L[first] not in lx.WIE_SOURCE_VERBS:
                return False
            sp = self._wie_speaker(lo + 1, first, source_after_aus=True)
            content = self._content_range(k + 1, hi)
            if content is None:
                return False
            self._consume((lo, k))
            self.recs.append(Rec("indirect", si, [(lo, lo + 1)] + cue, sp, [content], medium=medium,
                                 berufung=self._berufung(lo, hi)))
            return True
        return False

    def _wie_frame(self, si, lo, hi, ca, cb, cue, medium) -> bool:
        """"Wie X am Montag mitteilte, ist ..." / "..., wie X sagte.": the wie-clause is the frame, the main
        clause the content; the speaker is the subject after "wie" (none in "wie es hieß", "wie bekannt wurde")."""
        T, L = self.d.T, self.d.L
        cue_tok = {k for r in cue for k in range(*r)}
        if max(cue_tok) < cb - 3 or any(
                self.in_quote[k] and not any(a <= k < b and b - a <= 8 for a, b, _, _ in self.quotes)
                for k in range(ca, cb)):
            return False  # the verb must close the wie-clause (verb-final)
        sp = self._wie_speaker(ca + 1, min(cue_tok), source_after_aus=False)
        if L[min(cue_tok)] in lx.NEEDS_CONTENT or \
                any(L[k] == "sich" for k in range(ca, cb)):
            return False  # "wie lange jemand ...", "wie er sich nannte", "wie man sagt"
        content = []
        if ca > lo:
            content.append(self._content_range(lo, ca))
        if ca == lo and cb < hi and T[cb] == ",":
            content.append(self._content_range(cb + 1, hi))
        content = [c for c in content if c]
        if not content:
            return False
        cue = [(ca, ca + 1)] + [r for r in cue if r[0] != ca]
        self._consume((ca, cb))
        self.recs.append(Rec("indirect", si, cue, sp, content, medium=medium, berufung=self._berufung(lo, hi)))
        return True

    def _dass_frame(self, si, lo, hi, lexical: bool) -> bool:
        """A main clause with a subject and a verb or speech noun, then a dass-clause: "X zeigte sich optimistisch,
        dass ...", "X hoffte, dass ...", "die Forderung, dass ...". With `lexical`, only speech nouns (the verb
        frames cover the verbs); otherwise any finite verb with a subject."""
        T, L = self.d.T, self.d.L
        for k in range(lo + 2, hi - 2):
            if L[k] not in ("dass", "daß") or self.in_quote[k] or self.used[k]:
                continue
            p = k - 1 if T[k - 1] == "," else k
            w = L[p - 1]
            if w in lx.DASS_BLOCK or T[p - 1] in CLAUSE_END or self.in_quote[p - 1]:
                continue
            ca, _ = self._clause_bounds(p - 1, lo, hi)
            noun = lx.is_speech_noun(w) and _is_cap(T[p - 1])
            if lexical and not noun:
                continue
            if noun:
                a = p - 1
                while a > ca and (L[a - 1] in lx.DET or _adjlike(L[a - 1])):
                    a -= 1
                cue = [(a, p)]
                # Whose claim: a genitive/von-phrase after the noun is rare before "dass"; take the clause subject.
                v = next((m for m in range(ca, a) if T[m].islower() and L[m] not in lx.DET and L[m] not in lx.PREP
                          and not lx.is_adverb(L[m]) and L[m].isalpha()), None)
                sp = None
                if v is not None:
                    sp, _ = self._speaker_for(v, lo, p, {x for x in range(a, p)})
                    if sp and sp[0] <= a < sp[1]:
                        sp = None
            else:
                if _is_cap(T[p - 1]) or ca >= p - 1 and L[ca] in lx.SUBORD:
                    continue
                if L[ca] in lx.SUBORD or L[ca] in lx.CONJ_CLAUSE or (ca > lo and L[ca] in (
                        "der", "die", "das", "welche", "und", "oder", "aber")):
                    continue
                v = next((m for m in range(ca, p) if T[m].islower() and T[m].isalpha() and L[m] not in lx.DET
                          and L[m] not in lx.PREP and not lx.is_adverb(L[m]) and L[m] not in lx.PRONOUNS
                          and m > ca and L[m].endswith(("t", "te", "ten", "en", "e"))), None)
                if v is None:
                    continue
                cue = [(v, v + 1)]
                sp, _ = self._speaker_for(v, lo, p, {v})
                if sp is None or sp[1] - sp[0] == 1 and L[sp[0]] in ("es", "das", "dies"):
                    continue  # "Das zeigt, dass ...": a pronoun, not "Das Gericht"
            c = self._content_range(k, hi)
            if c is None:
                continue
            self._consume(*cue, sp)
            self.recs.append(Rec("indirect", si, cue, sp, [c], medium="unknown", berufung=self._berufung(lo, hi)))
            return True
        return False

    def _cited_aside(self, j: int, hi: int) -> int | None:
        """", (ebenfalls) gestützt auf Y," / ", unter Berufung auf Y," after a frame: the index of the comma that
        closes the aside (the content follows it), or None."""
        T, L = self.d.T, self.d.L
        if self.en or j + 3 >= hi or T[j] != ",":
            return None
        k = j + 1
        while k < hi and L[k] in lx.ADV:
            k += 1
        if not (k + 1 < hi and (L[k] in lx.CITE_PARTICIPLES and L[k + 1] == "auf"
                                or L[k] == "unter" and L[k + 1] in ("berufung", "verweis"))):
            return None
        end = next((m for m in range(k + 2, hi) if T[m] == "," and not self.in_quote[m]), None)
        return end if end is not None and end + 1 < hi else None

    def _berufung(self, lo, hi) -> list[tuple[int, int]]:
        """Sources after "unter Berufung auf": co-cited noun phrases joined by und/sowie/commas."""
        L, T = self.d.L, self.d.T
        for k in range(lo, hi - 3):
            if self.en and L[k] in ("citing", "quoting"):
                # English: the cited source runs to the next comma or "that".
                end = next((m for m in range(k + 1, hi) if T[m] == "," or L[m] == "that"), hi)
                self._consume((k + 1, end))
                return [(k + 1, end)] if end > k + 1 else []
            cite = L[k] == "unter" and L[k + 1] == "berufung" and L[k + 2] == "auf"
            start = k + 3
            if not cite and L[k] in lx.CITE_VERBS and L[k + 1] == "sich" and L[k + 2] == "auf":
                cite = True  # "X bezog sich auf einen Insider der Zeitung", "beruft sich auf Kreise"
            if not cite and L[k] in lx.CITE_PARTICIPLES and L[k + 1] == "auf":
                cite, start = True, k + 2  # "gestützt auf Geheimdienstquellen"
            if cite:
                out, j = [], start
                while j < hi:
                    np = self._np(j, hi, allow_pron=False)
                    if np is None:
                        # lower-case plural sources "westliche Diplomatenkreise" start with an adjective
                        break
                    out.append(np)
                    j = np[1]
                    if j < hi and L[j] in ("und", "sowie", ",", "oder"):
                        j += 1
                        continue
                    break
                self._consume(*out)
                return out
        return []

    def _subject(self, si: int, end: int | None = None) -> tuple[int, int] | None:
        """The noun phrase opening sentence si (up to token `end`) when a finite verb follows it (verb second)."""
        T = self.d.T
        lo, hi = self.sents[si]
        hi = hi if end is None else end
        while lo < hi and (T[lo] in CLAUSE_END or T[lo][:1] in QUOTE_CHARS or self.d.doc[lo].is_space):
            lo += 1
        if hi - lo < 3 or self.in_quote[lo]:
            return None
        return self._subject_np(lo, hi, pronouns=("er", "sie"), cue_verbs=False)

    def _nearest_mention(self, sp, before: int):
        """The latest repetition of a speaker's name before token `before` ("Abhisit" again two sentences on): the
        continuation is attributed to the nearest mention of its speaker."""
        if sp is None:
            return sp
        T = self.d.T
        key = next((k for k in range(sp[1] - 1, sp[0] - 1, -1) if _is_cap(T[k]) and T[k].isalpha() and len(T[k]) > 2
                    and self.d.L[k] not in lx.DET), None)
        if key is None:
            return sp
        for k in range(before - 1, sp[1] - 1, -1):
            if T[k] == T[key] and not self.in_quote[k]:
                a = k
                while a > sp[1] and _is_cap(T[a - 1]) and T[a - 1].isalpha() and not self.d.start[a - 1] \
                        and self.d.L[a - 1] not in lx.DET and k - a < 3:
                    a -= 1
                return (a, k + 1)
        return sp

    def _planned(self, toks: list[int]) -> bool:
        """"sollen ... werden" with a present passive infinitive is a plan ("Die Brücke soll 2027 eröffnet werden"),
        not hearsay, which takes a perfect or stative infinitive ("soll ... getötet worden sein")."""
        L = self.d.L
        words = [k for k in toks if L[k].isalpha()]
        return len(words) >= 2 and L[words[-1]] == "werden" and L[words[-2]] != "worden"

    def _free_indirect(self):
        """Sentences in Konjunktiv I (or with soll/sollen) without a frame: the previous speaker goes on. German
        only: an English article gets no free-indirect records (its quote continuations still get their
        speaker)."""
        T, L = self.d.T, self.d.L
        by_sent = {}
        for idx, r in enumerate(self.recs):
            by_sent.setdefault(r.sent, []).append(idx)
        last = None  # (sentence index, record index) of the last attribution with a speaker
        new = []
        for si, (lo, hi) in enumerate(self.sents):
            if si in by_sent:
                # Records with a speaker first, so a quote after "so X weiter:" goes on with X.
                for idx in sorted(by_sent[si], key=lambda x: self.recs[x].speaker_from == -1):
                    r = self.recs[idx]
                    if r.speaker_from == -1:
                        if last and si - last[0] <= 6:
                            r.speaker = self._nearest_mention(self.recs[last[1]].speaker, self.sents[si][0])
                            r.speaker_from = last[1]
                            r.medium = self.recs[last[1]].medium
                        else:
                            r.speaker_from = None
                    if r.speaker and not r.no_source:
                        last = (si, idx)
                continue
            if self.en:
                continue  # English has no Konjunktiv I: a German mood ending on "drone" or "same" is no cue
            toks = [k for k in range(lo, hi) if not self.in_quote[k] and not self.used[k]]
            if len(toks) < 4 or T[hi - 1] == "?":
                continue
            moods = [self.d.mood(k) for k in toks]
            sub1 = any(m == "sub1" for m in moods)
            sub2 = any(m == "sub2" for m in moods) and last is not None and si - last[0] <= 1
            soll = any(L[k] in ("soll", "sollen") for k in toks)
            if not (sub1 or sub2 or soll):
                continue
            close = last is not None and si - last[0] <= 5
            if not (sub1 or sub2) and not (last is not None and si - last[0] <= 2):
                continue  # "soll" alone, nobody quoted nearby: a plan or an obligation as often as hearsay
            if not (sub1 or sub2) and self._planned(toks):
                continue
            typ = "free_indirect"
            cue_k = next((k for k, m in zip(toks, moods) if m in ("sub1", "sub2")), None)
            if cue_k is None:
                cue_k = next(k for k in toks if L[k] in ("soll", "sollen"))
            key = self.recs[last[1]].speaker if close else None
            sp, sp_from = (self._nearest_mention(key, lo), last[1]) if close else (None, None)
            if si > 0 and (last is None or last[0] < si - SUBJ_GAP) and si - 1 not in by_sent:
                # No frame in the sentence before: its subject is the one talking on ("X ist besorgt. Der
                # Konflikt sei ...").
                subj = self._subject(si - 1)
                if subj is not None:
                    sp, sp_from, key = subj, -2, subj
            rec = Rec(typ, si, [(cue_k, cue_k + 1)], sp,
                      [self._content_range(lo, hi, keep_final=True)], cue_implicit=True,
                      speaker_from=sp_from, speaker_key=key,
                      medium=self.recs[last[1]].medium if close else "unknown")
            if rec.content[0] is None:
                continue
            prev = new[-1] if new else None
            if prev is not None and prev.sent == si - 1 and prev.speaker_key == rec.speaker_key and sub1 \
                    and prev.cue_implicit:
                # Konjunktiv I running on over several sentences is one continued quotation.
                prev.content = [(prev.content[0][0], rec.content[0][1])]
                prev.sent = si
                if close:
                    last = (si, last[1])
                continue
            new.append(rec)
            if sub1 and close:
                last = (si, last[1])
        self.recs.extend(new)


# --------------------------------------------------------------------------------------------- output
def _title_quote(ex, qa: int, qb: int) -> bool:
    """A short quoted name or title: „Der Spiegel“, Agentur „Xinhua“, Operation „Cast Lead“, „Golem“. Short
    quotes of capitalised words only are names far more often than quotations."""
    T = ex.d.T
    inner = [t for t in T[qa + 1:qb - 1] if t.isalnum() or len(t) > 1]
    if inner and 2 <= len(inner) <= 8 and _is_cap(inner[0]) and T[qb - 2] not in (".", "!", "?", "…"):
        # Names of bodies, laws, books and slogans: „Rat für nationale Sicherheit“, „Gesetz über den
        # Verfassungsschutz“ — mostly capitalised words and no finite verb.
        words = [t for t in inner if t.isalpha()]
        caps = sum(1 for t in words if _is_cap(t))
        if words and caps * 2 > len(words) and not any(ex.d.mood(k) is not None for k in range(qa + 2, qb - 1)):
            return True
    if not inner or len(inner) > 4 or not all(_is_cap(t) or t.isdigit() for t in inner):
        return False
    return len(inner) <= 3 or inner[0].lower() in ("der", "die", "das", "the", "le", "la", "el", "il")


def extract(ctx) -> list[Attribution]:
    if ctx.doc is None or len(ctx.doc) == 0:
        return []
    ex = Extractor(ctx)
    recs = ex.run()
    d = ex.d
    aid = ctx.article.id
    outlet = SourceNode(label=ctx.article.outlet or "outlet", kind="outlet")
    mentions = list(getattr(ctx.annotations, "mentions", None) or [])

    def tspan(r):
        return ctx.span(d.idx[r[0]], d.end_char(r[1] - 1))

    resolve = antecedents.speaker_resolver(ctx, mentions)

    builder = ChainBuilder(ex, ctx, outlet, resolve)
    out: list[Attribution] = []
    made: list[Attribution | None] = []
    for idx, r in enumerate(recs):
        content = [ctx.span(a, b) for a, b in r.content if a is not None]
        if not content:
            made.append(None)
            continue
        cue_span = ctx.span(d.idx[min(c[0] for c in r.cue)], d.end_char(max(c[1] for c in r.cue) - 1))
        cue_parts = [tspan(c) for c in sorted(r.cue)]
        speaker = tspan(r.speaker) if r.speaker else None
        starts = [content[0].start, cue_span.start] + ([speaker.start] if speaker else [])
        ends = [content[-1].end, cue_span.end] + ([speaker.end] if speaker else [])
        if r.speaker_from is not None:  # inherited speaker lies in an earlier sentence: span = content only
            starts, ends = [content[0].start], [content[-1].end]
        chain, mention = builder.chain(r)
        ent = mention.entity_id if mention is not None else None
        addressee = tspan(r.addressee) if r.addressee else None
        medium = r.medium
        sent_text = ctx.text[d.idx[ex.sents[r.sent][0]]:d.end_char(ex.sents[r.sent][1] - 1)].lower()
        for clue, med in lx.MEDIUM_CLUES:
            if clue in sent_text:
                medium = med
                break
        if medium not in ("spoken", "written", "video_message", "social_post", "interview", "statement", "report"):
            medium = "unknown"
        att = ctx.span(min(starts), max(ends), Attribution, id=f"{aid}:att{len(out)}", type=r.type, cue=cue_span,
                       cue_parts=cue_parts, cue_implicit=r.cue_implicit, speaker=speaker,
                       speaker_entity_id=ent, speaker_mention_id=mention.id if mention else None,
                       content=content, addressee=addressee, medium=medium, chain=chain)
        out.append(att)
        made.append(att)
    # Nesting: an attribution whose cue lies inside another's content is nested in it (the first such one).
    contents = [(c.start, c.end, i) for i, p in enumerate(out) for c in p.content]
    parents = first_containers([c for c in contents if out[c[2]].type not in ("free_indirect",)],
                               [(a.cue.start, a.cue.end, i) if not a.cue_implicit else (-1, -1, i)
                                for i, a in enumerate(out)])
    for a, p in zip(out, parents):
        if p is not None and not a.cue_implicit:
            a.parent_id = out[p].id
            a.chain = out[p].chain + a.chain[1:]
    # Short quotes inside an attribution's content ("nannte die Lage „dramatisch“") are nested direct quotes.
    extra = []
    direct = {(c.start, c.end) for a in out if a.type == "direct" for c in a.content}
    quotes = [(cs, ce, None) for _, _, cs, ce in ex.quotes]
    in_speaker = first_containers([(a.speaker.start, a.speaker.end, i) for i, a in enumerate(out) if a.speaker],
                                  quotes)
    in_content = first_containers(contents, quotes)
    # A short quote in a sentence with a frame but outside its content: same speaker.
    in_frame = first_containers([(a.start, a.end, i) for i, a in enumerate(out) if not a.cue_implicit], quotes)
    for (qa, qb, cs, ce), speaker_i, content_i, frame_i in zip(ex.quotes, in_speaker, in_content, in_frame):
        if (cs, ce) in direct:
            continue
        if _title_quote(ex, qa, qb) or speaker_i is not None:
            continue  # names and titles ("die Zeitung „Die Welt“") and quotes inside a speaker are no quotations
        host_i = content_i if content_i is not None else frame_i
        if host_i is None:
            continue
        host = out[host_i]
        extra.append(ctx.span(cs, ce, Attribution, id=f"{aid}:att{len(out) + len(extra)}", type="direct",
                              cue=host.cue, cue_parts=host.cue_parts, speaker=host.speaker,
                              speaker_entity_id=host.speaker_entity_id, speaker_mention_id=host.speaker_mention_id,
                              content=[ctx.span(cs, ce)], medium=host.medium, parent_id=host.id, chain=host.chain,
                              cue_implicit=host.cue_implicit))
    return out + extra
