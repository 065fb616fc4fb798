"""`quellenlage bench`: the default path per stage, per core, and against a tokenizer-only pass in the same run."""
from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from quellenlage.cli import app
from quellenlage.encoder.runtime import ENV_QUANT, ENV_THREADS
from quellenlage.pipeline import STAGES


@pytest.fixture
def clean_encoder_env(monkeypatch):
    """The bench command hands its encoder options to worker processes through the environment; the test's
    process gets its own environment back afterwards."""
    for name in (ENV_THREADS, ENV_QUANT):
        monkeypatch.setenv(name, "")  # recorded first, so what the command sets is undone at teardown
        monkeypatch.delenv(name)


def test_bench_reports_stages_per_core_and_tokenizer_ratio(tmp_path, clean_encoder_env):
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(app, ["bench", "--articles", "3", "--words", "60", "--ner", "fast",
                                      "--encoder-threads", "2", "--encoder-quant", "int8", "--out", str(out)])
    assert result.exit_code == 0, result.output
    r = json.loads(out.read_text(encoding="utf-8"))
    assert r["articles"] == 3 and r["ner_mode"] == "fast" and r["stage_errors"] == 0

    stages = r["stage_ms_per_article"]
    assert list(stages) == [name for name, _ in STAGES]  # every per-article stage, in pipeline order
    assert all(ms > 0 for ms in stages.values())
    total = r["total_ms_per_article"]
    # the stages are timed inside the loop that the total times: none exceeds it, nor does their sum
    assert all(ms <= total for ms in stages.values())
    assert sum(stages.values()) <= total + 0.05  # + rounding to 0.01 ms per stage
    assert r["articles_per_second_per_core"] == pytest.approx(1000 / total, rel=0.01)

    # NER tokens: every word is at least one token; per core = per CPU second of the entity stage
    assert r["ner_tokens"] >= r["words"]
    assert r["ner_tokens_per_second_per_core"] == pytest.approx(
        r["ner_tokens"] / (stages["entities"] * r["articles"] / 1000), rel=0.02)

    # the ratio compares the two passes of this run, and all stages cost more than tokenising alone
    tok = r["tokenizer_only_ms_per_article"]
    assert 0 < tok < stages["language"] + stages["entities"] + stages["time"]
    assert r["ratio_to_tokenizer"] == pytest.approx(total / tok, rel=0.05)
    assert r["ratio_to_tokenizer"] > 1

    # one worker's memory (models + per-article stages) is part of the whole run's
    assert 0 < r["peak_rss_mb"]["per_article_stages"] <= r["peak_rss_mb"]["driver"]

    # the encoder options reached the environment that pools and local Dask workers inherit, and the report
    assert os.environ[ENV_THREADS] == "2" and os.environ[ENV_QUANT] == "int8"
    assert r["encoder"]["threads"] == 2 and r["encoder"]["quant"] == "int8"
    assert "ratio to tokenizer-only" in " ".join(result.output.split())  # rich wraps table cells to the width


def test_bench_rejects_an_unknown_quantisation(clean_encoder_env):
    result = CliRunner().invoke(app, ["bench", "--articles", "1", "--encoder-quant", "int4"])
    assert result.exit_code == 2
    assert "int8-pc-fo32" in result.output  # the error names the choices
    assert ENV_QUANT not in os.environ
