"""Lexicons for attribution: speech and report verbs, source phrases, media and anonymous-source words.

Everything here is general German/English news vocabulary (no story- or outlet-specific entries).
"""
from __future__ import annotations

# Weak verbs: stem -> (separable particle or "", medium). Forms are generated (sagt, sagte, gesagt, sage ...).
_WEAK = {
    "sag": ("", "spoken"), "erklär": ("", "statement"), "beton": ("", "spoken"), "bericht": ("", "report"),
    "behaupt": ("", "spoken"), "kritisier": ("", "spoken"), "forder": ("", "spoken"), "warn": ("", "spoken"),
    "bestätig": ("", "statement"), "erzähl": ("", "spoken"), "meld": ("", "report"), "äußer": ("", "spoken"),
    "antwort": ("", "spoken"), "ergänz": ("", "spoken"), "versicher": ("", "spoken"), "kündig": ("an", "statement"),
    "teil": ("mit", "statement"), "zitier": ("", "report"), "schilder": ("", "spoken"), "erläuter": ("", "spoken"),
    "klag": ("", "spoken"), "beklag": ("", "spoken"), "bezeichn": ("", "spoken"), "mein": ("", "spoken"),
    "glaub": ("", "spoken"), "hoff": ("", "spoken"), "befürcht": ("", "spoken"), "fürcht": ("", "spoken"),
    "vermut": ("", "spoken"), "schätz": ("", "spoken"), "argumentier": ("", "spoken"), "kommentier": ("", "spoken"),
    "bekräftig": ("", "spoken"), "dementier": ("", "statement"), "räum": ("ein", "spoken"), "verlautbar": ("", "statement"),
    "mahn": ("", "spoken"), "appellier": ("", "spoken"), "plädier": ("", "spoken"), "prognostizier": ("", "spoken"),
    "signalisier": ("", "spoken"), "präzisier": ("", "spoken"), "verkünd": ("", "statement"), "verlang": ("", "spoken"),
    "droh": ("", "spoken"), "bedauer": ("", "spoken"), "beschuldig": ("", "spoken"), "lob": ("", "spoken"),
    "begrüß": ("", "spoken"), "verurteil": ("", "spoken"), "rechtfertig": ("", "spoken"), "konter": ("", "spoken"),
    "entgegn": ("", "spoken"), "erwider": ("", "spoken"), "bemerk": ("", "spoken"), "resümier": ("", "spoken"),
    "bilanzier": ("", "spoken"), "twitter": ("", "social_post"), "post": ("", "social_post"), "twitt": ("", "social_post"),
    "begründ": ("", "spoken"), "würdig": ("", "spoken"), "beteuer": ("", "spoken"), "bemängel": ("", "spoken"),
    "konstatier": ("", "spoken"), "formulier": ("", "spoken"), "protestier": ("", "spoken"), "verweis": ("", "spoken"),
    "beurteil": ("", "spoken"), "veröffentlich": ("", "written"), "zweifel": ("", "spoken"), "bezweifl": ("", "spoken"),
    "pranger": ("an", "spoken"), "erinner": ("", "spoken"), "erwart": ("", "spoken"), "urteil": ("", "spoken"),
    "befürwort": ("", "spoken"), "informier": ("", "statement"), "unterstell": ("", "spoken"),
    "enthüll": ("", "report"), "kündig_": ("", "spoken"), "skandier": ("", "spoken"), "fass": ("zusammen", "spoken"),
    "stell": ("klar", "spoken"), "leg": ("dar", "spoken"), "räumt": ("ein", "spoken"), "wiederhol": ("", "spoken"),
    "vermeld": ("", "report"), "reg": ("an", "spoken"), "beauftrag": ("", "spoken"), "dräng": ("", "spoken"),
    "vereinbar": ("", "statement"), "ordn": ("an", "statement"),
    "ermahn": ("", "spoken"), "ersuch": ("", "spoken"), "attackier": ("", "spoken"), "bezichtig": ("", "spoken"),
    "gewarn_": ("", "spoken"), "bestätigt_": ("", "statement"), "ankündig": ("", "statement"),
    "mitteil": ("", "statement"),
}
# Strong and irregular verbs: explicit finite forms, participles, separable particle, medium.
_STRONG = [
    (("spricht", "sprechen", "sprach", "sprachen", "spreche"), ("gesprochen",), "", "spoken"),
    (("schreibt", "schreiben", "schrieb", "schrieben", "schreibe"), ("geschrieben",), "", "written"),
    (("bestreitet", "bestreiten", "bestritt", "bestritten", "bestreite"), ("bestritten",), "", "spoken"),
    (("weist", "weisen", "wies", "wiesen", "weise"), ("gewiesen",), "zurück", "spoken"),
    (("weist", "weisen", "wies", "wiesen"), ("gewiesen",), "hin", "spoken"),
    (("gibt", "geben", "gab", "gaben", "gebe"), ("gegeben",), "an", "spoken"),
    (("gibt", "geben", "gab", "gaben", "gebe"), ("gegeben",), "bekannt", "statement"),
    (("gibt", "geben", "gab", "gaben", "gebe"), ("gegeben",), "zu", "spoken"),
    (("ruft", "rufen", "rief", "riefen"), ("gerufen",), "auf", "spoken"),
    (("hebt", "heben", "hob", "hoben"), ("gehoben",), "hervor", "spoken"),
    (("nennt", "nennen", "nannte", "nannten", "nenne"), ("genannt",), "", "spoken"),
    (("empfiehlt", "empfehlen", "empfahl", "empfahlen"), ("empfohlen",), "", "spoken"),
    (("wirft", "werfen", "warf", "warfen", "werfe"), ("geworfen",), "vor", "spoken"),
    (("unterstreicht", "unterstreichen", "unterstrich"), ("unterstrichen",), "", "spoken"),
    (("weiß", "wissen", "wusste", "wussten"), ("gewusst",), "", "spoken"),
    (("denkt", "denken", "dachte", "dachten"), ("gedacht",), "", "spoken"),
    (("fügt", "fügen", "fügte", "fügten"), ("gefügt",), "hinzu", "spoken"),
    (("stellt", "stellen", "stellte", "stellten"), ("gestellt",), "fest", "spoken"),
    (("stellt", "stellen", "stellte", "stellten"), ("gestellt",), "klar", "spoken"),
    (("macht", "machen", "machte", "machten"), ("gemacht",), "deutlich", "spoken"),
    (("macht", "machen", "machte", "machten"), ("gemacht",), "klar", "spoken"),
    (("schlägt", "schlagen", "schlug", "schlugen"), ("geschlagen",), "vor", "spoken"),
    (("bittet", "bitten", "bat", "baten"), ("gebeten",), "", "spoken"),
    (("heißt", "hieß"), ("geheißen",), "", "written"),
    (("lautet", "lautete"), (), "", "written"),
    (("sieht", "sehen", "sah", "sahen"), (), "", "spoken"),
    (("hält", "halten", "hielt", "hielten"), (), "", "spoken"),
    (("fragt", "fragte", "fragten"), ("gefragt",), "", "spoken"),
    (("lehnt", "lehnten", "lehnte"), ("abgelehnt",), "ab", "spoken"),
    (("sichert", "sicherte", "sicherten"), ("zugesichert",), "zu", "spoken"),
    (("verspricht", "versprach", "versprachen"), ("versprochen",), "", "spoken"),
    (("beschreibt", "beschrieb", "beschrieben"), ("beschrieben",), "", "spoken"),
    (("verlautete",), (), "", "statement"),
    (("rechnet", "rechnen", "rechnete", "rechneten"), (), "mit", "spoken"),
    (("geht", "gehen", "ging", "gingen"), (), "aus", "spoken"),
    (("nimmt", "nehmen", "nahm", "nahmen"), ("genommen",), "an", "spoken"),
    (("erwägt", "erwog", "erwogen"), ("erwogen",), "", "spoken"),
    (("fordert", "forderte", "forderten", "fordern"), ("gefordert",), "auf", "spoken"),
    (("glaubt", "glauben", "glaubte", "glaubten"), (), "", "spoken"),
    (("führt", "führen", "führte", "führten"), ("geführt",), "aus", "spoken"),
    (("geht", "ging", "gingen"), ("gegangen",), "hervor", "written"),
    (("beschloss", "beschlossen", "beschließt"), ("beschlossen",), "", "statement"),
    (("verglich", "verglichen", "vergleicht"), ("verglichen",), "", "spoken"),
    (("schränkt", "schränkte", "schränkten"), ("eingeschränkt",), "ein", "spoken"),
    (("streicht", "strich", "strichen"), ("gestrichen",), "heraus", "spoken"),
    (("rät", "riet", "rieten"), ("geraten",), "", "spoken"),
    (("besagt", "besagte"), (), "", "written"),
    (("sagt", "sagte", "sagten"), ("zugesagt",), "zu", "spoken"),
    (("sagt", "sagte", "sagten"), ("ausgesagt",), "aus", "spoken"),
    (("greift", "griff", "griffen"), ("angegriffen",), "an", "spoken"),
    (("bietet", "bot", "boten"), ("angeboten",), "an", "spoken"),
    (("weist", "wies", "wiesen"), ("angewiesen",), "an", "spoken"),
    (("kommt", "kam", "kamen"), ("gekommen",), "überein", "statement"),
    # English
    (("says", "said", "say", "told", "tells", "stated", "states", "claimed", "claims", "added", "reported",
      "reports", "wrote", "writes", "announced", "warned", "argued", "insisted", "explained", "confirmed",
      "denied", "denies", "tweeted", "posted", "noted", "asserted", "alleged", "acknowledged", "admitted"),
     (), "", "spoken"),
]
_INSEPARABLE = ("be", "er", "ver", "ent", "zer", "ge", "emp", "miss", "über", "unter", "hinter", "wider")


