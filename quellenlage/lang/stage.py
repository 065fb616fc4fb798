"""The language stage: language ID, tokens, sentences, and mood as a token feature."""
from __future__ import annotations

from ..context import ArticleContext
from ..model import Sentence, Token
from .tokens import make_doc


def run(ctx: ArticleContext) -> dict:
    ctx.doc = make_doc(ctx.text, ctx.lang)
    sentences = []
    for sent in ctx.doc.sents:
        # Trim trailing whitespace so sentence spans hold the sentence only.
        start, end = sent.start_char, sent.start_char + len(sent.text.rstrip())
        if end > start:
            sentences.append(ctx.span(start, end, Sentence, index=len(sentences)))
    out: dict = {"sentences": sentences}
    if ctx.options.keep_tokens:
        from .mood import token_mood

        out["tokens"] = [
            ctx.span(t.idx, t.idx + len(t.text), Token, index=t.i, mood=token_mood(t))
            for t in ctx.doc if not t.is_space
        ]
    return out
