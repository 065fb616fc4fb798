import json

from quellenlage.eval.quotes import evaluate


def _write(tmp_path, text, anns):
    d = {"documentName": "x", "originalText": text, "annotations": anns, "sentences": [], "tokens": []}
    (tmp_path / "1.pretty.json").write_text(json.dumps(d), encoding="utf-8")


def _part(text, s):
    if s is None:
        return {"spans": [], "text": "", "tokenIds": []}
    a = text.index(s)
    return {"spans": [{"charBegin": a, "charEnd": a + len(s), "begin": 0, "end": 0}], "text": s, "tokenIds": []}


def test_eval_on_tiny_dataset(tmp_path):
    text = "Die Polizei sagte, der Fahrer sei geflohen. Der Bürgermeister eröffnete die neue Brücke."
    ann = {"type": "Indirect", "medium": "Speech", "cue": _part(text, "sagte"), "speaker": _part(text, "Die Polizei"),
           "quote": _part(text, "der Fahrer sei geflohen"), "frame": _part(text, None), "addressee": _part(text, None)}
    _write(tmp_path, text, [ann])
    res = evaluate(tmp_path, tmp_path / "out.json")
    for p in ("cue", "speaker", "quote"):
        assert res["scores"]["overlap"][p]["all"]["f1"] == 1.0
        assert res["scores"]["exact"][p]["all"]["tp"] == 1
    assert json.loads((tmp_path / "out.json").read_text())["articles"] == 1


def test_eval_counts_missed_quotation(tmp_path):
    text = "Der Bürgermeister eröffnete die neue Brücke am Montag."
    ann = {"type": "Reported", "medium": "Speech", "cue": _part(text, None), "speaker": _part(text, "Der Bürgermeister"),
           "quote": _part(text, text), "frame": _part(text, None), "addressee": _part(text, None)}
    _write(tmp_path, text, [ann])
    res = evaluate(tmp_path, None)
    assert res["scores"]["overlap"]["quote"]["all"]["fn"] == 1
    assert res["scores"]["overlap"]["quote"]["all"]["recall"] == 0.0


def test_eval_on_shared_dev(shared_eval):
    res = evaluate(shared_eval / "quotes" / "data" / "dev", None, limit=10)
    assert res["scores"]["overlap"]["quote"]["all"]["tp"] > 0
