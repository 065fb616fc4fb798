"""Cross-article entity linking on mentions built from short texts written here."""
from __future__ import annotations

from quellenlage.crossdoc.linking import link_entities, translit_key
from quellenlage.model import Article, ArticleAnnotations, Attribute, Mention, check_spans, make_span


def _article(aid: str, text: str, marks: list[tuple[str, str, str]], attrs=()):
    """marks: (surface, label, kind) located by their first occurrence after the previous one."""
    art = Article(id=aid, source="test", text=text, language="de")
    mentions, pos = [], 0
    for k, (surface, label, kind) in enumerate(marks):
        s = text.index(surface, pos)
        pos = s + len(surface)
        mentions.append(make_span(aid, text, s, pos, Mention, id=f"{aid}:m{k}", label=label, kind=kind))
    attributes = []
    for surface, mi, kind, value in attrs:
        s = text.index(surface)
        attributes.append(make_span(aid, text, s, s + len(surface), Attribute, mention_id=f"{aid}:m{mi}", kind=kind, value=value))
    return art, ArticleAnnotations(article_id=aid, mentions=mentions, attributes=attributes)


def _entity_of(entities, annotations, aid, surface):
    for ann in annotations:
        for m in ann.mentions:
            if m.article_id == aid and m.text == surface:
                return next(e for e in entities if e.id == m.entity_id)
    raise AssertionError(surface)


def test_translit_key_merges_spellings():
    assert translit_key("Selenskyj") == translit_key("Zelensky") == translit_key("Selensky")
    assert translit_key("Peskow") == translit_key("Peskov")
    assert translit_key("Kim Jong-un") == translit_key("Kim Jong Un")
    assert translit_key("Meier") != translit_key("Müller")


def test_variants_surnames_acronyms_demonyms_metonyms():
    a1 = _article(
        "a1", "Die Bürgermeisterin Jana Kowalczyk (52) sprach mit Anton Bergmann. Kowalczyk sagte, das Institut "
              "für Stadtforschung (IFS) warne. Der Kreml schwieg, die slowakischen Behörden auch.",
        [("Jana Kowalczyk", "PER", "name"), ("Anton Bergmann", "PER", "name"), ("Kowalczyk", "PER", "name"),
         ("Institut für Stadtforschung", "ORG", "name"), ("Kreml", "ORG", "metonym"), ("slowakischen", "LOC", "demonym")],
        attrs=[("52", 0, "age", "52"), ("Bürgermeisterin", 0, "role", "Bürgermeisterin")])
    a2 = _article(
        "a2", "Jana Kovalchyk, 53, widersprach. Laut IFS ist die Lage ruhig. In der Slowakei blieb es still.",
        [("Jana Kovalchyk", "PER", "name"), ("IFS", "ORG", "acronym"), ("Slowakei", "LOC", "name")],
        attrs=[("53", 0, "age", "53")])
    a3 = _article("a3", "Bergmann lehnte ab.", [("Bergmann", "PER", "name")])
    arts, anns = zip(a1, a2, a3)
    entities, linked = link_entities(list(arts), list(anns))
    assert not check_spans(linked, {a.id: a.text for a in arts})
    assert all(m.entity_id for ann in linked for m in ann.mentions)

    jana = _entity_of(entities, linked, "a1", "Jana Kowalczyk")
    assert _entity_of(entities, linked, "a2", "Jana Kovalchyk").id == jana.id  # spelling variant across articles
    assert _entity_of(entities, linked, "a1", "Kowalczyk").id == jana.id  # surname within the article
    assert {"Jana Kovalchyk", "Kowalczyk"} <= set(jana.aliases) | {jana.name}
    ages = sorted(a.value for a in jana.attributes if a.kind == "age")
    assert ages == ["52", "53"]  # conflicting ages kept side by side
    assert _entity_of(entities, linked, "a3", "Bergmann").id == _entity_of(entities, linked, "a1", "Anton Bergmann").id
    assert _entity_of(entities, linked, "a2", "IFS").id == _entity_of(entities, linked, "a1", "Institut für Stadtforschung").id
    kreml = _entity_of(entities, linked, "a1", "Kreml")
    assert kreml.metonym_of and "Russ" in kreml.metonym_of
    slov = _entity_of(entities, linked, "a1", "slowakischen")
    assert slov.country == "Slowakei"
    assert _entity_of(entities, linked, "a2", "Slowakei").id == slov.id


def test_different_people_with_same_surname_stay_apart():
    a1 = _article("a1", "Maria Weber und Thomas Weber stritten. Weber ging.",
                  [("Maria Weber", "PER", "name"), ("Thomas Weber", "PER", "name"), ("Weber", "PER", "name")])
    entities, linked = link_entities([a1[0]], [a1[1]])
    maria = _entity_of(entities, linked, "a1", "Maria Weber")
    thomas = _entity_of(entities, linked, "a1", "Thomas Weber")
    assert maria.id != thomas.id
    # the bare surname goes to the nearest preceding full name
    assert _entity_of(entities, linked, "a1", "Weber").id == thomas.id


def test_acronyms_stay_exact_and_genitives_join():
    a1 = _article("a1", "CNN meldete den Test der KN23. Moskaus Antwort kam aus Moskau.",
                  [("CNN", "ORG", "acronym"), ("KN23", "ORG", "acronym"), ("Moskaus", "LOC", "name"), ("Moskau", "LOC", "name")])
    entities, linked = link_entities([a1[0]], [a1[1]])
    assert _entity_of(entities, linked, "a1", "CNN").id != _entity_of(entities, linked, "a1", "KN23").id
    assert _entity_of(entities, linked, "a1", "Moskaus").id == _entity_of(entities, linked, "a1", "Moskau").id
