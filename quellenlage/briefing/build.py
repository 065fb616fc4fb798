"""Assemble the Briefing from inputs, articles and their per-article annotations (runs the cross-article stage)."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

from ..model import Article, ArticleAnnotations, Briefing, InputRecord


def build_briefing(
    inputs: Sequence[InputRecord],
    articles: Sequence[Article],
    annotations: Sequence[ArticleAnnotations],
    embedder=None,
) -> Briefing:
    """Run `analyse_corpus` and pack everything into one schema-valid Briefing.

    Articles and annotations are kept as given (annotations with entity ids filled in when linking ran), so every
    span in the briefing can be checked against `articles[*].text`.
    """
    from ..crossdoc import analyse_corpus

    notes: list[str] = []
    try:
        ca = analyse_corpus(articles, annotations, embedder=embedder)
    except Exception as exc:  # the briefing must still list every input
        import traceback

        notes.append(f"cross-article stage failed: {type(exc).__name__}: {exc}")
        notes.append(traceback.format_exc(limit=3))
        return Briefing(generated_at=datetime.now(timezone.utc), inputs=list(inputs), articles=list(articles),
                        annotations=_without_vectors(annotations), notes=notes)
    return briefing_from_analysis(inputs, articles, annotations, ca, notes)


def briefing_from_analysis(inputs: Sequence[InputRecord], articles: Sequence[Article],
                           annotations: Sequence[ArticleAnnotations], ca, notes: Sequence[str] = ()) -> Briefing:
    """Pack a `CorpusAnalysis` (from `analyse_corpus`, or assembled from stored per-story parts by
    crossdoc/incremental.py) into a Briefing."""
    return Briefing(
        generated_at=datetime.now(timezone.utc),
        inputs=list(inputs),
        articles=list(articles),
        annotations=_without_vectors(ca.annotations or annotations),
        entities=ca.entities,
        stories=ca.stories,
        claim_groups=ca.claim_groups,
        figure_table=ca.figure_table,
        denials=ca.denials,
        timeline=ca.timeline,
        summary=ca.summary,
        matrix=ca.matrix,
        copies=ca.copies,
        notes=list(notes) + ca.notes,
    )


def _without_vectors(annotations: Sequence[ArticleAnnotations]) -> list[ArticleAnnotations]:
    """Embeddings and fingerprints are working data for the cross-article stage (kept in the store), not part of a
    briefing."""
    return [a.model_copy(update={"embeddings": None, "fingerprint": None})
            if a.embeddings is not None or a.fingerprint is not None else a for a in annotations]
