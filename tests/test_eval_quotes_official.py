"""The dataset authors' quotation metric (eval/quotes_official.py) and the predictions writer
(eval/quotes_predictions.py)."""
import json

import pytest

from quellenlage.attribution.training import corpora
from quellenlage.eval import quotes_official as official
from quellenlage.eval import quotes_predictions as predictions
from quellenlage.eval.quotes import TYPES, evaluate
from quellenlage.model.annotations import Attribution
from quellenlage.model.base import Span


def _part(ids):
    return {"spans": [], "text": "", "tokenIds": list(ids)}


def _ann(quote, cue=(), frame=(), speaker=(), addressee=(), typ="Indirect", medium="Speech"):
    return {"quote": _part(quote), "cue": _part(cue), "frame": _part(frame), "speaker": _part(speaker),
            "addressee": _part(addressee), "type": typ, "medium": medium}


GOLD = [
    _ann(range(4, 10), cue=[2], frame=[0, 1, 2, 3], speaker=[0, 1]),
    _ann(range(20, 30), cue=[31], frame=[30, 31, 32, 33], speaker=[32, 33], addressee=[34], typ="Direct"),
    _ann(range(40, 45), speaker=[46], typ="Reported"),
]


def _score(gold, pred, **kw):
    return official.score_documents({"d": gold}, {"d": pred}, types=TYPES, **kw)


# --- the scorer self-check -------------------------------------------------------------------------------------

def test_gold_against_itself_is_perfect():
    res = _score(GOLD, GOLD)
    for name in ("messages", "roles", "joint"):
        assert (res["all"][name]["precision"], res["all"][name]["recall"], res["all"][name]["f1"]) == (1.0, 1.0, 1.0)
    assert res["type_label"]["f1"] == 1.0 and res["medium_label"]["f1"] == 1.0
    # Parts empty on both sides add no value: the Reported quotation has no cue/frame/addressee.
    assert res["per_part"]["addressee"]["n_recall"] == 1


def test_one_missing_quotation_lowers_recall_by_its_share():
    res = _score(GOLD, GOLD[:2])
    assert res["all"]["messages"]["precision"] == 1.0
    assert res["all"]["messages"]["recall"] == round(2 / 3, 4)  # quote recalls 1, 1, 0 averaged over quotations
    # Roles: defined recalls are 3 (first) + 4 (second) ones and one 0 for the missing quotation's speaker.
    assert res["all"]["roles"]["recall"] == round(7 / 8, 4)
    assert res["all"]["joint"]["recall"] == round(9 / 11, 4)
    assert res["groups"]["unmatched_gold"] == 1


def test_predicted_quotation_without_gold_counts_its_tokens_as_false_positives():
    extra = _ann(range(60, 64), speaker=[65])
    res = _score(GOLD, GOLD + [extra])
    assert res["all"]["messages"]["recall"] == 1.0
    assert res["all"]["messages"]["precision"] == round(3 / 4, 4)
    assert res["all"]["messages"]["fp"] == 4 and res["per_part"]["speaker"]["fp"] == 1
    assert res["groups"]["unmatched_predicted"] == 1


def test_roles_pool_every_pair_and_role_into_one_mean():
    gold = [_ann([1, 2], cue=[3], speaker=[4]), _ann([11, 12], speaker=[14])]
    pred = [_ann([1, 2], cue=[3], speaker=[5]), _ann([11, 12], speaker=[14])]
    res = _score(gold, pred)
    # (pair, role) precisions: cue 1, speaker 0, speaker 1 -> 2/3; a mean of per-role means would give 0.75.
    assert res["all"]["roles"]["precision"] == round(2 / 3, 4)


def test_hungarian_matching_beats_greedy_largest_overlap():
    g = [official.Quotation({"quote": frozenset({1, 2, 3, 4})}), official.Quotation({"quote": frozenset({5, 6})})]
    p = [official.Quotation({"quote": frozenset({1, 2, 3, 4, 5})}), official.Quotation({"quote": frozenset({1, 2, 3})})]
    # Greedy would pair g0-p0 (F1 .89) and leave g1 without overlap; the optimum pairs g0-p1 and g1-p0.
    assert sorted(official.match(g, p)) == [(0, 1), (1, 0)]


