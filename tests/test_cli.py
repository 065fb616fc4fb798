"""End to end: `quellenlage brief` on the bundled example corpus and on a batch with bad inputs."""
import json

import jsonschema
import pytest
from typer.testing import CliRunner

from quellenlage.cli import app
from quellenlage.model import Briefing, check_spans

from conftest import EXAMPLES

runner = CliRunner()


@pytest.fixture(scope="module")
def example_briefing(tmp_path_factory):
    out = tmp_path_factory.mktemp("brief")
    result = runner.invoke(app, ["brief", str(EXAMPLES), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "briefing.json").read_text(encoding="utf-8"))


def article(data, stem):
    return next(a for a in data["articles"] if a["id"].startswith(stem))


def annotations(data, article_id):
    return next(a for a in data["annotations"] if a["article_id"] == article_id)


def test_outputs_are_written_and_schema_valid(example_briefing):
    out, data = example_briefing
    assert (out / "briefing.md").read_text(encoding="utf-8").strip()
    assert (out / "briefing.html").exists()
    schema = json.loads(runner.invoke(app, ["schema"]).output)
    jsonschema.validate(data, schema)
    assert len(data["articles"]) == 7 and all(r["status"] == "ok" for r in data["inputs"])


def test_every_span_is_valid(example_briefing):
    _, data = example_briefing
    briefing = Briefing.model_validate(data)
    assert check_spans(briefing, {a.id: a.text for a in briefing.articles}) == []


def test_boilerplate_is_flagged(example_briefing):
    _, data = example_briefing
    assert [f["reason"] for f in article(data, "01-suedwest")["flagged"]] == ["read_more"]
    assert [f["reason"] for f in article(data, "03-kompakt24")["flagged"]] == ["consent"]
    assert [f["reason"] for f in article(data, "04-rheintal")["flagged"]] == ["advertisement"]


def test_figure_value_and_span(example_briefing):
    _, data = example_briefing
    a = article(data, "02-mnd")
    figures = annotations(data, a["id"])["figures"]
    fish = [f for f in figures if f["value"] == 12000]
    assert fish, figures
    f = fish[0]
    assert a["text"][f["start"]:f["end"]] == f["text"] and "12.000" in f["text"]
    assert f["approximate"] is True


def test_attribution_cue_and_speaker(example_briefing):
    _, data = example_briefing
    a = article(data, "04-rheintal")
    atts = annotations(data, a["id"])["attributions"]
    hartmann = [x for x in atts if x["speaker"] and "Hartmann" in x["speaker"]["text"] and x["cue"]["text"] == "sagte"]
    assert hartmann, [(x["cue"]["text"], x["speaker"] and x["speaker"]["text"]) for x in atts]
    assert any("Behörden innerhalb von zwei Stunden" in c["text"] for c in hartmann[0]["content"])


def test_bad_input_is_reported_and_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text("Sperrung in Weidach\n\nDie Brücke bleibt laut Stadt bis Mai gesperrt.\n", encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "blob.txt").write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out"
    result = runner.invoke(app, ["brief", str(src), "-o", str(out), "--workers", "1", "--no-html"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    status = {r["source"].rsplit("/", 1)[-1]: (r["status"], r["error_kind"]) for r in data["inputs"]}
    assert status == {"ok.txt": ("ok", None), "empty.txt": ("error", "empty"), "blob.txt": ("error", "binary")}
    md = (out / "briefing.md").read_text(encoding="utf-8")
    assert "empty.txt" in md and "blob.txt" in md


def test_standard_input_is_an_article(tmp_path):
    text = "Sperrung in Weidach\n\nDie Brücke bleibt laut Stadt bis Mai gesperrt. Rund 12.000 Pendler sind betroffen.\n"
    result = runner.invoke(app, ["brief", "-", "-o", str(tmp_path), "--workers", "1", "--no-html"], input=text)
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "briefing.json").read_text(encoding="utf-8"))
    assert [r["source"] for r in data["inputs"]] == ["<stdin>"]
    assert data["articles"][0]["title"] == "Sperrung in Weidach"
    assert any(f["value"] == 12000 for f in data["annotations"][0]["figures"])
