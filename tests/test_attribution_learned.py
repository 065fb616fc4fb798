"""The learned attribution tagger: corpus readers, the seeded recipe, the shipped model and how refine combines
it with the rules (valid spans, no content inside a speaker, "none" = the rules exactly)."""
from __future__ import annotations

import json

import numpy as np
import pytest

from quellenlage.attribution import learned
from quellenlage.attribution.training import corpora
from quellenlage.attribution.training.features import ROLES, TokenView, rule_features
from quellenlage.attribution.training.rulepass import analyse
from quellenlage.attribution.training.train import TrainingError, run_training, target_folder

TEXTS = [
    "Der Bürgermeister sagte am Montag, die Brücke werde im Frühjahr saniert. Die Kosten seien noch unklar.",
    "„Wir haben keine Wahl“, erklärte die Ministerin den Abgeordneten. Die Opposition kritisierte den Plan.",
    "Nach Angaben der Feuerwehr wurden drei Menschen verletzt. Ein Sprecher teilte mit, das Feuer sei gelöscht.",
    "Die Firma kündigte an, 200 Stellen zu streichen. Gewerkschafter warnten vor den Folgen für die Region.",
]


def _overlap(view, a) -> set:
    """Tokens both in the speaker and in the content (the rules' "reported" speech holds its speaker by design:
    "Gewerkschafter warnten vor den Folgen")."""
    if a.speaker is None:
        return set()
    sp = set(view.covering(a.speaker.start, a.speaker.end))
    return sp & {i for c in a.content for i in view.covering(c.start, c.end)}


def _check_spans(ctx, atts, rules=()):
    """Every span slices back; refine adds no speaker/content overlap the rules' attribution did not have."""
    text = ctx.text
    view = TokenView.of(ctx.doc)
    before = {r.id: _overlap(view, r) for r in rules}
    for a in atts:
        for s in [a, a.cue, a.speaker, a.addressee, a.frame, *a.content, *a.cue_parts]:
            if s is None:
                continue
            assert 0 <= s.start < s.end <= len(text)
            assert s.text == text[s.start:s.end]
        assert _overlap(view, a) <= before.get(a.id, set()), (a.speaker.text, [c.text for c in a.content])
        assert a.content, "every attribution keeps a content"
        spans = sorted((c.start, c.end) for c in a.content)
        assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:])), "content spans overlap"


def test_shipped_model_loads_offline():
    tagger = learned.load("shipped")
    assert tagger is not None, "the shipped attribution model is missing from quellenlage/models/attribution"
    assert learned.load("default") is None, "rules only unless the tagger is asked for"
    assert tagger.roles == list(ROLES)
    assert learned.load("none") is None
    assert (learned.PACKAGE_MODEL / "LICENSE").read_text(encoding="utf-8").count("CC BY-SA 4.0")


def test_bad_model_folder_is_reported(tmp_path):
    assert "model.npz" in learned.check(str(tmp_path))
    assert learned.check("none") is None
    # a model file without its arrays, and a broken combine.json: a message, no traceback
    np.savez(tmp_path / "model.npz", w2=np.zeros((2, 2), dtype=np.float32))
    assert "lacks" in learned.check(str(tmp_path))
    good = tmp_path / "good"
    good.mkdir()
    (good / "model.npz").write_bytes((learned.PACKAGE_MODEL / "model.npz").read_bytes())
    (good / "combine.json").write_text("{not json", encoding="utf-8")
    assert "combine.json" in learned.check(str(good))


@pytest.mark.parametrize("combine", learned.COMBINES)
def test_refine_gives_valid_spans(monkeypatch, combine):
    monkeypatch.setenv(learned.ENV_COMBINE, combine)
    for k, text in enumerate(TEXTS):
        ctx = analyse(text, f"t{k}")
        rules = list(ctx.annotations.attributions)
        ctx.options.attribution_model = "shipped"
        out = learned.refine(ctx, rules)
        _check_spans(ctx, out, rules)
        assert len(out) >= len(rules)
        if combine == "rules":
            assert out == rules


def test_none_is_exactly_the_rules(monkeypatch):
    from quellenlage.attribution import roles, run

    monkeypatch.delenv(learned.ENV_MODEL, raising=False)
    for k, text in enumerate(TEXTS):
        ctx = analyse(text, f"n{k}")
        rules = ctx.annotations.attributions
        assert rules, "the rules find an attribution in each test text"
        assert learned.refine(ctx, rules) is rules  # options say "none"
        stage = run(ctx)["attributions"]  # the whole stage with "none" = the rules, completed
        assert [a.model_dump() for a in stage] == [a.model_dump() for a in roles.complete(ctx, rules)]


