"""Who denies: the grammatical subject of a denial predicate, found from word classes and positions.

No dependency parser is available, so the clause is read from HanTa part-of-speech tags (STTS for German, the
BNC tag set for English) over the sentence's tokens:

- German main clause (verb second): the subject is the noun phrase before the finite verb of the cue's clause
  ("Beide Länder haben das zurückgewiesen"). When that first position holds an adverbial ("Am Montag"), the
  object or target ("Diese Behauptung haben beide Länder zurückgewiesen", "Das bestreitet der Konzern") or the
  fronted participle ("Zurückgewiesen hat das der Konzern"), the subject is the first noun phrase after the
  finite verb that is neither a prepositional phrase nor the target. A clause joined by "und" without a
  subject of its own ("... und bezeichnete sie als Lüge") takes the subject of the clause before.
- German subordinate clause ("..., was der Konzern bestreitet"): the first noun phrase after the introducer; a
  relative pronoun that is itself the subject ("der Konzern, der die Vorwürfe bestreitet") stands for the
  noun phrase before it.
- Passive ("wurden vom Konzern zurückgewiesen", "were denied by the company"): the agent after von/vom/by.
- English: the noun phrase before the verb group of the cue (auxiliaries, adverbs, "not" skipped), the first
  comma-part of that stretch that is not an adverbial or relative clause.

Names earlier in the sentence that are not this subject (the accusers in "X beschuldigt Y ..., was Y
bestreitet") are never taken. `subject(tokens, cue_index, lang)` returns the token range of the subject or None.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..lang.mood import EN_FINITE_TAGS

# Nouns that name what is claimed or reported: such a noun phrase is the target of a denial, never its subject.
CLAIM_NOUNS = ("vorwurf", "vorwürf", "bericht", "behauptung", "darstellung", "anschuldigung", "beschuldigung",
               "angabe", "meldung", "gerücht", "spekulation", "kritik", "aussage", "version", "vorhaltung",
               "unterstellung", "information", "schilderung", "these", "mutmaßung", "verdacht", "verdächtigung",
               "claim", "allegation", "report", "accusation", "charge", "suggestion", "assertion", "rumo",
               "speculation", "account")
TARGET_PRONOUNS = {"das", "dies", "dieses", "es", "this", "that", "it", "them", "these", "those", "was", "which"}
PRONOUNS = {"er", "sie", "es", "man", "wir", "ich", "ihr", "he", "she", "it", "they", "we", "i", "one"}
CONNECTIVES = {"doch", "aber", "auch", "zudem", "jedoch", "allerdings", "nun", "sogar", "selbst", "nur", "dagegen",
               "hingegen", "indes", "inzwischen", "bislang", "bisher", "but", "and", "also", "however", "yet", "so"}
BOUNDARIES = {";", ":", "–", "—", "--"}
SUBORDINATORS = {"dass", "daß", "ob", "wonach", "weil", "obwohl", "nachdem", "wenn", "während", "da", "was",
                 "wie", "worauf", "womit", "wobei", "which", "who", "whom", "that", "while", "because", "although",
                 "after", "when", "as", "whereas"}
AGENT = {"von", "vom", "durch", "seitens", "by"}
GENITIVE = {"des", "der"}


@dataclass
class Tok:
    text: str
    start: int
    end: int
    tag: str
    lemma: str

    @property
    def low(self) -> str:
        return self.text.lower()


def _tagger(lang: str):
    from ..lang.mood import hanta  # one tagger per language for every stage

    return hanta(lang)


def tag_tokens(words: list[tuple[str, int, int]], lang: str) -> list[Tok]:
    """Tokens (text, start, end) with HanTa tags; tag '' when the tagger is unavailable."""
    tagger = _tagger("de" if lang != "en" else "en")
    tags = None
    if tagger is not None and words:
        try:
            tags = tagger.tag_sent([w for w, _, _ in words], taglevel=1)
        except Exception:
            tags = None
    out = []
    for n, (w, s, e) in enumerate(words):
        lemma, tag = (tags[n][1], tags[n][2]) if tags and len(tags) == len(words) else (w, "")
        out.append(Tok(w, s, e, tag, str(lemma)))
    return out


# ------------------------------------------------------------------ word classes (German STTS, English BNC)

def is_fin(t: Tok, en: bool) -> bool:
    if en:
        return t.tag in EN_FINITE_TAGS
    return "(FIN)" in t.tag or t.tag.endswith("FIN")


def is_noun(t: Tok, en: bool) -> bool:
    return t.tag.startswith(("NN", "NP")) if en else t.tag in ("NN", "NE", "FM", "TRUNC")


def is_claim_noun(t: Tok) -> bool:
    return t.low.startswith(CLAIM_NOUNS) or t.lemma.lower().startswith(CLAIM_NOUNS)


def _is_pronoun(t: Tok, en: bool) -> bool:
    return t.tag in ("PNP", "PNI") if en else t.tag in ("PPER", "PIS", "PDS", "PRELS")


def _is_prep(t: Tok, en: bool) -> bool:
    return t.tag in ("PRP", "PRF") if en else t.tag in ("APPR", "APPRART", "APPO", "APZR")


def _is_det(t: Tok, en: bool) -> bool:
    if en:
        return t.tag in ("AT0", "DT0", "DPS", "CRD", "AJ0", "AJC", "AJS", "ORD", "DTQ") or t.tag.startswith("POS")
    return t.tag in ("ART", "PIAT", "PDAT", "PPOSAT", "PIDAT", "CARD", "PWAT", "ADJ(A)", "ADJA")


def _is_subordinate_start(t: Tok, en: bool) -> bool:
    if en:
        return t.tag in ("CJS", "CJT", "DTQ", "PNQ", "AVQ") or t.low in SUBORDINATORS
    return t.tag in ("KOUS", "KOUI", "PRELS", "PRELAT", "PWS", "PWAV", "PWAT") or t.low in SUBORDINATORS


# ------------------------------------------------------------------ clauses

def segments(toks: list[Tok]) -> list[tuple[int, int]]:
    """Comma/semicolon/colon/dash separated stretches [a, b) of token indexes (separators excluded)."""
    out, a = [], 0
    for i, t in enumerate(toks):
        if t.text in {",", *BOUNDARIES} or t.text in (".", "!", "?"):
            if i > a:
                out.append((a, i))
            a = i + 1
    if a < len(toks):
        out.append((a, len(toks)))
    return out


def _first_word(toks, a, b):
    for i in range(a, b):
        if toks[i].text not in ('"', "„", "“", "”", "»", "«", "'", "‚", "‘", "(", ")"):
            return i
    return a


def subordinate(toks: list[Tok], seg: tuple[int, int], en: bool) -> bool:
    """A subordinate or relative clause: starts with a subordinator/relative word, or (German) has its finite
    verb last ("Velmar, dem Spionage vorgeworfen wird, ...") after a comma."""
    a, b = seg
    if a >= b:
        return False
    i = _first_word(toks, a, b)
    if _is_subordinate_start(toks[i], en) and not (en and toks[i].low == "that" and i + 1 < b and is_noun(toks[i + 1], en)):
        return True
    if not en and a > 0 and toks[a - 1].text == "," and is_fin(toks[b - 1], en) and not is_fin(toks[i], en):
        return True
    return False


def infinitival(toks: list[Tok], seg: tuple[int, int], en: bool) -> bool:
    a, b = seg
    return not en and any(t.tag in ("PTKZU", "VV(IZU)", "VVIZU") for t in toks[a:b]) and not any(
        is_fin(t, en) for t in toks[a:b])


def _seg_of(segs, i):
    return next((s for s in segs if s[0] <= i < s[1]), None)


def _main_fin(toks, segs, i, en) -> bool:
    s = _seg_of(segs, i)
    return is_fin(toks[i], en) and s is not None and not subordinate(toks, s, en)


# ------------------------------------------------------------------ noun phrases

def noun_phrase(toks: list[Tok], i: int, en: bool, stop: int | None = None, coordinate: bool = False) -> tuple[int, int] | None:
    """The noun phrase starting at token i as [i, j), or None. German: determiners/adjectives, nouns (names
    run on), a genitive ("des Kremls"), "von" + name, an apposition of names between commas
    ("Der Sprecher des Kremls, Dmitry Peskov,"), and with `coordinate` a second phrase after und/and."""
    stop = len(toks) if stop is None else stop
    if i >= stop:
        return None
    t = toks[i]
    if _is_pronoun(t, en) or (t.low in PRONOUNS and not is_noun(t, en)):
        return (i, i + 1)
    j = i
    while j < stop and (_is_det(toks[j], en) or toks[j].tag in ("ADV",) and j == i and toks[j].low in ("rund", "etwa")):
        j += 1
    if j >= stop or not is_noun(toks[j], en):
        if en and j > i and toks[j - 1].tag in ("AJ0", "DT0", "CRD") and j - i >= 1 and toks[j - 1].low in (
                "both", "all", "several", "many", "some"):
            return (i, j)  # "Both have denied"
        if not en and j > i and toks[j - 1].tag in ("PIAT", "PIS", "PIDAT"):
            return (i, j)  # "Beide haben das zurückgewiesen"
        return None
    first = j
    while j < stop and is_noun(toks[j], en):
        if j > first and is_claim_noun(toks[j]) and toks[j].tag in ("NN", "NN2"):
            break  # "hat die Velmar Chemie AG Vorwürfe zurückgewiesen": the claim noun is the object, not the subject
        j += 1
    if en:
        while j + 1 < stop and toks[j].low == "of" and (is_noun(toks[j + 1], en) or _is_det(toks[j + 1], en)):
            k = noun_phrase(toks, j + 1, en, stop)
            if k is None:
                break
            j = k[1]
        if j < stop and toks[j].low in ("for",) and j + 1 < stop:
            k = noun_phrase(toks, j + 1, en, stop)
            if k is not None:
                j = k[1]
    else:
        for _ in range(2):
            if j + 1 < stop and (toks[j].low in GENITIVE and toks[j].tag == "ART" or toks[j].low == "von"
                                 and toks[j + 1].tag == "NE"):
                k = noun_phrase(toks, j + 1 if toks[j].low == "von" else j, en, stop)
                if k is None or k[1] <= j:
                    break
                j = k[1]
    # an apposition of names: ", Dmitry Peskov,"
    if j + 2 < stop and toks[j].text == ",":
        k = j + 1
        while k < stop and toks[k].tag in ("NE", "NP0"):
            k += 1
        if k > j + 1 and k < stop and toks[k].text == ",":
            j = k
    if coordinate and j + 1 < stop and toks[j].low in ("und", "and", "sowie"):
        k = noun_phrase(toks, j + 1, en, stop)
        if k is not None:
            j = k[1]
    return (i, j)


def target_like(toks: list[Tok], np_: tuple[int, int]) -> bool:
    """What is denied rather than who denies: a claim noun ("die Vorwürfe") or a pronoun for a proposition."""
    a, b = np_
    if b - a == 1 and toks[a].low in TARGET_PRONOUNS:
        return True
    return any(is_claim_noun(t) for t in toks[a:b] if t.text[:1].isalpha() and (t.tag.startswith("N") or not t.tag))


# ------------------------------------------------------------------ the subject

def subject(toks: list[Tok], cue: int, lang: str) -> tuple[int, int] | None:
    """Token range of the subject of the denial predicate whose (verb) token is `cue`, or None."""
    if not toks or not any(t.tag for t in toks):
        return None
    en = lang == "en"
    return _subject_en(toks, cue) if en else _subject_de(toks, cue)


def outer_noun_phrases(toks, a, b, en, is_prep=None, jump=None):
    """The noun phrases of [a, b) in order, leaving out those inside a prepositional phrase. `is_prep(tok)`
    says what opens one (default: the tagger's prepositions); `jump(i)` may return an index to continue from
    (a span the caller has read already), or None."""
    is_prep = is_prep or (lambda t: _is_prep(t, en))
    i = a
    while i < b:
        j = jump(i) if jump is not None else None
        if j is not None:
            i = j
            continue
        if is_prep(toks[i]):
            np_ = noun_phrase(toks, i + 1, en, b)
            i = np_[1] if np_ else i + 1
            continue
        np_ = noun_phrase(toks, i, en, b)
        if np_ is None:
            i += 1
            continue
        yield np_
        i = np_[1]


def _mittelfeld_subject(toks, a, b, en, skip=()) -> tuple[int, int] | None:
    """The first noun phrase in [a, b) that is neither inside a prepositional phrase nor target-like."""
    return next((np_ for np_ in outer_noun_phrases(toks, a, b, en) if not target_like(toks, np_) and np_ not in skip),
                None)


def _passive_agent(toks, a, b, en) -> tuple[int, int] | None:
    for i in range(a, b):
        if toks[i].low in AGENT:
            return noun_phrase(toks, i + 1, en, b)
    return None


def _subject_de(toks: list[Tok], cue: int) -> tuple[int, int] | None:
    en = False
    segs = segments(toks)
    seg = _seg_of(segs, cue)
    if seg is None:
        return None
    a, b = seg
    if subordinate(toks, seg, en):
        first = _first_word(toks, a, b)
        np_ = _mittelfeld_subject(toks, first + 1, cue, en)
        if np_ is not None:
            return np_
        if toks[first].tag in ("PRELS", "PWS") or toks[first].low in ("der", "die", "das", "welche", "welcher"):
            # the relative pronoun is the subject: it stands for the noun phrase before the comma
            return _phrase_before(toks, a - 1, en)
        return None
    if infinitival(toks, seg, en):
        return _previous_clause_subject(toks, segs, a, en)
    # the finite verb of the cue's main clause
    fin = cue if is_fin(toks[cue], en) else None
    if fin is None:
        for i in range(cue - 1, -1, -1):
            if toks[i].text in BOUNDARIES:
                break
            if _main_fin(toks, segs, i, en):
                fin = i
                break
    if fin is None:
        fin = next((i for i in range(cue + 1, b) if is_fin(toks[i], en)), None)
    if fin is None:
        return None
    # passive: werden + the cue as participle
    if (toks[fin].lemma == "werden" and "PP" in toks[cue].tag) or any(t.low == "worden" for t in toks[cue:b]):
        return _passive_agent(toks, fin + 1, b, en)
    start, after_kon = _clause_start(toks, segs, fin, en)
    i = start
    while i < fin and (toks[i].low in CONNECTIVES or toks[i].tag in ("KON", "$(")):
        i += 1
    if i >= fin:  # no first position of its own
        if after_kon is not None:
            return _subject_de(toks, after_kon) if after_kon != cue else None
        return _mittelfeld_subject(toks, fin + 1, b, en)
    first = toks[i]
    s = _seg_of(segs, i)
    adverbial = (_is_prep(first, en) or first.tag in ("ADV", "PROAV", "PAV", "ADJD", "ADJ(D)", "PTKNEG", "KOKOM")
                 or "PP" in first.tag or "INF" in first.tag or (s is not None and subordinate(toks, s, en)))
    np_ = None if adverbial else noun_phrase(toks, i, en, fin, coordinate=True)
    if np_ is not None and not target_like(toks, np_):
        return np_
    return _mittelfeld_subject(toks, fin + 1, b, en)


def _clause_start(toks, segs, fin, en) -> tuple[int, int | None]:
    """Where the clause of finite verb `fin` begins, and (when it begins after und/aber following a clause with
    its own finite verb) the index of that earlier finite verb."""
    i = fin - 1
    while i >= 0:
        t = toks[i]
        if t.text in BOUNDARIES:
            return i + 1, None
        if t.tag == "KON" or t.low in ("und", "aber", "doch", "sondern", "denn", "and", "but"):
            prev = next((k for k in range(i - 1, -1, -1) if toks[k].text in BOUNDARIES or _main_fin(toks, segs, k, en)), None)
            if prev is not None and toks[prev].text not in BOUNDARIES:
                return i + 1, prev
        if t.text == ",":
            prev_seg = _seg_of(segs, i - 1)
            if prev_seg is not None and not subordinate(toks, prev_seg, en) and any(
                    is_fin(x, en) for x in toks[prev_seg[0]:prev_seg[1]]):
                return i + 1, None
        i -= 1
    return 0, None


def _phrase_before(toks, comma, en) -> tuple[int, int] | None:
    """The noun phrase that ends just before token `comma`."""
    for i in range(max(0, comma - 8), comma):
        np_ = noun_phrase(toks, i, en, comma)
        if np_ is not None and np_[1] == comma:
            return np_
    return None


def _previous_clause_subject(toks, segs, a, en):
    fin = next((k for k in range(a - 1, -1, -1) if _main_fin(toks, segs, k, en)), None)
    return _subject_de(toks, fin) if fin is not None else None


def _subject_en(toks: list[Tok], cue: int) -> tuple[int, int] | None:
    en = True
    k = cue
    while k - 1 >= 0 and (toks[k - 1].tag.startswith(("VB", "VH", "VD", "VM", "AV", "XX")) or toks[k - 1].low in (
            "not", "n't", "to")):
        k -= 1
    aux = toks[k:cue]
    segs = segments(toks)
    seg = _seg_of(segs, cue) or (0, len(toks))
    if toks[cue].tag == "VVN" and any(t.tag.startswith("VB") for t in aux):
        return _passive_agent(toks, cue + 1, seg[1], en)
    # the stretch before the verb group, from the last clause boundary; comma-enclosed relative clauses
    # ("The company, which has been accused, denied") are left out, a finite verb before ("A spokesman said the
    # firm denied") ends the stretch of another clause
    start = 0
    for i in range(k - 1, -1, -1):
        t = toks[i]
        if t.text in BOUNDARIES:
            start = i + 1
            break
        if (t.tag == "CJC" or t.low in ("and", "but")) and any(is_fin(x, en) for x in toks[:i]):
            start = i + 1
            break
    parts, a = [], start
    for i in range(start, k + 1):
        if i == k or toks[i].text == ",":
            if i > a:
                parts.append((a, i))
            a = i + 1
    if parts and _is_subordinate_start(toks[parts[-1][0]], en) and parts[-1][1] == k:
        parts = [(parts[-1][0] + 1, k)]  # "..., which the company denied"
    parts = [p for p in parts if not _is_subordinate_start(toks[p[0]], en)]
    if parts:
        a, b = parts[-1]
        fin = next((i for i in range(b - 1, a - 1, -1) if is_fin(toks[i], en)), None)
        if fin is not None:
            parts = [(fin + 1, b)] if fin + 1 < b else []
    for a, b in parts:
        i = a
        while i < b and (toks[i].low in CONNECTIVES or toks[i].tag == "CJC"):
            i += 1
        if i >= b or _is_prep(toks[i], en) or _is_subordinate_start(toks[i], en) or toks[i].tag in (
                "AV0", "VVG", "VVN"):
            continue
        if b - i == 1 and toks[i].low in TARGET_PRONOUNS:
            continue
        return (i, b)
    if not parts and start > 0 and toks[start - 1].tag == "CJC":  # "... and denied it": the earlier subject
        prev = next((i for i in range(start - 2, -1, -1) if is_fin(toks[i], en)), None)
        return _subject_en(toks, prev) if prev is not None else None
    return None
