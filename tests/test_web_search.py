"""Search: names in other spellings (rapidfuzz over canonical names and aliases), claims via the entity found,
and every hit a link that opens."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

import desk_fixture as desk
from quellenlage.model import Entity
from quellenlage.web.search import match_entities, spelling_key

BASE = "http://127.0.0.1"


@pytest.fixture
def client(tmp_path, monkeypatch):
    yield from desk.client(tmp_path, monkeypatch)


def hits(client, q: str) -> dict:
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 200
    return r.json()


@pytest.mark.parametrize("query,entity", [
    ("Peskow", "E1"),            # German transliteration; every article writes "Peskov"
    ("Dmitri Peskow", "E1"),
    ("peskov", "E1"),
    ("Selensky", "E2"),          # the name as often typed, without the final j
    ("Zelenskyy", "E2"),         # English spelling with doubled y
    ("Selenskij", "E2"),
    ("Charkow", "E3"),           # older German spelling
])
def test_spelling_variants_find_the_entity(client, query, entity):
    found = hits(client, query)["entity_hits"]
    assert found and found[0]["id"] == entity, found
    assert found[0]["href"] == f"/entities/{entity}"


@pytest.mark.parametrize("query", ["Pesch", "Selters", "Kiew", "Pz"])
def test_unrelated_or_too_short_names_find_nothing(client, query):
    assert hits(client, query)["entity_hits"] == []


def test_fuzzy_match_reports_the_alias_and_score():
    people = [Entity(id="E1", label="PER", name="Dmitri Peskov", aliases=["Peskov"]),
              Entity(id="E2", label="PER", name="Peter Pesch")]
    [(entity, matched, score)] = match_entities("Peskow", people)
    assert entity.id == "E1" and score >= 85 and matched in ("Dmitri Peskov", "Peskov")
    assert spelling_key("Selenskyj") == spelling_key("Zelensky") == spelling_key("Selensky")
    assert spelling_key("Peskow") == spelling_key("Peskov")


def test_claims_by_or_about_the_entity_join_the_text_hits(client):
    result = hits(client, "Peskow")  # no claim text contains "Peskow"
    by_id = {c["id"]: c for c in result["claims"]}
    assert {"d1-c1", "d1-c2", "d2-c1"} <= set(by_id)
    c = by_id["d1-c2"]
    assert c["via"] == "Dmitri Peskov"
    assert c["href"] == "/articles/d1#claim-d1-c2" and c["group_href"] == "/stories/s1#group-g2"
    assert c["story_id"] == "s1" and c["outlet_label"] == "Tagesblatt Nord"
    # backward compatible: the older fields are all there
    assert set(result) >= {"query", "claims", "mentions", "entities"}
    assert [e["id"] for e in result["entities"]] == ["E1"]


def test_every_hit_on_the_search_page_is_a_link_that_opens(client):
    html = client.get("/search", params={"q": "Peskow"}).text
    items = re.findall(r'<ul class="ql-hits[^"]*">(.*?)</ul>', html, re.S)
    lis = [li for block in items for li in re.findall(r"<li.*?</li>", block, re.S)]
    assert len(lis) >= 4
    for li in lis:
        href = re.search(r'<a class="ql-hit-link" href="([^"]+)"', li)
        assert href, li
        target = urlsplit(href.group(1))
        assert client.get(target.path).status_code == 200, href.group(1)
    assert "Dmitri Peskov" in html
    assert "/api/articles/" not in html


def test_unknown_outlets_in_hits_read_in_both_languages(client):
    html = client.get("/search", params={"q": "Flugabwehr"}).text
    assert '<span class="i18n" lang="de">unbekanntes Medium 1</span><span class="i18n" lang="en">unknown outlet 1</span>' in html
