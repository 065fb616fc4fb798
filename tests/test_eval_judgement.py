"""`quellenlage eval judgement`: probes are checked against the briefing a user gets, failures say why."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from quellenlage.eval.judgement import corpus_paths, evaluate, load_gold

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "almtal"
GOLD_DIR = Path(__file__).resolve().parent / "data" / "judgement"

PROBES = [
    {"kind": "copy", "article": "03_kompakt24.txt", "copy_of": "02_mnd.md"},         # right: a reprint
    {"kind": "copy", "article": "03_kompakt24.txt", "copy_of": "05_stadtanzeiger.html"},  # wrong on purpose
    {"kind": "copy", "article": "01_suedwest-kurier.txt", "copy_of": None},
    {"kind": "no_claim", "article": "01_suedwest-kurier.txt", "text": "Lesen Sie auch"},
    {"kind": "polarity", "article": "01_suedwest-kurier.txt", "text": "Erst drei Tage später", "polarity": "negated"},
    {"kind": "group", "article": "01_suedwest-kurier.txt", "claim": "this text is in no article", "origins": 1},
]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    gold = tmp_path_factory.mktemp("gold") / "mini.yaml"
    gold.write_text(yaml.safe_dump({"name": "mini", "corpus": [str(EXAMPLES)], "probes": PROBES}), encoding="utf-8")
    out = gold.parent / "result.json"
    evaluate([gold], out=out, ner_mode="fast")
    return json.loads(out.read_text(encoding="utf-8"))["gold_files"][0]


def test_right_probes_pass_and_wrong_ones_fail_with_a_reason(result):
    failed = {f["probe"]: f["why"] for f in result["failures"]}
    assert 1 not in failed and 3 not in failed and 4 not in failed
    assert any("copy of" in w for w in failed[2])  # the wrong copy_of is caught
    assert any("polarity affirmed" in w for w in failed[5])  # an affirmed sentence is not negated
    assert result["per_kind"]["copy"] == {"passed": 2, "total": 3, "rate": 0.6667}


def test_an_anchor_missing_from_the_article_is_an_unusable_probe(result):
    assert result["unusable_probes"] == [6]
    assert "unusable probe" in next(f for f in result["failures"] if f["probe"] == 6)["why"][0]


def test_corroborated_precision_is_reported(result):
    c = result["corroborated"]
    assert set(c) >= {"marked", "judged", "right", "precision_judged", "precision_strict", "wrong", "unjudged"}
    assert c["marked"] == len(c["unjudged"]) + c["judged"]


def test_every_shipped_gold_file_loads_and_its_anchors_occur_in_its_articles():
    from quellenlage.ingest import read_inputs

    golds = sorted(GOLD_DIR.rglob("*.yaml"))
    assert len(golds) >= 5
    for path in golds:
        gold = load_gold(path)
        corpus = corpus_paths(path, gold)
        if not all(Path(c).exists() for c in corpus):
            continue  # the seeds live in ../shared, absent on a bare clone
        articles, _ = read_inputs(corpus)
        texts = {Path(a.source).name: a.text for a in articles}
        for p in gold["probes"]:
            sides = [p] + [p[k] for k in ("a", "b") if isinstance(p.get(k), dict)]
            for side in sides:
                anchor = side.get("claim") or side.get("text")
                if anchor and side.get("article"):
                    assert anchor in texts[side["article"]], (path.name, anchor)
