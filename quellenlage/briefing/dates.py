"""TIMEX3 values as a reader says them: '2024-10-19TEV' → '19.10.2024, abends' / '19 Oct 2024, evening'.

The analysis keeps TIMEX3 values (sortable, comparable); pages show this instead, so no raw suffix ("TEV",
"XXXX", "W42-WE") reaches a reader. `readable(value, lang)` returns None when a value has no readable form; the
caller then shows the expression's own text.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

MONTHS = {
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
DAYPARTS = {
    "de": {"MO": "morgens", "MI": "mittags", "AF": "nachmittags", "EV": "abends", "NI": "nachts", "DT": "tagsüber"},
    "en": {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"},
}
SEASONS = {
    "de": {"SP": "Frühjahr", "SU": "Sommer", "FA": "Herbst", "WI": "Winter"},
    "en": {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"},
}
REFS = {
    "de": {"PRESENT_REF": "jetzt", "PAST_REF": "früher", "FUTURE_REF": "künftig"},
    "en": {"PRESENT_REF": "now", "PAST_REF": "in the past", "FUTURE_REF": "in future"},
}
_DATE = re.compile(r"^(BC)?(\d{4}|XXXX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?(?:T(.+))?$")
_WEEK = re.compile(r"^(\d{4}|XXXX)-W(\d{2}|XX)(-WE|-\d)?$")
_PART = re.compile(r"^(\d{4}|XXXX)-(Q[1-4]|H[12]|SP|SU|FA|WI)$")
_CLOCK = re.compile(r"^(\d{2}):(\d{2})(?::\d{2})?$")
_DURATION = re.compile(r"^PT?(\d+(?:\.\d+)?)([YMWDH]|DE|CE)$")
_DURATION_UNITS = {
    "de": {"Y": ("Jahr", "Jahre"), "M": ("Monat", "Monate"), "W": ("Woche", "Wochen"), "D": ("Tag", "Tage"),
           "H": ("Stunde", "Stunden"), "DE": ("Jahrzehnt", "Jahrzehnte"), "CE": ("Jahrhundert", "Jahrhunderte")},
    "en": {"Y": ("year", "years"), "M": ("month", "months"), "W": ("week", "weeks"), "D": ("day", "days"),
           "H": ("hour", "hours"), "DE": ("decade", "decades"), "CE": ("century", "centuries")},
}
WEEKDAYS = {"de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
            "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}


def _year(y: str, bc: bool, lang: str) -> str | None:
    if y == "XXXX":
        return None
    n = str(int(y))
    return (f"{n} v. Chr." if lang == "de" else f"{n} BC") if bc else n


def _time_of_day(part: str | None, lang: str) -> str | None:
    if not part:
        return None
    if part in DAYPARTS[lang]:
        return DAYPARTS[lang][part]
    m = _CLOCK.match(part)
    if m:
        return f"{m.group(1)}:{m.group(2)}" + (" Uhr" if lang == "de" else "")
    return ""  # an unknown suffix: dropped rather than shown raw


def _calendar(m: re.Match, lang: str) -> str | None:
    bc, y, mo, d, part = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
    year = _year(y, bool(bc), lang)
    month = int(mo) if mo and mo != "XX" and 1 <= int(mo) <= 12 else None
    day = int(d) if d and d != "XX" and 1 <= int(d) <= 31 else None
    if month is None and (mo or d) and year is None:
        date = None
    elif day and month:
        if lang == "de":
            date = f"{day:02d}.{month:02d}.{year}" if year else f"{day}. {MONTHS['de'][month - 1]}"
        else:
            date = f"{day} {MONTHS['en'][month - 1][:3]} {year}" if year else f"{day} {MONTHS['en'][month - 1]}"
    elif month:
        date = " ".join(x for x in (MONTHS[lang][month - 1], year) if x)
    else:
        date = year
    tod = _time_of_day(part, lang)
    if tod is None:
        return date
    if not date:
        return tod or None
    return f"{date}, {tod}" if tod else date


def _week(m: re.Match, lang: str) -> str | None:
    y, w, tail = m.group(1), m.group(2), m.group(3)
    year = None if y == "XXXX" else str(int(y))
    if w == "XX":
        if tail and tail[1:].isdigit() and 1 <= int(tail[1:]) <= 7:  # "XXXX-WXX-3": a weekday
            return WEEKDAYS[lang][int(tail[1:]) - 1]
        return None
    week = int(w)
    if lang == "de":
        base = f"KW {week}" + (f"/{year}" if year else "")
        if tail == "-WE":
            return f"Wochenende, {base}"
    else:
        base = f"week {week}" + (f", {year}" if year else "")
        if tail == "-WE":
            return f"weekend of {base}"
    if tail and tail[1:].isdigit() and 1 <= int(tail[1:]) <= 7:
        return f"{WEEKDAYS[lang][int(tail[1:]) - 1]}, {base}"
    return base


def _part_of_year(m: re.Match, lang: str) -> str | None:
    y, part = m.group(1), m.group(2)
    year = None if y == "XXXX" else str(int(y))
    if part[0] == "Q":
        name = f"{part[1]}. Quartal" if lang == "de" else f"Q{part[1]}"
    elif part[0] == "H":
        name = f"{part[1]}. Halbjahr" if lang == "de" else f"{'first' if part[1] == '1' else 'second'} half"
    else:
        name = SEASONS[lang][part]
    return f"{name} {year}" if year else name


def _decade_or_century(value: str, lang: str) -> str | None:
    if re.fullmatch(r"\d{3}", value):
        return f"{value}0er" if lang == "de" else f"{value}0s"
    if re.fullmatch(r"\d{2}", value):
        n = int(value) + 1
        if lang == "de":
            return f"{n}. Jahrhundert"
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix} century"
    return None


def _duration(value: str, lang: str) -> str | None:
    m = _DURATION.match(value)
    if not m:
        return None
    n, unit = m.group(1), m.group(2)
    one, many = _DURATION_UNITS[lang][unit]
    amount = float(n)
    shown = f"{amount:g}".replace(".", ",") if lang == "de" else f"{amount:g}"
    return f"{shown} {one if amount == 1 else many}"


def readable(value: str | None, lang: str = "de") -> str | None:
    """A TIMEX3 value in words and digits of `lang` ('de' or 'en'); None when it has no readable form."""
    if not value:
        return None
    lang = "en" if lang == "en" else "de"
    value = value.strip()
    if value in REFS[lang]:
        return REFS[lang][value]
    for pattern, fn in ((_WEEK, _week), (_PART, _part_of_year), (_DATE, _calendar)):
        m = pattern.match(value)
        if m:
            return fn(m, lang)
    return _decade_or_century(value, lang) or _duration(value, lang)


def readable_markup(value: str | None, fallback: str = "") -> Markup:
    """Both languages for a page with the DE/EN switch (CSS shows one); the fallback text when unreadable."""
    de, en = readable(value, "de"), readable(value, "en")
    if de is None or en is None:
        return escape(fallback)
    if de == en:
        return escape(de)
    return Markup(f'<span class="i18n" lang="de">{escape(de)}</span><span class="i18n" lang="en">{escape(en)}</span>')