def _weak_forms(stem: str) -> tuple[set[str], set[str]]:
    e = "e" if stem.endswith(("t", "d", "chn", "gn", "ffn", "tm")) else ""
    finite = {stem + e + "t", stem + "en", stem + e + "te", stem + e + "ten", stem + "e", stem + "n"}
    if stem.endswith(("er", "el")):
        finite |= {stem + "n", stem + "t", stem + "te", stem + "ten"}
    if stem.endswith("ier") or stem.startswith(_INSEPARABLE):
        part = {stem + e + "t"}
    else:
        part = {"ge" + stem + e + "t"}
    return finite, part


CUE_FINITE: dict[str, list[tuple[str, str]]] = {}  # form -> [(particle, medium)]
CUE_PARTICIPLE: dict[str, str] = {}  # participle (incl. particle-joined) -> medium
CUE_JOINED: dict[str, str] = {}  # particle-joined finite forms in verb-final clauses ("mitteilte") -> medium


def _add(finite, parts, particle, medium):
    for f in finite:
        CUE_FINITE.setdefault(f, []).append((particle, medium))
        if particle:
            CUE_JOINED[particle + f] = medium
    for p in parts:
        # A participle may be listed with its particle already ("abgelehnt", "zugesagt"): never join it twice.
        CUE_PARTICIPLE[(particle + p) if particle and not p.startswith(particle) else p] = medium


