"""Small lexicons for what a figure counts, German and English, at the level a reader compares figures by.

Three tables, each language-neutral on the right-hand side:

* NOUN_CLASSES: the head of a counted noun phrase -> its semantic class ("Mitarbeiter", "Menschen", "people"
  -> "people"; "Soldaten", "troops" -> "soldiers"). A group that is usually a *part* of the people involved
  (children, police officers, rescuers) is a class of its own, so "3 Kinder verletzt" is never read as the
  total of "30 Menschen verletzt".
* EVENT_NOUNS: nouns that name people by what happened to them ("Tote", "Verletzte", "fatalities") ->
  (class, event).
* PREDICATES: verbs, participles and adjectives -> event class ("verletzt", "starben", "killed", "evakuiert").
* MONEY_TOPICS: what an amount of money is ("Schaden", "aid") -> topic.
* LENGTH_NOUNS: what a length measures ("Grenze", "border") -> thing.

Entries are stems matched against lower-cased words (see `noun_class`, `event_of`): a German compound ends in
its head ("Bauarbeiter", "Feuerwehrleute"), so nouns match by suffix; inflection endings are allowed after the
stem. Nothing here knows a particular story.
"""
from __future__ import annotations

import re

# class -> stems of head nouns (German and English). Longest suffix wins, so "Polizisten" beats nothing and
# "Feuerwehrleute" (rescuers) beats "leute" (people).
_NOUNS: dict[str, tuple[str, ...]] = {
    "people": (
        "mensch", "menschen", "person", "personen", "leute", "mitarbeiter", "mitarbeiterin", "mitarbeiterinnen",
        "arbeiter", "arbeiterin", "arbeiterinnen", "beschäftigte", "angestellte", "bewohner", "anwohner",
        "einwohner", "zivilist", "zivilisten", "passagier", "passagiere", "fahrgast", "fahrgäste", "insasse",
        "insassen", "besucher", "gäste", "teilnehmer", "menschenleben", "opfer",
        "people", "persons", "person", "workers", "worker", "employees", "employee", "staff", "residents",
        "civilians", "passengers", "occupants", "visitors", "inhabitants", "individuals", "victims", "lives",
    ),
    "children": ("kind", "kinder", "kindern", "minderjährige", "schüler", "schülerin", "children", "child", "kids",
                 "minors", "pupils", "students"),
    "police": ("polizist", "polizisten", "polizistin", "polizeibeamte", "beamte", "beamten", "officers",
               "policemen", "police officers"),
    "rescuers": ("feuerwehrleute", "feuerwehrmann", "feuerwehrmänner", "einsatzkräfte", "rettungskräfte",
                 "helfer", "sanitäter", "firefighters", "rescuers", "paramedics"),
    "soldiers": ("soldat", "soldaten", "kämpfer", "truppen", "söldner", "rekruten", "kombattanten", "infanterist",
                 "infanteristen", "soldiers", "troops", "fighters", "servicemen", "recruits", "mercenaries",
                 "infantrymen"),
    # unmanned aircraft; "Flugobjekte" is how reports name them when their type is not settled
    "drones": ("drohne", "drohnen", "flugobjekt", "flugobjekte", "drone", "drones", "uavs"),
    "fish": ("fisch", "fische", "fischen", "fish", "fishes"),
    "animals": ("tier", "tiere", "tieren", "rind", "rinder", "kühe", "schafe", "schweine", "vögel", "animals",
                "cattle", "cows", "sheep", "pigs", "birds"),
    "buildings": ("haus", "häuser", "häusern", "gebäude", "gebäuden", "wohnungen", "wohnhäuser", "haushalte",
                  "houses", "homes", "buildings", "households", "dwellings"),
    "vehicles": ("fahrzeug", "fahrzeuge", "autos", "panzer", "vehicles", "cars", "tanks"),
}

# nouns naming people by what happened to them: stem -> (class, event)
EVENT_NOUNS: dict[str, tuple[str, str]] = {
    "tote": ("people", "dead"), "toten": ("people", "dead"), "todesopfer": ("people", "dead"),
    "verstorbene": ("people", "dead"), "todesfälle": ("people", "dead"), "leichen": ("people", "dead"),
    "verletzte": ("people", "injured"), "verletzten": ("people", "injured"), "verwundete": ("people", "injured"),
    "verwundeten": ("people", "injured"), "schwerverletzte": ("people", "injured"),
    "vermisste": ("people", "missing"), "vermissten": ("people", "missing"),
    "evakuierte": ("people", "evacuated"), "evakuierten": ("people", "evacuated"),
    "festnahmen": ("people", "arrested"), "festgenommene": ("people", "arrested"), "verhaftete": ("people", "arrested"),
    "flüchtlinge": ("people", "displaced"), "geflüchtete": ("people", "displaced"), "vertriebene": ("people", "displaced"),
    "obdachlose": ("people", "displaced"), "gefallene": ("soldiers", "dead"), "gefallenen": ("soldiers", "dead"),
    "dead": ("people", "dead"), "deaths": ("people", "dead"), "fatalities": ("people", "dead"),
    "bodies": ("people", "dead"), "injured": ("people", "injured"), "wounded": ("people", "injured"),
    "injuries": ("people", "injured"), "casualties": ("people", "casualties"), "evacuees": ("people", "evacuated"),
    "arrests": ("people", "arrested"), "detainees": ("people", "arrested"), "refugees": ("people", "displaced"),
    "missing": ("people", "missing"),
}

