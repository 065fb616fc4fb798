"""The default path timed stage by stage, against a tokenizer-only pass over the same texts in the same run.

Absolute speeds depend on the machine and on what else runs on it; the ratio to a pass that only tokenises
(spaCy's blank German pipeline + its rule-based sentencizer, a cost every NLP system pays) does much less, so
`ratio_to_tokenizer` is the number to compare across machines. Both sides are timed in CPU seconds of this
process (`time.process_time`, which counts every thread, so an encoder on several threads is charged for all of
them): "per core" means per CPU second, not per wall second.

NER tokens are the non-space tokens of the tokenizer-only pass: the language stage uses the same blank spaCy
tokenizer (`quellenlage.lang.tokens`), so these are the tokens the entity stage tags.
"""
from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..context import Options
from ..model import Article, ArticleAnnotations
from ..pipeline import STAGES, analyse, warm_up


@dataclass
class DefaultPathTiming:
    annotations: list[ArticleAnnotations]
    cpu_seconds: float  # the whole loop: stages plus what the pipeline does between them
    wall_seconds: float
    stage_cpu_seconds: dict[str, float] = field(default_factory=dict)


def time_default_path(articles: Sequence[Article], options: Options) -> DefaultPathTiming:
    """Every per-article stage on every article, in this process, with the models loaded beforehand (as a
    worker does before its first article), so the timings are the steady state, not the start-up."""
    warm_up(options, {a.language or "de" for a in articles})
    stages = {name: 0.0 for name, _ in STAGES}
    annotations = []
    c0, t0 = time.process_time(), time.perf_counter()
    for a in articles:
        annotations.append(analyse(a, options, stage_seconds=stages))
    return DefaultPathTiming(annotations, time.process_time() - c0, time.perf_counter() - t0, stages)


def time_tokenizer_only(articles: Sequence[Article]) -> tuple[float, int]:
    """(CPU seconds, non-space tokens) of spaCy blank German + sentencizer over the articles' texts."""
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    nlp("Aufwärmen. Erst dann wird gemessen.")  # lazy set-up outside the timing
    tokens = 0
    c0 = time.process_time()
    for a in articles:
        doc = nlp(a.text)
        tokens += sum(1 for t in doc if not t.is_space)
    return time.process_time() - c0, tokens


def per_article_report(timing: DefaultPathTiming, tokenizer_cpu: float, tokens: int) -> dict:
    """The bench fields for the default path, all from CPU time (see the module docstring); articles/s per core
    is 1000 / total_ms_per_article."""
    n = len(timing.annotations)
    ner_cpu = timing.stage_cpu_seconds.get("entities", 0.0)
    return {
        "stage_ms_per_article": {k: round(1000 * v / n, 2) for k, v in timing.stage_cpu_seconds.items()},
        "total_ms_per_article": round(1000 * timing.cpu_seconds / n, 2),
        "wall_ms_per_article": round(1000 * timing.wall_seconds / n, 2),
        "ner_tokens": tokens,
        "ner_tokens_per_second_per_core": round(tokens / ner_cpu) if ner_cpu else None,
        "tokenizer_only_ms_per_article": round(1000 * tokenizer_cpu / n, 3),
        "ratio_to_tokenizer": round(timing.cpu_seconds / tokenizer_cpu, 1) if tokenizer_cpu else None,
    }
