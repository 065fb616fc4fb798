"""NER gold readers and strict span scoring."""
from __future__ import annotations

from pathlib import Path

import pytest

from quellenlage.entities.conll import bio_spans, read_sentences
from quellenlage.eval.ner import score_spans

GERMEVAL = """#\thttp://example.org/a\t[2020-01-01]
1\tAnna\tB-PER\tO
2\tMüller\tI-PER\tO
3\tbesucht\tO\tO
4\tdas\tO\tO
5\tBerliner\tB-LOCderiv\tO
6\tRathaus\tO\tO

#\thttp://example.org/b\t[2020-01-01]
1\tDie\tO\tO
2\tUN-Mission\tB-ORGpart\tO
3\tendet\tO\tO
"""

CONLL_IO = """Peter I-PER
Schmidt I-PER
aus O
Hamburg I-LOC
. O

Siemens I-ORG
wächst O
"""


def test_reads_germeval_tsv(tmp_path: Path):
    f = tmp_path / "g.tsv"
    f.write_text(GERMEVAL, encoding="utf-8")
    sents = read_sentences(f)
    assert [w for w, _ in sents] == [["Anna", "Müller", "besucht", "das", "Berliner", "Rathaus"], ["Die", "UN-Mission", "endet"]]
    assert bio_spans(sents[0][1]) == {(0, 2, "PER"), (4, 5, "LOCderiv")}
    assert bio_spans(sents[1][1]) == {(1, 2, "ORGpart")}


def test_reads_two_column_io(tmp_path: Path):
    f = tmp_path / "c.bio"
    f.write_text(CONLL_IO, encoding="utf-8")
    sents = read_sentences(f)
    assert len(sents) == 2
    assert bio_spans(sents[0][1]) == {(0, 2, "PER"), (3, 4, "LOC")}
    assert bio_spans(sents[1][1]) == {(0, 1, "ORG")}


def test_strict_scoring_counts_partial_overlap_as_error():
    gold = [{(0, 2, "PER"), (3, 4, "LOC")}]
    pred = [{(0, 1, "PER"), (3, 4, "LOC"), (5, 6, "ORG")}]
    rows = score_spans(gold, pred)
    assert rows["LOC"]["f1"] == 1.0
    assert rows["PER"]["tp"] == 0 and rows["PER"]["fp"] == 1 and rows["PER"]["fn"] == 1
    assert rows["micro"]["tp"] == 1 and rows["micro"]["fp"] == 2 and rows["micro"]["fn"] == 1


def test_eval_on_dev_sample(shared_eval: Path, tmp_path: Path):
    from quellenlage.entities.ner import load_model
    from quellenlage.eval.ner import evaluate

    if load_model() is None:
        pytest.skip("no shipped NER model (run `quellenlage train ner`)")
    lines = (shared_eval / "ner" / "germeval2014-dev.tsv").read_text(encoding="utf-8").split("\n\n")[:150]
    sample = tmp_path / "dev-sample.tsv"
    sample.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    result = evaluate(sample, tmp_path / "out.json")
    assert (tmp_path / "out.json").exists()
    assert result["scores"]["micro"]["f1"] > 0.45
    assert result["tokens_per_second"] > 1000
