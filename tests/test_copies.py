"""Copies by passage reuse: shortened, updated and near-identical copies; shared quotes are not copies."""
from datetime import datetime

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
