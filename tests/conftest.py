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
