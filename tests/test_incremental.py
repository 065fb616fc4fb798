"""Incremental cross-article stage over the store: a corpus ingested in increments gives the batch briefing.

The stories here are written for the test (invented places, people and outlets); the judgement corpora
(tests/data/judgement/stories/*/) are used as a second, larger check. Per-article stages run once per module
(fast NER); the cross-article stage runs for real."""
from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quellenlage.briefing.build import briefing_from_analysis, build_briefing
from quellenlage.briefing.html import select_story
from quellenlage.cli import app
from quellenlage.context import Options
from quellenlage.crossdoc import incremental as inc
from quellenlage.ingest import build_article, read_inputs
from quellenlage.model import InputRecord, Story
from quellenlage.pipeline import analyse_many
from quellenlage.store import Store
from quellenlage.store import stories as story_index

ROOT = Path(__file__).resolve().parent
START = datetime(2025, 2, 3, 7, 0)

# (outlet, hours after START, title, text); three stories of three articles, and one that names two of them
WRITTEN = [
    ("Weidacher Bote", 0, "Brücke in Weidach gesperrt",
     "Die Lennebrücke in Weidach ist seit Montag für den Verkehr gesperrt. Nach Angaben der Stadt Weidach wurden bei "
     "einer Prüfung Risse in zwei Pfeilern entdeckt. Rund 12.000 Pendler sind betroffen. Bauingenieurin Helga "
     "Sommerfeld sagte, die Sperrung werde mindestens bis Mai dauern."),
    ("Kreisanzeiger", 5, "Weidach: Lennebrücke bleibt bis Mai zu",
     "Die Stadt Weidach hat die Lennebrücke wegen Rissen in den Pfeilern gesperrt. Betroffen seien etwa 12.000 "
     "Pendler, teilte eine Sprecherin der Stadt mit. Die Ingenieurin Helga Sommerfeld rechnet mit einer Sperrung bis "
     "mindestens Mai. Eine Umleitung über Altmarkt ist ausgeschildert."),
    ("Rundfunk Süd", 30, "Sperrung der Lennebrücke: Baufirma weist Vorwürfe zurück",
     "Nach der Sperrung der Lennebrücke in Weidach hat die Baufirma Kessler Bau Vorwürfe zurückgewiesen, sie habe "
     "bei der Sanierung 2019 gepfuscht. Die Stadt Weidach prüft nach eigenen Angaben Schadenersatzforderungen. "
     "Laut Stadt sind täglich rund 12.000 Pendler betroffen."),
    ("Lorenstädter Zeitung", 2, "Streik legt Busse in Lorenstadt lahm",
     "In Lorenstadt fahren seit dem frühen Morgen keine Busse. Die Gewerkschaft Verkehr und Dienste hat die "
     "Beschäftigten der Verkehrsbetriebe Lorenstadt zu einem ganztägigen Warnstreik aufgerufen. Nach Angaben der "
     "Verkehrsbetriebe sind rund 40.000 Fahrgäste betroffen. Gewerkschaftssekretär Jonas Brandhuber sagte, die "
     "Arbeitgeber hätten kein Angebot vorgelegt."),
    ("Kreisanzeiger", 8, "Warnstreik bei den Verkehrsbetrieben Lorenstadt",
     "Ein Warnstreik hat den Busverkehr in Lorenstadt am Dienstag fast vollständig gestoppt. Die Verkehrsbetriebe "
     "Lorenstadt sprachen von rund 40.000 betroffenen Fahrgästen. Jonas Brandhuber von der Gewerkschaft Verkehr und "
     "Dienste kündigte weitere Streiks an."),
    ("Rundfunk Süd", 26, "Lorenstadt: Verkehrsbetriebe legen Angebot vor",
     "Nach dem Warnstreik in Lorenstadt haben die Verkehrsbetriebe Lorenstadt ein Angebot vorgelegt. Die Gewerkschaft "
     "Verkehr und Dienste nannte es unzureichend. Gewerkschaftssekretär Jonas Brandhuber sagte, man werde das Angebot "
     "prüfen."),
    ("Sundheimer Nachrichten", 4, "Hochwasser in Sundheim: Keller überflutet",
     "Nach tagelangem Regen ist die Sunde in Sundheim über die Ufer getreten. Die Feuerwehr Sundheim pumpte nach "
     "eigenen Angaben mehr als 200 Keller aus. Kreisbrandmeister Tobias Wendler sagte, der Pegel sinke langsam."),
    ("Kreisanzeiger", 12, "Sunde-Hochwasser: Feuerwehr im Dauereinsatz",
     "In Sundheim hat die Feuerwehr mehr als 200 überflutete Keller leer gepumpt. Kreisbrandmeister Tobias Wendler "
     "berichtete von einem sinkenden Pegel der Sunde. Laut Landratsamt wurden 35 Menschen vorübergehend in einer "
     "Turnhalle untergebracht."),
    ("Rundfunk Süd", 40, "Sundheim zählt die Schäden des Hochwassers",
     "Nach dem Hochwasser der Sunde schätzt die Stadt Sundheim die Schäden auf rund vier Millionen Euro. "
     "Kreisbrandmeister Tobias Wendler sagte, mehr als 200 Keller seien betroffen gewesen. Das Landratsamt sprach "
     "von 35 Menschen, die ihre Wohnungen verlassen mussten."),
    ("Landesblick", 50, "Weidach und Lorenstadt: Pendler doppelt getroffen",
     "Wer zwischen Weidach und Lorenstadt pendelt, hatte in dieser Woche doppelt Pech. Die Lennebrücke in Weidach "
     "ist gesperrt, und in Lorenstadt legte ein Warnstreik der Gewerkschaft Verkehr und Dienste die Busse lahm."),
]


