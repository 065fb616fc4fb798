"""Copies by passage reuse: shortened, updated and near-identical copies; shared quotes are not copies."""
from datetime import datetime

import pytest

from quellenlage.crossdoc.copies import near_duplicates
from quellenlage.encoder.fingerprint import fingerprint
from quellenlage.model import Article, FlaggedSpan

P1 = ("Im Hafen von Lorvik ist am Montagabend ein Frachter mit einer Kaimauer kollidiert. Nach Angaben der "
      "Hafenbehörde wurde niemand verletzt, die Besatzung konnte das Schiff selbst verlassen.")
P2 = ("Der Schaden an der Mauer wird auf mehrere Millionen Euro geschätzt. Ein Teil des Kais bleibt bis auf "
      "Weiteres gesperrt, Fähren weichen auf den Nordanleger aus.")
P3 = ("Die Ermittler prüfen, ob ein technischer Defekt an der Steuerung die Ursache war. Der Kapitän wurde noch "
      "in der Nacht befragt und soll am Mittwoch erneut aussagen.")
P4 = ("Anwohner berichteten von einem lauten Knall gegen 21 Uhr. Mehrere Boote der Wasserschutzpolizei sicherten "
      "die Unfallstelle bis in die frühen Morgenstunden.")
P5 = ("Für die Werften der Region kommt der Unfall zur Unzeit: Erst im Frühjahr war der Kai für zwölf Millionen "
      "Euro saniert worden, die Arbeiten hatten fast zwei Jahre gedauert.")
ORIGINAL = "\n\n".join([P1, P2, P3, P4, P5])

QUOTE = ("„Wir werden jeden Stein umdrehen, bis wir wissen, was in dieser Nacht auf der Brücke geschehen ist“, "
         "sagte die Ministerin.")


def art(aid: str, text: str, day: int | None, outlet: str, flagged=()) -> Article:
    return Article(id=aid, source=f"{aid}.txt", outlet=outlet, text=text, language="de", flagged=list(flagged),
                   published=datetime(2026, 3, day, 9, 0) if day else None)


def other_story() -> Article:
    return art("other", "Der Stadtrat von Brelow hat am Dienstag einen neuen Haushalt beschlossen. Die Opposition "
               "stimmte dagegen und kritisierte fehlende Investitionen in Schulen, Radwege und den Nahverkehr. "
               "Der Kämmerer verteidigte die Pläne als solide.", 1, "Blatt")


def links_of(articles):
    return {c.article_id: c for c in near_duplicates(articles, fingerprints=[fingerprint(a) for a in articles])}


def test_shortened_copy_is_contained_in_the_original_and_its_passages_are_the_reused_lead():
    orig = art("orig", ORIGINAL, 1, "Agentur")
    short = art("short", "Frachter rammt Kaimauer\n\n" + P1 + " " + P2, 2, "Portal")
    links = links_of([short, orig, other_story()])
    assert set(links) == {"short"}
    c = links["short"]
    assert (c.copy_of, c.kind) == ("orig", "contained")
    assert c.containment >= 0.9 and c.similarity < 0.5  # whole-text Jaccard alone would miss it
    # the passages are spans of the copy: the reused paragraphs, not its own headline
    assert all(p.article_id == "short" and short.text[p.start:p.end] == p.text for p in c.passages)
    joined = " ".join(p.text for p in c.passages)
    assert "Frachter mit einer Kaimauer kollidiert" in joined and "Nordanleger aus" in joined
    assert "rammt" not in joined


def test_updated_copy_points_to_the_earlier_original():
    orig = art("orig", "\n\n".join([P1, P2, P3]), 1, "Agentur")
    update = art("update", "\n\n".join([P1, P2, P3, P4, P5]) + "\n\nUpdate: Am Dienstag wurde der Kai wieder freigegeben.",
                 3, "Portal")
    c = links_of([update, orig])["update"]
    assert (c.copy_of, c.kind) == ("orig", "contained")
    assert c.containment >= 0.9
    # the later, longer article is the copy: its passages cover the original paragraphs, not the new ones
    assert any("Steuerung die Ursache war" in p.text for p in c.passages)
    assert not any("freigegeben" in p.text or "Werften" in p.text for p in c.passages)


