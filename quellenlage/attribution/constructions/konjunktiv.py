"""Konjunktiv I (and II, "soll"): the mood that marks a German clause as what someone said.

German reported speech needs no "dass": the Konjunktiv of the clause is the mark ("sagte, der Fahrer sei
betrunken gewesen"). Three places read it: a frame between the commas of its content ("Die Lage, sagte er, sei
ernst": `middle_frame`, also read by `speech_verbs.speaker_main`), a content before its frame ("Der Fahrer sei
betrunken gewesen, sagte X": `content_before`), both for `verb_frames.py`; and a sentence without any frame that
goes on in Konjunktiv after one ("Die Feuerwehr habe die ganze Nacht gearbeitet.": `reported_cue`, for
`free_indirect.py`, German only). The two frame tests run on English sentences too.
"""
from __future__ import annotations

from .. import lexicon as lx
from .noun_phrases import noun_phrase, skip_adverbials
from .tokens import CLAUSE_END


def middle_frame(ex, vfin: int, hi: int) -> bool:
    """"Die Lage, sagte er, sei ernst": the frame sits between commas and Konjunktiv follows."""
    if ex.d.T[vfin - 1] != ",":
        return False
    # The subject follows the verb ("sagte er", "sagte am Montag der Minister"); with none there ("Die
    # Präsidentin, Katrin Vogel, sagte am Dienstag, ...") the part before the verb is its subject.
    j, _ = skip_adverbials(ex, vfin + 1, hi)
    np = noun_phrase(ex, j, hi)
    if np is None:
        return False
    k = np[1]
    while k < hi and ex.d.T[k] not in CLAUSE_END and k - vfin < 6:
        k += 1
    return k + 1 < hi and ex.d.T[k] == "," and any(
        ex.d.mood(m) in ("sub1", "sub2") for m in range(k + 1, min(hi, k + 4)))


def content_before(ex, lo: int, vfin: int, j: int, hi: int, sp) -> list | None:
    """The content before a frame that opens after a comma at finite verb vfin: "Der Fahrer sei betrunken
    gewesen, sagte X" (Konjunktiv before the frame, or a dass-clause opening the sentence, or any clause of four
    tokens or more when the speaker follows the verb), with the Konjunktiv clause after the frame's comma j as a
    second part ("Die Lage sei ernst, sagte er, man arbeite daran"); None when the part before is no content."""
    T, L = ex.d.T, ex.d.L
    before = [k for k in range(lo, vfin - 1)]
    if not (before and (any(ex.d.mood(k) in ("sub1", "sub2") for k in before)
                        or L[lo] in lx.CONJ_CLAUSE or (sp is not None and sp[0] > vfin and len(before) >= 4))):
        return None
    content = [ex.content_range(lo, vfin - 1)]
    if j < hi and T[j] == ",":
        rest = ex.content_range(j + 1, hi)
        if rest and any(ex.d.mood(k) in ("sub1", "sub2") for k in range(j + 1, hi)):
            content.append(rest)
    return content


def reported_cue(ex, toks: list[int], gap: int | None) -> tuple[int, bool] | None:
    """Whether a sentence without a frame (its tokens outside quotes and frames: `toks`) reads as reported speech
    by its mood, and its implicit cue: (the first verb in Konjunktiv I or II, else "soll"/"sollen"; True when a
    Konjunktiv I verb is there) or None. `gap` is the number of sentences since the last one with a speaker (None
    when nobody spoke before): Konjunktiv II reports only right after a speaker (elsewhere it is a conditional),
    and "soll" alone only within two sentences of one and not for a plan ("soll 2027 eröffnet werden")."""
    L = ex.d.L
    moods = [ex.d.mood(k) for k in toks]
    sub1 = any(m == "sub1" for m in moods)
    sub2 = any(m == "sub2" for m in moods) and gap is not None and gap <= 1
    soll = any(L[k] in ("soll", "sollen") for k in toks)
    if not (sub1 or sub2 or soll):
        return None
    if not (sub1 or sub2) and not (gap is not None and gap <= 2):
        return None  # "soll" alone, nobody quoted nearby: a plan or an obligation as often as hearsay
    if not (sub1 or sub2) and _planned(ex, toks):
        return None
    cue_k = next((k for k, m in zip(toks, moods) if m in ("sub1", "sub2")), None)
    if cue_k is None:
        cue_k = next(k for k in toks if L[k] in ("soll", "sollen"))
    return cue_k, sub1


def _planned(ex, toks: list[int]) -> bool:
    """"sollen ... werden" with a present passive infinitive is a plan ("Die Brücke soll 2027 eröffnet werden"),
    not hearsay, which takes a perfect or stative infinitive ("soll ... getötet worden sein")."""
    L = ex.d.L
    words = [k for k in toks if L[k].isalpha()]
    return len(words) >= 2 and L[words[-1]] == "werden" and L[words[-2]] != "worden"