def test_type_breaks_a_tie_in_quote_overlap():
    g = [official.Quotation({"quote": frozenset({1, 2})}, type="Direct")]
    p = [official.Quotation({"quote": frozenset({1, 2})}, type="Indirect"),
         official.Quotation({"quote": frozenset({1, 2})}, type="Direct")]
    assert official.match(g, p) == [(0, 1)]


def test_pairs_without_quote_overlap_are_still_matched_as_in_the_published_scorer():
    res = _score([_ann([1, 2, 3], speaker=[9])], [_ann([5, 6], speaker=[9])])
    assert res["groups"] == {"matched": 1, "matched_without_quote_overlap": 1, "unmatched_gold": 0,
                             "unmatched_predicted": 0}
    assert res["per_part"]["speaker"]["f1"] == 1.0 and res["all"]["messages"]["f1"] == 0.0


def test_spkatt_roles_leave_frame_out():
    pred = [dict(GOLD[0], frame=_part([]))]
    assert _score(GOLD[:1], pred, roles=official.SPKATT_ROLES)["all"]["roles"]["recall"] == 1.0
    assert _score(GOLD[:1], pred)["all"]["roles"]["recall"] < 1.0


def test_dev_gold_scores_perfectly_against_itself(shared_eval):
    folder = shared_eval / "quotes" / "data" / "dev"
    docs = {p.name: json.loads(p.read_text(encoding="utf-8"))["annotations"]
            for p in sorted(folder.glob("*.json"))[:40]}
    res = official.score_documents(docs, docs, types=TYPES)
    assert res["all"]["joint"]["f1"] == 1.0 and res["groups"]["unmatched_gold"] == 0


# --- the predictions writer ------------------------------------------------------------------------------------

TEXT = "Der Minister sagte dem Sender, die Lage sei ernst."
TOKENS = ["Der", "Minister", "sagte", "dem", "Sender", ",", "die", "Lage", "sei", "ernst", "."]


def _gold_doc():
    tokens, pos = [], 0
    for i, t in enumerate(TOKENS):
        a = TEXT.index(t, pos)
        tokens.append({"id": i, "charBegin": a, "charEnd": a + len(t), "sentence": 1, "word": i + 1, "text": t})
        pos = a + len(t)
    ft = predictions.FileTokens.from_json(tokens)
    ann = {"quote": ft.part_of_ids(TEXT, range(6, 10)), "cue": ft.part_of_ids(TEXT, [2]),
           "frame": ft.part_of_ids(TEXT, range(0, 6)), "speaker": ft.part_of_ids(TEXT, [0, 1]),
           "addressee": ft.part_of_ids(TEXT, [3, 4]), "type": "Indirect", "medium": "Speech", "id": 0,
           "hasNested": False, "isNested": False}
    return {"documentName": "1 - Titel (2020-01-01)", "originalText": TEXT, "tokens": tokens,
            "sentences": [{"id": 0, "begin": 0, "end": len(TOKENS), "charBegin": 0, "charEnd": len(TEXT)}],
            "annotations": [ann]}


def _span(s, start=None):
    a = TEXT.index(s) if start is None else start
    return Span(article_id="a", start=a, end=a + len(s), text=s)


def _attribution(**kw):
    base = dict(id="q1", article_id="a", start=0, end=len(TEXT), text=TEXT, type="indirect", cue=_span("sagte"),
                speaker=_span("Der Minister"), content=[_span("die Lage sei ernst")], addressee=_span("dem Sender"),
                frame=_span("Der Minister sagte dem Sender,"), medium="spoken")
    base.update(kw)
    return Attribution(**base)


def test_file_tokens_map_character_spans_by_overlap():
    ft = predictions.FileTokens.from_json(_gold_doc()["tokens"])
    part = ft.part(TEXT, [(TEXT.index("inister"), TEXT.index("sagte") + 2), (TEXT.index("Lage"), len(TEXT))])
    assert part["tokenIds"] == [1, 2, 7, 8, 9, 10]
    assert [(s["begin"], s["end"]) for s in part["spans"]] == [(1, 3), (7, 11)]
    assert part["text"] == "Minister sagte Lage sei ernst."