def test_near_identical_copy_with_an_edited_word_is_one_passage():
    orig = art("orig", ORIGINAL, 1, "Agentur")
    copy = art("copy", ORIGINAL.replace("Montagabend", "Montag") + " Mehr in Kürze.", 2, "Portal")
    c = links_of([copy, orig])["copy"]
    assert (c.copy_of, c.kind) == ("orig", "near_duplicate")
    assert c.similarity > 0.8
    # the changed word does not split the first paragraph's passage
    assert c.passages[0].text.startswith("Im Hafen von Lorvik ist am Montag ein Frachter")


def test_undated_copies_point_from_the_shorter_text():
    orig = art("orig", ORIGINAL, None, "Agentur")
    short = art("short", P1 + " " + P2 + " " + P3, None, "Portal")
    assert links_of([short, orig])["short"].copy_of == "orig"
    assert links_of([orig, short])["short"].copy_of == "orig"


def test_two_articles_quoting_the_same_statement_are_not_copies():
    a = art("a", "Nach der Havarie eines Frachters vor Lorvik hat das Verkehrsministerium eine Untersuchung "
            "angekündigt. " + QUOTE + " Die Opposition fordert zusätzlich einen Untersuchungsausschuss im Landtag "
            "und wirft der Behörde vor, Warnungen der Lotsen ignoriert zu haben.", 1, "Blatt")
    b = art("b", QUOTE + " Mit diesen Worten trat sie am Dienstag vor die Presse in der Hauptstadt. Zuvor hatten "
            "Lotsen und Reeder über Wochen mehr Personal in der Verkehrszentrale verlangt, bisher ohne Erfolg. "
            "Der Hafenverband begrüßte die Ankündigung vorsichtig.", 2, "Portal")
    assert links_of([a, b]) == {}


def test_shared_boilerplate_is_not_a_copy_when_flagged():
    footer = (" Dieser Artikel erscheint im Rahmen unseres Küstenangebots. Alle Inhalte sind urheberrechtlich "
              "geschützt, eine Weitergabe ist nur mit schriftlicher Genehmigung des Verlags erlaubt. Abonnieren Sie "
              "unseren Newsletter für tägliche Meldungen aus dem Norden.")
    t1 = "Der Stadtrat von Brelow hat einen Haushalt beschlossen." + footer
    t2 = "In Kessingen ist eine Lagerhalle abgebrannt, verletzt wurde niemand." + footer

    def flagged(aid, text, day):
        s = text.index(footer)
        return art(aid, text, day, "Blatt", [FlaggedSpan(article_id=aid, start=s, end=len(text),
                                                        text=text[s:], reason="other")])
    assert links_of([flagged("x", t1, 1), flagged("y", t2, 2)]) == {}
    # unflagged, the two short texts are mostly the same footer: that is reuse, found as such
    assert set(links_of([art("x", t1, 1, "Blatt"), art("y", t2, 2, "Blatt")])) == {"y"}


def test_copies_are_found_without_stored_fingerprints():
    orig = art("orig", ORIGINAL, 1, "Agentur")
    short = art("short", P3 + " " + P4 + " " + P5, 2, "Portal")
    links = near_duplicates([orig, short])
    assert [(c.article_id, c.copy_of, c.kind) for c in links] == [("short", "orig", "contained")]


def test_briefing_shows_the_reused_passages_of_a_copy():
    from datetime import timezone

    from quellenlage.briefing.html import render as render_html
    from quellenlage.briefing.markdown import render as render_md
    from quellenlage.model import Briefing

    orig = art("orig", ORIGINAL, 1, "Agentur")
    short = art("short", "Frachter rammt Kaimauer\n\n" + P1 + " " + P2, 2, "Portal")
    copies = near_duplicates([orig, short])
    b = Briefing(generated_at=datetime(2026, 3, 3, tzinfo=timezone.utc), articles=[orig, short], copies=copies)
    p = copies[0].passages[0]
    md = render_md(b)
    assert "Portal (`short`) reuses passages of Agentur (`orig`)" in md and "94% of the shorter text reused" in md
    assert f"[short:{p.start}-{p.end}]" in md and "reused: „Im Hafen von Lorvik" in md
    page = render_html(b)
    assert f'data-ref="short:{p.start}:{p.end}"' in page and "ql-copy-passage" in page