for _stem, (_particle, _medium) in _WEAK.items():
    if _stem.endswith("_"):
        continue
    _f, _p = _weak_forms(_stem)
    _add(_f, _p, _particle, _medium)
for _finite, _parts, _particle, _medium in _STRONG:
    _add(set(_finite), set(_parts), _particle, _medium)
for _bad in ("mein", "meine", "meinen", "teilen", "teile", "lob", "post", "schätzen", "sehen", "halten", "weisen",
             "geben", "rufen", "heben", "stellen", "machen", "wissen", "denken", "werfen", "nennen", "weise", "gebe",
             "meld", "hoffen", "heißt", "sprechen"):
    # Too ambiguous as bare forms (possessives, nouns, infinitives after modals); kept only with particles.
    if _bad in CUE_FINITE:
        CUE_FINITE[_bad] = [x for x in CUE_FINITE[_bad] if x[0]]
        if not CUE_FINITE[_bad]:
            del CUE_FINITE[_bad]
# Verbs whose bare form is only a cue with a content clause or quote (not reported speech on their own).
NEEDS_CONTENT = {"sieht", "sehen", "sah", "sahen", "hält", "halten", "hielt", "hielten", "glaubt", "glauben",
                 "glaubte", "glaubten", "weiß", "wissen", "wusste", "wussten", "denkt", "dachte", "hofft", "hoffen",
                 "hoffte", "erwartet", "erwarten", "erwartete", "fragt", "fragte", "lautet", "lautete", "meint",
                 "meinte", "schätzt", "schätzte", "bittet", "bat", "nennt", "nannte", "bezeichnete", "bezeichnet",
                 "erinnert", "erinnerte", "verweist", "verwies", "zweifelt", "bezweifelt"}
