"""A rule grammar for German (and basic English) time expressions, normalised to TIMEX3-style values.

`tag(text, dct=None, mode="news")` finds expressions (leftmost-longest over all rules), then normalises them
in text order. Underspecified expressions ("3. Oktober", "Ende des Jahres", "zwei Tage später") are resolved
against a reference date:

* mode "news": deictic expressions (heute, gestern, am Samstag, vergangene Woche, vor zwei Wochen) and
  dates without a year are anchored to the document creation time (publication date);
* mode "narrative": (HeidelTime's strategy for narratives such as Wikipedia) underspecified expressions take
  the last mentioned date as reference.

Without any reference, values stay underspecified ("XXXX-10-03") or None, but the expression is still
extracted. Spans follow the TIMEX2 convention of leaving out leading prepositions ("im", "am", "seit", "bis")
but keeping qualifiers and period parts ("mehr als zweieinhalb Jahre", "Ende des Jahres", "vor zwei Wochen").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..lang.number_words import DE_NUMWORD, EN_NUMWORD, parse_digits, parse_number_word


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str = "date"  # date, time, duration, set
    value: str | None = None
    granularity: str = "unknown"
    modifier: str | None = None
    anchored: bool = False
    rule: str = ""


# ---------------------------------------------------------------------------------------------- vocabulary
MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "febr": 2, "märz": 3, "mär": 3,
    "mrz": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8,
    "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "dezember": 12, "dez": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10, "oct": 10,
    "december": 12, "dec": 12,
}
MON_DE = (r"(?:Januar|Jänner|Februar|Feber|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)s?"
          r"|(?:Jan|Febr?|Mär|Apr|Jun|Jul|Aug|Sept?|Okt|Nov|Dez)\.")
MON_EN = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
          r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.")
MON = rf"(?:{MON_DE}|{MON_EN})"
WEEKDAYS = {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
            "sonnabend": 5, "sonntag": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
            "friday": 4, "saturday": 5, "sunday": 6}
WD_DE = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag)"
WD_EN = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAYPART = {"morgen": "MO", "morgens": "MO", "morgenstunden": "MO", "vormittag": "MO", "mittag": "MI",
           "nachmittag": "AF", "abend": "EV", "abends": "EV", "abendstunden": "EV", "nacht": "NI",
           "nachts": "NI", "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
SEASONS = {"frühjahr": "SP", "frühling": "SP", "sommer": "SU", "herbst": "FA", "winter": "WI",
           "spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA"}
UNITS = {"sekunde": "S", "minute": "M", "stunde": "H", "tag": "D", "woche": "W", "monat": "M", "jahr": "Y",
         "jahrzehnt": "DE", "jahrhundert": "CE", "second": "S", "hour": "H", "minute": "MIN", "day": "D", "week": "W",
         "month": "M", "year": "Y", "decade": "DE", "century": "CE"}
DECADE_WORDS = {"zwanziger": 2, "dreißiger": 3, "vierziger": 4, "fünfziger": 5, "sechziger": 6,
                "siebziger": 7, "achtziger": 8, "neunziger": 9}
ORDINAL_WORDS = {"ersten": 1, "erste": 1, "zweiten": 2, "zweite": 2, "dritten": 3, "dritte": 3, "vierten": 4,
                 "vierte": 4, "first": 1, "second": 2, "third": 3, "fourth": 4}

QUAL = (r"(?i:mehr\s+als|weniger\s+als|über|fast|knapp|etwa|ungefähr|rund|ca\.|circa|mindestens|höchstens|bis\s+zu|"
        r"gut|beinahe|nahezu|annähernd|more\s+than|less\s+than|over|almost|nearly|about|around|roughly|at\s+least|"
        r"up\s+to)")
NUM = rf"(?:\d+(?:,\d+)?|(?i:{DE_NUMWORD}|{EN_NUMWORD}|ein\s+halbes|einem\s+halben|eines\s+halben|einen\s+halben|a\s+half|drei\s*viertel|(?:{DE_NUMWORD})\s+dreiviertel))"
UNIT_DE = (r"(?:Sekunden?|Minuten?|Stunden?|Tagen?|Tage|Tag|Wochen?|Monaten?|Monate|Monat|"
           r"Jahrzehnten?|Jahrzehnte|Jahrzehnt|Jahrhunderten?|Jahrhunderte|Jahrhundert|Jahren?|Jahre|Jahr)(?![\wäöü])")
UNIT_EN = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century)"
UNIT = rf"(?:{UNIT_DE}|{UNIT_EN})"
BC = r"(?:\s*v\.\s*Chr\.?|\s+vor\s+Christus|\s*BC\b|\s*B\.C\.)"
AD = r"(?:\s*n\.\s*Chr\.?|\s*AD\b)"
YEAR4 = r"(?:1[0-9]{3}|20[0-9]{2})"
TIMEZONE = r"(?:\s+(?:mitteleuropäischer\s+(?:Sommer)?[Zz]eit|MEZ|MESZ|Ortszeit|UTC|GMT|Moskauer\s+Zeit))?"
CLOCK = rf"(?:\d{{1,2}}[:.]\d{{2}}\s*Uhr|\d{{1,2}}\s*Uhr(?:\s+\d{{2}}(?!\d))?){TIMEZONE}"

PREFIX_MOD = {"anfang": "START", "beginn": "START", "früh": "START", "frühen": "START", "mitte": "MID",
              "ende": "END", "spät": "END", "späten": "END", "gegen ende": "END", "um": "APPROX", "etwa": "APPROX",
              "ca.": "APPROX", "circa": "APPROX", "gegen": "APPROX", "early": "START", "mid": "MID", "late": "END",
              "end": "END", "jahresbeginn": "START", "jahresanfang": "START", "jahresmitte": "MID",
              "jahresende": "END"}
QUAL_MOD = {"mehr als": "MORE_THAN", "über": "MORE_THAN", "gut": "MORE_THAN", "more than": "MORE_THAN",
            "over": "MORE_THAN", "weniger als": "LESS_THAN", "less than": "LESS_THAN", "fast": "APPROX",
            "knapp": "APPROX", "beinahe": "APPROX", "nahezu": "APPROX", "almost": "APPROX", "nearly": "APPROX",
            "etwa": "APPROX", "ungefähr": "APPROX", "rund": "APPROX", "ca.": "APPROX", "circa": "APPROX",
            "annähernd": "APPROX", "about": "APPROX", "around": "APPROX", "roughly": "APPROX",
            "mindestens": "EQUAL_OR_MORE", "at least": "EQUAL_OR_MORE", "höchstens": "EQUAL_OR_LESS",
            "bis zu": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS"}


# ---------------------------------------------------------------------------------------------- reference
@dataclass
class Ref:
    """A reference date; missing parts are None. `bc` for years before Christ."""

    y: int | None = None
    m: int | None = None
    d: int | None = None
    bc: bool = False


def _fmt_year(y: int, bc: bool = False) -> str:
    return f"BC{y:04d}" if bc else f"{y:04d}"


def _fmt(ref: Ref | None, gran: str = "day") -> str | None:
    if ref is None or ref.y is None:
        return None
    out = _fmt_year(ref.y, ref.bc)
    if gran in ("month", "day") and ref.m:
        out += f"-{ref.m:02d}"
        if gran == "day" and ref.d:
            out += f"-{ref.d:02d}"
    return out


def _gran_of(ref: Ref) -> str:
    return "day" if ref.d else "month" if ref.m else "year"


def _add(ref: Ref, n: float, unit: str) -> Ref | None:
    """ref shifted by n units (D, W, M, Y); keeps the reference's granularity where it is coarser."""
    if ref.y is None or ref.bc:
        if ref.bc and ref.y is not None and unit == "Y":
            return Ref(y=int(ref.y - n), bc=True)
        return None
    if unit in ("D", "W"):
        days = int(round(n * (7 if unit == "W" else 1)))
        if ref.d and ref.m:
            try:
                d = date(ref.y, ref.m, ref.d) + timedelta(days=days)
            except ValueError:
                return None
            return Ref(d.year, d.month, d.day)
        return Ref(ref.y, ref.m, None)
    if unit == "M":
        months = int(round(n))
        if ref.m is None:
            return Ref(ref.y + (months // 12 if months >= 0 else -((-months) // 12)))
        total = ref.y * 12 + (ref.m - 1) + months
        y, m = divmod(total, 12)
        d = ref.d
        if d:
            d = min(d, 28 if m + 1 == 2 else 30 if m + 1 in (4, 6, 9, 11) else 31)
        return Ref(y, m + 1, d)
    if unit == "Y":
        if n != int(n):
            return _add(ref, n * 12, "M")
        return Ref(ref.y + int(n), None, None)
    return None


# ---------------------------------------------------------------------------------------------- helpers
def _month_in(s: str) -> int | None:
    for w in re.findall(r"[A-Za-zÄÖÜäöüß]+", s):
        lw = w.lower()
        if lw in MONTHS and (lw not in ("mai", "may", "mar", "jun", "dec") or w[0].isupper()):
            return MONTHS[lw]
        if lw.endswith("s") and lw[:-1] in MONTHS and len(lw) > 4:
            return MONTHS[lw[:-1]]
    return None


def _bc_in(s: str) -> bool:
    return bool(re.search(BC, s))


def _num_value(s: str) -> float | None:
    s = s.strip()
    m = re.fullmatch(r"(.+?)\s+dreiviertel", s)
    if m:
        base = _num_value(m.group(1))
        return base + 0.75 if base is not None else None
    if re.fullmatch(r"(?:ein|einem|eines|einen)\s+halbe[nsm]?|a\s+half", s):
        return 0.5
    if re.fullmatch(r"drei\s*viertel", s):
        return 0.75
    if re.fullmatch(r"[\d.,]+", s):
        return parse_digits(s)
    return parse_number_word(s.lower(), "en" if re.fullmatch(EN_NUMWORD, s.lower()) else "de")


def _unit_code(s: str) -> str | None:
    low = s.lower()
    for stem in sorted(UNITS, key=len, reverse=True):
        if low.startswith(stem) or (stem == "century" and low.startswith("centur")):
            if stem == "monat" or stem == "month":
                return "M"
            return UNITS[stem]
    return None


def _duration(n: float, unit: str) -> str:
    """P-value; fractional amounts go one unit down (2.5 years -> P2Y6M, 1.5 days -> P1DT12H)."""
    time_unit = unit in ("H", "S") or unit == "MIN"
    if unit == "MIN":
        unit = "M"
    if n == int(n):
        return f"PT{int(n)}{unit}" if time_unit else f"P{int(n)}{unit}"
    whole, frac = int(n), n - int(n)
    if unit == "Y":
        return f"P{whole}Y{int(round(frac * 12))}M" if whole else f"P{int(round(frac * 12))}M"
    if unit == "M":
        return f"P{whole}M{int(round(frac * 30))}D" if whole else f"P{int(round(frac * 30))}D"
    if unit == "W":
        return f"P{int(round(n * 7))}D"
    if unit == "D":
        return f"P{whole}DT{int(round(frac * 24))}H" if whole else f"PT{int(round(frac * 24))}H"
    if unit == "DE":
        return f"P{int(round(n * 10))}Y"
    if unit == "CE":
        return f"P{int(round(n * 10))}DE"
    return f"PT{n:g}{unit}"


def _qual_mod(s: str) -> str | None:
    low = re.sub(r"\s+", " ", s.lower())
    for q in sorted(QUAL_MOD, key=len, reverse=True):
        if re.match(rf"(?:nach\s+)?{re.escape(q)}\b", low) or low.startswith(q + " "):
            return QUAL_MOD[q]
    return None


def _prefix_mod(s: str) -> str | None:
    low = re.sub(r"\s+", " ", s.lower())
    if low.startswith("gegen ende"):
        return "END"
    for p, mod in PREFIX_MOD.items():
        if low.startswith(p + " ") or low.startswith(p + "s ") or low == p:
            return mod
    if re.match(r"(früh|spät)(sommer|herbst|winter|jahr|frühling)", low):
        return "START" if low.startswith("früh") and not low.startswith("frühjahr") and not low.startswith("frühling") else ("END" if low.startswith("spät") else None)
    return None


# ---------------------------------------------------------------------------------------------- rules
# Each rule: (name, pattern). Matching is case-sensitive unless the pattern says (?i).
RULES: list[tuple[str, str]] = [
    # dates: [Wochentag,] [Tageszeit des] 19. Oktober [2024] [, 23:01 Uhr]
    ("date", rf"(?:(?:{WD_DE}),?\s+(?:den\s+)?)?(?:(?:(?:[Gg]egen|[Ii]m\s+Laufe)\s+|(?:frühen|späten)\s+)?(?:Morgen|Morgenstunden|Vormittag|Nachmittag|Abend|Abendstunden|Nacht|Laufe)\s+(?:des|vom)\s+)?"
             rf"\d{{1,2}}\.\s*(?:{MON_DE})(?:\s+(?:{YEAR4}|\d{{1,4}}{BC}|\d{{1,4}}{AD}))?(?:,\s+{CLOCK})?"),
    ("date_en", rf"(?:(?:{WD_EN}),?\s+)?(?:{MON_EN})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{YEAR4})?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MON_EN})(?:,?\s+{YEAR4})?"),
    ("date_num", r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})(?![\d.]\d)"),
    ("date_iso", r"(?<![\d-])\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?(?![\d-])"),
    # first day of a day range: "8. und 9. Mai", "vom 16. auf den 17. April"
    ("day_range", rf"(?:(?:Nacht|Morgen|Abend)\s+vom\s+)?\d{{1,2}}\.(?=\s*(?:und|bis|oder|–|-|/|auf\s+den|zum)\s*(?:den\s+|dem\s+|zum\s+)?\d{{1,2}}\.\s*(?:{MON_DE}))"),
    ("day_only", r"(?<=\b[Aa]m\s)\d{1,2}\.(?=\s+(?:die|der|das|den|ein|eine|wurde|war|begann|kam)\b)"),
    ("set", r"(?<![\w-])(?:täglich|wöchentlich|monatlich|jährlich|alljährlich|stündlich|jeden\s+(?:Tag|Monat)|jede\s+Woche|jedes\s+Jahr|daily|weekly|monthly|yearly|annually|every\s+(?:day|week|month|year))(?![\w-])"),
    # months: [Anfang|Mitte|Ende] März [2022 | des Jahres | des folgenden Jahres]
    ("month", rf"(?:(?:(?:[Gg]egen\s+)?(?:Anfang|Mitte|Ende|Beginn|Ausgang)|[Ee]arly|[Mm]id|[Ll]ate|[Ee]nd\s+of)[\s-]+)?(?:{MON})"
              rf"(?:\s+(?:des\s+(?:(?:folgenden|nächsten|selben|gleichen|darauffolgenden|kommenden|vergangenen|laufenden)\s+)?Jahres(?:\s+{YEAR4})?|desselben\s+Jahres|{YEAR4}|\d{{1,4}}{BC})|,?\s+{YEAR4})?"),
    # years: [Anfang|Ende|Um] [das Jahr] 1944 [v. Chr.]
    ("year", rf"(?:(?:(?:[Gg]egen\s+)?(?:Anfang|Mitte|Ende|Beginn)|[Uu]m|[Ee]twa|ca\.|[Ll]aufe\s+des|[Ee]arly|[Mm]id|[Ll]ate|[Ee]nd\s+of)\s+)?"
             rf"(?:(?:das\s+)?(?:Jahr(?:e|es|en)?|[Yy]ear)\s+)?(?:(?<![\d.,])(?:{YEAR4})(?![\d]|[.,]\d)(?:{BC}|{AD})?|\d{{1,4}}{BC}|\d{{1,4}}{AD})"),
    ("year_short", rf"(?<=\d{{4}}[–/-])\d{{2}}(?!\d|\.\d)|(?<=\d{{4}}\s[–-]\s)\d{{2}}(?!\d|\.\d)|(?<=\d{{4}}\sbis\s)\d{{2}}(?!\d|\.\d)"),
    ("year_word", r"(?:[Jj]ahr(?:e|es|en)?|[Yy]ear)\s+\d{3}(?![\d.])|[Uu]m\s+\d{3}(?![\d.,])"),
    ("year_parts", rf"(?:(?:Gegen\s+)?(?:Anfang|Mitte|Ende|Beginn|Ausgang)|Laufe)\s+(?:des|diesen|dieses)\s+(?:(?:selben|gleichen|folgenden|nächsten|vorangegangenen|vorangehenden|vorigen|laufenden|vergangenen|kommenden)\s+)?Jahres(?:\s+(?:{YEAR4}|\d{{1,4}}{BC}))?"),
    ("year_compound", rf"(?:Jahres(?:beginn|anfang|mitte|ende|wechsel|wende)|Jahreswechsel|Jahreswende)(?:\s+{YEAR4}(?:/(?:\d{{2}}|\d{{4}}))?)?"),
    ("half", rf"(?:(?:ersten|zweiten|1\.|2\.)\s+(?:Jahreshälfte|Halbjahr(?:es)?|Hälfte\s+des\s+Jahres)|(?:ersten|zweiten|dritten|vierten|[1-4]\.)\s+Quartals?)(?:\s+{YEAR4})?"),
    ("season", rf"(?:(?:späten|frühen|Anfang\s+des|Ende\s+des|Mitte\s+des|Beginn\s+des)\s+)?(?:Frühjahr|Frühling|(?:Früh|Spät|Hoch)(?:sommer|herbst|winter)|Spätfrühling|Sommer|Herbst|Winter)(?:s|es)?"
               rf"(?:\s+(?:des\s+(?:(?:folgenden|nächsten|selben|gleichen|vergangenen)\s+)?Jahres(?:\s+{YEAR4})?|{YEAR4}|\d{{1,4}}{BC}))?"),
    ("season_en", rf"(?:(?:early|late|mid)[\s-]+)?(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter)(?:\s+(?:of\s+)?{YEAR4})?"),
    ("decade", rf"(?:(?:Anfang|Mitte|Ende|Beginn)\s+)?(?:(?:der|den|die)\s+)?(?:\d{{2,3}}0er(?:[\s-]*Jahren?)?|(?:zwanziger|dreißiger|vierziger|fünfziger|sechziger|siebziger|achtziger|neunziger)\s+Jahren?(?:\s+des\s+\d{{1,2}}\.\s+Jahrhunderts)?)(?:{BC})?|(?:the\s+)?\d{{3}}0s"),
    ("century", rf"(?:(?:Anfang|Mitte|Ende|Beginn)\s+des\s+)?\d{{1,2}}\.\s*(?:Jahrhunderts?|Jh\.)(?:{BC})?"),
    # offsets from the reference: "zwei Tage später", "nach zwei Tagen", "vor zwei Wochen", "two weeks ago"
    ("offset", rf"(?:[Nn]ach\s+)?(?:(?:{QUAL})\s+)?(?:{NUM})\s+(?:ganze[n]?\s+)?{UNIT_DE}\s+(?:später|danach|darauf|zuvor|vorher|früher)"),
    ("offset_nach", rf"[Nn]ach\s+(?:(?:{QUAL})\s+)?(?:{NUM})\s+(?:Tagen|Wochen|Monaten|Jahren|Stunden)"),
    ("offset_vor", rf"(?:(?<=\s)|^)(?:[Vv]or|[Bb]innen)\s+(?:(?:{QUAL})\s+)?(?:{NUM}|einigen|wenigen|mehreren)\s+(?:Tagen|Wochen|Monaten|Jahren|Jahrzehnten|Stunden)"),
    ("offset_en", rf"(?i:(?:{QUAL}\s+)?(?:{NUM}|\d+)\s+{UNIT_EN}\s+(?:ago|later|earlier|before|after))"),
    ("anaphor_day", r"(?:[Aa][mn]\s+)?(?:(?:selben|gleichen|demselben|diesem|jenem|vorigen|heutigen)\s+Tag(?!e)|Tag\s+(?:darauf|zuvor)|Folgetag|Vortag)(?:es)?|(?:folgenden|nächsten|darauffolgenden)\s+Tag(?![\wä])|[Tt]ags\s+(?:darauf|zuvor)|Laufe\s+des\s+Tages|dieses\s+Datum"),
    ("anaphor_month", r"(?:Anfang|Mitte|Ende)\s+des\s+Monats|(?:[Ii]m\s+)?(?:selben|gleichen|demselben)\s+Monat|(?:diesem|folgenden|nächsten|vorigen|vergangenen|letzten|kommenden)\s+Monat(?:s)?|Folgemonat|Vormonat|(?:des|dieses)\s+Monats"),
    ("anaphor_year", r"(?:(?:das\s+(?:ganze\s+)?(?:weitere|folgende|kommende|nächste)\s+(?:Kriegs)?[Jj]ahr)|(?:selben|gleichen|demselben|diesem|folgenden|nächsten|darauffolgenden|vorigen|vergangenen|letzten|kommenden|laufenden)\s+Jahr(?:es)?|(?:dieses|desselben|des\s+selben|letzten|vergangenen|vorigen|nächsten|kommenden|neuen|folgenden)\s+Jahres|Folgejahr(?:es)?|Vorjahr(?:es)?|Wahljahr)(?!\w)"),
    ("week", r"(?i:(?:[Ii]n\s+der\s+)?(?:vergangenen|letzten|vorigen|dieser|kommenden|nächsten|folgenden)\s+Woche|(?:vergangene|letzte|vorige|diese|kommende|nächste)\s+Woche|(?:vergangenen|letzten|vorigen|diesem|kommenden|nächsten|am)\s+Wochenende|(?:Anfang|Mitte|Ende)\s+(?:der|dieser|nächster|vergangener|letzter|kommender)\s+Woche|(?:[Ll]ast|[Nn]ext|[Tt]his)\s+(?:week|month|year|weekend))(?!\w)"),
    ("weekday", rf"(?:(?:vergangenen|letzten|vorigen|kommenden|nächsten|diesen|[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?:{WD_DE}(?:abend|morgen|nachmittag|vormittag|mittag|nacht)?|{WD_EN})(?:s\b)?"),
    ("deictic", r"(?<![\w-])(?:[Hh]eute|[Hh]eutzutage|heutigen\s+Tag|heutiger|[Gg]estern(?:abend|morgen)?|[Vv]orgestern|[Üü]bermorgen|morgen(?!\s+(?:früh|Abend))|[Tt]oday|[Yy]esterday|[Tt]omorrow|jetzt|[Jj]etzt|derzeit|[Dd]erzeit|[Zz]urzeit|gegenwärtig|[Gg]egenwärtig|[Cc]urrently|[Nn]ow(?=[\s,.]))(?![\w-])"),
    ("vague_future", r"(?<![\w-])(?:bald|[Bb]ald|(?:[Ww]enig|[Kk]urz(?:e\s+Zeit)?|[Ww]enige\s+Tage|[Ee]inige\s+Zeit|[Kk]urze\s+Zeit)\s+später|[Kk]urz\s+(?:darauf|danach)|[Ii]n\s+der\s+Folge|(?:der\s+)?Folgezeit|zukünftig|[Zz]ukünftig|künftig|[Kk]ünftig|[Ii]n\s+Zukunft|[Ss]oon|[Ll]ater)(?![\w-])"),
    ("vague_past", r"(?<![\w-])(?:kürzlich|[Kk]ürzlich|(?:[Kk]urz\s+)?zuvor|[Kk]urz\s+vorher|vorher|zwischenzeitlich|[Zz]wischenzeitlich|[Rr]ecently|[Ee]arlier)(?![\w-])"),
    ("present_ref", r"(?:[Aa]b\s+)?(?:diesem|jenem)\s+Zeitpunkt|[Ii]n\s+diesen\s+Zeitraum"),
    ("vague_range", r"(?:nächsten|kommenden|vergangenen|letzten|folgenden|ersten|zurückliegenden)\s+(?:(?:beiden|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|\d+)\s+)?(?:Tagen|Tage|Wochen|Monaten|Monate|Jahren|Jahre|Jahrzehnten|Stunden)"),
    ("time", rf"(?<![\d.:])(?:{CLOCK}|Mitternacht|mitternachts)|(?:[Gg]egen|[Aa]m|[Ii]n\s+der)\s+(?:Abend|Nacht|Vormittag|Nachmittag)(?!\s+(?:vom|zum|des|auf))|(?:gleichen|selben|diesem|demselben)\s+(?:Abend|Morgen|Vormittag|Nachmittag|Nacht)|(?<![\w-])(?:nachts|abends|morgens)(?![\w-])"),
    # durations
    ("duration", rf"(?:(?:{QUAL})\s+)?(?:{NUM}|\d+(?:,\d+)?)\s+(?:(?:ganzen?|vollen?|langen?|aufeinanderfolgenden|weiteren)\s+)?{UNIT}(?:\s+und\s+(?:{NUM})\s+{UNIT})?"),
    ("duration_en", rf"(?i:(?:{QUAL}\s+)?(?:{EN_NUMWORD}|\d+)\s+{UNIT_EN})"),
    ("duration_vague", rf"(?:einige|einigen|wenige|wenigen|weniger|mehrere|mehreren|ein\s+paar|einigen|viele|vielen)\s+(?:Sekunden|Minuten|Stunden|Tagen?|Wochen|Monaten?|Monate|Jahren?|Jahre|Jahrzehnten?|Jahrzehnte)|(?<![\w-])(?:Jahrzehnte|Jahrzehnten|Folgejahren|Folgemonaten|Folgetagen)(?![\w-])|(?<=seit\s)(?:Jahren|Monaten|Wochen)|(?:Jahre|Monate|Wochen)\s+(?:zuvor|vorher)|[Ss]eit\s+langer\s+Zeit|(?:das|die|den)\s+ganzen?\s+(?:folgende\s+)?(?:Jahr|Woche|Monat|Tag)|(?:several|a\s+few|few|many)\s+{UNIT_EN}"),
    ("duration_adj", rf"(?<![\w-])(?:\w*(?:jahrzehnte|jahre|monate|wochen|tage|stunden)lang\w*|(?:\d+|{DE_NUMWORD})[\s-]?(?:tägig|wöchig|monatig|jährig|stündig)\w*|(?:fast\s+)?(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)(?:tägig|wöchig|monatig|jährig|stündig)\w*|ganzjährig\w*|(?:\d+|(?i:{DE_NUMWORD}))-(?:Tage|Stunden|Wochen|Monate|Jahre)(?=-))"),
    ("holiday", rf"(?:Weihnachten|Heiligabend|Silvester|Neujahr(?:stag)?|Tag\s+der\s+Deutschen\s+Einheit|Christmas(?:\s+Day)?|New\s+Year'?s\s+(?:Day|Eve))(?:\s+{YEAR4})?"),
]
COMPILED = [(name, re.compile(pat)) for name, pat in RULES]

# words after which a bare 4-digit number is not a year but a count
_COUNT_NOUN_AFTER = re.compile(r"\s*(?:km|m|kg|t|Mann|Menschen|Soldaten|Tote|Einwohner|Euro|Dollar|Prozent|%|€|\$)\b")
_YEAR_OK_BEFORE = re.compile(
    r"(?:\b(?:im|Im|seit|Seit|bis|Bis|ab|Ab|von|Von|vom|um|Um|nach|Nach|vor|Vor|zwischen|Anfang|Mitte|Ende|Beginn|"
    r"Jahr|Jahre|Jahres|Jahren|Sommer|Herbst|Winter|Frühjahr|Frühling|of|since|until|by|year)"
    r"|[(–\-/])\s*$")
_MON_NAME_AMBIG = re.compile(r"\s+(?:[A-ZÄÖÜ][a-zäöüß]+)")
_MONTH_OK_BEFORE = re.compile(r"(?:\b(?:im|Im|in|In|seit|Seit|bis|Bis|ab|Ab|vom|von|Von|zum|Anfang|Mitte|Ende|Beginn|"
                              r"zwischen|und|oder|den|des|Monat|Monats|Ausgang|gegen|Gegen|early|late|mid|of|since|by|until|"
                              r"[Ii]n)|[(–\-/,])\s*$")


# Rules that cannot match without a unit word ("drei Wochen später") are long alternations that are slow to try
# at every character; they only run in windows around unit words, which gives the same matches.
UNIT_ANCHORED = {"offset", "offset_en", "duration", "duration_en"}
_UNIT_WORD = re.compile(rf"{UNIT_DE}|(?i:{UNIT_EN})")
_WINDOW_BEFORE, _WINDOW_AFTER = 160, 80


def _unit_windows(text: str) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for m in _UNIT_WORD.finditer(text):
        start = max(0, m.start() - _WINDOW_BEFORE)
        start = text.rfind(" ", 0, start) + 1 if start else 0  # never start inside a word
        end = min(len(text), m.end() + _WINDOW_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def _candidates(text: str) -> list[tuple[int, int, str]]:
    cands = set()
    windows = None
    for name, rx in COMPILED:
        if name in UNIT_ANCHORED:
            windows = _unit_windows(text) if windows is None else windows
            matches = (m for ws, we in windows for m in rx.finditer(text, ws, we))
        else:
            matches = rx.finditer(text)
        for m in matches:
            s, e = m.span()
            if e <= s:
                continue
            # trim trailing whitespace
            while e > s and text[e - 1].isspace():
                e -= 1
            cands.add((s, e, name))
    return sorted(cands)


def _select(text: str, cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Leftmost-longest, non-overlapping; candidates that a filter rejects are dropped before selection."""
    ok = [c for c in cands if _accept(text, *c)]
    ok.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    out: list[tuple[int, int, str]] = []
    last_end = -1
    for s, e, name in ok:
        if s >= last_end:
            out.append((s, e, name))
            last_end = e
        elif e > last_end and out and s < last_end:
            # overlapping but longer to the right: keep the longer one
            ps, pe, _ = out[-1]
            if e - s > pe - ps and s > ps:
                continue
    return out


def _accept(text: str, s: int, e: int, name: str) -> bool:
    span = text[s:e]
    before = text[max(0, s - 30):s]
    after = text[e:e + 25]
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-") and name not in ("year_short",):
        return False
    if e < len(text) and text[e].isalnum() and not span.endswith("."):
        return False
    if name == "year":
        core = re.search(r"\d+", span).group(0)
        if re.search(rf"{BC}|{AD}", span) or re.search(r"[Jj]ahr|[Yy]ear|Anfang|Mitte|Ende|Beginn|Laufe", span):
            return True
        if re.search(r"(?:Nr\.|Nummer|§|Artikel|Art\.|Seite|S\.|Paragraph|Tel\.|Höhe\s+von|PLZ)\s*$", before):
            return False
        if re.match(r"\s*(?:[.,]\d|%|Prozent|Euro|Dollar|€|\$|Mio|Mrd|Millionen|Milliarden)", after):
            return False
        if re.search(r"[$€£]\s*$", before):
            return False
        if re.match(r"[-–]\s*(?:mal|fach|köpfig)", after):
            return False
        if _COUNT_NOUN_AFTER.match(after):
            return False
        nxt = re.match(r"\s+([A-Za-zÄÖÜäöüß]+)", after)
        if nxt and "\n" in nxt.group(0):
            return True  # a heading: "Stellungskrieg an der Westfront 1939"
        if re.search(r"(?:^|\n)\s*[*•-]?\s*$", before):
            return True  # a list item: "* 1920 Chili-Anhwei-Krieg"
        if nxt and nxt.group(1)[0].isupper() and not _YEAR_OK_BEFORE.search(before) and not re.match(r"\s+(?:" + MON + ")", after):
            prev_char = before.rstrip()[-1:] if before.strip() else ""
            if prev_char not in (".", "", "\n", "!", "?", ":"):
                return False
            if not before.strip() or before.rstrip()[-1:] in ".!?\n":
                # sentence-initial year followed by a noun phrase: "1944 landeten" fine, "2000 Soldaten" not
                if nxt.group(1) in ("Soldaten", "Menschen", "Mann", "Tote", "Einwohner"):
                    return False
            else:
                return False
        if re.search(r"(?:mehr\s+als|über|rund|etwa|knapp|fast|ca\.|mindestens|insgesamt|nur|die|der|den|mit|von\s+über)\s*$", before) and nxt and nxt.group(1)[0].isupper():
            return False
        return True
    if name == "year_word":
        if re.match(r"[Uu]m", span):
            return False  # decided in normalisation (needs a BC reference); see _accept_um
        return True
    if name == "month":
        mon = re.search(MON, span).group(0)
        if span == mon and re.match(r"-[A-ZÄÖÜ]", after):
            return False  # "Mai-Majewski"
        low = mon.lower().rstrip("s")
        if low in ("august", "april", "may", "march") and span == mon:
            # a bare month name that might be a first name ("August Bebel") or a verb/noun (may, march)
            if low in ("may", "march") or _MON_NAME_AMBIG.match(after) and not _MONTH_OK_BEFORE.search(before):
                return False
        if span == mon and mon.endswith("s") and mon[:-1].lower() in MONTHS and not re.search(r"\d", after[:6]):
            return False
        if span == mon and not _MONTH_OK_BEFORE.search(before) and not re.match(r"\s*(?:\d|des|[,.;)]|und|bis|–)", after):
            return _MONTH_OK_BEFORE.search(before) is not None or not _MON_NAME_AMBIG.match(after)
        return True
    if name == "season":
        core = re.sub(r"^(?:späten|frühen|Anfang\s+des|Ende\s+des|Mitte\s+des|Beginn\s+des|des)\s+", "", span)
        if re.match(r"\s*-", after):
            return False
        if core in ("Herbst", "Sommer", "Winter") and re.match(r"\s+[A-ZÄÖÜ][a-zäöüß]+", after) and not re.search(r"(?:im|Im|den|des|dem|diesen|diesem|nächsten|vergangenen)\s*$", before):
            return False  # a surname: "Thomas Herbst sagte"
        if re.search(r"\b[A-ZÄÖÜ][a-zäöüß]+\s*$", before) and not re.search(r"(?:Im|In|Seit|Bis|Ab|Anfang|Ende|Mitte|Beginn|Im|Jahr)\s*$", before) and core in ("Herbst", "Sommer", "Winter"):
            return False  # "Wolfgang Herbst"
        return True
    if name == "weekday":
        if re.search(r"\b(?:jeden|jede|jedem|an)\s*$", before) and re.match(r"\w+s$", span):
            return True
        return True
    if name == "deictic":
        low = span.lower()
        if low == "morgen" and re.search(r"(?:am|Am|den|des|dem|jeden|Guten|guten)\s*$", before):
            return False
        if low in ("now",) and re.search(r"\b(?:right|just|by|until)\s*$", before):
            return True
        return True
    if name == "vague_past":
        if span.lower() in ("zuvor", "vorher") and re.search(r"\b(?:wie|als|Tage|Tag|Jahre|Monate|Wochen)\s*$", before):
            return False
        if span in ("zuvor", "vorher", "Earlier", "earlier"):
            return False  # too often not a time expression on its own
        return True
    if name == "vague_future":
        if span in ("später", "Later", "later") and re.search(r"\b(?:die|der|den|dem|des|als|noch)\s*$", before):
            return False
        if span == "später" and re.match(r"\s+(?:[a-zäöüß]+e[nmrs]?\s+)?[A-ZÄÖÜ]", after) and re.match(r"\s+(?:[a-zäöüß]+e[nmrs]?\s+)?[A-ZÄÖÜ][a-zäöüß]+(?:en|er|e)\b", after) and False:
            return False
        return True
    if name in ("duration", "duration_en"):
        num = re.sub(rf"^(?:{QUAL})\s+", "", span).split()[0]
        if num.lower() in ("ein", "eine", "einen", "einem", "einer", "eines", "a", "an") and re.search(r"(?:[Ii]n|[Ww]ie)\s*$", before) and False:
            return False
        if re.match(r"\d{1,2}\.", span):
            return False
        if re.search(r"\d[.,]\d", span) and not re.search(r"\d,\d", span):
            return False
        return True
    if name == "time":
        if re.match(r"\d{1,2}[:.]\d{2}", span):
            h, mi = re.findall(r"\d+", span)[:2]
            if int(h) > 24 or int(mi) > 59:
                return False
        return True
    if name == "decade":
        if re.fullmatch(r"(?:der|den|die)?\s*\d{2,3}0er", span.strip()) and not re.match(r"[\s-]*Jahre", after):
            return bool(re.search(r"(?:den|der|die)\s", span))
        return True
    return True


# ---------------------------------------------------------------------------------------------- normalisation
class Normaliser:
    def __init__(self, dct: date | datetime | None, mode: str = "news"):
        self.dct = dct.date() if isinstance(dct, datetime) else dct
        self.mode = mode
        self.last: Ref | None = None  # last mentioned date (narratives)

    # the reference for underspecified dates
    def ref(self) -> Ref | None:
        if self.mode == "narrative" and self.last is not None and self.last.y is not None:
            return self.last
        if self.mode == "narrative" and getattr(self, "_text", None):
            # nothing mentioned yet: the first explicit year of the text is a better guess than the DCT
            m = re.search(rf"(?<![\d.,]){YEAR4}(?![\d.,])", self._text)
            if m:
                return Ref(int(m.group(0)))
        if self.dct is not None:
            return Ref(self.dct.year, self.dct.month, self.dct.day)
        return self.last

    def dct_ref(self) -> Ref | None:
        if self.dct is not None:
            return Ref(self.dct.year, self.dct.month, self.dct.day)
        return None

    def remember(self, r: Ref | None):
        if r is not None and r.y is not None:
            self.last = r

    def year_for_month(self, month: int) -> tuple[int | None, bool, bool]:
        """(year, bc, anchored) for a month or day without a year."""
        r = self.ref()
        if r is None or r.y is None:
            return None, False, False
        return r.y, r.bc, self.mode == "news" and self.dct is not None or self.mode == "narrative"

    def normalise(self, t: Timex, text: str) -> Timex:
        self._text = text
        fn = getattr(self, f"_n_{t.rule}", None)
        if fn is not None:
            fn(t, text)
        return t

    # -- absolute and underspecified dates
    def _date_parts(self, span: str) -> tuple[int | None, int | None, int | None, bool]:
        day = re.search(r"(\d{1,2})\.", span)
        mon = _month_in(span)
        year = re.search(r"(?<![\d.])(\d{1,4})(?=\s*(?:v\.|n\.|vor\s+Chr|BC|AD|$|,?\s+(?:um\s+)?\d{1,2}[:.]?\d{0,2}\s*Uhr|\s*,?\s*\d{1,2}\s*Uhr))", span.strip())
        bc = _bc_in(span)
        y = int(year.group(1)) if year and not span.strip().endswith(year.group(1) + ".") else None
        if y is not None and day and int(day.group(1)) == y and not bc:
            y = None
        return (int(day.group(1)) if day else None), mon, y, bc

    def _set_date(self, t: Timex, y, m, d, bc=False, explicit_year=True, daypart=None, clock=None, mod=None):
        if y is None:
            y2, bc2, anch = self.year_for_month(m or 1)
            if y2 is None:
                t.value = f"XXXX-{m:02d}" + (f"-{d:02d}" if d else "") if m else None
                t.granularity = "day" if d else "month"
                t.modifier = mod
                return
            y, bc, t.anchored = y2, bc2, anch
        r = Ref(y, m, d, bc)
        t.value = _fmt(r, "day" if d else "month" if m else "year")
        t.granularity = "day" if d else "month" if m else "year"
        if clock:
            t.value += f"T{clock}"
            t.type = "time"
            t.granularity = "time"
        elif daypart and d:
            t.value += f"T{daypart}"
        t.modifier = mod
        self.remember(r)

    def _clock(self, span: str) -> str | None:
        m = re.search(r"(\d{1,2})[:.](\d{2})\s*Uhr|(\d{1,2})\s*Uhr(?:\s+(\d{2}))?", span)
        if not m:
            return None
        h = int(m.group(1) or m.group(3))
        mi = int(m.group(2) or m.group(4) or 0)
        return f"{h:02d}:{mi:02d}"

    def _daypart(self, span: str) -> tuple[str | None, str | None]:
        m = re.search(r"(frühen|späten|[Gg]egen)?\s*(Morgenstunden|Morgen|Vormittag|Mittag|Nachmittag|Abendstunden|Abend|Nacht)\s+(?:des|vom)", span)
        if not m:
            return None, None
        mod = {"frühen": "START", "späten": "END", "gegen": "APPROX", "Gegen": "APPROX"}.get(m.group(1) or "")
        return DAYPART[m.group(2).lower()], mod

    def _n_date(self, t: Timex, text: str):
        span = t.text
        clock_part = re.search(rf",?\s+(?:um\s+)?{CLOCK}$", span)
        date_part = span[:clock_part.start()] if clock_part else span
        d, m, y, bc = self._date_parts(date_part)
        if y is None:
            nxt = re.match(rf"\s*(?:auf\s+den|bis(?:\s+zum)?|–|-|und)\s*\d{{1,2}}\.\s*(?:{MON_DE})\s+({YEAR4})", text[t.end:])
            if nxt:
                y = int(nxt.group(1))
        dp, mod = self._daypart(span)
        self._set_date(t, y, m, d, bc, daypart=dp, clock=self._clock(span) if clock_part else None, mod=mod)

    def _n_date_en(self, t: Timex, text: str):
        m = _month_in(t.text)
        d = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", t.text)
        y = re.search(YEAR4, t.text)
        self._set_date(t, int(y.group(0)) if y else None, m, int(d.group(1)) if d else None)

    def _n_date_num(self, t: Timex, text: str):
        d, m, y = (int(x) for x in re.findall(r"\d+", t.text))
        if y < 100:
            base = (self.ref().y if self.ref() and self.ref().y else 1900)
            y = (base // 100) * 100 + y
        if not (1 <= m <= 12 and 1 <= d <= 31):
            t.value = None
            return
        self._set_date(t, y, m, d)

    def _n_date_iso(self, t: Timex, text: str):
        y, m, d = (int(x) for x in re.findall(r"\d+", t.text)[:3])
        clock = re.search(r"T(\d{2}:\d{2}(?::\d{2})?)", t.text)
        self._set_date(t, y, m, d, clock=clock.group(1) if clock else None)
        if clock:
            t.value = t.text

    def _n_day_range(self, t: Timex, text: str):
        d = int(re.search(r"(\d{1,2})\.", t.text).group(1))
        follow = re.match(rf"\s*(?:und|bis|oder|–|-|/|auf\s+den|zum)\s*(?:den\s+|zum\s+)?\d{{1,2}}\.\s*({MON_DE})(?:\s+({YEAR4}))?", text[t.end:])
        m = _month_in(follow.group(1)) if follow else None
        y = int(follow.group(2)) if follow and follow.group(2) else None
        dp = None
        pm = re.match(r"(Nacht|Morgen|Abend)", t.text)
        if pm:
            dp = DAYPART[pm.group(1).lower()]
        if y is None:
            y2, _, t.anchored = self.year_for_month(m or 1)
            y = y2
        if y is None:
            t.value = f"XXXX-{m:02d}-{d:02d}" if m else None
            t.granularity = "day"
            return
        t.value = _fmt(Ref(y, m, d), "day") + (f"T{dp}" if dp else "")
        t.granularity = "day"

    def _n_month(self, t: Timex, text: str):
        span = t.text
        m = _month_in(span)
        mod = _prefix_mod(span)
        ym = re.search(rf"({YEAR4}|\d{{1,4}}(?={BC}))", span)
        bc = _bc_in(span)
        if ym:
            self._set_date(t, int(ym.group(1)), m, None, bc, mod=mod)
            return
        rel = re.search(r"des\s+(folgenden|nächsten|darauffolgenden|kommenden|vergangenen)\s+Jahres", span)
        if rel:
            r = self.ref() if self.mode == "narrative" else (self.dct_ref() or self.ref())
            if r and r.y is not None:
                dy = -1 if rel.group(1) == "vergangenen" else 1
                self._set_date(t, r.y + dy, m, None, r.bc, mod=mod)
                t.anchored = True
                return
        self._set_date(t, None, m, None, mod=mod)

    def _year_value(self, span: str) -> tuple[int, bool]:
        core = re.search(r"(\d{1,4})(?!.*\d)", span)
        return int(core.group(1)), _bc_in(span) or (self.last is not None and self.last.bc and not re.search(YEAR4, span) and self.mode == "narrative")

    def _n_year(self, t: Timex, text: str):
        y, bc = self._year_value(t.text)
        mod = _prefix_mod(t.text)
        if re.match(r"[Ll]aufe", t.text):
            mod = None
        r = Ref(y, None, None, bc)
        t.value, t.granularity, t.modifier = _fmt(r, "year"), "year", mod
        # end points ("bis 1881", "seit 1850") and asides in parentheses do not move the narrative reference
        before = self._text[max(0, t.start - 12):t.start]
        if re.search(r"(?:\bbis|\bseit|\bBis|\bSeit|\bab|\bAb|\()\s*$", before):
            return
        # a bare year keeps the month/day of the last reference only when it is the same year
        if not (self.last and self.last.y == y and self.last.bc == bc):
            self.remember(r)

    _n_year_word = _n_year

    def _n_year_short(self, t: Timex, text: str):
        prev = re.search(r"(\d{4})\s*(?:[–/-]|bis)\s*$", text[max(0, t.start - 12):t.start])
        yy = int(t.text)
        if prev:
            base = int(prev.group(1))
            y = (base // 100) * 100 + yy
            if y < base:
                y += 100
            t.value, t.granularity = _fmt_year(y), "year"

    def _anchor_year(self) -> Ref | None:
        return self.ref() if self.mode == "narrative" else (self.dct_ref() or self.ref())

    def _n_year_parts(self, t: Timex, text: str):
        mod = _prefix_mod(t.text)
        if re.search(r"[Ll]aufe", t.text):
            mod = None
        ym = re.search(rf"{YEAR4}|\d{{1,4}}(?={BC})", t.text)
        if ym:
            r = Ref(int(ym.group(0)), None, None, _bc_in(t.text))
        else:
            r = self._anchor_year()
            if r is None or r.y is None:
                t.value, t.granularity, t.modifier = None, "year", mod
                return
            dy = 0
            if re.search(r"folgenden|nächsten|kommenden", t.text):
                dy = 1
            elif re.search(r"vorangegangenen|vorangehenden|vorigen|vergangenen", t.text):
                dy = -1
            r = Ref(r.y + (dy if not r.bc else -dy), None, None, r.bc)
            t.anchored = True
            if dy < 0:
                t.value, t.granularity, t.modifier = _fmt(r, "year"), "year", mod
                return
        t.value, t.granularity, t.modifier = _fmt(r, "year"), "year", mod
        self.remember(r) if (not self.last or self.last.y != r.y) else None

    def _n_year_compound(self, t: Timex, text: str):
        low = t.text.lower()
        mod = "START" if ("beginn" in low or "anfang" in low) else "MID" if "mitte" in low else "END" if "ende" in low and "wende" not in low else None
        ym = re.search(rf"({YEAR4})(?:/(\d{{2,4}}))?", t.text)
        if "wechsel" in low or "wende" in low:
            # the turn of the year: "Jahreswechsel 2024/25" -> 2025 START; "Jahreswechsel 2025" -> 2025 START
            if ym:
                y = int(ym.group(1))
                if ym.group(2):
                    y2 = ym.group(2)
                    y = (y // 100) * 100 + int(y2) if len(y2) == 2 else int(y2)
            else:
                r = self._anchor_year()
                y = (r.y + 1) if r and r.y is not None else None
            t.value = _fmt_year(y) if y is not None else None
            t.granularity, t.modifier = "year", "START"
            t.anchored = not ym and y is not None
            return
        if ym:
            y, bc = int(ym.group(1)), False
        else:
            r = self._anchor_year()
            y, bc = (r.y, r.bc) if r and r.y is not None else (None, False)
            t.anchored = y is not None
        t.value = _fmt_year(y, bc) if y is not None else None
        t.granularity, t.modifier = "year", mod

    def _n_half(self, t: Timex, text: str):
        low = t.text.lower()
        ym = re.search(YEAR4, t.text)
        r = Ref(int(ym.group(0))) if ym else self._anchor_year()
        n = ORDINAL_WORDS.get(low.split()[0]) or int(re.match(r"(\d)", low).group(1)) if re.match(r"\d|ersten|zweiten|dritten|vierten", low) else 1
        kind = "H" if ("hälfte" in low or "halbjahr" in low) else "Q"
        if r is None or r.y is None:
            t.value = f"XXXX-{kind}{n}"
        else:
            t.value = f"{_fmt_year(r.y, r.bc)}-{kind}{n}"
        t.granularity = "quarter" if kind == "Q" else "season"

    def _season_code(self, span: str) -> tuple[str | None, str | None]:
        low = span.lower()
        for w, code in SEASONS.items():
            if w in low:
                mod = None
                if re.search(r"(?:früh|spät|hoch)(?:sommer|herbst|winter)|spätfrühling", low):
                    mod = "START" if "früh" in low.replace("frühjahr", "").replace("frühling", "") else "END" if "spät" in low else "MID"
                if re.search(r"\bspäten\b|ende des|\blate\b", low):
                    mod = "END"
                if re.search(r"\bfrühen\b|anfang des|beginn des|\bearly\b", low):
                    mod = "START"
                if re.search(r"mitte des|\bmid\b", low):
                    mod = "MID"
                return code, mod
        return None, None

    def _n_season(self, t: Timex, text: str):
        code, mod = self._season_code(t.text)
        ym = re.search(rf"({YEAR4})(?:/(\d{{2,4}}))?|(\d{{1,4}})(?={BC})", t.text)
        bc = _bc_in(t.text)
        if ym:
            y = int(ym.group(1) or ym.group(3))
            r = Ref(y, None, None, bc)
        else:
            r = self._anchor_year()
            if r is not None and r.y is not None:
                r = Ref(r.y, None, None, r.bc)
                if re.search(r"folgenden|nächsten", t.text):
                    r = Ref(r.y + 1, None, None, r.bc)
                elif re.search(r"vergangenen", t.text):
                    r = Ref(r.y - 1, None, None, r.bc)
                t.anchored = True
        if r is None or r.y is None:
            t.value = f"XXXX-{code}"
        else:
            t.value = f"{_fmt_year(r.y, r.bc)}-{code}"
            if not self.last or self.last.y != r.y:
                self.remember(r)
        t.granularity, t.modifier = "season", mod

    _n_season_en = _n_season

    def _n_decade(self, t: Timex, text: str):
        mod = _prefix_mod(t.text)
        bc = _bc_in(t.text)
        m = re.search(r"(\d{2,3})0(?:er|s)", t.text)
        if m and not bc and self.mode == "narrative" and self.last is not None and self.last.bc and len(m.group(1)) <= 3 and int(m.group(1)) < 100:
            bc = True
        if m:
            t.value = ("BC" if bc else "") + (m.group(1) if len(m.group(1)) == 3 else ("19" + m.group(1) if len(m.group(1)) == 2 and int(m.group(1)) >= 20 else m.group(1)))
            if bc:
                t.value = "BC" + m.group(1).zfill(3)
        else:
            w = re.search(r"(zwanziger|dreißiger|vierziger|fünfziger|sechziger|siebziger|achtziger|neunziger)", t.text).group(1)
            cent = re.search(r"(\d{1,2})\.\s+Jahrhunderts", t.text)
            if cent:
                c = int(cent.group(1)) - 1
            else:
                r = self.ref()
                c = (r.y // 100) if r and r.y else 19
            t.value = f"{c:02d}{DECADE_WORDS[w]}"
        t.granularity, t.modifier = "decade", mod

    def _n_century(self, t: Timex, text: str):
        n = int(re.search(r"(\d{1,2})\.", t.text).group(1))
        bc = _bc_in(t.text)
        t.value = ("BC" if bc else "") + f"{n - 1:02d}"
        t.granularity, t.modifier = "century", _prefix_mod(t.text)

    # -- offsets
    def _offset_parts(self, span: str) -> tuple[float | None, str | None, str | None]:
        qm = re.search(rf"(?:{QUAL})\s+", span)
        mod = _qual_mod(qm.group(0)) if qm else None
        rest = re.sub(rf"^(?:[Nn]ach|[Vv]or|[Bb]innen)\s+", "", span)
        rest = re.sub(rf"^(?:{QUAL})\s+", "", rest, flags=re.I)
        um = re.search(UNIT, rest, flags=re.I)
        if not um:
            return None, None, mod
        num = rest[:um.start()].strip()
        num = re.sub(r"\s+(?:ganze[n]?|vollen?)$", "", num)
        n = _num_value(num) if num else 1.0
        if num.lower() in ("einigen", "wenigen", "mehreren"):
            n = None
        return n, _unit_code(um.group(0)), mod

    def _apply_offset(self, t: Timex, n, unit, sign, base: Ref | None, mod=None):
        if base is None or base.y is None or n is None or unit is None:
            t.value = None
            t.granularity = {"D": "day", "W": "week", "M": "month", "Y": "year"}.get(unit or "", "unknown")
            return
        if unit == "H":
            t.value = _fmt(base, "day")
            t.granularity = "day"
            return
        r = _add(base, sign * n, unit)
        if r is None:
            t.value = None
            return
        gran = "year" if unit == "Y" and n == int(n) else _gran_of(r)
        t.value = _fmt(r, gran)
        t.granularity = gran
        t.anchored = True
        t.modifier = "APPROX" if mod in ("APPROX",) else t.modifier
        self.remember(r)

    def _n_offset(self, t: Timex, text: str):
        n, unit, mod = self._offset_parts(re.sub(r"\s+(?:später|danach|darauf|zuvor|vorher|früher)$", "", t.text))
        sign = -1 if re.search(r"(?:zuvor|vorher|früher)$", t.text) else 1
        self._apply_offset(t, n, unit, sign, self.ref() if self.mode == "narrative" else (self.last or self.ref()), mod)
        if mod and mod != "APPROX":
            t.modifier = mod

    def _n_offset_nach(self, t: Timex, text: str):
        n, unit, mod = self._offset_parts(t.text)
        if unit == "D" and mod not in ("MORE_THAN", "LESS_THAN", "APPROX") and not re.search(r"\d", t.text):
            self._apply_offset(t, n, unit, 1, self.ref() if self.mode == "narrative" else (self.last or self.ref()), mod)
        else:
            cut = re.match(r"[Nn]ach\s+", t.text).end()
            t.start += cut
            t.text = t.text[cut:]
            t.type, t.value, t.granularity, t.modifier = "duration", _duration(n, unit) if n and unit else None, "duration", mod

    def _n_offset_vor(self, t: Timex, text: str):
        n, unit, mod = self._offset_parts(t.text)
        if t.text.lower().startswith("binnen") or (self.mode == "narrative" and n is not None):
            if self.mode == "narrative" and not t.text.lower().startswith("binnen"):
                cut = re.match(r"[Vv]or\s+", t.text).end()
                t.start += cut
                t.text = t.text[cut:]
            t.type, t.value, t.granularity, t.modifier = "duration", _duration(n, unit) if n and unit else None, "duration", mod
            return
        base = self.dct_ref() if self.mode == "news" else self.ref()
        if n is None:
            t.value, t.granularity = "PAST_REF", "unknown"
            return
        if base is None:
            t.value = None
            t.granularity = {"D": "day", "W": "week", "M": "month", "Y": "year"}.get(unit or "", "unknown")
            return
        if unit == "W" and base.d:
            r = _add(base, -n, "W")
            d = date(r.y, r.m, r.d)
            iso = d.isocalendar()
            t.value, t.granularity, t.anchored = f"{iso[0]:04d}-W{iso[1]:02d}", "week", True
            return
        if unit == "M" and base.m:
            r = _add(Ref(base.y, base.m), -n, "M")
            t.value, t.granularity, t.anchored = _fmt(r, "month"), "month", True
            return
        self._apply_offset(t, n, unit, -1, base, mod)

    def _n_offset_en(self, t: Timex, text: str):
        low = t.text.lower()
        n, unit, mod = self._offset_parts(re.sub(r"\s+(ago|later|earlier|before|after)$", "", low))
        sign = -1 if re.search(r"(ago|earlier|before)$", low) else 1
        base = self.dct_ref() if low.endswith("ago") and self.mode == "news" else self.ref()
        self._apply_offset(t, n, unit, sign, base, mod)

    def _n_anaphor_day(self, t: Timex, text: str):
        low = t.text.lower()
        delta = 1 if re.search(r"folgenden|nächsten|darauffolgenden|darauf|folgetag", low) else -1 if re.search(r"vorigen|zuvor|vortag", low) else 0
        if "heutigen" in low:
            self._n_deictic(t, text)
            return
        base = self.ref()
        if base is None or not base.d:
            t.value = _fmt(base, "month") if base else None
            t.granularity = "day"
            return
        r = _add(base, delta, "D")
        t.value, t.granularity, t.anchored = _fmt(r, "day"), "day", True
        self.remember(r)

    def _n_anaphor_month(self, t: Timex, text: str):
        low = t.text.lower()
        delta = 1 if re.search(r"folgen|nächsten|kommenden", low) else -1 if re.search(r"vorigen|vergangenen|letzten|vormonat", low) else 0
        base = self.dct_ref() if (self.mode == "news" and re.search(r"vergangenen|letzten|kommenden|nächsten|dieses|diesem", low)) else self.ref()
        if base is None or not base.m:
            t.value, t.granularity = None, "month"
            return
        r = _add(Ref(base.y, base.m, None, base.bc), delta, "M")
        t.value, t.granularity, t.anchored = _fmt(r, "month"), "month", True

    def _n_anaphor_year(self, t: Timex, text: str):
        low = t.text.lower()
        delta = 1 if re.search(r"folgen|nächste|kommende|neuen|weitere", low) else -1 if re.search(r"vorigen|vergangenen|letzten|vorjahr", low) else 0
        deictic = re.search(r"vergangenen|letzten|kommenden|nächsten|dieses|diesem|laufenden|vorjahr", low)
        base = self.dct_ref() if (self.mode == "news" and deictic and self.dct) else self.ref()
        if base is None or base.y is None:
            t.value, t.granularity = None, "year"
            return
        y = base.y + (delta if not base.bc else -delta)
        t.value, t.granularity, t.anchored = _fmt_year(y, base.bc), "year", True
        if delta:
            self.remember(Ref(y, None, None, base.bc))

    def _n_week(self, t: Timex, text: str):
        low = t.text.lower()
        base = self.dct_ref() if self.mode == "news" else self.ref()
        unit = "week" if "woche" in low or "week" in low else "month" if "month" in low else "year" if "year" in low else "week"
        delta = -1 if re.search(r"vergangen|letzte|vorige|last", low) else 1 if re.search(r"kommend|nächste|folgend|next", low) else 0
        if base is None or base.y is None or (unit == "week" and not base.d):
            t.value, t.granularity = None, unit if unit != "week" or "wochenende" not in low else "week"
            return
        t.anchored = True
        if unit == "month":
            r = _add(Ref(base.y, base.m), delta, "M")
            t.value, t.granularity = _fmt(r, "month"), "month"
            return
        if unit == "year":
            t.value, t.granularity = _fmt_year(base.y + delta), "year"
            return
        d = date(base.y, base.m, base.d) + timedelta(weeks=delta)
        iso = d.isocalendar()
        t.value = f"{iso[0]:04d}-W{iso[1]:02d}" + ("-WE" if "wochenende" in low or "weekend" in low else "")
        t.granularity = "week"
        t.modifier = _prefix_mod(t.text)

    def _n_weekday(self, t: Timex, text: str):
        low = t.text.lower()
        wd = next(v for k, v in WEEKDAYS.items() if k in low)
        part = next((DAYPART[p] for p in ("nachmittag", "vormittag", "abend", "morgen", "mittag", "nacht") if low.rstrip("s").endswith(p) or low.endswith(p)), None)
        base = self.dct_ref() if self.mode == "news" else self.ref()
        if base is None or not base.d:
            t.value, t.granularity = f"XXXX-WXX-{wd + 1}", "day"
            return
        b = date(base.y, base.m, base.d)
        if re.search(r"kommenden|nächsten|next", low):
            delta = (wd - b.weekday()) % 7 or 7
            d = b + timedelta(days=delta)
        else:
            # reporting: the most recent such weekday on or before the reference date
            d = b - timedelta(days=(b.weekday() - wd) % 7)
        t.value, t.granularity, t.anchored = d.isoformat() + (f"T{part}" if part else ""), "day", True
        if self.mode == "narrative":
            self.remember(Ref(d.year, d.month, d.day))

    def _n_deictic(self, t: Timex, text: str):
        low = t.text.lower()
        offset = {"heute": 0, "heutzutage": None, "heutigen tag": 0, "heutiger": None, "today": 0, "gestern": -1,
                  "gesternabend": -1, "gesternmorgen": -1, "yesterday": -1, "vorgestern": -2, "morgen": 1,
                  "tomorrow": 1, "übermorgen": 2}.get(low, None)
        if self.mode == "narrative" or self.dct is None or offset is None:
            t.value = "PRESENT_REF" if offset in (0, None) or low in ("heutzutage", "heutiger") else None
            if low in ("gestern", "yesterday", "vorgestern", "morgen", "tomorrow", "übermorgen") and self.dct is None:
                t.value = None
            if self.mode == "narrative" and offset not in (0, None):
                t.value = _fmt(_add(self.ref(), offset, "D"), "day") if self.ref() and self.ref().d else None
            t.granularity = "unknown" if t.value in (None, "PRESENT_REF") else "day"
            return
        d = self.dct + timedelta(days=offset)
        t.value, t.granularity, t.anchored = d.isoformat(), "day", True

    def _n_day_only(self, t: Timex, text: str):
        d = int(t.text.rstrip("."))
        r = self.ref()
        if r is None or r.y is None or not r.m:
            t.value, t.granularity = None, "day"
            return
        self._set_date(t, r.y, r.m, d, r.bc)

    def _n_set(self, t: Timex, text: str):
        low = t.text.lower()
        u = "D" if ("tag" in low or "täglich" in low or "day" in low or "daily" in low) else "W" if ("woche" in low or "wöchentlich" in low or "week" in low) \
            else "M" if ("monat" in low or "month" in low) else "H" if "stündlich" in low else "Y"
        t.type, t.value, t.granularity = "set", ("PT1H" if u == "H" else f"P1{u}"), "duration"

    def _n_present_ref(self, t: Timex, text: str):
        t.value, t.granularity = "PRESENT_REF", "unknown"

    def _n_vague_future(self, t: Timex, text: str):
        t.value, t.granularity = "FUTURE_REF", "unknown"

    def _n_vague_past(self, t: Timex, text: str):
        t.value, t.granularity = "PAST_REF", "unknown"

    def _n_vague_range(self, t: Timex, text: str):
        low = t.text.lower()
        num = re.search(r"(beiden|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|\d+)\s", low)
        um = re.search(r"(tag|woche|monat|jahrzehnt|jahr|stunde)", low)
        unit = _unit_code(um.group(1)) if um else None
        if num:
            n = _num_value(num.group(1))
            t.type, t.value, t.granularity = "duration", _duration(n, unit), "duration"
        elif self.mode == "narrative" and re.search(r"folgenden|ersten|nächsten", low):
            t.type, t.value, t.granularity = "duration", f"PX{unit}" if unit not in ("H",) else "PTXH", "duration"
        else:
            t.value = "FUTURE_REF" if re.search(r"nächsten|kommenden|folgenden", low) else "PAST_REF"

    def _n_time(self, t: Timex, text: str):
        low = t.text.lower()
        clock = self._clock(t.text)
        base = self.ref()
        if "mitternacht" in low:
            clock = "24:00"
        if clock:
            t.type, t.granularity = "time", "time"
            if base is not None and base.d:
                t.value = _fmt(base, "day") + f"T{clock}"
                t.anchored = True
            else:
                t.value = f"XXXX-XX-XXT{clock}"
            return
        part = next((v for k, v in DAYPART.items() if k in low.split()[-1]), None)
        if base is not None and base.d:
            t.value, t.granularity, t.anchored = _fmt(base, "day") + f"T{part}", "time", True
        else:
            t.value, t.granularity = f"XXXX-XX-XXT{part}", "time"
        if low.startswith("gegen"):
            t.modifier = "APPROX"

    def _n_duration(self, t: Timex, text: str):
        span = t.text
        qm = re.match(rf"(?:{QUAL})\s+", span, flags=re.I)
        mod = _qual_mod(qm.group(0)) if qm else None
        rest = span[qm.end():] if qm else span
        parts = re.split(r"\s+und\s+", rest)
        values = []
        for p in parts:
            um = re.search(rf"(?:{UNIT})$", p, flags=re.I)
            if not um:
                continue
            num = p[:um.start()].strip()
            num = re.sub(r"\s+(?:ganzen?|vollen?|langen?|aufeinanderfolgenden|weiteren)$", "", num)
            n = _num_value(num)
            u = _unit_code(um.group(0))
            if n is not None and u:
                values.append((n, u))
        t.type, t.granularity, t.modifier = "duration", "duration", mod
        if values:
            n, u = values[0]
            t.value = _duration(n, u)
            if len(values) > 1:
                t.modifier = t.modifier or "MORE_THAN"

    _n_duration_en = _n_duration

    def _n_duration_vague(self, t: Timex, text: str):
        low = t.text.lower()
        t.type, t.granularity = "duration", "duration"
        if re.search(r"ganze", low):
            um = re.search(r"(jahr|woche|monat|tag)", low)
            if um.group(1) == "jahr" and re.match(r"das\s+ganze\s+jahr$", low):
                r = self._anchor_year()
                if r is not None and r.y is not None:
                    t.type, t.value, t.granularity = "date", _fmt_year(r.y, r.bc), "year"
                    return
            t.value = f"P1{_unit_code(um.group(1))}"
            return
        if "langer zeit" in low:
            t.value = "PXY"
            return
        um = re.search(r"(jahrzehnt|jahrhundert|sekunde|minute|stunde|tag|woche|monat|jahr|decade|century|second|minute|hour|day|week|month|year)", low)
        u = UNITS.get(um.group(1), "Y") if um else "Y"
        if um and um.group(1) in ("monat", "month"):
            u = "M"
        t.value = f"PTX{u}" if u in ("H", "S") or (um and um.group(1) in ("minute",)) else f"PX{u}"

    def _n_duration_adj(self, t: Timex, text: str):
        low = t.text.lower()
        t.type, t.granularity = "duration", "duration"
        if "ganzjährig" in low:
            t.value = "P1Y"
            return
        um = re.search(r"(jahrzehnte|jahre|monate|wochen|tage|stunden)lang|(tägig|wöchig|monatig|jährig|stündig)|-(tage|stunden|wochen|monate|jahre)", low)
        key = next(g for g in um.groups() if g)
        u = {"jahrzehnte": "DE", "jahre": "Y", "jährig": "Y", "monate": "M", "monatig": "M", "wochen": "W", "wöchig": "W",
             "tage": "D", "tägig": "D", "stunden": "H", "stündig": "H"}[key]
        nm = re.match(rf"(?:fast\s+)?(\d+|{DE_NUMWORD})", low)
        if um.group(1) or not nm:
            t.value = f"PX{u}" if u != "H" else "PTXH"
        else:
            n = _num_value(nm.group(1))
            t.value = _duration(n, u) if n else None
        if low.startswith("fast"):
            t.modifier = "LESS_THAN"

    def _n_holiday(self, t: Timex, text: str):
        low = t.text.lower()
        md = (12, 25) if ("weihnacht" in low or "christmas" in low) else (12, 24) if "heiligabend" in low else \
             (12, 31) if ("silvester" in low or "eve" in low) else (10, 3) if "einheit" in low else (1, 1)
        ym = re.search(YEAR4, t.text)
        self._set_date(t, int(ym.group(0)) if ym else None, md[0], md[1])


def tag(text: str, dct: date | datetime | None = None, mode: str = "news") -> list[Timex]:
    """All time expressions in `text`, normalised against `dct` (news) or the last mentioned date (narrative)."""
    norm = Normaliser(dct, mode)
    out: list[Timex] = []
    ref_after_prev = None
    for s, e, name in _select(text, _candidates(text)):
        t = Timex(start=s, end=e, text=text[s:e], rule=name)
        try:
            norm.normalise(t, text)
        except Exception:  # a normalisation bug must not lose the extraction
            t.value = None
        # "Juni 1940 bis Juni 1941": the narrative goes on from the start of a range, not its end
        if out and ref_after_prev is not None and re.fullmatch(r"\s*(?:bis(?:\s+zum)?|–|-|/)\s*", text[out[-1].end:t.start]):
            if t.type == "date" and out[-1].type == "date":
                norm.last = ref_after_prev
        ref_after_prev = norm.last
        out.append(t)
    return out
