"""The WikiWarsDE-style timex evaluation: parsing, matching and scores on a tiny corpus written here."""
from pathlib import Path

from quellenlage.eval.timex import evaluate_dir, norm_value, parse_key

KEY = """<DOC>
<DOCID>t1</DOCID>
<DATETIME> <TIMEX2 val="2011-02-16T17:00:00">2011-02-16T17:00:00</TIMEX2> </DATETIME>
<TEXT>
Im <TIMEX2 val="1864-05">Mai 1864</TIMEX2> begann der Feldzug. Am <TIMEX2 val="1864-05-05">5. Mai</TIMEX2> kam es zur Schlacht, <TIMEX2 val="1864-05-07">zwei Tage später</TIMEX2> zogen sie ab. Der Krieg dauerte <TIMEX2 val="P4Y">vier Jahre</TIMEX2>. Ende Juni war alles vorbei.
</TEXT>
</DOC>
"""


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "keyinline").mkdir()
    (tmp_path / "keyinline" / "t1.key.xml").write_text(KEY, encoding="utf-8")
    import re

    raw = re.sub(r"</?TIMEX2[^>]*>", "", KEY.split("<TEXT>")[1])
    sgm = KEY.split("<DATETIME>")[0] + "<DATETIME> 2011-02-16T17:00:00 </DATETIME>\n<TEXT>" + raw
    (tmp_path / "in" / "t1.sgm").write_text(sgm, encoding="utf-8")
    return tmp_path


def test_parse_key_offsets():
    text, gold = parse_key(KEY)
    assert [g["text"] for g in gold] == ["Mai 1864", "5. Mai", "zwei Tage später", "vier Jahre"]
    assert all(text[g["start"]:g["end"]] == g["text"] for g in gold)


def test_scores_on_small_corpus(tmp_path):
    r = evaluate_dir(_corpus(tmp_path))
    m = r["metrics"]
    # the system also finds "Ende Juni" (not annotated here): 4 gold, 5 system, all 4 gold found exactly
    assert (m["extraction strict"]["tp"], m["extraction strict"]["fp"], m["extraction strict"]["fn"]) == (4, 1, 0)
    assert m["value (TempEval)"]["tp"] == 4
    assert r["value_accuracy"] == 1.0


def test_norm_value():
    assert norm_value("1945-05-08T23:01+01") == "1945-05-08T23:01"
    assert norm_value("2011-02-16T17:00:00") == "2011-02-16T17:00"
    assert norm_value("bc0490") == "BC0490"


def test_shared_wikiwars_meets_targets(shared_eval):
    r = evaluate_dir(shared_eval / "timex")
    assert r["metrics"]["extraction strict"]["f1"] >= 0.90
    assert r["metrics"]["value (TempEval)"]["f1"] >= 0.85
