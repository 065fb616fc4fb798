"""Figures stage: every number of an article normalised (value or [low, high], unit, qualifier), with what it
counts and the predicate it belongs to. Dates, times, ages in parentheses and ordinals are left out; a duration is
a figure only where what it is the length of is determined ("für rund drei Stunden gesperrt", `durations`).
The extraction grammar lives in `quellenlage.figures.extract`; number words in `quellenlage.lang.number_words`;
corrected/superseded numbers ("nicht 14, sondern 30") in `corrections`; what a figure counts at the level a
reader compares ("people_injured") in `categories` with its word lists in `lexicon`; which attribution a figure
belongs to (set after the attribution stage) in `sources`.
"""
from __future__ import annotations

from ..model import Figure
from .categories import assign_categories
from .corrections import mark_corrections
from .durations import duration_figures
from .extract import RawFigure, SentenceAt, clause_of, find_counts, find_figures, find_predicate

__all__ = ["run", "figures_in_text", "RawFigure"]


def figures_in_text(text: str, lang: str = "de", sentences: list[tuple[int, int]] | None = None,
                    published=None, exclude: list[tuple[int, int]] | None = None, times=None) -> list[RawFigure]:
    """Figures of a plain text with counts and predicate offsets (no spaCy needed).

    `times` are the time expressions (objects with start, end, type, value, modifier): numbers inside them are
    not figures, but a duration whose category is determined is one (`durations`). Tagged here when neither
    `times` nor `exclude` (plain offsets of time expressions, no durations then) is given.
    """
    if times is None and exclude is None:
        from ..time.tagger import tag

        times = tag(text, published, mode="news")
    if exclude is None:
        exclude = [(t.start, t.end) for t in times]
    if sentences is None:
        import re

        sentences, pos = [], 0
        for m in re.finditer(r"(?<![0-9]\.)(?<!Mio\.)(?<!Mrd\.)(?<!Tsd\.)(?<!Nr\.)(?<!ca\.)(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])|\n+", text):
            sentences.append((pos, m.start()))
            pos = m.end()
        sentences.append((pos, len(text)))
    figs = find_figures(text, lang, exclude, sentence_bounds=sentences)
    figs = sorted(figs + duration_figures(text, times), key=lambda f: f.start)
    sentence_at = SentenceAt(sentences, (0, len(text)))
    for f in figs:
        sent = sentence_at(f.start)
        clause = clause_of(text, f.start, f.end, sent)
        if not f.extra.get("duration"):  # a duration counts no noun
            f.counts = find_counts(text, f, lang, clause)
        f.predicate = find_predicate(text, f, clause, sent)
    mark_corrections(text, figs, sentences)
    assign_categories(text, figs, sentences)
    # a duration is a figure only where it is the length of something a reader compares
    return [f for f in figs if f.category is not None or not f.extra.get("duration")]


def run(ctx) -> dict:
    sentences = [(s.start_char, s.end_char) for s in ctx.doc.sents] if ctx.doc is not None else None
    lang = "en" if ctx.lang == "en" else "de"
    # The time stage runs first; its expressions are what figures must not count (durations aside).
    figs = figures_in_text(ctx.text, lang, sentences, ctx.article.published, times=ctx.annotations.times)
    out = []
    for i, f in enumerate(figs):
        if ctx.is_flagged(f.start, f.end):
            continue
        out.append(ctx.span(
            f.start, f.end, Figure, id=f"{ctx.article.id}:f{i}", value=f.value, low=f.low, high=f.high, unit=f.unit,
            kind=f.kind, approximate=f.approximate, lower_bound=f.lower_bound, upper_bound=f.upper_bound,
            qualifier=f.qualifier,
            counts=ctx.span(*f.counts) if f.counts else None,
            predicate=ctx.span(*f.predicate) if f.predicate else None, category=f.category,
        ))
    return {"figures": out}
