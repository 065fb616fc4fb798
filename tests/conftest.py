"""Shared test helpers: building articles from text, running the pipeline, locating ../shared."""
from __future__ import annotations

from pathlib import Path

import pytest

from quellenlage.context import Options
from quellenlage.model import Article
from quellenlage.pipeline import analyse

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


def make_article(text: str, id: str = "t1", language: str = "de", **kw) -> Article:
    """An article from text you write in a test (no cleaning, language given)."""
    return Article(id=id, source=f"test:{id}", text=text, language=language, **kw)


def annotate(text: str, **kw):
    """Run every per-article stage on `text`; returns ArticleAnnotations."""
    return analyse(make_article(text, **kw), Options(keep_tokens=True))


@pytest.fixture
def shared_eval() -> Path:
    """../shared/eval, or skip the test with a clear message when the shared data is absent."""
    path = SHARED / "eval"
    if not path.is_dir():
        pytest.skip(f"evaluation data not found at {path} (../shared is only beside developer checkouts)")
    return path


def rule_atts(text: str, language: str = "de"):
    """The attribution rules' own output (`rules.extract` after the stages before attribution): no learned
    tagger, no frames/addressees/media from roles.complete, no English reported-speech pass."""
    from quellenlage.attribution.rules import extract
    from quellenlage.context import ArticleContext
    from quellenlage.pipeline import stages_before

    ctx = ArticleContext(article=make_article(text, language=language), options=Options(language=language))
    for _, run in stages_before("attribution"):
        update = run(ctx)
        if update:
            ctx.annotations = ctx.annotations.model_copy(update=update)
    return extract(ctx)


@pytest.fixture(autouse=True)
def _cli_settings_stay_in_their_test(monkeypatch):
    """The CLI hands --attribution-model and the encoder options to worker processes through the environment;
    recorded here so a test that runs such a command (or a developer's shell) leaks none into other tests."""
    from quellenlage.attribution.learned import ENV_COMBINE, ENV_MODEL
    from quellenlage.encoder.runtime import ENV_QUANT, ENV_THREADS

    for name in (ENV_MODEL, ENV_COMBINE, ENV_THREADS, ENV_QUANT):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
