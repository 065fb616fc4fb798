"""`eval ner --map`: type maps between tag sets, and SmartData-format scoring on character spans."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from quellenlage.eval.ner import TypeMap, evaluate, to_smartdata_spans, read_smartdata, score_spans


def test_rules_patterns_drop_and_base():
    m = TypeMap.parse("OTH=MISC,*deriv=MISC,*part={base},X=O,Y=")
    assert m("OTH") == "MISC" and m("LOCderiv") == "MISC" and m("PERderiv") == "MISC"
    assert m("ORGpart") == "ORG" and m("OTHpart") == "OTH"
    assert m("X") is None and m("Y") is None
    assert m("PER") == "PER"  # no rule matches: kept
    assert m.spans({(0, 2, "OTH"), (3, 4, "X"), (5, 6, "LOCpart")}) == {(0, 2, "MISC"), (5, 6, "LOC")}


def test_targets_are_kept_so_one_map_serves_gold_and_predictions():
    m = TypeMap.parse("person=PER,location*=LOC,*=O")
    assert m("person") == "PER" and m("location-city") == "LOC"
    assert m("PER") == "PER" and m("LOC") == "LOC"  # our types are targets: not caught by `*=O`
    assert m("date") is None and m("OTH") is None


def test_named_maps():
    conll = TypeMap.parse("conll")
    assert [conll(t) for t in ("PER", "OTH", "LOCderiv", "ORGpart", "MISC")] == ["PER", "MISC", "MISC", None, "MISC"]
    plo = TypeMap.parse("plo")
    assert [plo(t) for t in ("LOC", "MISC", "OTH", "OTHpart", "LOCderiv")] == ["LOC", None, None, None, None]
    sd = TypeMap.parse("smartdata")
    gold = ["person", "organization-company", "organization", "location-street", "date", "org-position", "trigger"]
    assert [sd(t) for t in gold] == ["PER", "ORG", "ORG", "LOC", None, None, None]
    ours = ["PER", "ORG", "LOC", "LOCderiv", "ORGpart", "LOCpart", "OTH", "OTHpart", "PERderiv"]
    assert [sd(t) for t in ours] == ["PER", "ORG", "LOC", "LOC", "ORG", "LOC", None, None, None]


@pytest.mark.parametrize("bad", ["PER", "=PER", "PER=LOC,ORG"])
def test_bad_rules_are_refused(bad):
    with pytest.raises(ValueError):
        TypeMap.parse(bad)


def test_mapping_changes_cross_corpus_scores():
    gold = [{(0, 1, "MISC"), (2, 3, "PER")}]
    pred = [{(0, 1, "LOCderiv"), (2, 3, "PER"), (4, 6, "ORGpart")}]
    assert score_spans(gold, pred)["micro"]["f1"] < 0.5
    m = TypeMap.parse("conll")
    rows = score_spans([m.spans(g) for g in gold], [m.spans(p) for p in pred])
    assert rows["micro"]["f1"] == 1.0 and set(rows) == {"MISC", "PER", "micro"}


def _smartdata_file(path: Path, docs: list[tuple[str, list[tuple[str, str]]]]) -> Path:
    """Concatenated Avro-JSON documents as SmartData ships them; mentions given by surface (first match)."""
    chunks = []
    for text, mentions in docs:
        arr = []
        for surface, typ in mentions:
            s = text.index(surface)
            arr.append({"id": f"c/{len(arr)}", "span": {"start": s, "end": s + len(surface), "attributes": None},
                        "type": typ, "normalizedValue": None})
        chunks.append(json.dumps({"id": "x", "text": {"string": text}, "tokens": None, "sentences": None,
                                  "conceptMentions": {"array": arr}}, indent=2, ensure_ascii=False))
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(chunks))
    return path


DOCS = [
    ("Die Stadtwerke Kleinheim senken die Preise. Bürgermeisterin Jana Obermaier lobte das am Montag.",
     [("Stadtwerke Kleinheim", "organization-company"), ("Jana Obermaier", "person"), ("Montag", "date")]),
    ("Ein HSV-Sprecher bestätigte den Wechsel nach Erfurt.", [("HSV", "organization"), ("Erfurt", "location-city")]),
    ("Die Bundesbankpräsidentin schwieg.", [("Bundesbank", "organization")]),  # inside a word: unmatchable
]


class StubTagger:
    """Tags by a fixed word list: capitalised names from the test texts, one of them as a compound part."""
    LABELS = {"Stadtwerke": "ORG", "Kleinheim": "ORG", "Jana": "PER", "Obermaier": "PER", "HSV-Sprecher": "ORGpart",
              "Erfurt": "LOC", "Montag": "OTH"}

    def tag_words(self, sents):
        out = []
        for words in sents:
            spans, i = [], 0
            while i < len(words):
                lab = self.LABELS.get(words[i])
                j = i + 1
                while lab and j < len(words) and self.LABELS.get(words[j]) == lab:
                    j += 1
                if lab:
                    spans.append((i, j, lab))
                i = j
            out.append(spans)
        return out


def test_reads_smartdata_and_adapts_predicted_spans(tmp_path: Path):
    docs = read_smartdata(_smartdata_file(tmp_path / "sd.json.gz", DOCS))
    assert len(docs) == 3
    text, spans = docs[1]
    assert {(text[s:e], t) for s, e, t in spans} == {("HSV", "organization"), ("Erfurt", "location-city")}
    s = text.index("HSV-Sprecher")
    assert to_smartdata_spans(text, {(s, s + 12, "ORGpart")}) == {(s, s + 3, "ORGpart")}
    assert to_smartdata_spans(text, {(s, s + 12, "ORG")}) == {(s, s + 12, "ORG")}
    tweet = "Stau auf der A9 bei #Ingolstadt"
    h = tweet.index("#")
    assert to_smartdata_spans(tweet, {(h, len(tweet), "LOC")}) == {(h + 1, len(tweet), "LOC")}


def test_evaluate_smartdata_with_default_map(tmp_path: Path, monkeypatch):
    import quellenlage.entities.ner as ner

    monkeypatch.setattr(ner, "load_model", lambda model_dir=None: StubTagger())
    data = _smartdata_file(tmp_path / "sd.json.gz", DOCS)
    result = evaluate(data, tmp_path / "out.json")
    rows = result["scores"]
    assert result["format"] == "smartdata" and result["type_map"].startswith("person=PER")
    assert rows["micro"]["tp"] == 4 and rows["micro"]["fp"] == 0 and rows["micro"]["fn"] == 1  # date, OTH dropped
    assert result["gold_spans_unmatchable"] == 1
    assert set(rows) == {"ORG", "PER", "LOC", "micro"}
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["scores"] == rows
    unmapped = evaluate(data, None, type_map="")  # an empty map: raw types, nothing matches
    assert unmapped["scores"]["micro"]["tp"] == 0


def test_cli_map_option(tmp_path: Path, monkeypatch):
    from typer.testing import CliRunner

    import quellenlage.entities.ner as ner
    from quellenlage.cli import app

    monkeypatch.setattr(ner, "load_model", lambda model_dir=None: StubTagger())
    conll = tmp_path / "c.bio"
    conll.write_text("Jana B-PER\nObermaier I-PER\nin O\nErfurt B-LOC\n\nMontag B-MISC\n", encoding="utf-8")
    out = tmp_path / "r.json"
    res = CliRunner().invoke(app, ["eval", "ner", "--data", str(conll), "--map", "conll", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = json.loads(out.read_text(encoding="utf-8"))["scores"]
    assert rows["micro"]["f1"] == 1.0 and "MISC" in rows
    bad = CliRunner().invoke(app, ["eval", "ner", "--data", str(conll), "--map", "PER"])
    assert bad.exit_code != 0 and "--map" in bad.output
