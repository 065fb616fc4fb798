"""Interface text of the HTML report and the web app, German and English side by side."""
from __future__ import annotations

import re

LANGS = ("de", "en")

STRINGS: dict[str, tuple[str, str]] = {
    # key: (de, en)
    "title": ("Quellenlage – Lagebild", "Quellenlage – briefing"),
    "overview": ("Überblick", "Overview"),
    "summary": ("Zusammenfassung (wörtliche Auszüge)", "Summary (extracts, verbatim)"),
    "summary_note": (
        "Jede Zeile ist ein wörtlicher Auszug aus einem Artikel, nichts ist generiert. Klick öffnet die Stelle.",
        "Every line is a verbatim extract from an article; nothing is generated. Click to open the passage.",
    ),
    "stories": ("Geschichten", "Stories"),
    "story": ("Geschichte", "Story"),
    "articles": ("Artikel", "Articles"),
    "article": ("Artikel", "Article"),
    "outlets": ("Medien", "Outlets"),
    "outlet": ("Medium", "Outlet"),
    "claim_groups": ("Behauptungen", "Claims"),
    "claims_note": (
        "Gleichlautende Behauptungen aus allen Artikeln, mit Status und Zahl unabhängiger Ursprünge.",
        "Matching claims across all articles, with status and the number of independent origins.",
    ),
    "origins": ("Ursprünge", "Origins"),
    "origin": ("Ursprung", "Origin"),
    "independent_origins": ("unabhängige Ursprünge", "independent origins"),
    "first_reporter": ("zuerst berichtet von", "first reported by"),
    "denied_by": ("bestritten von", "denied by"),
    "members": ("Belege", "Evidence"),
    "matrix": ("Medien × Behauptungen", "Outlets × claims"),
    "matrix_note": (
        "● stützt · ◐ relativiert · ○ berichtet · ✕ bestreitet. Klick öffnet die Stelle.",
        "● supports · ◐ hedges · ○ reports · ✕ denies. Click to open the passage.",
    ),
    "graph": ("Quellenketten", "Source chains"),
    "graph_note": (
        "Wie jedes Medium seine Ursprünge erreicht: Medium → zitierte Quellen → Ursprung. Linienstärke = Zahl der Behauptungen.",
        "How each outlet reaches its origins: outlet → cited sources → origin. Line width = number of claims.",
    ),
    "graph_empty": ("Keine Quellenketten gefunden.", "No source chains found."),
    "col_outlet": ("Medium", "Outlet"),
    "col_cited": ("zitierte Quellen", "cited sources"),
    "col_origin": ("Ursprung", "Origin"),
    "more": ("weitere", "more"),
    "figures": ("Zahlen", "Figures"),
    "figures_note": ("Widersprüchliche Zahlen sind rot markiert.", "Conflicting figures are marked red."),
    "counts": ("zählt", "counts"),
    "verdict": ("Befund", "Verdict"),
    "verdict_agree": ("stimmen überein", "agree"),
    "verdict_compatible": ("vereinbar", "compatible"),
    "verdict_conflict": ("Widerspruch", "conflict"),
    "value": ("Wert", "Value"),
    "denials": ("Dementis", "Denials"),
    "actor": ("Wer", "Who"),
    "denial": ("Dementi", "Denial"),
    "non_denials": ("Kein Dementi (Dementi verneint)", "Non-denials (a denial negated)"),
    "non_denial": ("kein Dementi", "non-denial"),
    "target": ("bestreitet", "denies"),
    "timeline": ("Zeitleiste", "Timeline"),
    "when": ("Wann", "When"),
    "what": ("Was", "What"),
    "entities": ("Beteiligte", "Entities"),
    "name": ("Name", "Name"),
    "type": ("Typ", "Type"),
    "aliases": ("Schreibweisen", "Aliases"),
    "attributes": ("Angaben", "Attributes"),
    "inputs": ("Eingaben", "Inputs"),
    "copies": ("Kopien und Übersetzungen (nicht unabhängig)", "Copies and translations (not independent)"),
    "copy_near_duplicate": ("fast gleich mit", "near-duplicate of"),
    "copy_contained": ("übernimmt Passagen aus", "reuses passages of"),
    "copy_translation": ("Übersetzung von", "translation of"),
    "reused": ("übernommen", "reused"),
    "source": ("Quelle", "Source"),
    "status": ("Status", "Status"),
    "message": ("Meldung", "Message"),
    "title_col": ("Titel", "Title"),
    "published": ("erschienen", "published"),
    "language": ("Sprache", "Language"),
    "boilerplate": ("Textbausteine", "Boilerplate"),
    "none": ("keine", "none"),
    "close": ("Schließen", "Close"),
    "generated": ("erstellt", "generated"),
    "not_fact": (
        "Alles hier ist maschinell aus den Artikeln extrahiert und verweist auf die genaue Textstelle. "
        "Nichts davon ist als Tatsache geprüft.",
        "Everything here is machine-extracted from the articles and points to the exact passage. "
        "None of it is verified as fact.",
    ),
    "status_corroborated": ("bestätigt", "corroborated"),
    "status_single_origin": ("ein Ursprung", "single origin"),
    "status_contested": ("umstritten", "contested"),
    "status_denied": ("dementiert", "denied"),
    "status_unverified": ("unbestätigt", "unverified"),
    "status_unattributed": ("ohne Quelle", "unattributed"),
    "status_not_determined": ("nicht bestimmt", "not determined"),
    "unattributed_by": ("ohne Quellenangabe berichtet von", "stated without a source by"),
    "stance_supports": ("stützt", "supports"),
    "stance_hedges": ("relativiert", "hedges"),
    "stance_denies": ("bestreitet", "denies"),
    "stance_reports": ("berichtet", "reports"),
    "input_ok": ("ok", "ok"),
    "input_error": ("Fehler", "error"),
    "input_duplicate": ("Duplikat", "duplicate"),
    "empty": ("Nichts gefunden.", "Nothing found."),
    "chain": ("Quellenkette", "Source chain"),
    "shown": ("gezeigt", "shown"),
    "of": ("von", "of"),
    # web app
    "add": ("Artikel hinzufügen", "Add articles"),
    "upload": ("Dateien hochladen", "Upload files"),
    "paste": ("Text einfügen", "Paste text"),
    "submit": ("Hinzufügen", "Add"),
    "search": ("Suche", "Search"),
    "search_ph": ("Behauptungen und Beteiligte durchsuchen", "Search claims and entities"),
    "all_stories": ("Alle Geschichten", "All stories"),
    "open_briefing": ("Lagebild öffnen", "Open briefing"),
    "results": ("Ergebnisse", "Results"),
    "claims": ("Behauptungen", "Claims"),
    "api": ("JSON-API", "JSON API"),
    "no_stories": ("Noch keine Artikel im Speicher.", "No articles in the store yet."),
    "added": ("Ergebnis", "Result"),
    # analysis jobs (web app)
    "job": ("Auftrag", "Job"),
    "job_queued": ("in der Warteschlange", "queued"),
    "job_running": ("wird analysiert", "being analysed"),
    "job_done": ("fertig", "done"),
    "job_error": ("fehlgeschlagen", "failed"),
    "job_note": ("Die Texte werden im Hintergrund analysiert, das dauert einige Sekunden je Artikel. "
                 "Diese Seite aktualisiert sich von selbst.",
                 "The texts are analysed in the background; this takes a few seconds per article. "
                 "This page refreshes itself."),
    "job_ahead": ("Aufträge davor", "jobs ahead"),
    "job_status": ("Status des Auftrags", "Job status"),
    "job_json": ("als JSON", "as JSON"),
    # article, entity and search pages
    "open_article": ("Artikel lesen", "Read the article"),
    "in_story": ("in der Geschichte", "in the story"),
    "claim_group": ("Behauptungsgruppe", "Claim group"),
    "quotes": ("Zitate und Aussagen", "Quotes and statements"),
    "quote": ("Zitat", "Quote"),
    "speaker": ("Sprecher", "Speaker"),
    "legend": ("Markiert", "Marked"),
    "mark_mention": ("Beteiligte", "entities"),
    "mark_claim": ("Behauptungen", "claims"),
    "mark_quote": ("Zitate und Zuschreibungen", "quotes and attributions"),
    "mark_figure": ("Zahlen", "figures"),
    "mark_time": ("Zeitangaben", "time expressions"),
    "no_group": ("in keiner Gruppe", "in no group"),
    "headline": ("Überschrift", "headline"),
    "entity": ("Beteiligter", "Entity"),
    "claims_by": ("Behauptungen mit dieser Quelle", "Claims sourced to it"),
    "claims_about": ("Behauptungen über", "Claims about it"),
    "quotes_by": ("Zitate und Aussagen von", "Quotes and statements by it"),
    "denials_by": ("Dementis von", "Denials by it"),
    "denials_about": ("Dementis, die es betreffen", "Denials concerning it"),
    "figures_about": ("Zahlen in diesen Aussagen", "Figures in these statements"),
    "mentions": ("Erwähnungen", "Mentions"),
    "matched_as": ("gefunden als", "matched as"),
    "search_note": (
        "Namen werden auch in anderer Schreibweise gefunden (Peskow / Peskov, Selensky / Selenskyj).",
        "Names are found in other spellings too (Peskow / Peskov, Selensky / Selenskyj).",
    ),
    "not_found": ("Nicht gefunden.", "Not found."),
    "unknown_outlet": ("unbekanntes Medium", "unknown outlet"),
    "notes": ("Hinweise", "Notes"),
    "cert_asserted": ("behauptet", "asserted"),
    "cert_reported": ("mit Quelle berichtet", "reported"),
    "cert_hedged": ("relativiert", "hedged"),
    "cert_unverified": ("unbestätigt", "unverified"),
    "cert_speculative": ("spekulativ", "speculative"),
    "pol_affirmed": ("bejaht", "affirmed"),
    "pol_negated": ("verneint", "negated"),
    "pol_denied": ("bestritten", "denied"),
    "attr_direct": ("direkt", "direct"),
    "attr_indirect": ("indirekt", "indirect"),
    "attr_reported": ("berichtet", "reported"),
    "attr_free_indirect": ("frei indirekt", "free indirect"),
    "attr_source_phrase": ("Quellenangabe", "source phrase"),
    "attr_mixed": ("gemischt", "mixed"),
    # the "add URL" form (web/fetch_routes.py)
    "fetch_title": ("Artikel aus dem Netz abrufen", "Fetch articles from the web"),
    "fetch_help": ("Eine URL pro Zeile: Artikelseiten oder RSS-/Atom-Feeds (jeder Eintrag eines Feeds wird als "
                   "Artikel abgerufen). robots.txt wird beachtet; Zeit, Größe und Weiterleitungen sind begrenzt.",
                   "One URL per line: article pages or RSS/Atom feeds (each item of a feed is fetched as an article). "
                   "robots.txt is respected; time, size and redirects are limited."),
    "fetch_urls": ("URLs", "URLs"),
    "fetch_submit": ("Abrufen", "Fetch"),
    "fetch_off": ("Abrufen aus dem Netz ist ausgeschaltet. Die App ruft nur etwas ab, wenn sie mit "
                  "„quellenlage serve --allow-network“ gestartet wurde.",
                  "Fetching from the network is switched off. The app fetches only when it was started with "
                  "“quellenlage serve --allow-network”."),
    "fetch_none": ("Keine URL angegeben.", "No URL given."),
    "fetch_too_many": ("Höchstens 20 URLs auf einmal; die übrigen wurden nicht abgerufen.",
                       "At most 20 URLs at once; the rest were not fetched."),
}

