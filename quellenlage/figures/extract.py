"""Find and normalise figures in a sentence: "mehr als 650.000 Soldaten", "zwischen 10.000 und 12.000",
"1,5 Milliarden Euro", "rund 40 Prozent", "mehrere tausend", "Dutzende Zivilisten", "dreitausend Mann".

`find_figures(text, lang, exclude)` works on plain text and returns `RawFigure`s with offsets; `exclude` holds
(start, end) ranges that are not figures (dates, times, durations found by the time tagger). Not figures:
ages in parentheses "(46)", "46-jährige", ordinals "11. Brigade", numbers glued to letters ("F-16", "G7"),
paragraphs and numbers after "Nr.", "Artikel", "Resolution".
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from ..context import SpanIndex
from ..lang.number_words import DE_NUMWORD, EN_NUMWORD, parse_digits, parse_number_word


@dataclass
class RawFigure:
    start: int
    end: int
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    kind: str = "count"
    approximate: bool = False
    lower_bound: bool = False
    upper_bound: bool = False
    qualifier: str | None = None
    counts: tuple[int, int] | None = None
    predicate: tuple[int, int] | None = None
    category: str | None = None  # set by figures.categories
    extra: dict = field(default_factory=dict)


class SentenceAt:
    """The sentence (start, end) that holds a position, by bisection (a scan of all sentences per figure was
    quadratic). `sentences` are in text order and do not overlap; `default` where none holds the position."""

    def __init__(self, sentences: list[tuple[int, int]], default=None):
        self.sentences = sentences
        self.starts = [s for s, _ in sentences]
        self.default = default

    def __call__(self, pos: int):
        k = bisect_right(self.starts, pos) - 1
        if k >= 0 and pos < self.sentences[k][1]:
            s, e = self.sentences[k]
            return s, e
        return self.default


# qualifier -> (approximate, lower_bound, upper_bound)
QUALIFIERS = {
    "mehr als": (False, True, False), "über": (False, True, False), "gut": (True, True, False),
    "mindestens": (False, True, False), "wenigstens": (False, True, False), "nicht weniger als": (False, True, False),
    "weit über": (False, True, False), "deutlich mehr als": (False, True, False), "mehr als insgesamt": (False, True, False),
    "fast": (True, False, True), "knapp": (True, False, True), "beinahe": (True, False, True),
    "nahezu": (True, False, True), "weniger als": (False, False, True), "bis zu": (False, False, True),
    "höchstens": (False, False, True), "maximal": (False, False, True), "nicht mehr als": (False, False, True),
    "unter": (False, False, True), "knapp unter": (True, False, True), "knapp über": (True, True, False),
    "etwa": (True, False, False), "rund": (True, False, False), "ca.": (True, False, False),
    "circa": (True, False, False), "ungefähr": (True, False, False), "annähernd": (True, False, False),
    "schätzungsweise": (True, False, False), "geschätzte": (True, False, False), "geschätzt": (True, False, False),
    "an die": (True, False, True), "um die": (True, False, False),
    "more than": (False, True, False), "over": (False, True, False), "at least": (False, True, False),
    "upwards of": (False, True, False), "almost": (True, False, True), "nearly": (True, False, True),
    "up to": (False, False, True), "fewer than": (False, False, True), "less than": (False, False, True),
    "at most": (False, False, True), "under": (False, False, True), "no more than": (False, False, True),
    "about": (True, False, False), "around": (True, False, False), "roughly": (True, False, False),
    "approximately": (True, False, False), "some": (True, False, False), "an estimated": (True, False, False),
    "estimated": (True, False, False), "just over": (True, True, False), "just under": (True, False, True),
}
_QUAL_ALT = "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in sorted(QUALIFIERS, key=len, reverse=True))
QUAL = rf"(?:(?<![\w-])(?i:{_QUAL_ALT}))"

SCALES = {
    "tausend": 1e3, "tsd.": 1e3, "tsd": 1e3, "thousand": 1e3, "k": 1e3, "hundert": 100, "hundred": 100,
    "mio.": 1e6, "mio": 1e6, "million": 1e6, "millionen": 1e6, "millions": 1e6, "m": 1e6,
    "mrd.": 1e9, "mrd": 1e9, "milliarde": 1e9, "milliarden": 1e9, "billion": 1e9, "billions": 1e9, "bn": 1e9,
    "bio.": 1e12, "billionen": 1e12, "trillion": 1e12,
}
SCALE = r"(?:Mio\.|Mrd\.|Tsd\.|Bio\.|Millionen|Million|Milliarden|Milliarde|Billionen|(?i:tausend)|hundert|million|billion|trillion|thousand|hundred|bn\b|k\b)"
CURRENCIES = {
    "€": "EUR", "eur": "EUR", "euro": "EUR", "$": "USD", "us-$": "USD", "usd": "USD", "dollar": "USD",
    "us-dollar": "USD", "dollars": "USD", "£": "GBP", "pfund": "GBP", "pounds": "GBP", "gbp": "GBP",
    "euros": "EUR", "rubel": "RUB", "rubles": "RUB", "rub": "RUB", "hrywnja": "UAH", "hrywnja.": "UAH", "griwna": "UAH",
    "uah": "UAH", "franken": "CHF", "chf": "CHF", "yen": "JPY", "yuan": "CNY", "cent": "EUR-cent",
}
CUR_AFTER = r"(?:Euro|EUR|€|US-Dollar|Dollar|USD|\$|Pfund|GBP|£|Rubel|RUB|Hrywnja|Griwna|UAH|Franken|CHF|Yen|Yuan|dollars|euros|pounds|rubles)(?![\w])"
CUR_BEFORE = r"(?:US-\$|US\$|\$|€|£|EUR\s|USD\s)"
UNITS = {
    "km": "km", "kilometer": "km", "kilometern": "km", "kilometres": "km", "kilometers": "km", "m": "m",
    "meter": "m", "metern": "m", "metres": "m", "meters": "m", "kg": "kg", "kilogramm": "kg", "tonnen": "t",
    "t": "t", "tonnes": "t", "tons": "t", "liter": "l", "litres": "l", "barrel": "barrel", "barrels": "barrel",
    "km²": "km2", "quadratkilometer": "km2", "quadratkilometern": "km2", "square kilometres": "km2",
    "hektar": "ha", "grad": "°", "°c": "°C", "°": "°", "miles": "mi", "meilen": "mi", "mw": "MW", "gw": "GW",
    "megawatt": "MW", "prozentpunkte": "pp", "prozentpunkten": "pp", "percentage points": "pp",
    "kubikmeter": "m3", "mann": None,
}
UNIT_RX = (r"(?:km²|km|Kilometern?|Metern?|Meter|m(?=[\s.,;)])|kg|Kilogramm|Tonnen|t(?=[\s.,;)])|Liter|Barrel|Quadratkilometern?|Hektar|Grad|°C|"
           r"Kubikmeter|MW|GW|Megawatt|Prozentpunkten?|kilomet(?:re|er)s|metres|meters|tonnes|tons|miles|Meilen|barrels|percentage\s+points)(?![\w])")
PERCENT = r"(?:%|Prozent(?![\w])|percent(?![\w])|per\s+cent(?![\w]))"

DIGITS = r"(?:\d{1,3}(?:(?:\.|,|\u202f|\u00a0| )\d{3})+(?:,\d+|\.\d+)?|\d+(?:[.,]\d+)?)"
_NUMWORD = rf"(?:(?i:{DE_NUMWORD})|(?i:{EN_NUMWORD}))"
NUMBER = rf"(?:{DIGITS}|{_NUMWORD})"
# a number word is a whole word: "A" of "At least 30" is no "a" (that match used to swallow the qualifier)
_NUMWORD_W = rf"(?<![\w]){_NUMWORD}(?![\w])"
FRACTION_WORDS = r"(?:anderthalb|eineinhalb|zweieinhalb|dreieinhalb|vierthalb)"

# vague amounts: word -> (low, high)
VAGUE_PLURALS = {
    "dutzende": (24, 99), "dutzenden": (24, 99), "hunderte": (200, 999), "hunderten": (200, 999),
    "tausende": (2000, 9999), "tausenden": (2000, 9999), "zehntausende": (20000, 99999),
    "zehntausenden": (20000, 99999), "hunderttausende": (200000, 999999), "hunderttausenden": (200000, 999999),
    "millionen": (2e6, 9.99e6), "dozens": (24, 99), "hundreds": (200, 999), "thousands": (2000, 9999),
    "tens of thousands": (20000, 99999), "hundreds of thousands": (200000, 999999), "millions": (2e6, 9.99e6),
}
VAGUE_PLURAL_RX = (r"(?:(?i:tens\s+of\s+thousands|hundreds\s+of\s+thousands)|(?:Zehn|Hundert)?[Tt]ausende[n]?|Hunderttausende[n]?|[Hh]underte[n]?|[Dd]utzende[n]?|"
                   r"[Dd]ozens|[Hh]undreds|[Tt]housands|[Mm]illions)(?![\w-])")
VAGUE_MULT = r"(?i:mehrere|mehreren|einige|einigen|ein\s+paar|wenige|wenigen|several|a\s+few|some)"
VAGUE_PHRASE = (r"(?:(?i:eine)\s+(?:kleine|kleinere|große|größere|geringe|unbekannte|unbestimmte|hohe|niedrige|erhebliche|beträchtliche)\s+(?:Zahl|Anzahl|Menge)|"
                r"(?i:eine)\s+Handvoll|(?i:a)\s+(?:small|large|handful|growing|significant)\s+(?:number|handful)?|(?i:a\s+handful)|"
                r"(?<![\w-])(?:[Ee]inige|[Mm]ehrere|[Zz]ahlreiche|[Ee]tliche|[Ww]enige|[Vv]iele|[Ss]everal|[Nn]umerous)(?=\s+(?:[a-zäöüß]+e[nmrs]?\s+)?[A-ZÄÖÜ]))")

_NOT_FIGURE_BEFORE = re.compile(r"(?:Nr\.|Nummer|§|Art\.|Artikel|Absatz|Abs\.|Resolution|Kapitel|Seite|S\.|Punkt|Platz|Rang|Kanal|Linie|Gleis|Tel\.|Telefon|Fax|Zimmer|Raum|Ziffer|Version|Flug|Flight|No\.|Article|Section|Tab\.|Abb\.|Ausgabe|Heft|Folge|Staffel|Band|Bd\.)\s*$")
_SENT_START = {"Die", "Der", "Das", "Es", "Sie", "Er", "In", "Im", "Am", "An", "Auf", "Nach", "Laut", "Auch", "Doch", "Aber",
               "Dies", "Diese", "Dieser", "Damit", "Dabei", "Zudem", "Außerdem", "Bei", "Mit", "Von", "Vor", "Wie", "Wir",
               "Ein", "Eine", "Zu", "Zur", "Zum", "So", "Nun", "Dann", "Seit", "Bis", "Unter", "Über", "Insgesamt", "Nach",
               "The", "A", "An", "In", "It", "He", "She", "They", "We", "This", "That", "But", "And", "According", "Of"}

# verbs and participles a figure is typically the argument of
PREDICATE_RX = re.compile(
    r"(?<![\w-])(?:ge[a-zäöüß]{2,}(?:t|en)|[a-zäöüß]+(?:ge)[a-zäöüß]{2,}(?:t|en)|[a-zäöüß]{3,}iert|entsandt|verletzt|verwundet|vermisst|"
    r"verhaftet|vertrieben|versetzt|verlegt|verloren|verlor|verloren|zerstört|erschossen|ertrunken|erhalten|bereitgestellt|"
    r"zugesagt|entsendet|entsenden|entsendet|schickt|schickte|schickten|liefert|lieferte|lieferten|kamen|starben|stirbt|"
    r"sterben|töteten|tötete|fielen|flohen|fliehen|beträgt|betrug|betragen|beliefen|belaufen|beläuft|umfasst|umfasste|"
    r"stieg|stiegen|sank|sanken|fiel|wuchs|erreichte|erreichten|zählte|zählten|kosten|kostet|kostete|kosteten|"
    r"killed|wounded|injured|sent|deployed|died|dead|fled|displaced|arrested|delivered|pledged|received|lost|captured|"
    r"rose|fell|reached|cost|costs|totalled|totaled|stood|estimated|reported|evacuated|missing|kidnapped)(?![\w-])")
_PRED_STOP = re.compile(r"[;:!?]|\s[–—]\s|,\s")
_NOT_PARTICIPLE = {"gegen", "genug", "gestern", "gerade", "gesamt", "gemeinsam", "genau", "gegenüber", "geben", "gehen",
                   "gelten", "gewinnen", "geraten", "geschehen", "gelegen", "gebiet", "gebieten", "gerät", "gesetzt", "gestalt",
                   "gleichzeitig", "gut", "gemeldet", "general", "geht", "gibt", "gilt", "gerichtet"}
_ADJ = r"(?:(?:weitere|weiteren|weiterer|zusätzliche|zusätzlichen|neue|neuen|andere|anderen|[a-zäöüß][a-zäöüß-]*(?:e|en|er|es|em|sche|schen|ische|ischen))\s+)"
_EN_STOP = {"were", "was", "are", "is", "have", "has", "had", "in", "to", "and", "or", "who", "which", "that", "from",
            "on", "at", "by", "for", "with", "since", "after", "before", "during", "into", "the", "a", "an", "will",
            "would", "could", "may", "might", "been", "be", "than", "as", "per", "last", "this", "each", "across",
            "killed", "wounded", "injured", "sent", "deployed", "died", "fled", "according", "said", "says", "of"}


def _qual_flags(q: str | None) -> tuple[bool, bool, bool]:
    if not q:
        return False, False, False
    return QUALIFIERS.get(re.sub(r"\s+", " ", q.lower()), (False, False, False))


def _num(s: str, lang: str) -> float | None:
    s = s.strip()
    if re.fullmatch(r"[\d.,\u202f\u00a0 ]+", s):
        return parse_digits(s, lang)
    return parse_number_word(s.lower(), lang)


def _scale(s: str | None) -> float:
    if not s:
        return 1.0
    return SCALES.get(s.strip().lower(), 1.0)


# a verb of change or correction right before "from X to Y" / "von X bis Y": two states, not a range
_CHANGE_BEFORE = re.compile(r"(?<![\w])(?:rose|risen|rising|increased|climbed|jumped|grew|fell|dropped|declined|decreased|"
                            r"revised|corrected|raised|lowered|up|down|korrigiert\w*|stieg\w*|gestiegen|erhöht\w*|"
                            r"gesunken|sank\w*)(?:\s+[\w-]+){0,4}\s*$", re.I)
_ARTICLE_NUMWORDS = {"ein", "eine", "einen", "einem", "einer", "eines", "a", "an", "beide", "beiden", "eins", "both"}

CORE = re.compile(
    rf"(?:(?P<qual>{QUAL})\s+)?"
    rf"(?:(?P<zw>(?i:zwischen|von|between|from))\s+)?"
    rf"(?:(?P<cur1>{CUR_BEFORE})\s?)?"
    rf"(?P<n1>{DIGITS}|{_NUMWORD_W})(?:\s*(?P<sc1>{SCALE}))?"
    rf"(?:\s*(?P<rsep>(?(zw)(?:bis|und|-|–|to|and)|(?:bis|-|–|to)))\s*(?P<cur2>{CUR_BEFORE})?(?P<n2>{DIGITS}|{_NUMWORD_W})(?:\s*(?P<sc2>{SCALE}))?)?"
    rf"(?:\s*(?P<pct>{PERCENT})|\s*(?P<cur3>{CUR_AFTER})|\s+(?P<unit>{UNIT_RX}))?"
)
VAGUE = re.compile(
    rf"(?:(?P<qual>{QUAL})\s+)?(?:(?P<mult>{VAGUE_MULT})\s+(?P<mscale>(?i:tausend|hundert|Dutzend|Millionen|hundred|thousand|million|dozen))(?![\w-])"
    rf"|(?P<plural>{VAGUE_PLURAL_RX})|(?P<phrase>{VAGUE_PHRASE}))"
)


def find_figures(text: str, lang: str = "de", exclude: list[tuple[int, int]] | None = None,
                 sentence_bounds: list[tuple[int, int]] | None = None) -> list[RawFigure]:
    # Asked once per candidate number: indexes, not scans (a scan per number made this quadratic).
    excluded = SpanIndex(exclude or [])
    found: list[RawFigure] = []
    vague_taken, core_taken = SpanIndex(), SpanIndex()  # each filled left to right

    def overlaps_excl(s, e):
        return excluded.overlaps(s, e)

    def overlaps_taken(s, e):
        return vague_taken.overlaps(s, e) or core_taken.overlaps(s, e)

    # vague amounts first ("mehrere tausend" must not become a plain 1000)
    for m in VAGUE.finditer(text):
        s, e = m.span()
        if (s > 0 and text[s - 1].isalnum()) or overlaps_excl(s, e):
            continue
        f = RawFigure(s, e, text[s:e], kind="vague", approximate=True)
        q = m.group("qual")
        if q:
            f.qualifier = q
            a, lo, hi = _qual_flags(q)
            f.lower_bound, f.upper_bound = lo, hi
        if m.group("mult"):
            sc = {"tausend": 1e3, "thousand": 1e3, "hundert": 100, "hundred": 100, "dutzend": 12, "dozen": 12,
                  "millionen": 1e6, "million": 1e6}[m.group("mscale").lower()]
            few = m.group("mult").lower() in ("wenige", "wenigen", "ein paar", "a few")
            f.low, f.high = 2 * sc, (4 if few else 9) * sc + (sc - 1 if sc >= 100 else 0)
            f.qualifier = f.qualifier or m.group("mult")
        elif m.group("plural"):
            key = re.sub(r"\s+", " ", m.group("plural").lower())
            if key == "millionen" and not re.match(r"\s+(?:von\s+)?[A-ZÄÖÜ]", text[e:e + 30]):
                continue
            f.low, f.high = VAGUE_PLURALS.get(key, (None, None))
        else:
            f.qualifier = f.qualifier or m.group("phrase")
        found.append(f)
        vague_taken.add(s, e)

    for m in CORE.finditer(text):
        s, e = m.span()
        n1 = m.group("n1")
        if not n1:
            continue
        # the figure starts at the qualifier (or the number); trim a leading "zwischen" only when no range
        if m.group("zw") and not m.group("n2"):
            s = m.start("cur1") if m.group("cur1") else m.start("n1")
            if m.group("qual"):
                continue
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        ns, ne = m.span("n1")
        if overlaps_taken(s, e) or overlaps_excl(ns, ne):
            continue
        if ns > 0 and (text[ns - 1].isalnum() or text[ns - 1] in "-/_#" or (text[ns - 1] == "." and ns > 1 and text[ns - 2].isdigit())):
            continue
        after = text[ne:ne + 3]
        if re.match(r"[\w]|-[A-Za-zÄÖÜäöü]|[.,]\d|/\d", after) and not m.group("sc1") and not m.group("pct") and not m.group("cur3"):
            if not (re.match(r"-(?:fach|mal|köpfig|prozentig)", text[ne:ne + 12])):
                continue
            continue
        is_word = not re.match(r"\d", n1)
        low1 = n1.lower()
        if is_word:
            if low1 in _ARTICLE_NUMWORDS and not m.group("sc1") and not m.group("n2"):
                continue
            if low1 in ("some", "an", "a") :
                continue
            # number words need a counted noun or a scale after them ("zwei Soldaten", "dreitausend")
            if not m.group("sc1") and not m.group("pct") and not m.group("cur3") and not m.group("unit"):
                if not re.match(rf"\s+(?:{_ADJ}){{0,2}}(?:[A-ZÄÖÜ]|der\s|von\s|davon|of\s|[a-z]+s\b|people|soldiers|troops|civilians)", text[e:e + 40]):
                    if not (lang == "en" and re.match(r"\s+[a-z]", text[e:e + 3])):
                        continue
        before = text[max(0, ns - 25):ns]
        if _NOT_FIGURE_BEFORE.search(before):
            continue
        # ages: "(46)", "46-jährige", "46 Jahre alt", "im Alter von 46"
        if re.search(r"\(\s*$", before) and re.match(r"\s*\)", text[ne:ne + 3]):
            continue
        if re.match(r"\s*(?:-?jährige|-jähriger|-jährigen|Jahre\s+alt|years?\s+old|-year-old)", text[ne:ne + 20]) or re.search(r"(?:Alter\s+von|aged|age\s+of)\s*$", before):
            continue
        # ordinals: "11. Brigade", "3. Armee" (but not "... waren es 300. Die ...")
        if not m.group("sc1") and not m.group("n2") and re.match(r"\d+$", n1) and text[ne:ne + 1] == "." and len(n1) <= 3:
            nxt = re.match(r"\.\s*([\wÄÖÜäöü]+)", text[ne:ne + 30])
            if nxt and not (nxt.group(1) in _SENT_START or text[ne + 1:ne + 2] == "\n") or (nxt is None and text[ne + 1:ne + 2].isalnum()):
                continue
            if not nxt:
                pass
        f = RawFigure(s, e, text[s:e])
        q = m.group("qual")
        if q:
            f.qualifier = re.sub(r"\s+", " ", q)
            f.approximate, f.lower_bound, f.upper_bound = _qual_flags(q)
        sc1 = _scale(m.group("sc1"))
        v1 = _num(n1, lang)
        if v1 is None:
            continue
        if m.group("n2"):
            v2 = _num(m.group("n2"), lang)
            sc2 = _scale(m.group("sc2"))
            if v2 is None:
                continue
            if m.group("sc2") and not m.group("sc1"):
                sc1 = sc2
            lo, hi = v1 * sc1, v2 * sc2
            if m.group("rsep") in ("und", "and") and not m.group("zw"):
                # "zwei und drei" without "zwischen": two separate numbers; keep the first only
                e = m.end("sc1") if m.group("sc1") else ne
                f.end, f.text = e, text[s:e]
                f.value = v1 * sc1
            elif m.group("zw") and m.group("zw").lower() in ("from", "von") and _CHANGE_BEFORE.search(text[max(0, s - 40):s]):
                # "rose from 14 to 30", "korrigierte von 14 bis 30": a change between two figures, not a range
                e1 = m.end("sc1") if m.group("sc1") else ne
                s = m.start("cur1") if m.group("cur1") else ns
                f.start, f.end, f.text, f.value = s, e1, text[s:e1], lo
                s2 = m.start("cur2") if m.group("cur2") else m.start("n2")
                second = RawFigure(s2, e, text[s2:e], value=hi)
                f.extra["second"] = second
            elif hi < lo:
                continue
            else:
                f.low, f.high = lo, hi
        else:
            f.value = v1 * sc1
        if m.group("pct"):
            f.kind, f.unit = "percent", "%"
        cur = m.group("cur1") or m.group("cur3") or m.group("cur2")
        if cur:
            f.kind = "money"
            f.unit = CURRENCIES.get(cur.strip().lower(), cur.strip())
        if m.group("unit"):
            u = re.sub(r"\s+", " ", m.group("unit"))
            f.kind = "measure"
            f.unit = UNITS.get(u.lower(), u)
            if u.lower().startswith("prozentpunkt") or u.lower() == "percentage points":
                f.kind = "percent"
        if f.kind == "count" and f.value is not None and not m.group("n2") and not is_word and re.fullmatch(r"(?:1[5-9]|20)\d\d", n1) and not q:
            # a bare year-like number with no counted noun after it is more likely a year than a count
            if not re.match(rf"\s+(?:{_ADJ}){{0,2}}[A-ZÄÖÜ][a-zäöüß]+(?:en|er|e|n|s)?\b", text[e:e + 40]):
                continue
        found.append(f)
        core_taken.add(f.start, f.end)
        second = f.extra.pop("second", None)
        if second is not None:
            second.kind, second.unit = f.kind, f.unit
            # the unit was written once, after the second number: it is the first one's too
            found.append(second)
            core_taken.add(second.start, second.end)
    found.sort(key=lambda f: f.start)
    return found


def find_counts(text: str, f: RawFigure, lang: str, clause: tuple[int, int]) -> tuple[int, int] | None:
    """The noun phrase the figure counts: right after it ("650.000 russische Soldaten", "3.000 Mann", a quoted
    figure '"Tausende" Soldaten' too),
    a partitive ("zwei der Verletzten"), or "Zahl der Toten ... auf 50" to the left."""
    rest = text[f.end:clause[1]]
    if lang == "en":
        m = re.match(r"\s+(?:of\s+(?:the\s+)?)?((?:[A-Za-z][\w-]*)(?:\s+[A-Za-z][\w-]*){0,3})", rest)
        if m:
            words = m.group(1).split()
            keep = []
            for w in words:
                if w.lower() in _EN_STOP:
                    break
                keep.append(w)
                if w.lower().endswith("s") or w.lower() in ("people", "police", "staff", "personnel", "children", "men", "women"):
                    break
            if keep:
                start = f.end + m.start(1)
                return start, start + len(" ".join(keep))
        return None
    m = re.match(rf"[\"“”»«']?\s+(?:(?:der|von|davon|an)\s+(?:(?:\d[\d.]*|{DE_NUMWORD})\s+)?)?((?:{_ADJ}){{0,3}}[A-ZÄÖÜ][\wäöüßÄÖÜ-]*(?:\s+(?:aus|von)\s+[A-ZÄÖÜ][\w-]*)?)", rest)
    if m:
        phrase = m.group(1)
        # "Soldaten aus Nordkorea" keeps the origin; a trailing verb-like capitalised word at sentence start does not occur
        start = f.end + m.start(1)
        return start, start + len(phrase)
    left = text[clause[0]:f.start]
    m = None
    for m in re.finditer(r"(?:Zahl|Anzahl|Gesamtzahl|Zahl)\s+(?:der|an|von)\s+((?:{adj}){{0,2}}[A-ZÄÖÜ][\w-]*)".format(adj=_ADJ), left):
        pass
    if m:
        return clause[0] + m.start(1), clause[0] + m.end(1)
    return None


def find_predicate(text: str, f: RawFigure, clause: tuple[int, int], sent: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """The nearest verb or participle in the clause (right side first, where German puts the participle);
    the whole sentence when the clause has none."""
    best = _nearest_predicate(text, f, clause)
    if best is None and sent is not None and sent != clause:
        best = _nearest_predicate(text, f, sent)
    return best


def _nearest_predicate(text: str, f: RawFigure, clause: tuple[int, int]) -> tuple[int, int] | None:
    best, best_d = None, 10 ** 9
    for m in PREDICATE_RX.finditer(text, clause[0], clause[1]):
        w = m.group(0)
        if w.lower() in _NOT_PARTICIPLE or (f.start <= m.start() < f.end):
            continue
        if f.counts and f.counts[0] <= m.start() < f.counts[1]:
            continue
        d = m.start() - f.end if m.start() >= f.end else (f.start - m.end()) * 1.5
        if d < best_d:
            best, best_d = (m.start(), m.end()), d
    return best


def clause_of(text: str, start: int, end: int, sent: tuple[int, int]) -> tuple[int, int]:
    """The stretch of the sentence around [start, end) up to clause-level punctuation."""
    s, e = sent
    left = text[s:start]
    cut = None
    for m in _PRED_STOP.finditer(left):
        cut = m
    if cut:
        s = s + cut.end()
    m = _PRED_STOP.search(text, end, e)
    if m and m.start() < e:
        e = m.start()
    return s, e
