"""Speaker noun phrases: what a speaker label is, and how a frame's subject and addressee are read.

A speaker label is a complete noun phrase: its head noun with the modifiers that belong to it ("die für gewöhnlich
gut informierte Zeitung X", "Ein Sprecher der Stadtwerke"), never a cut-off run of words ("Die für gewöhnlich
gut"), never text of another line (a crosshead or title "X: Y" is no part of a body sentence's speaker), never a
trailing age parenthesis.

A source noun with a genitive owner ("Angaben des Landesumweltamts", "Informationen der Zeitung X") keeps its
whole phrase as the speaker span (that is what the text says), but the one who speaks is the owner: `owner`
returns it, and the chain names it. "nach eigenen Angaben" is owned by the clause's subject.

All functions work on the token lists of `rules._Doc` (passed in as the extractor `ex`) and token ranges
(start, end).
"""
from __future__ import annotations

from . import lexicon as lx
from .antecedents import mention_index
from .kinds import head_mention, node_kind

REL_PRONOUNS = {"der", "die", "das", "welche", "welcher", "welches", "dessen", "deren", "denen", "dem", "den",
                "who", "which", "whose"}
# Dative forms that mark a post-verbal noun phrase as the one spoken to ("sagte der Zeitung", "teilte uns mit").
DATIVE_DET = {"dem", "einem", "einer", "unserer", "unserem", "ihm", "ihr", "ihnen", "uns", "der", "dieser",
              "diesem"}
OWN = {"eigenen", "eigener", "eigene", "own"}


def _cap(t: str) -> bool:
    return t[:1].isupper()


def line_start(ex, lo: int, hi: int) -> int:
    """The first token of [lo, hi) after the last line break or colon that precedes the head of a speaker: a
    crosshead or title line ("Bericht aus Kiew\\nDer Minister") or a title's "X:" prefix is no part of it."""
    d = ex.d
    start = lo
    for k in range(lo + 1, hi):
        gap = ex.text[d.end_char(k - 1):d.idx[k]]
        if "\n" in gap or d.T[k - 1] == ":":
            start = k
    return start


def clean(ex, sp: tuple[int, int] | None) -> tuple[int, int] | None:
    """A speaker token range trimmed to a clean noun phrase (see the module docstring); None when nothing is left."""
    if sp is None:
        return None
    d = ex.d
    T, L = d.T, d.L
    a, b = sp
    a = line_start(ex, a, b)
    # Leading and trailing punctuation ("', die im ... arbeitet,'" comes out of a relative clause: no speaker).
    while a < b and T[a] in (",", ";", "–", "—", "-"):
        a += 1
    if a < b and L[a] in REL_PRONOUNS and a > 0 and T[a - 1] == "," and sp[0] < a + 1 and T[sp[0]] == ",":
        return None
    while b > a and T[b - 1] in (",", ";", ":", "–", "—", "-", "("):
        b -= 1
    # A trailing "(46)": an age or a number in brackets is an attribute, not part of the name.
    if b - a > 3 and T[b - 1] == ")" and T[b - 3] == "(" and T[b - 2].isdigit():
        b -= 3
    if b <= a:
        return None
    if b - a == 1 and L[a] in ("der", "die", "das", "den", "dem", "des", "ein", "eine", "the", "a"):
        return None  # a lone article ("Diese", "Beide" are pronouns and stay)
    return (a, b)