# What went wrong with an input, by its error kind, in words a reader of either language uses.
ERROR_KINDS: dict[str, tuple[str, str]] = {
    "empty": ("leer", "empty"),
    "binary": ("Binärdatei", "binary file"),
    "undecodable": ("Zeichenkodierung nicht lesbar", "undecodable"),
    "unsupported": ("Dateityp nicht unterstützt", "unsupported file type"),
    "too_large": ("zu groß", "too large"),
    "too_long": ("Text zu lang", "text too long"),
    "no_text": ("kein Artikeltext", "no article text"),
    "bad_json": ("fehlerhaftes JSON", "bad JSON"),
    "bad_html": ("fehlerhaftes HTML", "bad HTML"),
    "bad_front_matter": ("fehlerhafte Kopfdaten (YAML)", "bad front matter (YAML)"),
    "bad_metadata": ("fehlerhafte Metadaten-Datei", "bad metadata file"),
    "read_error": ("nicht lesbar", "could not be read"),
    "special_file": ("keine normale Datei", "not a regular file"),
    "not_found": ("nicht gefunden", "not found"),
    "skipped": ("übersprungen", "skipped"),
    "reader_unavailable": ("Leser nicht verfügbar", "reader unavailable"),
    "internal_error": ("interner Fehler", "internal error"),
    # fetching (quellenlage.fetch)
    "bad_url": ("ungültige URL", "invalid URL"),
    "scheme_refused": ("nur http/https", "http/https only"),
    "dns_error": ("Host nicht gefunden", "host not found"),
    "address_refused": ("Adresse nicht erlaubt", "address refused"),
    "timeout": ("Zeitüberschreitung", "timed out"),
    "connection_error": ("Verbindung fehlgeschlagen", "connection failed"),
    "tls_error": ("TLS-Fehler", "TLS error"),
    "too_many_redirects": ("zu viele Weiterleitungen", "too many redirects"),
    "bad_redirect": ("fehlerhafte Weiterleitung", "bad redirect"),
    "robots_disallowed": ("von robots.txt untersagt", "disallowed by robots.txt"),
    "robots_unavailable": ("robots.txt nicht lesbar", "robots.txt unavailable"),
    "http_error": ("HTTP-Fehler", "HTTP error"),
    "not_html": ("keine HTML-Seite", "not an HTML page"),
    "extraction_empty": ("kein Artikeltext", "no article text"),
    "empty_feed": ("leerer Feed", "empty feed"),
    "no_link": ("Eintrag ohne Link", "item without a link"),
}

