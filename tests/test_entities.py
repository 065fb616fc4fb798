"""Entities stage: demonyms, roles, attributes, metonyms, pronouns and nominals on sentences written here."""
from __future__ import annotations

import pytest

from quellenlage.entities import attributes as attr_mod
from quellenlage.entities.gazetteer import demonym_country
from quellenlage.entities.lexicon import is_role
from quellenlage.lang.tokens import make_doc
from quellenlage.model import check_spans

from tests.conftest import annotate


@pytest.mark.parametrize("word,code", [
    ("nordkoreanische", "KP"), ("ukrainischen", "UA"), ("französische", "FR"), ("chinesischer", "CN"),
    ("US-amerikanischen", "US"), ("kanadische", "CA"), ("politische", None), ("praktisch", None), ("typische", None),
])
def test_demonyms_link_to_countries(word, code):
    assert demonym_country(word) == code


def test_role_lexicon_handles_compounds_and_feminine_forms():
    assert is_role("Regierungssprecherin") and is_role("Pentagon-Sprecherin") and is_role("NATO-Generalsekretär")
    assert is_role("Außenministerin") and is_role("Präsident")
    assert not is_role("Begleiter") and not is_role("Haus") and not is_role("sprecher")


def _attrs(text: str, name: str, orgs: tuple[str, ...] = ()):
    doc = make_doc(text)
    s = text.index(name)
    e = s + len(name)
    toks = [t.i for t in doc if s <= t.idx < e]
    orgs_at = {}
    for o in orgs:
        k = text.index(o)
        orgs_at[k] = (k, k + len(o))
    return {(a.kind, text[a.start:a.end], a.value) for a in attr_mod.person_attributes(doc, toks[0], toks[-1] + 1, "de", orgs_at)}


def test_pre_modifier_role_age_and_nationality():
    got = _attrs("Der ukrainische Präsident Petro Kowal (46) sprach.", "Petro Kowal")
    assert ("age", "46", "46") in got
    assert ("role", "ukrainische Präsident", "ukrainische Präsident") in got
    assert ("nationality", "ukrainische", "Ukraine") in got


def test_compound_role_gives_affiliation():
    got = _attrs("Die stellvertretende Pentagon-Sprecherin Lea Brandt sagte das.", "Lea Brandt")
    assert ("role", "stellvertretende Pentagon-Sprecherin", "stellvertretende Pentagon-Sprecherin") in got
    assert ("affiliation", "Pentagon", "Pentagon") in got


def test_genitive_role_before_and_apposition_after():
    got = _attrs("Sprecher des Ministeriums, Karl Huber, bestritt das.", "Karl Huber", orgs=("Ministeriums",))
    assert ("role", "Sprecher des Ministeriums", "Sprecher des Ministeriums") in got
    assert ("affiliation", "Ministeriums", "Ministeriums") in got
    got = _attrs("Karl Huber, Sprecher des Bundesamts, bestritt das.", "Karl Huber", orgs=("Bundesamts",))
    assert ("role", "Sprecher des Bundesamts", "Sprecher des Bundesamts") in got
    got = _attrs("Karl Huber, 61, bestritt das.", "Karl Huber")
    assert ("age", "61", "61") in got


def test_no_role_when_none_is_stated():
    assert not {k for k, *_ in _attrs("Gestern traf Karl Huber ein.", "Karl Huber")} & {"role", "age"}


def test_stage_finds_rule_mentions_with_valid_spans():
    text = ("Der Kreml wies die Vorwürfe zurück. Er sagte, die Ministerin habe gelogen. "
            "Nordkoreanische Truppen und ukrainische Soldaten kämpften. Moskau bestreitet das.")
    ann = annotate(text)
    assert not [e for e in ann.errors if e.stage == "entities"]
    assert not check_spans(ann, {"t1": text})
    kinds = {(m.text, m.kind) for m in ann.mentions}
    assert ("Kreml", "metonym") in kinds
    assert ("Er", "pronoun") in kinds
    assert ("die Ministerin", "nominal") in kinds
    assert ("ukrainische", "demonym") in kinds
    assert ("Moskau", "metonym") in kinds or not any(m.text == "Moskau" for m in ann.mentions)


