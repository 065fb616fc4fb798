"""What a figure counts at the level a reader compares figures by: a language-neutral category key.

Definition. category = (semantic class of the counted noun, event class of its predicate), written
"<class>_<event>": "14 verletzte Mitarbeiter", "mindestens 30 Menschen wurden verletzt" and "30 people were
injured" are all "people_injured"; "12 Tote" is "people_dead"; "fast 1000 Fische verendeten" "fish_dead". Money is
"money_<currency>_<topic>" ("5 Millionen Euro Schaden" -> "money_eur_damage"; money whose receipts the clause says
are missing is "money_eur_undocumented"), an area "area_<unit>_<event>", a length "length_<thing>" ("eine 300
Kilometer lange Grenze", "a border of 300 kilometres" -> "length_border"; a distance is None), a duration
"duration_<event>" ("für drei Stunden gesperrt" -> "duration_closed"). Troop and drone numbers need no event ("4000
Soldaten" -> "soldiers", "19 Drohnen drangen ein" -> "drones"; killed soldiers are "soldiers_dead").

Where the parts come from, in order:
* the counted noun phrase: its head noun (lexicon.noun_class), or a noun that names the event itself ("Tote",
  "Verletzte", "fatalities": lexicon.event_noun), and adjectives/participles in it ("verletzte Mitarbeiter");
* a figure with no noun of its own ("14 weitere wurden verletzt", "over 12 were killed") takes the class of the
  nearest figure before it in the same sentence; a part of it ("zwei davon", "zwei von ihnen") is no total: None;
* the event: the nearest predicate word (lexicon.event_of, multi-word phrases such as "kamen ums Leben") in the
  figure's clause, between the neighbouring figures (right side first, where German puts the participle); two
  coordinated events ("getötet oder verwundet", "killed or injured") make "casualties".

Anything not settled by the lexicons gives None ("not determined"); people without an event are None too, since
"30 Menschen" alone may be any group (the cross-article stage then falls back to matching the noun text).
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..context import SpanIndex
from .extract import RawFigure, SentenceAt, clause_of
from .lexicon import event_noun, event_of, length_noun, money_topic, noun_class, phrase_events

_WORD = re.compile(r"[\wÄÖÜäöüß]+(?:-[\wÄÖÜäöüß]+)*")
_TAIL = re.compile(r"\s+(?:aus|von|in|im|of|from|in)\s+.*$", re.I)
_ELLIPSIS = re.compile(r"\s+(?:weitere|weiteren|andere|anderen|others|more|further|davon|von\s+ihnen|of\s+them)\b", re.I)
_COORD_AFTER = re.compile(r"(?:\s+(?:gekommen|worden|wurden|were|was))?\s+(?:oder|und|bzw\.|or|and)\s+(?:(?:schwer|leicht|lebensgefährlich|seriously|badly)\s+)?"
                          r"([\wäöüß]+)", re.I)
_COORD_BEFORE = re.compile(r"([\wäöüß]+)\s+(?:oder|und|bzw\.|or|and)\s+(?:(?:schwer|leicht|lebensgefährlich|seriously|badly)\s+)?$",
                           re.I)
_CASUALTY_EVENTS = {"dead", "injured", "missing"}
_NEED_NO_EVENT = {"soldiers", "drones"}
# events that only say a class is there ("10.000 Soldaten entsandt", "19 Drohnen drangen ein"): its bare class
_PRESENCE_EVENTS = {"deployed", "entered"}
_AREA_UNITS = {"km2": "km2", "ha": "ha"}
# units of durations (from the time tagger's TIMEX values, see figures.durations) and of lengths
DURATION_UNITS = {"min", "h", "d", "wk", "mo", "yr", "s"}
_DURATION_EVENTS = {"closed"}
_LENGTH_UNITS = {"km", "m", "mi"}
LEFT_WEIGHT = 1.5  # a predicate to the left counts as this much farther (German verb-final clauses)


def assign_categories(text: str, figs: list[RawFigure], sentences: list[tuple[int, int]]) -> None:
    """Set `category` on every figure (in place); None where the lexicons do not settle it."""
    nouns = [_noun_part(text, f) for f in figs]
    replaces = {f.extra["replaced_by"]: j for j, f in enumerate(figs) if "replaced_by" in f.extra}
    sentence_at = SentenceAt(sentences, (0, len(text)))
    blocked = _Blocked(figs)
    for i, f in enumerate(figs):
        sent = sentence_at(f.start)
        if nouns[i] == (None, None) and f.counts is None:  # "the number of injured rose to 30", "death toll"
            nouns[i] = _left_event_noun(text, f, sent, figs[i - 1].end if i > 0 else 0)
        cls, event = nouns[i]
        ellipsis = _ELLIPSIS.match(text, f.end)
        source = None
        if cls is None and f.kind in ("count", "vague") and (f.counts is None or ellipsis):
            source = _inherited_class(figs, nouns, i, sent)
            cls = nouns[source][0] if source is not None else None
        # a replacement shares the left context of the figure it replaces ("death toll rose from 14 to 30")
        prev = i - 1 if (f.start, f.end) not in replaces else replaces[(f.start, f.end)] - 1
        lo = max(sent[0], figs[prev].end if prev >= 0 else 0)
        hi = min(sent[1], figs[i + 1].start if i + 1 < len(figs) else len(text))
        clause = clause_of(text, f.start, f.end, sent)
        if (f.start, f.end) in replaces:  # "es fehlten nicht 4, sondern 6 Millionen Euro": the clause of the old one
            g = figs[replaces[(f.start, f.end)]]
            clause = (min(clause[0], clause_of(text, g.start, g.end, sent)[0]), clause[1])
        window = _within_sentence(text, f, (max(lo, clause[0]), min(hi, clause[1])))
        if event is None:
            event = _event_near(text, f, window, blocked)
        f.category = _compose(text, f, cls, event, window)
        if ellipsis and source is not None:
            # "3 verletzt, 2 davon schwer": a part of that count; "3 schwer verletzt, 14 weitere leicht": an
            # addition to it. Neither is the total a reader compares.
            if re.match(r"\s+(?:davon|von\s+ihnen|of\s+them)", ellipsis.group(0), re.I) or figs[source].category == f.category:
                f.category = None
    # a corrected figure counts what its replacement counts ("nicht 14, sondern 30 Menschen seien verletzt")
    by_span = {(f.start, f.end): f for f in figs}
    for f in figs:
        new = by_span.get(f.extra.get("replaced_by"))
        if new is not None and new.category is not None and (f.category is None or f.counts == new.counts):
            f.category = new.category


_SENT_END = re.compile(r"[.!?](?=\s)")


def _within_sentence(text: str, f: RawFigure, window: tuple[int, int]) -> tuple[int, int]:
    """Cut the window at a sentence end the sentence splitter missed ("... verletzt. 30 Menschen ...")."""
    lo, hi = window
    for m in _SENT_END.finditer(text, lo, f.start):
        lo = m.end()
    m = _SENT_END.search(text, f.end, hi)
    return lo, (m.start() if m else hi)


_DEATH_TOLL = re.compile(r"(?<![\w])(?:death\s+toll|todeszahl|opferzahl|zahl\s+der\s+todesopfer)(?![\w])", re.I)


def _left_event_noun(text: str, f: RawFigure, sent: tuple[int, int], floor: int) -> tuple[str | None, str | None]:
    """An event noun to the left of a figure that names nothing itself, in the same sentence and after the previous
    figure: "the number of injured rose to 30" -> (people, injured)."""
    lo = max(sent[0], floor)
    best = (None, None)
    for m in _WORD.finditer(text, lo, f.start):
        ev = event_noun(m.group(0))
        if ev:
            best = ev
    if best == (None, None) and _DEATH_TOLL.search(text, lo, f.start):
        best = ("people", "dead")
    return best


def _head(text: str, f: RawFigure) -> tuple[str | None, list[str]]:
    """Head noun and the words before it in the counted phrase ("russische Soldaten aus Nordkorea" -> Soldaten)."""
    if f.counts is None:
        return None, []
    phrase = _TAIL.sub("", text[f.counts[0]:f.counts[1]])
    words = _WORD.findall(phrase)
    if not words:
        return None, []
    return words[-1], words[:-1]


def _noun_part(text: str, f: RawFigure) -> tuple[str | None, str | None]:
    head, mods = _head(text, f)
    if head is None:
        return None, None
    ev_noun = event_noun(head)
    if ev_noun:
        return ev_noun
    cls = noun_class(head)
    event = None
    for w in mods:  # "verletzte Mitarbeiter", "toten Fische", "gefallene Soldaten"
        event = event_of(w) or (event_noun(w) or (None, None))[1]
        if event:
            break
    return cls, event


def _inherited_class(figs, nouns, i, sent) -> int | None:
    """Index of the nearest figure before figs[i] in the same sentence that names a class of countables."""
    for j in range(i - 1, -1, -1):
        if figs[j].start < sent[0]:
            break
        if nouns[j][0] is not None and figs[j].kind in ("count", "vague"):
            return j
    return None


class _Blocked:
    """Positions no predicate word of a figure may start at: inside any figure, or inside what another figure
    counts. Answered by bisection; a list of all figures per word made this quadratic in the figures."""

    def __init__(self, figs: list[RawFigure]):
        self.figures = SpanIndex((g.start, g.end) for g in figs)
        counts = [g.counts for g in figs if g.counts and g.counts[0] < g.counts[1]]
        self.count_starts = sorted(a for a, _ in counts)
        self.count_ends = sorted(b for _, b in counts)

    def at(self, pos: int, f: RawFigure) -> bool:
        if self.figures.covers(pos):
            return True
        # counted phrases holding pos: those started at or before it minus those ended at or before it
        holding = bisect_right(self.count_starts, pos) - bisect_right(self.count_ends, pos)
        if f.counts and f.counts[0] <= pos < f.counts[1]:
            holding -= 1  # the figure's own counted phrase does not block
        return holding > 0


def _event_near(text: str, f: RawFigure, window: tuple[int, int], blocked: _Blocked) -> str | None:
    cands = []
    for m in _WORD.finditer(text, window[0], window[1]):
        if blocked.at(m.start(), f):
            continue
        ev = event_of(m.group(0))
        if ev:
            cands.append((m.start(), m.end(), ev))
    for s, e, ev in phrase_events(text[window[0]:window[1]]):
        cands.append((window[0] + s, window[0] + e, ev))
    best, best_d = None, None
    right = max(f.end, f.counts[1]) if f.counts and f.counts[0] >= f.end else f.end  # distance after the noun
    for s, e, ev in cands:
        d = max(0, s - right) if s >= f.end else (f.start - e) * LEFT_WEIGHT
        if best_d is None or d < best_d:
            best, best_d = (s, e, ev), d
    if best is None:
        return None
    s, e, ev = best
    if ev in _CASUALTY_EVENTS:  # "getötet oder verwundet": one figure for both
        m = _COORD_AFTER.match(text, e)
        other = event_of(m.group(1)) if m else None
        if other is None:
            m = _COORD_BEFORE.search(text[max(0, s - 40):s])
            other = event_of(m.group(1)) if m else None
        if other in _CASUALTY_EVENTS and other != ev:
            return "casualties"
    return ev


def _compose(text: str, f: RawFigure, cls: str | None, event: str | None, window: tuple[int, int]) -> str | None:
    if f.kind == "money":
        unit = (f.unit or "").lower()
        if not re.fullmatch(r"[a-z]{3}", unit):
            return None
        topic = None
        if _undocumented(text[window[0]:window[1]]):  # money for which the receipts are missing
            return f"money_{unit}_undocumented"
        head, _ = _head(text, f)
        if head:
            topic = money_topic(head)
        if topic is None:
            words = [m for m in _WORD.finditer(text, window[0], window[1]) if not (f.start <= m.start() < f.end)]
            near = sorted(words, key=lambda m: abs(m.start() - f.end))
            topic = next((t for t in (money_topic(m.group(0)) for m in near) if t), None)
        return f"money_{unit}_{topic}" if topic else None
    if f.kind == "measure":
        unit = _AREA_UNITS.get(f.unit or "")
        if unit and event and event not in ("deployed",):
            return f"area_{unit}_{event}"
        if f.unit in DURATION_UNITS:  # "für rund drei Stunden gesperrt": how long something was out of operation
            return f"duration_{event}" if event in _DURATION_EVENTS else None
        if f.unit in _LENGTH_UNITS:
            thing = _measured_thing(text, f)
            return f"length_{thing}" if thing else None
        return None
    if f.kind not in ("count", "vague") or cls is None:
        return None
    if event == "lost":  # "verlor 1.200 Soldaten": losses of troops; "lost their homes" is no count of losses
        event = "casualties" if cls == "soldiers" else None
    if event is None or (event in _PRESENCE_EVENTS and cls in _NEED_NO_EVENT):
        return cls if cls in _NEED_NO_EVENT else None
    return f"{cls}_{event}"


_LONG = re.compile(r"(?<![\w])(?:lang|lange|langen|langer|langes|long)(?![\w])", re.I)
_OF_BEFORE = re.compile(r"([\wÄÖÜäöüß]+)\s+(?:von|of)\s+$")


def _measured_thing(text: str, f: RawFigure) -> str | None:
    """What a length measures: "eine rund 300 Kilometer lange Grenze", "a border of about 300 kilometres" ->
    "border". A distance ("40 Kilometer von der Grenze entfernt") measures no thing: None."""
    if f.counts is not None and f.counts[0] >= f.end:
        words = _WORD.findall(text[f.counts[0]:f.counts[1]])
        if len(words) >= 2 and _LONG.fullmatch(words[0]):
            return length_noun(words[-1])
        return None
    m = _OF_BEFORE.search(text[max(0, f.start - 40):f.start])
    return length_noun(m.group(1)) if m else None


_EVIDENCE = re.compile(r"(?<![\w])(?:[\wäöü]*belege?n?|[\wäöü]*nachweise?n?|quittung\w*|receipts?|records|documentation|"
                       r"invoices?)(?![\w])", re.I)
_LACKING = re.compile(r"(?<![\w])(?:fehl\w*|ohne|lack\w*|without|missing|nicht\s+vorgelegt)(?![\w])", re.I)
_UNDOCUMENTED = re.compile(r"(?<![\w])(?:undocumented|unaccounted|unbelegt\w*|nicht\s+belegt\w*)(?![\w])", re.I)


def _undocumented(window: str) -> bool:
    """The clause says the money lacks its receipts: "für 4,2 Millionen Euro fehlten die Belege", "EUR 4.2 million
    lacks supporting records", "undocumented spending"."""
    return bool(_UNDOCUMENTED.search(window) or (_EVIDENCE.search(window) and _LACKING.search(window)))