# Recorded messages (English, from ingest and store) and how a German page says them: (pattern, German).
_MESSAGES_DE: list[tuple[str, str]] = [
    (r"already stored as (?P<x>\S+)", "bereits gespeichert als {x}"),
    (r"same text as (?P<x>\S+); analysed once", "gleicher Text wie {x}; nur einmal analysiert"),
    (r"unsupported file type '?(?P<x>[^' ]*)'?.*", "Dateityp {x} wird nicht unterstützt"),
    (r".*over the limit of (?P<n>[\d,.]+) bytes", "über der Grenze von {n} Bytes"),
    (r"no text given", "kein Text angegeben"),
    (r"no text", "kein Text"),
    (r"the input is empty.*", "die Eingabe ist leer"),
    (r"the input holds no (visible )?text.*", "die Eingabe enthält keinen sichtbaren Text"),
    (r"the input looks like a binary file.*", "die Eingabe ist eine Binärdatei, kein Text"),
    (r"the bytes are .*", "die Zeichenkodierung ließ sich nicht bestimmen"),
    (r"the text has (?P<n>[\d,.]+) characters.*", "der Text hat {n} Zeichen, mehr als ein Artikel haben darf"),
    (r"no article text could be extracted from the HTML|the HTML holds no article text",
     "aus dem HTML ließ sich kein Artikeltext gewinnen"),
    (r"the HTML .*", "das HTML ließ sich nicht lesen"),
    (r"the Markdown file holds front matter but no article text", "die Markdown-Datei enthält keinen Artikeltext"),
    (r"YAML front matter .*", "die YAML-Kopfdaten ließen sich nicht lesen"),
    (r"metadata file .*", "die Metadaten-Datei ließ sich nicht lesen"),
    (r"the JSONL file holds no lines with content", "die JSONL-Datei enthält keine Zeilen mit Inhalt"),
    (r"line (?P<x>\d+): .*", "Zeile {x}: kein lesbarer Artikel"),
    (r"no such file or folder.*", "Datei oder Ordner nicht gefunden"),
    (r"cannot .*|the file could not be read.*", "die Datei ließ sich nicht lesen"),
    (r"hidden .*", "versteckte Datei, nicht gelesen"),
    (r"the folder holds no files", "der Ordner enthält keine Dateien"),
    (r".*only regular files are read|a symbolic link.*", "keine normale Datei; nur normale Dateien werden gelesen"),
    (r"(?P<x>\w+) stage failed: .*", "Analyseschritt {x} fehlgeschlagen"),
    (r"(?P<x>\w+): invalid characters[^;]*", "Feld {x}: ungültige Zeichen ersetzt"),
    (r"(?P<x>\w+): [^;]*(; ignored)?", "Feld {x}: ungültiger Wert, ignoriert"),
]
_PATH = re.compile(r"(?<![\w:/])(?:[A-Za-z]:)?(?:[\\/][^\s\\/:'\"<>]+){2,}[\\/]?")  # two parts at least

