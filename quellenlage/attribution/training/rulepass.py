"""The rules' attributions for a training or evaluation text, as `learned.refine` receives them: the
per-article stages before attribution, then the attribution stage's rules (`extract`, plus the English reported
speech for English), without the learned tagger and before roles.complete (frames, addressees, media)."""
from __future__ import annotations

from ...context import ArticleContext, Options
from ...model import Article


def rules(ctx) -> list:
    """What the attribution stage hands to learned.refine (see quellenlage.attribution.run)."""
    from ... import attribution

    atts = attribution.extract(ctx)
    if ctx.lang == "en":
        atts = attribution.english.add(ctx, atts)
    return atts


def analyse(text: str, name: str, language: str = "de") -> ArticleContext:
    """The context with `annotations.attributions` = the rules' attributions before refine. A failing stage
    before attribution is skipped, as in the evaluation; the language stage must run."""
    ctx = ArticleContext(article=Article(id=name, source=name, text=text, language=language),
                         options=Options(language=language, attribution_model="none"))
    from ...pipeline import stages_before

    for stage, run in stages_before("attribution"):
        try:
            upd = run(ctx)
        except Exception:
            if stage == "language":
                raise
            upd = {}
        if upd:
            ctx.annotations = ctx.annotations.model_copy(update=upd)
    ctx.annotations = ctx.annotations.model_copy(update={"attributions": rules(ctx)})
    return ctx