def test_rule_features_mark_the_rules_spans():
    ctx = analyse(TEXTS[0], "f0")
    view = TokenView.of(ctx.doc)
    X = rule_features(view, ctx.annotations.attributions)
    from quellenlage.attribution.training.features import RULE_FEATURES

    col = RULE_FEATURES.index
    cue = [view.words[i] for i in np.flatnonzero(X[:, col("in_cue")])]
    assert cue == ["sagte"]
    assert X[view.words.index("Bürgermeister"), col("in_speaker")] == 1.0
    assert X[view.words.index("Brücke"), col("in_content")] == 1.0
    assert X[view.words.index("sagte"), col("speech_verb")] == 1.0


# ---------------- corpora and the recipe on a synthetic SpkAtt corpus ----------------
SENTS = [
    ["Der", "Minister", "sagte", ",", "die", "Steuer", "werde", "sinken", "."],
    ["Die", "Ministerin", "erklärte", "dem", "Ausschuss", ",", "das", "Gesetz", "komme", "bald", "."],
    ["Es", "regnete", "den", "ganzen", "Tag", "."],
    ["Der", "Abgeordnete", "forderte", ",", "die", "Schulen", "müssten", "offen", "bleiben", "."],
]


def _spkatt_doc(path, sents, events):
    data = {"Sentences": [{"SentenceId": k, "Tokens": t} for k, t in enumerate(sents)], "Annotations": events}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _event(s, cue, source, message, addr=()):
    ids = lambda xs: [f"{s}:{i}" for i in xs]  # noqa: E731
    return {"Cue": ids(cue), "Source": ids(source), "Message": ids(message), "Addr": ids(addr), "Topic": [],
            "Medium": [], "Evidence": [], "PTC": []}


EVENTS = [_event(0, [2], [0, 1], [4, 5, 6, 7]), _event(1, [2], [0, 1], [6, 7, 8, 9], [3, 4]),
          _event(3, [2], [0, 1], [4, 5, 6, 7, 8])]


@pytest.fixture
def corpus(tmp_path):
    for split, n in (("train", 3), ("dev", 1)):
        folder = tmp_path / "spk" / split / "task1"
        folder.mkdir(parents=True)
        for k in range(n):
            _spkatt_doc(folder / f"doc{k}.json", SENTS, EVENTS)
    return tmp_path / "spk"


def test_spkatt_reader(corpus):
    docs = corpora.read(corpus / "train", "spkatt")
    assert len(docs) == 3
    d = docs[0]
    assert d.text.split("\n")[0] == " ".join(SENTS[0])
    assert [d.token_text(i) for i in d.events[1]["addressee"]] == ["dem", "Ausschuss"]
    assert [d.token_text(i) for i in d.events[0]["speaker"]] == ["Der", "Minister"]
    assert d.token_keys[d.events[2]["cue"][0]] == "3:2"
    assert len(d.sentences) == 4 and d.sentences[1] == (9, 20)
    assert corpora.detect_format(corpus / "train") == "spkatt"


def test_wikinews_reader(tmp_path):
    text = "Sie sagte, es sei kalt."
    words = [(0, 3), (4, 9), (9, 10), (11, 13), (14, 17), (18, 22), (22, 23)]
    data = {"originalText": text, "tokens": [{"id": k, "charBegin": a, "charEnd": b} for k, (a, b) in enumerate(words)],
            "sentences": [{"begin": 0, "end": 7}],
            "annotations": [{"cue": {"tokenIds": [1]}, "speaker": {"tokenIds": [0]}, "quote": {"tokenIds": [3, 4, 5]},
                             "frame": {"tokenIds": [0, 1, 2]}, "addressee": {"tokenIds": []}, "type": "Indirect",
                             "medium": "Speech"}]}
    (tmp_path / "1.pretty.json").write_text(json.dumps(data), encoding="utf-8")
    (d,) = corpora.read(tmp_path, "wikinews")
    assert d.name == "1" and d.events[0]["type"] == "Indirect"
    assert [d.token_text(i) for i in d.events[0]["quote"]] == ["es", "sei", "kalt"]
    assert corpora.detect_format(tmp_path) == "wikinews"