def test_stage_runs_without_model(monkeypatch):
    import quellenlage.entities as ent

    monkeypatch.setattr(ent, "load_model", lambda *a, **k: None)
    text = "Die Vereinten Nationen und Frankreich warnten. Sie sagte nichts."
    ann = annotate(text)
    assert not ann.errors or all(e.stage != "entities" for e in ann.errors)
    got = {(m.text, m.label, m.origin) for m in ann.mentions}
    assert ("Vereinten Nationen", "ORG", "gazetteer") in got
    assert ("Frankreich", "LOC", "gazetteer") in got
    assert not any(m.label == "PER" and m.kind == "name" for m in ann.mentions)  # nothing invented


def test_model_tags_people_in_context():
    from quellenlage.entities.ner import load_model

    if load_model() is None:
        pytest.skip("no shipped NER model")
    text = "Bundeskanzlerin Angela Merkel traf am Montag in Paris den Präsidenten Emmanuel Macron."
    ann = annotate(text)
    people = {m.text for m in ann.mentions if m.label == "PER" and m.kind == "name"}
    assert "Angela Merkel" in people or "Emmanuel Macron" in people
    assert any(a.kind == "role" for a in ann.attributes)


def test_english_article_gets_rule_mentions_and_attributes():
    text = "She said the ministry had not been told. The spokesman declined to comment. Anna Berg (52) left."
    ann = annotate(text, language="en")
    assert not [e for e in ann.errors if e.stage == "entities"]
    kinds = {(m.text, m.kind) for m in ann.mentions}
    assert ("She", "pronoun") in kinds
    assert ("The spokesman", "nominal") in kinds
    assert not check_spans(ann, {"t1": text})


def test_mention_swap_augmentation_keeps_context_and_types():
    from quellenlage.entities.conll import bio_spans
    from quellenlage.entities.finetune import swap_entities

    sents = [
        ("Gestern traf Anna Berger in Lorvik den Vorstand der Hafenbank .".split(),
         ["O", "O", "B-PER", "I-PER", "O", "B-LOC", "O", "O", "O", "B-ORG", "O"]),
        ("Das Wetter war schön .".split(), ["O"] * 5),
        ("Tom Hagen wohnt in Brelow und liest den Kurier .".split(),
         ["B-PER", "I-PER", "O", "O", "B-LOC", "O", "O", "O", "B-ORG", "O"]),
    ]
    out = swap_entities(sents, copies=2, seed=3)
    assert out == swap_entities(sents, copies=2, seed=3)  # the recipe is reproducible
    assert len(out) == 4  # sentences without a name are not copied
    for words, tags in out:
        assert len(words) == len(tags)
        kinds = sorted(label for _, _, label in bio_spans(tags))
        assert kinds in (["LOC", "ORG", "PER"],)
        # the words between the names are those of one of the source sentences, in order
        context = [w for w, t in zip(words, tags) if t == "O"]
        assert context in ([w for w, t in zip(*sents[0]) if t == "O"], [w for w, t in zip(*sents[2]) if t == "O"])
    assert any(words != sents[0][0] and words != sents[2][0] for words, _ in out)  # names were replaced


def test_accurate_tagger_reads_ensemble_and_o_bias(tmp_path):
    import json

    from quellenlage.entities.ner import MODEL_DIR, load_accurate

    for name in ("ft_layers.npz", "ft_layers_swap.npz"):
        (tmp_path / name).symlink_to(MODEL_DIR / name)
    shipped = json.loads((MODEL_DIR / "decoding.json").read_text())
    assert shipped["extra"] == ["ft_layers_swap.npz"]
    words = "Gestern sprach Anna Berger in Lorvik mit dem Vorstand der Hafenbank .".split()

    (tmp_path / "decoding.json").write_text(json.dumps({"extra": ["ft_layers_swap.npz"], "o_bias": 0.0}))
    tagger = load_accurate(str(tmp_path))
    assert len(tagger.members) == 2 and tagger.o_bias == 0.0
    spans = tagger.tag_words([words])[0]
    assert (2, 4, "PER") in spans and (5, 6, "LOC") in spans

    (tmp_path / "decoding.json").write_text(json.dumps({"extra": ["ft_layers_swap.npz"], "o_bias": 50.0}))
    load_accurate.cache_clear()
    assert load_accurate(str(tmp_path)).tag_words([words]) == [[]]  # an overwhelming O bias leaves no span