def test_prediction_document_keeps_the_gold_file_and_replaces_annotations():
    gold = _gold_doc()
    doc = predictions.prediction_document(gold, [_attribution()])
    assert {k: doc[k] for k in ("documentName", "originalText", "tokens", "sentences")} == \
        {k: gold[k] for k in ("documentName", "originalText", "tokens", "sentences")}
    (ann,) = doc["annotations"]
    assert (ann["type"], ann["medium"]) == ("Indirect", "Speech")
    assert ann["frame"]["tokenIds"] == [0, 1, 2, 3, 4, 5] and ann["addressee"]["text"] == "dem Sender"
    res = official.score_documents({"d": gold["annotations"]}, {"d": doc["annotations"]})
    assert res["all"]["joint"]["f1"] == 1.0


def test_no_cue_or_frame_where_the_dataset_annotates_none():
    att = _attribution(type="reported", frame=_span("Der Minister sagte dem Sender,"))
    (ann,) = predictions.prediction_document(_gold_doc(), [att])["annotations"]
    assert ann["type"] == "Reported" and ann["cue"]["tokenIds"] == [] and ann["frame"]["tokenIds"] == []


def test_media_map_to_dataset_codes():
    codes = {predictions.map_medium(_attribution(medium=m)) for m in ("spoken", "written", "statement", "unknown")}
    assert codes == {"Speech", "Writing", "SW"}


def test_written_predictions_parse_back_and_score_the_same(tmp_path):
    gold = _gold_doc()
    doc = predictions.prediction_document(gold, [_attribution(speaker=_span("Minister"))])
    path = predictions.write(tmp_path, "1.pretty.json", doc)
    back = corpora.read_wikinews_file(path)
    assert back.events[0]["speaker"] == [1] and back.events[0]["type"] == "Indirect"
    in_process = official.score_documents({"d": gold["annotations"]}, {"d": doc["annotations"]})
    from_file = official.score_documents({"d": gold["annotations"]},
                                         {"d": json.loads(path.read_text(encoding="utf-8"))["annotations"]})
    assert in_process == from_file and in_process["per_part"]["speaker"]["precision"] == 1.0
    assert in_process["per_part"]["speaker"]["recall"] == 0.5


# --- wired into `eval quotes` ----------------------------------------------------------------------------------

def test_evaluate_reports_official_metric_and_writes_predictions(tmp_path):
    data, out = tmp_path / "data", tmp_path / "pred"
    data.mkdir()
    (data / "1.pretty.json").write_text(json.dumps(_gold_doc()), encoding="utf-8")
    res = evaluate(data, tmp_path / "r.json", predictions=out)
    written = json.loads((out / "1.pretty.json").read_text(encoding="utf-8"))
    assert written["documentName"] == _gold_doc()["documentName"]
    again = official.score_documents({"d": _gold_doc()["annotations"]}, {"d": written["annotations"]}, types=TYPES)
    assert res["official"]["all"] == again["all"]
    assert set(res["official"]["per_part"]) == {"quote", "cue", "frame", "speaker", "addressee"}
    assert json.loads((tmp_path / "r.json").read_text())["official"]["all"]["messages"]["n_recall"] == 1


def test_evaluate_spkatt_format(tmp_path):
    doc = {"Sentences": [{"SentenceId": 0, "Tokens": TEXT[:-1].replace(",", " ,").split() + ["."]}],
           "Annotations": [{"Cue": ["0:2"], "Source": ["0:0", "0:1"], "Message": ["0:6", "0:7", "0:8", "0:9"],
                            "Addr": ["0:3", "0:4"], "Topic": [], "Medium": [], "Evidence": [], "PTC": []}]}
    (tmp_path / "a.json").write_text(json.dumps(doc), encoding="utf-8")
    res = evaluate(tmp_path, None, fmt="spkatt")
    assert res["official"]["roles"] == ["cue", "speaker", "addressee"]
    assert "per_type" not in res["official"] and res["official"]["all"]["messages"]["n_recall"] == 1


def test_evaluate_records_a_bad_file_and_goes_on(tmp_path):
    (tmp_path / "1.pretty.json").write_text(json.dumps(_gold_doc()), encoding="utf-8")
    (tmp_path / "2.pretty.json").write_text("{not json", encoding="utf-8")
    res = evaluate(tmp_path, None)
    assert res["articles"] == 1 and res["errors"][0]["file"] == "2.pretty.json"


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError):
        evaluate(tmp_path, None, fmt="conll")