def _strip(briefing) -> dict:
    data = json.loads(briefing.model_dump_json())
    data.pop("generated_at")
    return data


def _summary(data: dict) -> dict:
    """What the issue names: stories, claim groups, origin counts and statuses."""
    return {
        "stories": [(s["id"], s["article_ids"]) for s in data["stories"]],
        "groups": [(g["id"], [m["claim_id"] for m in g["members"]], g["independent_origins"], g["status"])
                   for g in data["claim_groups"]],
    }


def _analysed(articles):
    return articles, analyse_many(articles, Options(language="de", ner_mode="fast"), 1)


@pytest.fixture(scope="module")
def written():
    arts = [build_article({"text": f"{title}\n\n{text}", "title": title, "outlet": outlet,
                           "published": START + timedelta(hours=h), "id": f"w{i:02d}"}, f"written:{i}", language="de")
            for i, (outlet, h, title, text) in enumerate(WRITTEN)]
    return _analysed(arts)


@pytest.fixture(scope="module")
def judgement():
    folders = sorted((ROOT / "data" / "judgement" / "stories").iterdir())
    arts = []
    for folder in folders:
        a, _ = read_inputs([str(folder)])
        arts += a
    return _analysed(arts)


def _ingest_in_steps(path, arts, anns, steps):
    """Add the articles to a store in `steps` increments, refreshing the story index after each; the stats."""
    stats = []
    bounds = [round(len(arts) * k / steps) for k in range(steps + 1)]
    for lo, hi in zip(bounds, bounds[1:]):
        with Store(path) as db:
            for a, n in zip(arts[lo:hi], anns[lo:hi]):
                db.add(a, n, InputRecord(source=a.source, status="ok", article_id=a.id))
            stats.append(story_index.refresh(db).stats)
    return stats


def _batch(path, anns):
    """The batch briefing over the store's articles, in its order (as Store.briefing built it before)."""
    with Store(path, read_only=True) as db:
        arts, inputs = db.articles(), db.inputs()
    by_id = {n.article_id: n for n in anns}
    return build_briefing(inputs, arts, [by_id[a.id] for a in arts])


def test_three_increments_give_the_batch_briefing(written, tmp_path):
    arts, anns = written
    path = tmp_path / "s.duckdb"
    _ingest_in_steps(path, arts, anns, 3)
    with Store(path) as db:
        incremental = _strip(db.briefing())
    batch = _strip(_batch(path, anns))
    assert len(batch["stories"]) >= 3 and len(batch["claim_groups"]) > 10  # the test is about something
    assert _summary(incremental) == _summary(batch)
    assert incremental == batch  # everything else too: origins, denials, figures, matrix, timeline, summary