# Verbs that make a sentence "reported speech" on their own (no content clause): forderte, warnte, kritisierte.
# Low-precision ones (verurteilte, begrüßte, äußerte sich, würdigte, erklärte ... für) need a content clause.
REPORTED_OK = {"abgelehnt", "angekündigt", "appellier", "aufgeforder", "befürcht", "beklag", "bemängel",
               "bestreit", "bestätig", "beton", "dementier", "empfahl", "empfiehlt", "forder", "forderten",
               "fürcht", "gewarn", "kündig", "lehnt", "lehnte", "lob", "mahn",
               "plädier", "pranger", "rief", "ruft", "schlug", "sprach", "spricht", "verkünd", "verlang",
               "vorgeschlagen", "vorgeworf", "warf", "warfen", "warn", "werfen", "wirft"}

# Verbs that report speech on their own only with a marker in the sentence: "bezeichnete X als Y", "sprach von",
# "berichtete über", "nannte als Grund", "verwies auf".
REPORTED_WITH = {"bezeichn": ("als",), "nannt": (), "nenn": ("als",), "bericht": ("von", "vom", "über"),
                 "vergl": ("mit",), "verwies": ("auf",), "verweis": ("auf",), "ausgesproch": ("für", "gegen"),
                 "schrieb": ("von", "über"), "meld": ("von",), "beziffer": ("auf",), "bekannt": (),
                 "gab": ("als",), "gibt": ("als",), "angegeb": ("als",), "geht": ("von",), "gehen": ("von",),
                 "ging": ("von",), "sieht": ("als",), "sah": ("als",), "schätz": ("auf",),
                 "weist": ("auf",), "wies": ("auf",), "weisen": ("auf",),
                 "klagt": ("über",), "klagte": ("über",), "begründ": ("mit",),
                 "regt": ("an",), "attackier": (), "bezichtig": (), "beschuldig": ()}


def reported_ok(word: str, sentence: list[str]) -> bool:
    """True when a cue word makes a sentence reported speech without a content clause."""
    w = word[2:] if word.startswith("ge") and len(word) > 6 else word
    if any(w.startswith(s) or word.startswith(s) for s in REPORTED_OK):
        return True
    for stem, markers in REPORTED_WITH.items():
        if (w.startswith(stem) or word.startswith(stem)) and (not markers or any(m in sentence for m in markers)):
            return True
    return False

SOURCE_NOUNS = {
    "angaben", "angabe", "aussagen", "aussage", "berichten", "bericht", "berichts", "informationen", "information",
    "schätzungen", "schätzung", "einschätzung", "darstellung", "auskunft", "ansicht", "meinung", "überzeugung",
    "erkenntnissen", "worten", "mitteilung", "erklärung", "medienberichten", "polizeiangaben", "zeugenaussagen",
    "ermittlungen", "untersuchungen",
    "augenzeugenberichten", "augenzeugen", "experten", "beobachtern", "umfrage", "studie", "prognose", "prognosen",
    "auffassung", "einschätzungen", "recherchen", "quellen", "kreisen", "sicht", "vermutungen", "zahlen",
    "daten", "schilderungen", "schilderung", "behördenangaben", "regierungsangaben", "militärangaben",
}
# Source nouns that, without an owner, name nobody: "nach ersten Erkenntnissen", "nach bisherigen Angaben" (a study
# or a report without an owner is still a document that says something: "nach einer neuen Studie").
OWNERLESS_HEDGES = {"erkenntnissen", "erkenntnis", "angaben", "informationen", "schätzungen", "schätzung",
                    "einschätzung", "einschätzungen", "darstellung", "vermutungen", "ermittlungen", "vernehmen"}
# Adjectives that say when or how sure, not whose ("nach ersten Erkenntnissen"); "nach russischen Angaben" has an
# owner.
HEDGE_ADJ = {"ersten", "bisherigen", "vorläufigen", "jüngsten", "neuesten", "neuen", "letzten", "aktuellen",
             "übereinstimmenden", "unbestätigten", "weiteren", "vorliegenden", "unterschiedlichen"}