# event -> predicate stems (a word matches when it starts with a stem and the rest is a short ending)
_PREDICATES: dict[str, tuple[str, ...]] = {
    "dead": ("getötet", "tötete", "töteten", "starb", "starben", "gestorben", "sterben", "stirbt", "tot", "verstorben",
             "erschossen", "umgekommen", "umgebracht", "ertrunken", "verendet", "verendeten",
             "tod", "todes", "killed", "died", "dead", "perished", "drowned", "dying", "death"),
    "lost": ("verlor", "verloren", "lost"),
    "injured": ("verletzt", "verwundet", "injured", "wounded", "hurt", "behandelt", "treated"),
    "evacuated": ("evakuiert", "evakuieren", "evacuated", "evacuate"),
    "missing": ("vermisst", "missing"),
    "arrested": ("festgenommen", "verhaftet", "inhaftiert", "festgesetzt", "arrested", "detained"),
    "displaced": ("geflohen", "flohen", "fliehen", "vertrieben", "fled", "displaced", "homeless", "obdachlos"),
    "rescued": ("gerettet", "rescued"),
    "casualties": ("verluste", "losses", "casualties"),
    "destroyed": ("zerstört", "destroyed", "abgebrannt", "burned", "burnt"),
    "downed": ("abgeschossen", "abgefangen", "intercepted", "downed"),
    "entered": ("eingedrungen", "drang", "drangen", "eingeflogen", "entered", "crossed", "invaded"),
    # a facility or service out of operation (what a duration such as "für drei Stunden" is mostly the length of)
    "closed": ("gesperrt", "geschlossen", "eingestellt", "stillgelegt", "lahmgelegt", "closed", "shut", "suspended",
               "halted"),
    "damaged": ("beschädigt", "damaged"),
    "flooded": ("überflutet", "überschwemmt", "flooded"),
    "affected": ("betroffen", "affected"),
    "deployed": ("entsandt", "entsendet", "entsenden", "geschickt", "schickt", "schickte", "schickten", "stationiert",
                 "deployed", "sent", "stationed"),
}
# multi-word predicates ("kamen ums Leben", "lost their lives"), checked on the clause text
_PHRASES: dict[str, tuple[str, ...]] = {
    "dead": (r"ums\s+leben", r"leben\s+verloren", r"lost\s+their\s+lives", r"tödlich\s+verunglückt"),
    "injured": (r"ins\s+krankenhaus", r"in\s+krankenhäuser", r"taken\s+to\s+hospital", r"hospitali[sz]ed"),
    "evacuated": (r"in\s+sicherheit\s+gebracht", r"(?:häuser|häusern|wohnungen|dörfer)\s+(?:[\wäöü]+\s+){0,2}verlassen",
                  r"brought\s+to\s+safety", r"(?:leave|left|leaving|flee|fled)\s+their\s+(?:homes|houses|flats)"),
    # separable "stellte den Betrieb ... ein": the particle stands at the end of the clause
    "closed": (r"stellt\w*\s+(?:den|die|das|seinen|ihren)\s+[\wäöü]*(?:betrieb|verkehr|produktion|arbeit)\b[^.;]{0,60}?\s+ein\b",
               r"shut\s+down"),
}

# what money is: stem -> topic
MONEY_TOPICS: dict[str, str] = {
    "schaden": "damage", "schäden": "damage", "sachschaden": "damage", "schadens": "damage", "damage": "damage",
    "damages": "damage", "hilfe": "aid", "hilfen": "aid", "militärhilfe": "aid", "hilfspaket": "aid", "aid": "aid",
    "kosten": "cost", "cost": "cost", "costs": "cost", "strafe": "fine", "bußgeld": "fine", "geldstrafe": "fine",
    "fine": "fine", "penalty": "fine", "lösegeld": "ransom", "ransom": "ransom", "umsatz": "revenue",
    "revenue": "revenue", "gewinn": "profit", "profit": "profit", "budget": "budget", "haushalt": "budget",
    "spenden": "donations", "donations": "donations", "fördergeld": "subsidy", "fördergelder": "subsidy",
    "fördermittel": "subsidy", "zuschuss": "subsidy", "zuschüsse": "subsidy", "subventionen": "subsidy",
    "subsidy": "subsidy", "subsidies": "subsidy", "grant": "subsidy", "grants": "subsidy", "entschädigung": "compensation", "compensation": "compensation",
}

