"""Free indirect speech: sentences without a frame that go on with the previous speaker.

Two kinds, read in one pass over the sentences because both follow the last speaker: a direct quote standing
alone (`direct_quotes.py` leaves its speaker open) takes the nearest mention of the last speaker within six
sentences; a sentence without any attribution that reads as reported by its mood (`konjunktiv.reported_cue`:
Konjunktiv I, or Konjunktiv II or "soll" right after a speaker) becomes a `free_indirect` record of the last
speaker, or of the subject of the sentence before when no frame is near ("X ist besorgt. Der Damm sei ...").
Konjunktiv I running on over several sentences is one record. It runs after every sentence reader and after the
speakers are cleaned, since it reads who spoke last from their records. German only: an English article gets no
free-indirect records (its quote continuations still get their speaker).
"""
from __future__ import annotations

from .. import lexicon as lx
from .konjunktiv import reported_cue
from .noun_phrases import subject_np
from .state import Rec
from .tokens import CLAUSE_END, QUOTE_CHARS, is_cap

SUBJ_GAP = 2  # free indirect speech takes the previous sentence's subject when no frame is this close


def free_indirect(ex):
    """Sentences in Konjunktiv I (or with soll/sollen) without a frame: the previous speaker goes on. German
    only: an English article gets no free-indirect records (its quote continuations still get their
    speaker)."""
    T = ex.d.T
    by_sent = {}
    for idx, r in enumerate(ex.recs):
        by_sent.setdefault(r.sent, []).append(idx)
    last = None  # (sentence index, record index) of the last attribution with a speaker
    new = []
    for si, (lo, hi) in enumerate(ex.sents):
        if si in by_sent:
            # Records with a speaker first, so a quote after "so X weiter:" goes on with X.
            for idx in sorted(by_sent[si], key=lambda x: ex.recs[x].speaker_from == -1):
                r = ex.recs[idx]
                if r.speaker_from == -1:
                    if last and si - last[0] <= 6:
                        r.speaker = _nearest_mention(ex, ex.recs[last[1]].speaker, ex.sents[si][0])
                        r.speaker_from = last[1]
                        r.medium = ex.recs[last[1]].medium
                    else:
                        r.speaker_from = None
                if r.speaker and not r.no_source:
                    last = (si, idx)
            continue
        if ex.en:
            continue  # English has no Konjunktiv I: a German mood ending on "drone" or "same" is no cue
        toks = [k for k in range(lo, hi) if not ex.in_quote[k] and not ex.used[k]]
        if len(toks) < 4 or T[hi - 1] == "?":
            continue
        found = reported_cue(ex, toks, si - last[0] if last is not None else None)
        if found is None:
            continue
        cue_k, sub1 = found
        close = last is not None and si - last[0] <= 5
        typ = "free_indirect"
        key = ex.recs[last[1]].speaker if close else None
        sp, sp_from = (_nearest_mention(ex, key, lo), last[1]) if close else (None, None)
        if si > 0 and (last is None or last[0] < si - SUBJ_GAP) and si - 1 not in by_sent:
            # No frame in the sentence before: its subject is the one talking on ("X ist besorgt. Der
            # Konflikt sei ...").
            subj = _sentence_subject(ex, si - 1)
            if subj is not None:
                sp, sp_from, key = subj, -2, subj
        rec = Rec(typ, si, [(cue_k, cue_k + 1)], sp,
                  [ex.content_range(lo, hi, keep_final=True)], cue_implicit=True,
                  speaker_from=sp_from, speaker_key=key,
                  medium=ex.recs[last[1]].medium if close else "unknown")
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
    ex.recs.extend(new)


def _nearest_mention(ex, sp, before: int):
    """The latest repetition of a speaker's name before token `before` ("Abhisit" again two sentences on): the
    continuation is attributed to the nearest mention of its speaker."""
    if sp is None:
        return sp
    T = ex.d.T
    key = next((k for k in range(sp[1] - 1, sp[0] - 1, -1) if is_cap(T[k]) and T[k].isalpha() and len(T[k]) > 2
                and ex.d.L[k] not in lx.DET), None)
    if key is None:
        return sp
    for k in range(before - 1, sp[1] - 1, -1):
        if T[k] == T[key] and not ex.in_quote[k]:
            a = k
            while a > sp[1] and is_cap(T[a - 1]) and T[a - 1].isalpha() and not ex.d.start[a - 1] \
                    and ex.d.L[a - 1] not in lx.DET and k - a < 3:
                a -= 1
            return (a, k + 1)
    return sp


def _sentence_subject(ex, si: int, end: int | None = None) -> tuple[int, int] | None:
    """The noun phrase opening sentence si (up to token `end`) when a finite verb follows it (verb second)."""
    T = ex.d.T
    lo, hi = ex.sents[si]
    hi = hi if end is None else end
    while lo < hi and (T[lo] in CLAUSE_END or T[lo][:1] in QUOTE_CHARS or ex.d.doc[lo].is_space):
        lo += 1
    if hi - lo < 3 or ex.in_quote[lo]:
        return None
    return subject_np(ex, lo, hi, pronouns=("er", "sie"), cue_verbs=False)