def relative_subject(ex, vfin: int, lo: int) -> tuple[int, int] | None:
    """"Eine Quelle aus X, die anonym bleiben wollte, teilte CNN mit": the noun phrase that opens the clause and
    carries a relative clause (closed by the comma before the finite verb) is the subject; None otherwise."""
    d = ex.d
    T, L = d.T, d.L
    if vfin - lo < 3 or T[vfin - 1] != "," or not T[vfin - 2][:1].islower():
        return None
    # The Vorfeld scan stops at quote marks; a short quoted name belongs to the noun phrase ("Die Quelle der
    # „Zeitung“, die ..."): go back over it to the clause start.
    si = ex.tok_sent[vfin]
    s_lo = ex.sents[si][0] if si >= 0 else lo
    while lo > s_lo and T[lo - 1][:1] in "„“”»«\"":
        q = next((qa for qa, qb, _, _ in ex.quotes if qb == lo and qb - qa <= 8), None)
        if q is None:
            break
        lo = q
        while lo > s_lo and T[lo - 1] not in (";", ":", ".", "!", "?") and T[lo - 1][:1] not in "„“”»«\"":
            lo -= 1
    a = line_start(ex, lo, vfin)
    while a < vfin and T[a] in (",", ";", ":", "–", "—"):
        a += 1
    if a >= vfin or ex.in_quote[a] or T[a][:1] in "„“”»«\"‚‘" or L[a] in lx.PREP:
        return None  # (a prepositional Vorfeld with a relative clause, "In der Debatte, die ..., hat X": no subject)
    # The relative clause: ", REL ... verb ," (a preposition may come first: ", mit dem ...").
    for c in range(a + 1, vfin - 2):
        if T[c] != ",":
            continue
        r = c + 1
        if L[r] in lx.PREP and r + 1 < vfin:
            r += 1
        if not is_relative(ex, r):
            continue
        if any(T[x] in (",", ";", ":") or ex.in_quote[x] for x in range(r + 1, vfin - 1)) and \
                not _inner_commas_ok(ex, r + 1, vfin - 1):
            continue
        if L[a] in ("den", "dem", "einem", "einen"):
            return None  # a fronted object ("Den Fonds, dessen ..., forderte er auf"): the subject follows
        if np_run(ex, a, c) is None:
            return None
        # The span keeps the relative clause (it belongs to the noun phrase); `head_end` gives the label.
        return (a, vfin - 1)
    return None


def is_relative(ex, r: int) -> bool:
    """Token r opens a relative clause: a relative pronoun not followed by a noun ("die anonym bleiben wollte",
    "die die Stärke ..."); ", die Vorsitzende der Partei," is an apposition. "dessen"/"deren" always are."""
    T, L = ex.d.T, ex.d.L
    if L[r] not in REL_PRONOUNS or not T[r][:1].islower():
        return False
    if L[r] in ("dessen", "deren", "who", "which", "whose"):
        return True
    nxt = r + 1
    return nxt < ex.d.n and (not _cap(T[nxt]) or L[nxt] in lx.DET)


def head_end(ex, r: tuple[int, int]) -> int:
    """End of the noun phrase in r before a relative clause (", die anonym bleiben wollte"): the label's end."""
    T, L = ex.d.T, ex.d.L
    for c in range(r[0] + 1, r[1] - 1):
        if T[c] == ",":
            x = c + 1
            if L[x] in lx.PREP and x + 1 < r[1]:
                x += 1
            if is_relative(ex, x):
                return c
    return r[1]


def np_run(ex, a: int, c: int) -> tuple[int, int] | None:
    """(a, c) when the tokens [a, c) are one noun phrase with its attributes: a phrase from `_np` at a, then only
    prepositional or genitive modifiers ("Eine Quelle aus dem ukrainischen Geheimdienst"); else None."""
    d = ex.d
    np = ex._np(a, c, allow_pron=False)
    if np is None or np[0] != a:
        return None
    for x in range(np[1], c):
        t, low = d.T[x], d.L[x]
        if not (low in lx.PREP or low in lx.DET or _cap(t) or low.isdigit() or
                (low.isalpha() and low.endswith(("e", "en", "er", "es", "em")) and d.mood(x) is None
                 and low not in lx.AUX_FINITE)):
            return None
    return (a, c)


def _inner_commas_ok(ex, a: int, b: int) -> bool:
    """A relative clause may itself hold a comma before a zu-infinitive or a second verb; accept at most one."""
    return sum(1 for x in range(a, b) if ex.d.T[x] == ",") <= 1 and not any(ex.in_quote[x] for x in range(a, b))