def test_tiny_seeded_training_gives_a_loadable_model(corpus, tmp_path):
    recipe = {"head": "mlp", "hidden": 8, "max_iter": 5, "outputs": [["base", 8]]}
    infos = []
    for k in range(2):
        out = tmp_path / f"model{k}"
        infos.append(run_training(corpus, "spkatt", out, seed=7, log=lambda m: None, recipe=recipe,
                                  cache=tmp_path / "cache"))
    a, b = (np.load(tmp_path / f"model{k}" / "model.npz") for k in range(2))
    assert all(np.array_equal(a[f], b[f]) for f in a.files), "same seed, same weights"
    assert infos[0]["seed"] == 7 and infos[0]["recipe"]["hidden"] == 8 and len(infos[0]["sha256"]["train"]) == 3
    assert "dev" in infos[0] and set(infos[0]["dev"]["tagger"]) == set(ROLES)
    assert "CC BY-SA 4.0" in (tmp_path / "model0" / "LICENSE").read_text(encoding="utf-8")
    tagger = learned.Tagger(tmp_path / "model0")
    assert tagger.outputs == [("base", 8)]
    ctx = analyse(TEXTS[0], "m0")
    ctx.options.attribution_model = str(tmp_path / "model0")
    _check_spans(ctx, learned.refine(ctx, ctx.annotations.attributions), ctx.annotations.attributions)


def test_private_wikinews_model_says_its_licence(tmp_path):
    text = "Der Minister sagte, die Steuer werde sinken. Es regnete."
    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\w+|[^\w\s]", text)]
    data = {"originalText": text, "tokens": [{"id": k, "charBegin": a, "charEnd": b} for k, (a, b) in enumerate(words)],
            "sentences": [{"begin": 0, "end": 9}, {"begin": 9, "end": 12}],
            "annotations": [{"cue": {"tokenIds": [2]}, "speaker": {"tokenIds": [0, 1]},
                             "quote": {"tokenIds": [4, 5, 6, 7]}, "addressee": {"tokenIds": []}, "type": "Indirect"}]}
    (tmp_path / "wn" / "train").mkdir(parents=True)
    (tmp_path / "wn" / "train" / "1.pretty.json").write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "private"
    run_training(tmp_path / "wn", "wikinews", out, seed=1, log=lambda m: None, recipe={"outputs": []},
                 cache=tmp_path / "cache")
    licence = (out / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY-NC-SA 4.0" in licence and "Never ship" in licence
    assert learned.Tagger(out).outputs == []


def test_wikinews_model_never_goes_into_the_package(tmp_path):
    with pytest.raises(TrainingError, match="must never ship"):
        target_folder("wikinews", learned.PACKAGE_MODEL)
    with pytest.raises(TrainingError, match="needs --out"):
        target_folder("wikinews", None)
    assert target_folder("wikinews", tmp_path / "private") == (tmp_path / "private").resolve()
    assert target_folder("spkatt", None) == learned.PACKAGE_MODEL
    with pytest.raises(TrainingError):
        target_folder("conll", tmp_path)


def test_cli_refuses_wikinews_into_the_package(tmp_path):
    from typer.testing import CliRunner

    from quellenlage.cli import app

    before = sorted(p.name for p in learned.PACKAGE_MODEL.iterdir())
    res = CliRunner().invoke(app, ["train", "attribution", "--data", str(tmp_path), "--format", "wikinews",
                                   "--out", str(learned.PACKAGE_MODEL)])
    assert res.exit_code != 0
    assert "never ship" in " ".join(res.output.split())
    assert sorted(p.name for p in learned.PACKAGE_MODEL.iterdir()) == before
    assert "NC" not in (learned.PACKAGE_MODEL / "LICENSE").read_text(encoding="utf-8")


def test_cli_checks_the_attribution_model_option(tmp_path):
    from typer.testing import CliRunner

    from quellenlage.cli import app

    res = CliRunner().invoke(app, ["eval", "quotes", "--data", str(tmp_path), "--attribution-model", str(tmp_path)])
    assert res.exit_code != 0 and "model.npz" in " ".join(res.output.split())


def test_broken_corpus_files_are_named_and_left_out(corpus, tmp_path):
    from typer.testing import CliRunner

    from quellenlage.cli import app

    (corpus / "train" / "task1" / "broken.json").write_text("{not json", encoding="utf-8")
    skipped = []
    docs = corpora.read(corpus / "train" / "task1", "spkatt", skipped)
    assert len(docs) == 3 and [name for name, _ in skipped] == ["broken.json"]
    with pytest.raises(ValueError):
        corpora.read(corpus / "train" / "task1", "spkatt")  # without a list to report to, it raises
    # nothing readable: one line and exit code 1, no traceback
    bad = tmp_path / "bad" / "train" / "task1"
    bad.mkdir(parents=True)
    (bad / "x.json").write_text("[", encoding="utf-8")
    res = CliRunner().invoke(app, ["train", "attribution", "--data", str(tmp_path / "bad"), "--format", "spkatt",
                                   "--out", str(tmp_path / "m")])
    assert res.exit_code == 1 and "skipped x.json" in res.output and "no readable" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