JS_KEYS = ("close", "boilerplate", "outlet", "published", "source", "language", "status_unverified")


def text(key: str, lang: str) -> str:
    de, en = STRINGS.get(key, (key, key))
    return en if lang == "en" else de


def js_strings() -> dict[str, dict[str, str]]:
    return {lang: {k: text(k, lang) for k in JS_KEYS} for lang in LANGS}


def scrub_paths(message: str) -> str:
    """A message with every file path cut to its last part (no server paths on a page)."""
    return _PATH.sub(lambda m: m.group(0).rstrip("\\/").replace("\\", "/").rsplit("/", 1)[-1], message)


def error_kind(kind: str | None, lang: str) -> str:
    if not kind:
        return ""
    de, en = ERROR_KINDS.get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
    return en if lang == "en" else de


def _message_de(part: str) -> str | None:
    for pattern, german in _MESSAGES_DE:
        m = re.fullmatch(pattern, part.strip(), flags=re.S)
        if m:
            # {n}: a number written the English way ("4,096"), shown the German way ("4.096")
            values = {k: scrub_paths(v).replace(",", ".") if k == "n" else scrub_paths(v)
                      for k, v in m.groupdict().items() if v is not None}
            return german.format(**values)
    return None


def message(text: str | None, kind: str | None = None) -> tuple[str, str]:
    """(German, English) of a recorded status note or error message. The English is the record's own text
    without paths; the German is its translation, part by part, else what the error kind says."""
    if not text:
        return error_kind(kind, "de"), error_kind(kind, "en")
    en = scrub_paths(" ".join(text.split()))
    whole = _message_de(en)
    if whole is not None:
        return whole, en
    parts = [_message_de(p) for p in re.split(r"; (?=[\w ]+: )", en)]
    if all(p is not None for p in parts):
        return "; ".join(parts), en
    return error_kind(kind, "de") or "Hinweis (nur englisch verfügbar)", en