_SOURCE_SUFFIXES = ("angaben", "berichten", "informationen", "ansicht", "bekunden", "einschätzung", "darstellung",
                    "aussagen", "erkenntnissen", "schätzungen", "meinung", "auffassung", "worten", "zählung",
                    "zählungen", "umfragen", "recherchen", "meldungen", "quellen")


def is_source_noun(word: str) -> bool:
    return word in SOURCE_NOUNS or (len(word) > 7 and word.endswith(_SOURCE_SUFFIXES))


# Opinion nouns used with the postposition "nach" ("seiner Meinung nach") or as a source ("nach Ansicht von X").
OPINION_NOUNS = {"meinung", "ansicht", "auffassung", "einschätzung", "überzeugung", "sicht", "worten", "aussage",
                 "aussagen", "angaben", "schätzung", "schätzungen", "darstellung", "erkenntnissen", "einschätzungen",
                 "informationen", "berechnungen", "überzeugungen", "vorstellung", "meinungen", "erachtens",
                 "darstellungen", "vernehmen"}  # "dem Vernehmen nach": hearsay with no owner
# Heads of documents and studies that can be a source after "nach"/"laut" ("nach einer Studie", "nach dem Gesetz").
DOC_HEADS = ("studie", "bericht", "berichten", "berichts", "gesetz", "grundgesetz", "artikel", "umfrage", "analyse",
             "untersuchung", "prognose", "statistik", "mitteilung", "erklärung", "stellungnahme", "urteil",
             "gutachten", "recherchen", "zählung", "schätzung", "rechnung", "berechnungen", "meldungen", "meldung",
             "dokument", "dokumenten", "unterlagen", "protokoll", "papier", "auswertung", "erhebung", "verfassung",
             "vertrag", "aussage", "aussagen", "quellen", "kreisen", "beobachtern", "experten", "ermittlern",
             # results, plans and drafts say what someone found or intends: "nach dem vorläufigen Endergebnis",
             # "nach Planungen des Senats", "nach dem Gesetzentwurf", "nach türkischen Medien"
             "ergebnis", "ergebnissen", "kenntnisstand", "ermittlungsstand", "planungen", "entwurf", "erfahrungen",
             "vorhersage", "vorhersagen", "medien")
ZUFOLGE = {"zufolge", "according"}
# Words that open (or close) a source phrase as its cue: "laut X", "nach Angaben von X", "X zufolge", "according to X".
SOURCE_PREPS = {"laut", "lt.", "gemäß", "nach", "zufolge", "according", "per"}
# Verbs of "sich auf X berufen/beziehen": X is a source the subject cites.
CITE_VERBS = {"bezog", "bezogen", "bezieht", "beziehen", "beruft", "berufen", "berief", "beriefen", "stützt",
              "stützte", "stützten", "stützen"}
# Participles of "sich stützen/berufen auf X" in an aside: "berichtete X, gestützt auf Y, dass ...".
CITE_PARTICIPLES = {"gestützt", "berufend", "bezugnehmend"}
LAUT = {"laut", "lt.", "gemäß"}

MEDIA_WORDS = ("zeitung", "agentur", "sender", "magazin", "blatt", "nachrichten", "fernseh", "rundfunk", "tv",
               "radio", "portal", "journal", "times", "post", "news", "presse", "dpa", "afp", "reuters", "ap",
               "spiegel", "medien", "tagesschau", "kanal", "channel", "kurier", "kuriers", "anzeiger", "rundschau",
               "website", "webseite", "newspaper", "broadcaster", "outlet")
# Names of news media and agencies (a general gazetteer of widely cited outlets, German and international): a
# source so named is a medium, not just an organisation.
MEDIA_NAMES = ("dpa", "afp", "reuters", "ap", "apa", "kna", "epd", "sid", "ddp", "tass", "ria nowosti", "interfax",
               "xinhua", "yonhap", "kcna", "ukrinform", "anadolu", "ard", "zdf", "orf", "srf", "deutschlandfunk",
               "deutsche welle", "tagesschau", "spiegel", "stern", "focus", "zeit", "welt", "bild", "taz", "faz",
               "süddeutsche", "handelsblatt", "tagesspiegel", "rnd", "t-online", "n-tv", "ntv", "rtl", "bbc", "cnn",
               "nbc", "cbs", "abc news", "fox news", "new york times", "washington post", "wall street journal",
               "financial times", "guardian", "times", "le monde", "al jazeera", "bloomberg", "politico", "axios",
               "associated press", "nzz", "der standard", "kurier", "krone")