# ---------------------------------------------------------------- translations and rewrites into another language

DE_AGENCY = ("Wendrich (nwa) – Wegen Rissen in einem Stützpfeiler hat die Stadt Wendrich die Lahnbrücke für den "
             "gesamten Verkehr gesperrt. Das teilte Baudezernentin Miriam Kolbe am Montag mit. Bei einer "
             "Routineprüfung seien drei Risse von bis zu 40 Zentimetern Länge entdeckt worden. Täglich überqueren "
             "rund 18.000 Fahrzeuge die Brücke. Die Sperrung soll mindestens sechs Wochen dauern, sagte Kolbe. "
             "Busse werden über die Nordumgehung umgeleitet. Der Fahrgastverband kritisierte, die Stadt habe "
             "frühere Warnungen ignoriert.")
EN_TRANSLATION = ("WENDRICH, Germany – The town of Wendrich has closed the Lahn bridge to all traffic because of "
                  "cracks in a supporting pier, building commissioner Miriam Kolbe said on Monday. Three cracks up to "
                  "40 centimetres long were found during a routine inspection. About 18,000 vehicles cross the bridge "
                  "every day. The closure will last at least six weeks, Kolbe said. Buses will be diverted via the "
                  "northern bypass. A passenger association said the town had ignored earlier warnings.")
# a rewrite: two sentences merged, one moved, the critic dropped
EN_REWRITE = ("The Lahn bridge in the German town of Wendrich has been closed after inspectors found three cracks up "
              "to 40 centimetres long in a supporting pier, building commissioner Miriam Kolbe said on Monday. The "
              "closure will last at least six weeks. Buses are being diverted via the northern bypass. Around 18,000 "
              "vehicles a day use the bridge.")
# the same event from the outlet's own sources
EN_OWN_SOURCES = ("Engineers in Wendrich are racing to assess a cracked pier of the Lahn bridge, which has been closed "
                  "since Monday. \"We saw the first damage in January,\" a structural engineer involved in the "
                  "inspection told the Lahn Observer. The town's building commissioner Miriam Kolbe said the bridge "
                  "would stay closed for at least six weeks. Local shop owners fear losing customers. The regional "
                  "transport ministry said it would pay for a temporary ferry.")
# the same event, its own angle and figures, no interview of its own
EN_OTHER_ANGLE = ("Repair costs for the Lahn bridge in Wendrich could reach 12 million euros, the regional transport "
                  "ministry said on Tuesday. The ministry said a temporary ferry would start next week. Miriam Kolbe, "
                  "the town's building commissioner, said the closure would last at least six weeks. About 18,000 "
                  "vehicles cross the bridge every day. Opposition councillors called for an independent review of "
                  "bridge inspections.")


def lang_art(aid: str, text: str, lang: str, hour: int, outlet: str) -> Article:
    return Article(id=aid, source=f"{aid}.txt", outlet=outlet, text=text, language=lang,
                   published=datetime(2026, 3, 2, hour, 0))


@pytest.fixture(scope="module")
def bridge_story():
    from quellenlage.context import Options
    from quellenlage.pipeline import analyse

    arts = [lang_art("de", DE_AGENCY, "de", 9, "Nordwest-Agentur"),
            lang_art("tr", EN_TRANSLATION, "en", 14, "Valley Courier"),
            lang_art("rw", EN_REWRITE, "en", 15, "Euro Transport Wire"),
            lang_art("own", EN_OWN_SOURCES, "en", 16, "The Lahn Observer"),
            lang_art("angle", EN_OTHER_ANGLE, "en", 17, "Bridge Weekly")]
    return arts, [analyse(a, Options(language=a.language)) for a in arts]


def translation_links(arts, anns, monkeypatch, all_pairs=True):
    """Translations among `arts` as one story; with `all_pairs`, every cross-language pair is a candidate, so the
    alignment alone decides (not the lead-embedding preselection)."""
    from quellenlage.crossdoc import copies
    from quellenlage.encoder.sentences import default_embedder
    from quellenlage.encoder.texts import lead_text

    emb = default_embedder()
    if all_pairs:
        monkeypatch.setattr(copies, "translation_candidates", lambda a, *_: [
            (i, j) for i in range(len(a)) for j in range(i + 1, len(a)) if a[i].language != a[j].language])
    leads = emb.encode([lead_text(a, n, emb.lead_chars) for a, n in zip(arts, anns)])
    links = copies.translations(arts, anns, {a.id: "s" for a in arts}, leads, emb)
    return {c.article_id: c for c in links}