def test_a_story_without_new_articles_is_not_recomputed(written, tmp_path):
    arts, anns = written
    path = tmp_path / "s.duckdb"
    by_story = [0, 1, 2, 3, 4, 5, 6, 7, 8]  # the bridge, then the strike, then the flood
    stats = _ingest_in_steps(path, [arts[i] for i in by_story], [anns[i] for i in by_story], 3)
    assert stats[0]["recomputed"] >= 1 and stats[0]["reused"] == 0
    # each later increment brings one new story; the stories already there are reused
    assert stats[1]["reused"] >= 1 and stats[2]["reused"] >= 2, stats
    assert stats[2]["recomputed_articles"] < 9, stats
    with Store(path) as db:
        again = story_index.refresh(db).stats
        assert again["index"] == "stored" and again["recomputed"] == 0  # nothing changed: nothing to compute
        incremental = _strip(db.briefing())
    assert incremental == _strip(_batch(path, anns))


def test_one_story_from_a_fresh_store_is_the_cut_of_the_batch_briefing(written, tmp_path):
    arts, anns = written
    path = tmp_path / "s.duckdb"
    _ingest_in_steps(path, arts, anns, 3)
    batch = _batch(path, anns)
    with Store(path) as db:  # no briefing in memory: assembled from the parts and that story's annotations
        for story in db.stories():
            assert _strip(db.story_briefing(story.id)) == _strip(select_story(batch, story.id))
        with pytest.raises(KeyError):
            db.story_briefing("story-999")


def _in_memory_steps(arts, anns, steps):
    """build_index / refresh_parts / assemble over growing prefixes; (briefing, refresh results)."""
    by_id = {n.article_id: n for n in anns}
    stored, results = {}, []
    bounds = [round(len(arts) * k / steps) for k in range(1, steps + 1)]
    for n in bounds:
        index = inc.build_index(arts[:n], [inc.light_annotations(a, by_id[a.id]) for a in arts[:n]])
        result = inc.refresh_parts(index, stored, lambda ids: {i: by_id[i] for i in ids})
        stored = result.parts
        results.append(result)
    ca = inc.assemble(index, stored, by_id)
    return briefing_from_analysis([], arts, [], ca), results


@pytest.mark.parametrize("seed", [None, 1, 2])
def test_judgement_corpora_in_three_increments_give_the_batch(judgement, seed):
    arts, anns = judgement
    order = list(range(len(arts)))
    if seed is not None:
        random.Random(seed).shuffle(order)
    arts, anns = [arts[i] for i in order], [anns[i] for i in order]
    incremental, results = _in_memory_steps(arts, anns, 3)
    batch = _strip(build_briefing([], arts, anns))
    assert len(batch["stories"]) >= 3
    assert _summary(_strip(incremental)) == _summary(batch)
    assert _strip(incremental) == batch
    if seed is None:  # in file order a whole story arrives first: it is reused while entity ids are renumbered
        assert any(r.rebased for r in results), [(r.recomputed, r.reused) for r in results]