ORG_WORDS = ("ministerium", "regierung", "behörde", "polizei", "armee", "militär", "partei", "verband", "gericht",
             "staatsanwaltschaft", "bundesanwaltschaft", "unternehmen", "konzern", "firma", "gmbh", " ag", "amt", "verbund",
             "verwaltung", "kommission", "rat", "union", "organisation", "institut", "universität", "bank",
             "geheimdienst", "dienst", "ministry", "government", "police", "agency", "office", "department",
             "service", "brigade", "council", "authority", "authorities",
             "fraktion", "gewerkschaft", "kreml", "weißes haus", "stab", "kommando", "nato", "uno", "un",
             # English bodies (a company, its management or operator; prosecutors speak as the prosecution)
             "company", "operator", "management", "board", "airline", "prosecutors", "prosecution", "ministries")
PERSON_WORDS = ("sprecher", "minister", "präsident", "chef", "kanzler", "leiter", "vorsitzende", "direktor",
                "bürgermeister", "general", "botschafter", "abgeordnete", "trainer", "anwalt", "anwältin", "richter",
                "spokesman", "spokeswoman", "president", "minister", "landrat", "landrätin",
                "lawyer", "attorney", "mayor", "chief", "governor", "executive", "administrator", "chairman",
                "chairwoman", "prosecutor", "judge", "commander", "head", "director", "ambassador", "secretary")
# English plural role nouns that, without a name, are unnamed sources: "two officials familiar with", "officials"
ANON_PLURALS = ("officials", "diplomats", "employees", "workers", "insiders", "aides", "investigators")
DOCUMENT_WORDS = ("dokument", "papier", "bericht", "studie", "schreiben", "brief", "akte", "protokoll",
                  "erklärung", "mitteilung", "urteil", "gutachten", "report", "document")

MEDIUM_CLUES = [
    ("videobotschaft", "video_message"), ("video", "video_message"), ("interview", "interview"),
    ("gespräch mit", "interview"), ("telegram", "social_post"), ("twitter", "social_post"),
    ("kurznachrichtendienst", "social_post"), ("facebook", "social_post"), ("instagram", "social_post"),
    ("auf x ", "social_post"), ("tweet", "social_post"), ("pressemitteilung", "statement"),
    ("mitteilung", "statement"), ("erklärung", "statement"), ("schreiben", "written"), ("brief", "written"),
    ("bericht", "report"), ("pressekonferenz", "spoken"), ("rede", "spoken"),
]

DET = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "einen", "einem", "eines", "kein",
       "keine", "dieser", "diese", "dieses", "diesem", "diesen", "sein", "seine", "seiner", "seinem", "seinen",
       "ihr", "ihre", "ihrer", "ihrem", "ihren", "mehrere", "viele", "einige", "alle", "beide", "zahlreiche",
       "the", "a", "an", "jeder", "jede", "jedes", "manche", "etliche", "weitere", "andere"}
POSSESSIVE = ("sein", "ihr", "mein", "unser", "dein", "euer", "eur")  # "seiner Meinung nach": an owner
PRONOUNS = {"er", "sie", "es", "man", "ich", "wir", "ihr", "he", "she", "they", "we", "i", "dieser", "diese",
            "jener", "beide"}
PREP = {"in", "im", "an", "am", "auf", "aus", "bei", "beim", "mit", "nach", "von", "vom", "vor", "zu", "zum", "zur",
        "über", "unter", "gegen", "gegenüber", "für", "durch", "ohne", "um", "seit", "während", "wegen", "trotz",
        "bis", "ab", "ins", "ans", "aufs", "hinter", "neben", "zwischen", "innerhalb", "außerhalb", "angesichts",
        "on", "in", "at", "to", "from", "with", "by", "for", "after", "before", "laut"}
