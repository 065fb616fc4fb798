"""Core records: spans into an article's text, the article itself, per-input status."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """Base for every schema object: strict fields, JSON-friendly."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Span(Record):
    """A character range of one article. `text` must equal `Article.text[start:end]`."""

    article_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


BoilerplateReason = Literal[
    "consent", "read_more", "advertisement", "share_prompt", "teaser", "duplicate_line", "navigation", "other"
]


class FlaggedSpan(Span):
    """Text kept in the article but excluded from analysis (boilerplate), with why."""

    reason: BoilerplateReason
    detail: str = ""


class Article(Record):
    id: str
    source: str = Field(description="file path, URL or '<stdin>' the article came from")
    url: str | None = None
    outlet: str | None = None
    outlet_inferred: bool = False
    outlet_evidence: str | None = Field(None, description="why the outlet was inferred (domain, text clue)")
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None
    language_confidence: float | None = None
    text: str
    flagged: list[FlaggedSpan] = Field(default_factory=list)
    content_hash: str = ""
    encoding: str | None = Field(None, description="encoding the bytes were decoded with")


InputStatus = Literal["ok", "error", "duplicate"]


class InputRecord(Record):
    """What happened to one input (file, jsonl line, stdin). Every input gets one."""

    source: str
    status: InputStatus
    article_id: str | None = None
    error_kind: str | None = None
    message: str | None = None
