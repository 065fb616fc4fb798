"""Honest exit codes: `brief` and `ingest` fail (1) when no input could be read and say so in one line; a batch
with some good inputs exits 0 and lists each failure."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from quellenlage.cli import app

runner = CliRunner()
GOOD = "Sperrung in Weidach\n\nDie Brücke bleibt laut Stadt bis Mai gesperrt. Rund 12.000 Pendler sind betroffen.\n"


def said(result) -> str:
    return " ".join(result.output.split())  # rich wraps long lines


def bad_inputs(folder):
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 4)
    return folder


def test_brief_with_no_readable_input_exits_1_and_still_lists_the_inputs(tmp_path):
    src = bad_inputs(tmp_path / "in")
    out = tmp_path / "out"
    result = runner.invoke(app, ["brief", str(src), str(tmp_path / "missing.txt"), "-o", str(out), "--workers", "1",
                                 "--no-html", "--ner", "fast"])
    assert result.exit_code == 1, result.output
    assert "no input could be read (3 inputs, all rejected)" in said(result)
    data = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    assert data["articles"] == [] and sorted(r["status"] for r in data["inputs"]) == ["error"] * 3


def test_brief_with_a_partial_batch_exits_0_and_lists_the_failures(tmp_path):
    src = bad_inputs(tmp_path / "in")
    (src / "ok.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["brief", str(src), "-o", str(tmp_path / "out"), "--workers", "1", "--no-html",
                                 "--ner", "fast"])
    assert result.exit_code == 0, result.output
    text = said(result)
    assert "1 articles briefed (2 inputs rejected" in text and "no input could be read" not in text
    assert "empty.txt" in text and "blob.txt" in text


def test_ingest_with_no_readable_input_exits_1_then_partial_and_repeat_exit_0(tmp_path):
    src = bad_inputs(tmp_path / "in")
    store = str(tmp_path / "s.duckdb")
    nothing = runner.invoke(app, ["ingest", str(src), "--store", store])
    assert nothing.exit_code == 1, nothing.output
    assert "no input could be read (2 rejected); nothing was stored" in said(nothing)
    (src / "ok.txt").write_text(GOOD, encoding="utf-8")
    partial = runner.invoke(app, ["ingest", str(src), "--store", store])
    assert partial.exit_code == 0, partial.output
    text = said(partial)
    assert "1 stored, 0 already there, 2 rejected" in text and "empty.txt" in text and "blob.txt" in text
    again = runner.invoke(app, ["ingest", str(src / "ok.txt"), "--store", store])  # already stored: it was read
    assert again.exit_code == 0, again.output
    assert "0 stored, 1 already there, 0 rejected" in said(again)
