"""Media: how the speaker said it, read from the frame (never from the content, which may speak of letters and
videos itself).

In order: a medium word in the frame ("in einer Videobotschaft", "in einem Interview mit", "auf X (Twitter)",
"teilte schriftlich mit", "auf seiner Website", "in einer Pressemitteilung"; "in an interview with", "wrote on
X", "in a statement"); then the cue verb ("schrieb" written, "twitterte" social_post, "sagte" spoken). A verb of
announcing ("erklärte", "teilte mit") without a statement word in its frame is read as spoken, as quotation
corpora annotate it. A source phrase without a medium word ("nach Angaben von X", "X zufolge") is a statement.
German nouns are capitalised: medium words are matched on capitalised words only in German, so the verb
"berichtete" is no "Bericht" and "Rede" no part of "reden".
"""
from __future__ import annotations

import re

from . import lexicon as lx

# (word start, medium) for capitalised German nouns (compounds match by their head: "Videobotschaft",
# "Pressemitteilung", "Kurznachrichtendienst").
_NOUN_CLUES = [
    ("videobotschaft", "video_message"), ("video", "video_message"), ("videoansprache", "video_message"),
    ("interview", "interview"), ("twitter", "social_post"), ("tweet", "social_post"), ("facebook", "social_post"),
    ("instagram", "social_post"), ("telegram", "social_post"), ("kurznachrichtendienst", "social_post"),
    ("tiktok", "social_post"), ("pressemitteilung", "statement"), ("mitteilung", "statement"),
    ("erklärung", "statement"), ("stellungnahme", "statement"), ("presseerklärung", "statement"),
    ("schreiben", "written"), ("brief", "written"), ("website", "written"), ("webseite", "written"),
    ("homepage", "written"), ("blog", "written"), ("gastbeitrag", "written"), ("beitrag", "written"),
    ("kolumne", "written"), ("bericht", "report"), ("studie", "report"), ("gutachten", "report"),
    ("pressekonferenz", "spoken"), ("rede", "spoken"), ("ansprache", "spoken"), ("fernsehen", "spoken"),
    ("fernsehansprache", "spoken"), ("radio", "spoken"),
]
# Compounds whose head is the clue ("Regierungserklärung", "Polizeibericht", "Abschlussbericht").
_HEAD_CLUES = [("mitteilung", "statement"), ("erklärung", "statement"), ("bericht", "report"),
               ("botschaft", "video_message"), ("interview", "interview"), ("konferenz", "spoken")]
# Lowercase German words and English phrases.
_PHRASE_CLUES = [
    (re.compile(r"\bschriftlich"), "written"), (re.compile(r"\bauf x\b|\bx \(\s*(ehemals )?twitter"), "social_post"),
    (re.compile(r"\bin an? (exclusive |televised |radio |tv )?interview"), "interview"),
    (re.compile(r"\binterview with\b"), "interview"), (re.compile(r"\bvideo (message|address|statement)\b"), "video_message"),
    (re.compile(r"\bin a (written |joint )?statement\b|\bstatement (said|read)\b|\bpress release\b"), "statement"),
    (re.compile(r"\b(on|via) (x|twitter|facebook|instagram|telegram|truth social)\b|\btweet(ed|s)?\b|\bposted\b"),
     "social_post"),
    (re.compile(r"\b(wrote|writes|written)\b|\bin a letter\b|\bop-ed\b"), "written"),
    (re.compile(r"\bpress conference\b|\btold\b|\bspeech\b"), "spoken"),
]
# Verbs of announcing and reporting the lexicon reads as a statement or report ("erklärte", "teilte mit",
# "berichtete"): spoken unless a medium word is in the frame.
_ANNOUNCE = ("statement", "report")
SOURCE_CUES = lx.SOURCE_PREPS | {"demnach"}  # "demnach" points back to a source: a statement too


def from_text(text: str, german: bool = True) -> str | None:
    """The medium a frame's words name, or None."""
    low = text.lower()
    for rx, med in _PHRASE_CLUES:
        if rx.search(low):
            return med
    for word in re.findall(r"[\w-]+", text):
        if german and not word[:1].isupper():
            continue
        w = word.lower()
        for clue, med in _NOUN_CLUES:
            if w.startswith(clue) and (len(w) - len(clue) <= 3 or clue in ("videobotschaft", "kurznachrichtendienst")):
                return med
        for clue, med in _HEAD_CLUES:
            if len(w) > len(clue) + 2 and w.endswith((clue, clue + "en", clue + "s")):
                return med
    return None


def from_cue(words: list[str]) -> str | None:
    """The lexicon's medium of a cue verb ("schrieb" -> written), or None."""
    for w in words:
        med = lx.CUE_PARTICIPLE.get(w) or lx.CUE_JOINED.get(w)
        if med is None and lx.CUE_FINITE.get(w):
            med = lx.CUE_FINITE[w][0][1]
        if med:
            return med
    return None


def medium(att, frame_text: str | None, cue_words: list[str], german: bool = True) -> str:
    """The attribution's medium from its frame and cue; its current one when neither names any."""
    text = frame_text if frame_text is not None else ""
    named = from_text(text, german) if text else None
    if named is not None:
        return named
    low = [w.lower() for w in cue_words]
    if low and low[0] in SOURCE_CUES:
        return "statement"
    if low and low[0] == "so" and len(low) == 1:
        return "spoken"
    verb = from_cue(low)
    if verb in _ANNOUNCE:
        return "spoken"
    if verb is not None:
        return verb
    # Nothing in the frame names a medium: the one read off the whole sentence (content included) is no
    # evidence; without a frame there is nothing better.
    return "unknown" if frame_text is not None else att.medium
