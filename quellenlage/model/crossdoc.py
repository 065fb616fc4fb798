"""Cross-article results: canonical entities, stories, claim groups, origins, figure comparisons."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .annotations import Attribute, EntityLabel, SourceNode
from .base import Record, Span


class Entity(Record):
    """A canonical entity linked across articles, with every alias and attribute kept side by side."""

    id: str
    label: EntityLabel
    name: str
    aliases: list[str] = Field(default_factory=list)
    mention_ids: list[str] = Field(default_factory=list)
    article_ids: list[str] = Field(default_factory=list)
    attributes: list[Attribute] = Field(default_factory=list)
    metonym_of: str | None = Field(None, description="e.g. 'der Kreml' stands for the Russian government")
    country: str | None = Field(None, description="for demonyms: the country entity's name")


class Story(Record):
    id: str
    label: str
    article_ids: list[str]
    top_entities: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None


Stance = Literal["supports", "hedges", "denies", "reports"]


class ClaimRef(Record):
    claim_id: str
    article_id: str
    outlet: str | None = None
    stance: Stance
    span: Span


class Origin(Record):
    """An independent origin behind a claim group: the end of source chains, or a copied article."""

    id: str
    label: str
    kind: str
    claim_ids: list[str] = Field(default_factory=list)
    article_ids: list[str] = Field(default_factory=list)
    chains: list[list[SourceNode]] = Field(default_factory=list)


GroupStatus = Literal["corroborated", "single_origin", "unattributed", "contested", "denied", "unverified",
                      "not_determined"]


class ClaimGroup(Record):
    id: str
    story_id: str
    representative: Span
    members: list[ClaimRef] = Field(default_factory=list)
    origins: list[Origin] = Field(default_factory=list)
    status: GroupStatus = "single_origin"
    first_reporter: str | None = None
    outlets: list[str] = Field(default_factory=list)
    denied_by: list[str] = Field(default_factory=list)
    linked_group_ids: list[str] = Field(default_factory=list, description="groups about the same thing with opposite polarity")
    polarity: str = Field("affirmed", description="polarity shared by every member: affirmed, negated or denied")
    independent_origins: int = Field(0, description="number of independent origins after collapsing chains and copies")
    article_ids: list[str] = Field(default_factory=list)
    unverified_by: list[str] = Field(default_factory=list, description="outlets that flag the claim as not independently verified")
    hedged_by: list[str] = Field(default_factory=list, description="outlets that report it hedged (Konjunktiv, 'angeblich')")
    unattributed_by: list[str] = Field(default_factory=list, description="outlets that state it in their own voice, "
                                       "naming no source: reported, but not an independent origin")
    first_published: str | None = None


class FigureSide(Record):
    figure_id: str
    article_id: str
    outlet: str | None = None
    span: Span
    value: float | None = None
    low: float | None = None
    high: float | None = None
    lower_bound: bool = False
    upper_bound: bool = False
    chain: list[SourceNode] = Field(default_factory=list)
    category: str | None = None


class FigureComparison(Record):
    id: str
    story_id: str
    counts: str = Field(description="what the figures count, as written in the first side")
    verdict: Literal["agree", "compatible", "conflict"]
    sides: list[FigureSide]
    note: str = ""


class DenialRecord(Record):
    id: str
    story_id: str
    actor: str
    span: Span
    target: Span | None = None
    claim_group_ids: list[str] = Field(default_factory=list)
    published: str | None = None
    article_id: str | None = None
    outlet: str | None = None
    actor_entity_id: str | None = None
    kind: Literal["denial", "non_denial", "confirmation"] = Field(
        "denial", description="non_denial: a negated denial ('bestreitet nicht', 'did not deny'), never shown as one")
    negated: bool = Field(False, description="the denial is itself negated ('bestreitet nicht')")
    source: str = Field("denial", description="what it came from: a Denial annotation or a denied/negated claim")


class CopyLink(Record):
    """An article that copies (near-identical text) or translates/rewrites an earlier one: not an independent origin."""

    article_id: str
    copy_of: str
    kind: Literal["near_duplicate", "contained", "translation"]
    similarity: float
    containment: float | None = Field(None, description="share of the shorter text's shingles reused in the other")
    passages: list[Span] = Field(default_factory=list, description="the copy's passages reused from the original")


class MatrixRow(Record):
    """One article's stance towards each claim group of its story (outlet x claim-group matrix)."""

    article_id: str
    outlet: str | None = None
    published: str | None = None
    story_id: str | None = None
    cells: dict[str, Stance] = Field(default_factory=dict, description="claim group id -> supports, hedges, denies, reports")


class TimelineEvent(Record):
    when: str = Field(description="TIMEX3 value")
    span: Span
    time_span: Span
    claim_id: str | None = None
    outlet: str | None = None
    chain: list[SourceNode] = Field(default_factory=list)