def _by_title_word(articles, annotations, embedder=None, params=None, vectors=None):
    """A story clusterer for the merge test: articles whose titles share 'Weidach' or 'Lorenstadt' are one story."""
    parent = list(range(len(articles)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    seen: dict[str, int] = {}
    for i, a in enumerate(articles):
        for word in ("Weidach", "Lorenstadt"):
            if word in (a.title or ""):
                if word in seen:
                    parent[find(i)] = find(seen[word])
                seen.setdefault(word, i)
    members: dict[int, list[int]] = {}
    for i in range(len(articles)):
        members.setdefault(find(i), []).append(i)
    stories = [Story(id=f"story-{k}", label=articles[m[0]].title or "", article_ids=[articles[i].id for i in m])
               for k, m in enumerate(sorted(members.values(), key=min), 1)]
    return stories, {a: s.id for s in stories for a in s.article_ids}


def test_an_article_that_links_two_stories_merges_them(written, tmp_path, monkeypatch):
    monkeypatch.setattr("quellenlage.crossdoc.stories.cluster_stories", _by_title_word)
    arts, anns = written
    pick = [0, 3, 1, 4, 9]  # bridge, strike, bridge, strike, then the article naming both towns
    arts, anns = [arts[i] for i in pick], [anns[i] for i in pick]
    path = tmp_path / "s.duckdb"
    _ingest_in_steps(path, arts[:4], anns[:4], 2)
    with Store(path) as db:
        assert [len(s.article_ids) for s in db.stories()] == [2, 2]
    _ingest_in_steps(path, arts[4:], anns[4:], 1)
    with Store(path) as db:
        stories = db.stories()
        assert [len(s.article_ids) for s in stories] == [5]  # merged
        incremental = _strip(db.briefing())
        # the part of the story that no longer exists is gone; the index knows every article's story
        assert [r[0] for r in db._query("SELECT story_id FROM crossdoc_parts")] == ["story-1"]
        assert {r[0] for r in db._query("SELECT story_id FROM story_members")} == {"story-1"}
    assert incremental == _strip(_batch(path, anns))


def test_a_changed_lookup_in_a_corpus_wide_table_invalidates_a_part(written):
    arts, anns = written
    index = inc.build_index(arts, [inc.light_annotations(a, n) for a, n in zip(arts, anns)])
    anchors = inc.Anchors(index)
    reads = inc._Reads(anchors)
    some_entity = index.entities[0].id
    table = {"polizei": some_entity, "stadt": None}
    view = inc._Recorded("resolver.alias", table, reads)
    assert view.get("polizei") == some_entity and "stadt" in view and view.get("absent") is None
    tables = {"resolver.alias": dict(table)}
    assert inc.reads_unchanged(reads.rows(), tables, anchors)
    tables["resolver.alias"]["absent"] = some_entity  # a key it looked up (and missed) now resolves
    assert not inc.reads_unchanged(reads.rows(), tables, anchors)
    tables = {"resolver.alias": {"polizei": index.entities[1].id, "stadt": None}}  # another entity
    assert not inc.reads_unchanged(reads.rows(), tables, anchors)


def test_cli_briefs_one_story_of_a_store(written, tmp_path):
    arts, anns = written
    path = tmp_path / "s.duckdb"
    _ingest_in_steps(path, arts, anns, 1)
    with Store(path) as db:
        story = db.stories()[0]
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(app, ["brief", "--store", str(path), "--story", story.id, "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in data["stories"]] == [story.id]
    assert {a["id"] for a in data["articles"]} == set(story.article_ids)
    assert (out / "briefing.md").is_file() and (out / "briefing.html").is_file()
    missing = runner.invoke(app, ["brief", "--store", str(path), "--story", "story-999", "-o", str(tmp_path / "x")])
    assert missing.exit_code == 1 and "story-999" in missing.output and story.id in missing.output
    no_store = runner.invoke(app, ["brief", "--story", story.id, "-o", str(tmp_path / "y")])
    assert no_store.exit_code == 2
    nothing = runner.invoke(app, ["brief", "-o", str(tmp_path / "z")])
    assert nothing.exit_code == 2
    absent = runner.invoke(app, ["brief", "--store", str(tmp_path / "none.duckdb"), "-o", str(tmp_path / "w")])
    assert absent.exit_code == 1 and not (tmp_path / "none.duckdb").exists()


def test_only_denial_records_hold_corpus_wide_entity_ids(judgement):
    """A reused part is mapped to the new entity numbering in its denial records (`incremental.rebase`): no other
    output may hold a corpus-wide entity id, or that mapping would miss it."""
    arts, anns = judgement
    by_id = {n.article_id: n for n in anns}
    index = inc.build_index(arts, [inc.light_annotations(a, by_id[a.id]) for a in arts])
    parts = inc.refresh_parts(index, {}, lambda ids: {i: by_id[i] for i in ids}).parts
    ids = {e.id for e in index.entities}
    found = []

    def walk(value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, path + (k,))
        elif isinstance(value, list):
            for v in value:
                walk(v, path)
        elif isinstance(value, str) and path[-1].endswith("entity_id") and value in ids:
            found.append(path)

    for part in parts.values():
        walk(part.model_dump(mode="json", include={"translations", "claim_groups", "denials", "figure_table"}), ())
    assert found and set(found) == {("denials", "actor_entity_id")}
