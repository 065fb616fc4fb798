"""Number words and digit strings, German and English: "dreitausend", "zweieinhalb", "10.000", "1,5", "10 000".

`parse_number_word` handles the small words (and their inflections: einen, einem, beiden), halves
(anderthalb, zweieinhalb, dreiviertel) and falls back to text2num for compounds (zweitausendvierhundert).
`parse_digits` reads digit strings with German or English separators, language-aware for the ambiguous
cases ("1,500" is 1500 in English, 1.5 in German; "1.500" the reverse).

Language data, not figure logic: figure extraction (`quellenlage.figures`) and time expressions
(`quellenlage.time`) both read numbers with it, so it lives here below both and neither imports the other.
"""
from __future__ import annotations

import re
from functools import lru_cache

DE_SMALL = {
    "null": 0, "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eines": 1, "eins": 1,
    "zwei": 2, "beide": 2, "beiden": 2, "zwo": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
    "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "zwanzig": 20,
    "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80,
    "neunzig": 90, "hundert": 100, "einhundert": 100, "tausend": 1000, "eintausend": 1000,
    "dutzend": 12, "zweier": 2, "dreier": 3,
}
EN_SMALL = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
}
HALVES = {"anderthalb": 1.5, "eineinhalb": 1.5, "einundhalb": 1.5, "halb": 0.5, "halbe": 0.5, "halben": 0.5,
          "halbes": 0.5, "dreiviertel": 0.75, "viertel": 0.25}

# Regex alternation of German number words (longest first) for use inside bigger patterns.
_DE_UNITS = "ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun"
DE_NUMWORD = (
    r"(?:(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)einhalb|anderthalb|eineinhalb|dreiviertel"
    r"|(?:(?:" + _DE_UNITS + r")?(?:hundert|tausend)(?:und)?)+(?:(?:" + _DE_UNITS + r")und)?(?:zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig|"
    r"dreizehn|vierzehn|fünfzehn|sechzehn|siebzehn|achtzehn|neunzehn|zehn|elf|zwölf|" + _DE_UNITS + r"|eins)?"
    r"|(?:(?:" + _DE_UNITS + r")und)?(?:zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)"
    r"|dreizehn|vierzehn|fünfzehn|sechzehn|siebzehn|achtzehn|neunzehn"
    r"|einen|einem|einer|eines|eine|eins|ein|zwei|beiden|beide|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)"
)
EN_NUMWORD = (
    r"(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|a) and a half|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an?)"
)


@lru_cache(maxsize=4096)
def parse_number_word(word: str, lang: str = "de") -> float | None:
    """Value of a number word ('dreitausend' -> 3000, 'zweieinhalb' -> 2.5), or None."""
    w = word.strip().lower().replace("\u00ad", "")
    if not w:
        return None
    if w in HALVES:
        return HALVES[w]
    small = EN_SMALL if lang == "en" else DE_SMALL
    if w in small:
        return float(small[w])
    if w in DE_SMALL:
        return float(DE_SMALL[w])
    if w in EN_SMALL:
        return float(EN_SMALL[w])
    m = re.fullmatch(r"(.+?)einhalb", w)
    if m:
        base = parse_number_word(m.group(1), lang)
        return base + 0.5 if base is not None else None
    m = re.fullmatch(r"(.+?) and a half", w)
    if m:
        base = parse_number_word(m.group(1), "en")
        return base + 0.5 if base is not None else None
    m = re.fullmatch(r"(\w+)-(\w+)", w)
    if m and lang == "en":
        a, b = EN_SMALL.get(m.group(1)), EN_SMALL.get(m.group(2))
        if a is not None and b is not None:
            return float(a + b)
    try:
        from text_to_num import text2num

        return float(text2num(w, "en" if lang == "en" else "de"))
    except Exception:
        return None


def parse_digits(s: str, lang: str = "de") -> float | None:
    """'10.000' -> 10000, '1,5' -> 1.5, '10 000' -> 10000, '10,000' (en) -> 10000, '1.5' (en) -> 1.5."""
    t = s.strip().replace("\u202f", " ").replace("\u00a0", " ").replace("'", "").replace("’", "")
    t = re.sub(r"(?<=\d) (?=\d{3}\b)", "", t)
    if not re.fullmatch(r"[\d.,]+", t) or not re.search(r"\d", t):
        return None
    has_dot, has_comma = "." in t, "," in t
    try:
        if has_dot and has_comma:
            if t.rfind(",") > t.rfind("."):  # 1.234,5 (de)
                return float(t.replace(".", "").replace(",", "."))
            return float(t.replace(",", ""))  # 1,234.5 (en)
        if has_dot:
            parts = t.split(".")
            if len(parts) > 2 or (len(parts[-1]) == 3 and (lang != "en" or parts[-1] == "000")):
                return float(t.replace(".", "")) if all(len(p) == 3 for p in parts[1:]) else None
            return float(t)
        if has_comma:
            parts = t.split(",")
            if len(parts) > 2 or (len(parts[-1]) == 3 and (lang == "en" or parts[-1] == "000")):
                return float(t.replace(",", "")) if all(len(p) == 3 for p in parts[1:]) else None
            return float(t.replace(",", "."))
        return float(t)
    except ValueError:
        return None