ADV = {"gestern", "heute", "morgen", "zudem", "auch", "außerdem", "dazu", "dabei", "jedoch", "aber", "ebenfalls",
       "bereits", "nun", "weiter", "später", "zuvor", "damals", "daraufhin", "schließlich", "inzwischen",
       "mittlerweile", "demnach", "noch", "erst", "zunächst", "etwa", "allerdings", "offenbar", "ferner", "hier",
       "dort", "dann", "so", "also", "sogar", "bislang", "bisher", "jetzt", "abends", "morgens", "nachmittags",
       "vormittags", "erneut", "wiederholt", "ausdrücklich", "gleichzeitig", "zugleich", "indes", "indessen",
       "derweil", "unterdessen", "daher", "deshalb", "darum", "trotzdem", "dennoch", "denn", "doch", "nämlich",
       "wohl", "vielmehr", "ebenso", "lediglich", "nur", "schon", "immer", "stets", "kürzlich", "jüngst",
       "vergangene", "vergangenen", "letzte", "letzten", "nicht", "nie", "insbesondere", "zwar", "zuletzt",
       "sinngemäß", "besorgt", "gerade", "ebenso", "einmal", "anschließend", "kurz", "also", "too", "later",
       "again",
       # Vorfeld adverbs that look like nouns at a sentence start ("Insgesamt spricht die Polizei von ...",
       # "Offiziell sagt die Regierung ...": the subject follows the verb).
       "insgesamt", "zuerst", "offiziell", "vorerst", "einerseits", "andererseits", "aktuell", "derzeit", "hinzu",
       "besonders", "sehr", "seinerzeit", "anfangs", "momentan", "zurzeit", "inoffiziell", "generell",
       "grundsätzlich", "zusätzlich", "überdies", "ohnehin", "bekanntlich", "übrigens", "wörtlich", "weiterhin",
       "erstmals", "nunmehr", "seinerseits", "ihrerseits", "dagegen", "hingegen", "demgegenüber", "stattdessen",
       "somit", "jedenfalls", "immerhin", "mehrfach", "vielfach", "gleichwohl", "wiederum", "einzig"}
_PRONOMINAL_ADV = ("an", "auf", "aus", "bei", "durch", "für", "gegen", "hinter", "in", "mit", "nach", "neben",
                   "über", "um", "unter", "von", "vor", "zu", "zwischen", "rin", "ran", "rauf", "raus", "rüber")


def is_adverb(word: str) -> bool:
    """Adverbs by list or form: "dafür", "hierzu", "womit", "überraschend", "glücklicherweise", "damals"."""
    w = word.lower()
    if w in ADV:
        return True
    for p in ("dar", "da", "hier", "wo"):
        if w.startswith(p) and w[len(p):] in _PRONOMINAL_ADV:
            return True
    return len(w) > 5 and w.endswith(("weise", "mals", "dings", "falls", "wärts", "lich", "end", "ig")) and \
        not w.endswith(("ministerium", "verband", "abend", "jugend"))


# Words before ", dass" that make it no reported content ("so dass", "dafür, dass", "die Tatsache, dass").
DASS_BLOCK = {"so", "ohne", "als", "statt", "anstatt", "dafür", "dazu", "daran", "darauf", "davon", "damit",
              "darüber", "dadurch", "darin", "es", "tatsache", "umstand", "möglichkeit", "mal", "voraussetzung",
              "bedingung", "vorteil", "nachteil", "folge", "ergebnis", "grund", "dank", "sodass", "soweit", "derart",
              "dermaßen", "insofern", "insoweit", "zufolge", "vorausgesetzt", "angesichts", "wichtig", "nötig",
              "notwendig", "möglich", "unmöglich", "zeit", "gefahr", "risiko", "chance"}
SPEECH_NOUN_HEADS = ("forderung", "vorwurf", "vorwürfe", "behauptung", "aussage", "ankündigung", "warnung", "hinweis",
                     "meinung", "auffassung", "ansicht", "überzeugung", "erklärung", "befürchtung", "hoffnung",
                     "einschätzung", "kritik", "vermutung", "verdacht", "these", "theorie", "mitteilung", "angabe",
                     "angaben", "bericht", "berichte", "meldung", "meldungen", "gerücht", "gerüchte", "zusage",
                     "versprechen", "zusicherung", "drohung", "beteuerung", "bestätigung", "information", "erkenntnis",
                     "spekulation", "spekulationen", "sorge", "sorgen", "annahme", "eindruck", "standpunkt", "position",
                     "argument", "begründung", "appell", "aufforderung", "anschuldigung", "beschuldigung", "beschwerde",
                     "vorschlag", "empfehlung", "prognose", "schätzung", "feststellung", "klarstellung", "kommentar",
                     "interpretation", "darstellung", "zweifel", "bedenken", "verdächtigung", "unterstellung",
                     "dementi", "ansage", "botschaft", "nachricht", "nachrichten", "hinweise", "zitat")