_PRED_PREFIXES = ("schwer", "leicht", "lebensgefährlich", "tödlich")
_PRED_ENDINGS = ("", "e", "en", "er", "es", "em", "n", "s")

_NOUN_INDEX = sorted(((stem, cls) for cls, stems in _NOUNS.items() for stem in stems), key=lambda x: -len(x[0]))
_PRED_INDEX = {stem: ev for ev, stems in _PREDICATES.items() for stem in stems}
_PHRASE_RX = [(ev, re.compile(rf"(?<![\w]){p}(?![\w])", re.I)) for ev, ps in _PHRASES.items() for p in ps]
_COMPOUND_MIN = 3  # a compound's modifier ("Bau" in "Bauarbeiter") has at least this many letters


def noun_class(word: str) -> str | None:
    """Semantic class of a head noun, or None. Exact forms first, then a compound ending in a known noun."""
    w = word.lower().strip("„“\"'.,;:()")
    if not w:
        return None
    for stem, cls in _NOUN_INDEX:
        if w == stem:
            return cls
    if w in EVENT_NOUNS:
        return None  # "Tote": handled by event_noun
    for stem, cls in _NOUN_INDEX:
        if len(stem) >= 5 and " " not in stem and w.endswith(stem) and len(w) - len(stem) >= _COMPOUND_MIN:
            return cls
    return None


def event_noun(word: str) -> tuple[str, str] | None:
    """(class, event) of a noun that names people by what happened to them ("Tote", "Schwerverletzte")."""
    w = word.lower().strip("„“\"'.,;:()")
    if w in EVENT_NOUNS:
        return EVENT_NOUNS[w]
    for stem in ("verletzte", "verletzten", "tote", "toten"):  # compounds: "Schwerverletzte", "Verkehrstote"
        if w.endswith(stem) and len(w) - len(stem) >= _COMPOUND_MIN and not w.endswith(("gesamtverletzte",)):
            return EVENT_NOUNS[stem]
    return None


def event_of(word: str) -> str | None:
    """Event class of a predicate word ("verletzt", "verletzte", "starben", "killed"), or None."""
    w = word.lower()
    for prefix in _PRED_PREFIXES:  # "schwerverletzt", "lebensgefährlich verletzt" written as one word
        if w.startswith(prefix) and len(w) > len(prefix) + 3:
            w = w[len(prefix):]
            break
    if w in _PRED_INDEX:
        return _PRED_INDEX[w]
    for end in _PRED_ENDINGS[1:]:
        if w.endswith(end) and w[:-len(end)] in _PRED_INDEX:
            ev = _PRED_INDEX[w[:-len(end)]]
            return ev
    # separable-prefix and adverb compounds: "schwerverletzt", "tödlich" are rare; keep exact matching otherwise
    return None


def phrase_events(text: str) -> list[tuple[int, int, str]]:
    """Multi-word predicates in a text: (start, end, event)."""
    out = []
    for ev, rx in _PHRASE_RX:
        out.extend((m.start(), m.end(), ev) for m in rx.finditer(text))
    return out


def money_topic(word: str) -> str | None:
    w = word.lower().strip("„“\"'.,;:()")
    if w in MONEY_TOPICS:
        return MONEY_TOPICS[w]
    for stem, topic in MONEY_TOPICS.items():  # "Gesamtschaden", "Reparaturkosten"
        if len(stem) >= 5 and w.endswith(stem) and len(w) - len(stem) >= _COMPOUND_MIN:
            return topic
    return None


# what a length measures: stem -> thing (a compound ends in its head: "Staatsgrenze", "Landstraße")
LENGTH_NOUNS: dict[str, str] = {
    "grenze": "border", "border": "border", "frontier": "border", "front": "front", "frontlinie": "front",
    "frontline": "front", "pipeline": "pipeline", "leitung": "pipeline", "straße": "road", "road": "road",
    "strecke": "route", "route": "route", "stau": "jam", "jam": "jam", "tunnel": "tunnel", "brücke": "bridge",
    "bridge": "bridge", "mauer": "wall", "wall": "wall", "zaun": "fence", "fence": "fence", "küste": "coast",
    "coast": "coast", "coastline": "coast", "fluss": "river", "river": "river", "ölteppich": "slick",
    "slick": "slick", "korridor": "corridor", "corridor": "corridor", "damm": "dam", "deich": "dam", "dam": "dam",
}


def length_noun(word: str) -> str | None:
    w = word.lower().strip("„“\"'.,;:()")
    for form in (w, w[:-1] if w.endswith(("n", "s")) else w):  # "Grenzen", "borders"
        if form in LENGTH_NOUNS:
            return LENGTH_NOUNS[form]
        for stem, thing in LENGTH_NOUNS.items():
            if len(stem) >= 5 and form.endswith(stem) and len(form) - len(stem) >= _COMPOUND_MIN:
                return thing
    return None
