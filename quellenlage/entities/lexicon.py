"""General German/English lexicons for mentions and attributes: roles, pronouns, determiners, seats of power.

Role words match as suffixes of compounds ("Regierungssprecher", "Außenministerin", "NATO-Generalsekretär").
"""
from __future__ import annotations

import re
from functools import lru_cache

# Role nouns (masculine base forms; feminine "-in"/"-innen" and plural forms are derived below).
_ROLE_BASES = [
    "präsident", "vizepräsident", "minister", "premierminister", "ministerpräsident", "kanzler", "vizekanzler",
    "sprecher", "generalsekretär", "sekretär", "chef", "botschafter", "general", "kommandeur", "befehlshaber",
    "direktor", "leiter", "vorsitzender", "vorsitzende", "bürgermeister", "gouverneur", "senator", "abgeordneter",
    "abgeordnete", "analyst", "experte", "berater", "beamter", "beamte", "offizier", "politiker", "diplomat",
    "ermittler", "staatsanwalt", "richter", "premier", "machthaber", "diktator", "könig", "königin", "kaiser",
    "papst", "bischof", "kardinal", "trainer", "anwalt", "journalist", "korrespondent", "reporter", "autor",
    "forscher", "wissenschaftler", "professor", "admiral", "oberst", "major", "hauptmann", "commander",
    "funktionär", "vertreter", "beauftragter", "beauftragte", "koordinator", "staatssekretär", "oberbefehlshaber",
    "parteichef", "regierungschef", "staatschef", "außenminister", "verteidigungsminister", "geschäftsführer",
    "gründer", "inhaber", "manager", "ökonom", "historiker", "kommissar", "kommissionspräsident", "nachfolger",
    "vorgänger", "oppositionsführer", "anführer", "führer", "militärexperte", "aktivist", "zeuge", "augenzeuge",
]
_EN_ROLES = [
    "president", "minister", "prime minister", "chancellor", "spokesman", "spokeswoman", "spokesperson",
    "secretary", "secretary-general", "chief", "ambassador", "general", "commander", "director", "leader",
    "mayor", "governor", "senator", "analyst", "expert", "adviser", "advisor", "official", "officer",
    "diplomat", "judge", "prosecutor", "king", "queen", "pope", "ceo", "chairman", "chairwoman", "head",
]


def _forms(base: str) -> set[str]:
    forms = {base}
    if base.endswith(("er", "ter")) and not base.endswith("der"):
        forms.add(base[:-2] + "en")  # Beamter -> Beamten
    if base.endswith("e"):
        forms |= {base + "n", base + "r"}
    else:
        forms |= {base + "in", base + "innen", base + "en", base + "e", base + "s"}
    return forms


ROLE_FORMS: frozenset[str] = frozenset(f for b in _ROLE_BASES for f in _forms(b))
EN_ROLES: frozenset[str] = frozenset(_EN_ROLES)
_ROLE_SUFFIXES = sorted(ROLE_FORMS, key=len, reverse=True)
# Words ending in a role form that are not roles.
_NOT_ROLES = {"begleiter", "leitern", "generale", "sprechen", "chefs"}


@lru_cache(maxsize=65536)  # asked for most tokens of an article; the suffix test is the costly part
def is_role(word: str, lang: str = "de") -> bool:
    """True for a role noun or a compound ending in one ('Regierungssprecherin', 'Pentagon-Sprecherin')."""
    w = word.lower()
    if lang == "en":
        return w in EN_ROLES
    if not word[:1].isupper() or w in _NOT_ROLES:
        return False
    if w in ROLE_FORMS:
        return True
    tail = w.rsplit("-", 1)[-1]
    if tail in ROLE_FORMS:
        return True
    return any(w.endswith(s) and len(w) - len(s) >= 3 for s in _ROLE_SUFFIXES if len(s) >= 5)


def role_gender(word: str) -> str | None:
    w = word.lower()
    if w.endswith("in") and not w.endswith(("chefin",)) and w[:-2] in ROLE_FORMS or w.endswith("chefin"):
        return "f"
    return None


PRONOUNS_DE = {"er": "m", "ihm": "m", "ihn": "m", "sie": None, "ihr": None}
PRONOUNS_EN = {"he": "m", "him": "m", "she": "f", "her": "f"}
DETERMINERS_DE = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen"}
DETERMINERS_EN = {"the", "a", "an"}

# Seats of power used for the government (metonymy); general, not story-specific. name -> (ISO2, what).
SEATS = {
    "Kreml": ("RU", "Regierung"), "Kremls": ("RU", "Regierung"), "Kremlin": ("RU", "government"),
    "Weiße Haus": ("US", "Regierung"), "Weißen Haus": ("US", "Regierung"), "Weißes Haus": ("US", "Regierung"),
    "Weißen Hauses": ("US", "Regierung"),
    "White House": ("US", "government"), "Pentagon": ("US", "Verteidigungsministerium"),
    "Élysée": ("FR", "Regierung"), "Elysée": ("FR", "Regierung"), "Élysée-Palast": ("FR", "Regierung"),
    "Downing Street": ("GB", "Regierung"), "Kanzleramt": ("DE", "Regierung"), "Bundeskanzleramt": ("DE", "Regierung"),
    "Quai d'Orsay": ("FR", "Außenministerium"), "Zhongnanhai": ("CN", "Regierung"), "Vatikan": ("VA", "Kirchenleitung"),
    "Foggy Bottom": ("US", "Außenministerium"), "Whitehall": ("GB", "Regierung"),
}

AGE_RE = re.compile(r"^\d{1,3}$")
# Verbs that make a capital the acting subject ("Moskau bestreitet", "Washington warnt"): finite forms of
# saying/acting verbs. A general list; only used right after a capital or seat name.
ACTOR_VERBS = {
    "sagt", "sagte", "erklärt", "erklärte", "warnt", "warnte", "bestreitet", "bestritt", "dementiert", "dementierte",
    "fordert", "forderte", "reagiert", "reagierte", "kritisiert", "kritisierte", "droht", "drohte", "wirft",
    "warf", "bestätigt", "bestätigte", "weist", "wies", "kündigt", "kündigte", "verurteilt", "verurteilte",
    "beschuldigt", "beschuldigte", "hat", "hatte", "will", "wollte", "sieht", "sah", "setzt", "setzte", "schickt",
    "schickte", "liefert", "lieferte", "betont", "betonte", "teilte", "teilt", "verweigert", "lehnt", "lehnte",
    "spricht", "sprach", "meldet", "meldete", "äußert", "äußerte", "schweigt", "schwieg", "dementierten",
    "says", "said", "warns", "warned", "denies", "denied", "claims", "claimed", "accused", "accuses",
}