def test_translation_and_rewrite_point_to_the_german_original_with_their_translated_passages(bridge_story, monkeypatch):
    arts, anns = bridge_story
    links = translation_links(arts, anns, monkeypatch)
    assert set(links) == {"tr", "rw"}
    tr, rw = links["tr"], links["rw"]
    assert (tr.copy_of, tr.kind, rw.copy_of, rw.kind) == ("de", "translation", "de", "translation")
    assert tr.similarity >= 0.8  # nearly every sentence has its counterpart, in order
    assert rw.similarity >= 0.5  # merged, moved and dropped sentences cost only the moved one
    # passages are spans of the copy, starting with its translated lead
    by_id = {a.id: a for a in arts}
    for c in (tr, rw):
        assert c.passages and all(p.article_id == c.article_id and by_id[c.article_id].text[p.start:p.end] == p.text
                                  for p in c.passages)
    assert tr.passages[0].text.startswith("WENDRICH, Germany – The town of Wendrich has closed the Lahn bridge")
    assert any("supporting pier" in p.text for p in rw.passages)


def test_independent_english_reports_of_the_same_event_are_no_translations(bridge_story, monkeypatch):
    arts, anns = bridge_story
    links = translation_links(arts, anns, monkeypatch)
    # own interview ("told the Lahn Observer"); own lead, order and a figure the original never states (12 million)
    assert "own" not in links and "angle" not in links
    from quellenlage.crossdoc import copies
    assert copies._own_reporting(arts[3], anns[3]) and not copies._own_reporting(arts[4], anns[4])


def test_a_report_relaying_the_original_by_name_is_no_translation(monkeypatch):
    from quellenlage.context import Options
    from quellenlage.pipeline import analyse

    # the translation's lead, now attributed to the German paper by name
    relay = ("The regional newspaper Nordwest-Zeitung reported on Monday that the town of Wendrich had closed the Lahn "
             "bridge to all traffic because of cracks in a supporting pier.")
    relay += EN_TRANSLATION[EN_TRANSLATION.index(" Three"):]
    arts = [lang_art("de", DE_AGENCY, "de", 9, "Nordwest-Zeitung"),
            lang_art("relay", relay, "en", 14, "Valley Courier")]
    anns = [analyse(a, Options(language=a.language)) for a in arts]
    from quellenlage.crossdoc import copies
    assert copies._cites(anns[1], arts[0])
    assert translation_links(arts, anns, monkeypatch) == {}
    # the same text without naming the paper is its translation
    arts[1] = lang_art("relay", EN_TRANSLATION, "en", 14, "Valley Courier")
    assert set(translation_links(arts, [anns[0], analyse(arts[1], Options(language="en"))], monkeypatch)) == {"relay"}


def test_alignment_keeps_the_original_order_and_allows_dropped_and_merged_sentences():
    import numpy as np

    from quellenlage.crossdoc.copies import _align

    eye = np.eye(5, dtype=bool)
    assert _align(eye).share == 1.0 and _align(eye).pairs == [(i, i) for i in range(5)]
    assert _align(eye[::-1]).share == 0.2  # the same facts in reverse order: one sentence in order
    dropped = eye[[0, 1, 3, 4]]  # the copy drops sentence 2 of the original
    merged = eye.copy()
    merged[1, 0], merged[1, 1] = True, False  # copy sentence 1 renders original sentence 0 again
    assert _align(dropped).share == 1.0 and _align(merged).share == 1.0
    assert _align(eye[[2, 0, 1, 3, 4]]).lead  # the copy opens with the original's third sentence
    assert not _align(eye[[3, 0, 1, 2, 4]]).lead  # ... or with a later one: its own news


def test_written_numbers_are_compared_by_value_across_languages():
    from quellenlage.crossdoc.copies import _number_value

    assert _number_value("12.000") == _number_value("12,000") == 12000
    assert _number_value("4,2") == _number_value("4.2") == 4.2
