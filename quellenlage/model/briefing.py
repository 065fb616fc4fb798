"""The briefing: what `quellenlage brief` writes as briefing.json."""
from __future__ import annotations

from datetime import datetime

from pydantic import Field

from .annotations import ArticleAnnotations
from .base import Article, InputRecord, Record, Span
from .crossdoc import ClaimGroup, CopyLink, DenialRecord, Entity, FigureComparison, MatrixRow, Story, TimelineEvent

SCHEMA_VERSION = "1.0.0"


class SummaryItem(Record):
    """One summary line: always an extractive span from an article, never generated text."""

    span: Span
    kind: str = Field("claim", description="what the line is: corroborated, figure_conflict, denial, single_origin, "
                      "unattributed or lead (a story's first sentence when no claims exist)")
    claim_group_id: str | None = None
    outlet: str | None = None
    why: str = ""


class Briefing(Record):
    schema_version: str = SCHEMA_VERSION
    generated_at: datetime
    generator: str = "quellenlage"
    inputs: list[InputRecord] = Field(default_factory=list)
    articles: list[Article] = Field(default_factory=list)
    annotations: list[ArticleAnnotations] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    stories: list[Story] = Field(default_factory=list)
    claim_groups: list[ClaimGroup] = Field(default_factory=list)
    figure_table: list[FigureComparison] = Field(default_factory=list)
    denials: list[DenialRecord] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    summary: list[SummaryItem] = Field(default_factory=list)
    matrix: list[MatrixRow] = Field(default_factory=list, description="outlet x claim-group stances")
    copies: list[CopyLink] = Field(default_factory=list, description="articles that copy or translate an earlier one")
    notes: list[str] = Field(default_factory=list, description="what the cross-article stage could not do (missing stages)")