def addressee_after(ex, vfin: int, hi: int, cue_tokens: set[int]) -> tuple[int, int] | None:
    """The noun phrase right after the finite verb when the subject stands before it: "X teilte CNN mit",
    "X sagte der Zeitung am Freitag", "X told CNN". It must be dative-marked, a name, or (English) any object of
    "told"; it ends before the verb particle or the comma that opens the content."""
    d = ex.d
    T, L = d.T, d.L
    j = vfin + 1
    while j < hi and (L[j] in lx.ADV or lx.is_adverb(L[j])):
        j += 1
    if j >= hi or T[j] in (",", ":", ".") or j in cue_tokens:
        return None
    if L[j] in ("ihm", "ihr", "ihnen", "uns", "mir", "me", "us", "him", "her", "them"):
        return (j, j + 1)
    np = ex._np(j, hi, allow_pron=False)
    if np is None:
        return None
    after = np[1]
    while after < hi and (L[after] in lx.ADV or lx.is_adverb(L[after]) or L[after] in lx.TIME_NOUNS
                          or L[after] in ("am", "im") and after + 1 < hi and L[after + 1] in lx.TIME_NOUNS):
        after += 1
    closes = after >= hi or T[after] in (",", ":", ".") or after in cue_tokens or L[after] in ("that", "dass")
    if not closes:
        return None
    if ex.en:
        return np if L[vfin] in ("told", "tells", "tell") else None
    # A bare name is spoken to only after a speech verb ("teilte CNN mit", "sagte Radio Nord"), and it is no
    # time ("letzte Woche") or place (an object: "warnten Pjöngjang").
    bare_name = np[1] - np[0] <= 3 and all(_cap(T[x]) for x in range(*np)) and L[np[0]] not in lx.DET \
        and (L[vfin] in lx.SAY_V2 or after in cue_tokens) and not any(L[x] in lx.TIME_NOUNS for x in range(*np)) \
        and not _is_place(ex, np)
    if L[np[0]] in DATIVE_DET or ex._named(np) or bare_name:
        return np
    return None


def _is_place(ex, r) -> bool:
    cs, ce = ex.d.idx[r[0]], ex.d.end_char(r[1] - 1)
    return any(m.label == "LOC" for m in mention_index(ex).overlapping(cs, ce))


def owner(ex, sp: tuple[int, int]) -> tuple[int, int] | None:
    """The owner of a source-noun speaker: "Angaben des Amts" -> "des Amts" (the article dropped when a name
    follows), "Informationen der Zeitung X", "Ansicht von X"; None when the head is no source noun or no owner
    follows."""
    d = ex.d
    T, L = d.T, d.L
    a, b = sp
    k = a
    while k < b and (L[k] in lx.DET or not _cap(T[k])):
        k += 1
    if k >= b - 1:
        return None
    head = L[k]
    if not (lx.is_source_noun(head) or head in lx.OPINION_NOUNS or head.endswith(lx.DOC_HEADS)):
        return None
    j = k + 1
    if L[j] in ("von", "vom", "of"):
        j += 1
    if j >= b or not (L[j] in lx.DET or _cap(T[j])):
        return None
    return (j, b)


def owned_by_subject(ex, sp: tuple[int, int]) -> bool:
    """"nach eigenen Angaben": the source is the subject of the clause."""
    return any(ex.d.L[k] in OWN for k in range(*sp))


def split_dative_medium(ex, sp: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """A subject after the verb and a medium spoken to, read as one genitive chain by the noun-phrase scan: "Das
    sagte die Sprecherin des Ministeriums der Zeitung X" -> ("die Sprecherin des Ministeriums", "der Zeitung X").
    A second genitive whose phrase names a medium, or one that names the article's own outlet, is the addressee;
    (sp, None) otherwise."""
    d = ex.d
    L = d.L
    gens = [k for k in range(sp[0] + 1, sp[1] - 1) if L[k] in ("der", "dem")]
    if not gens:
        return sp, None
    k = gens[-1]
    cs, ce = d.idx[k], d.end_char(sp[1] - 1)
    text = ex.text[cs:ce]
    outlet = (ex.ctx.article.outlet or "").lower()
    own = bool(outlet) and any(len(w) > 3 and w.lower() in outlet for w in text.split()[1:])
    first_gen = any(L[x] in ("des", "der", "eines", "einer") for x in range(sp[0] + 1, k))
    if own or first_gen and node_kind(text, head_mention(mention_index(ex), cs, ce)) == "media":
        return (sp[0], k), (k, sp[1])
    return sp, None
