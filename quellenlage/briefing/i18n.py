"""Interface text of the HTML report and the web app, German and English side by side."""
from __future__ import annotations

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
}

JS_KEYS = ("close", "boilerplate", "outlet", "published", "source", "language", "status_unverified")


def text(key: str, lang: str) -> str:
    de, en = STRINGS.get(key, (key, key))
    return en if lang == "en" else de


def js_strings() -> dict[str, dict[str, str]]:
    return {lang: {k: text(k, lang) for k in JS_KEYS} for lang in LANGS}