def is_speech_noun(word: str) -> bool:
    """Nouns that report speech or opinion and take a dass-clause: "die Forderung, dass", "der Vorwurf, dass"."""
    w = word.lower()
    return w.endswith(SPEECH_NOUN_HEADS) and w not in DASS_BLOCK


WEEKDAYS = {"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "sonnabend",
            "wochenende", "abend", "morgen", "mittag", "nachmittag", "vormittag", "rande", "anfang", "ende",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
# time nouns that with "letzte", "vergangene", "diese" ... form an adverbial, never a speaker ("erklärte letzte Woche")
TIME_NOUNS = WEEKDAYS | {"woche", "wochen", "monat", "monats", "monate", "monaten", "jahr", "jahres", "jahre", "jahren",
                         "tag", "tages", "tage", "tagen", "stunde", "stunden", "minuten", "nacht", "sommer", "herbst",
                         "winter", "frühjahr", "week", "weeks", "month", "months", "year", "years", "hours", "days"}
TIME_DETERMINERS = {"diese", "dieser", "diesen", "dieses", "jeden", "jede", "jedes", "kommende", "kommenden",
                    "nächste", "nächsten", "last", "this", "next"}
CONJ_CLAUSE = {"dass", "daß", "ob", "wie", "wer", "was", "warum", "weshalb", "wieso", "wann", "wo", "woher",
               "wohin", "welche", "welcher", "welches", "inwieweit", "that", "whether", "if"}
SUBORD = {"weil", "da", "wenn", "obwohl", "nachdem", "bevor", "als", "während", "damit", "sodass", "falls",
          "indem", "seit", "seitdem", "sofern", "because", "when", "while", "although", "after", "before"}
AUX_FINITE = {"hat", "hatte", "haben", "hatten", "hätte", "hätten", "ist", "war", "sind", "waren", "wird", "wurde",
              "werden", "wurden", "habe", "sei", "seien", "würde", "würden", "soll", "sollen", "sollte", "will",
              "wollte", "kann", "konnte", "könne", "muss", "musste", "has", "had", "have", "was", "were", "is",
              "are"}
# Verbs that close a source clause "Wie X ergab/hervorgeht, ..." without being speech verbs elsewhere.
WIE_SOURCE_VERBS = {"ergab", "ergaben", "ergibt", "ergeben", "hervorgeht", "hervorging", "hervorgingen", "zeigte",
                    "zeigt", "zeigen", "zeigten", "verlautete", "verlautet", "hieß", "heißt", "herausfand",
                    "herausfanden", "feststellte", "feststellten", "bekanntwurde"}
# Words after the comma that start no main clause of a preceding wie-clause (conjunctions, articles, relatives).
WIE_NOT_MAIN = {"und", "oder", "aber", "sondern", "der", "die", "das", "den", "dem", "des", "welche", "welcher",
                "welches", "so", "wie", "als", "sowie", "bzw", "etwa", "also"}
# Speech verbs that take a plain main clause as content: "Er sagte, der Ausbau soll privat finanziert werden."
SAY_V2 = {"sagte", "sagten", "sagt", "erklärte", "erklärten", "erklärt", "teilte", "teilten", "teilt", "gab", "gaben",
          "berichtete", "berichteten", "berichtet", "betonte", "betonten", "betont", "bestätigte", "bestätigten",
          "bestätigt", "meldete", "meldeten", "meldet", "fügte", "fügt", "ergänzte", "ergänzt", "schrieb", "schreibt",
          "sagen", "erklären", "berichten", "melden", "gesagt", "erklärt", "mitgeteilt", "bekannt", "berichtet",
          "bekanntgegeben", "verkündete", "verkündet", "räumte", "räumt", "stellte", "stellt", "versicherte"}
