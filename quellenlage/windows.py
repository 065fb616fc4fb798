"""Very long texts analysed in windows, and the windows' annotations merged back into article offsets.

Why: every per-article stage then sees at most `Options.window_chars` characters, so an article's cost grows
linearly with its length whatever a stage does inside a window, spaCy's `max_length` is never reached, and only
one window's tokens are in memory at a time. News articles are shorter than a window (50,000 characters by
default, some 7,000 words), so they are analysed whole, exactly as before. The size: at 100,000 characters the
NER model's arrays outgrow the CPU caches and a window costs 2.4 times one of half the size, not 2.

Windows are cut at a paragraph break in the second half of the window, else a line break, else after a sentence
end, else at white space (a line break always ends a sentence, so the first two change no sentence). What is
lost at a cut: a pronoun or quote in one window cannot reach back to a name in the one before.

Merging: every span is shifted by its window's start; ids (`<article>:m3`) of window k > 0 become
`<article>:w<k>.m3`, the same rewrite for an id and every reference to it; sentence and token indexes continue
from the window before.
"""
from __future__ import annotations

import re

from pydantic import BaseModel

from .model import Article, ArticleAnnotations, FlaggedSpan, Span, StageError, make_span

_SENTENCE_END = re.compile(r"[.!?…][\"'»«“”)\]]*\s")
_SPACE = re.compile(r"\s")


def _cut(text: str, start: int, limit: int) -> int:
    """Where the window that begins at `start` ends (≤ limit)."""
    lo = start + (limit - start) // 2
    k = text.rfind("\n\n", lo, limit)
    if k >= 0:
        return k + 2
    k = text.rfind("\n", lo, limit)
    if k >= 0:
        return k + 1
    for rx in (_SENTENCE_END, _SPACE):
        last = None
        for last in rx.finditer(text, lo, limit):
            pass
        if last is not None:
            return last.end()
    return limit


def text_windows(text: str, size: int | None) -> list[tuple[int, int]]:
    """[start, end) ranges that cover `text` in order, none longer than `size` characters (one range when the
    text fits or `size` is None/0)."""
    if not size or len(text) <= size:
        return [(0, len(text))]
    size = max(size, 1000)  # a window must hold whole sentences
    out, pos = [], 0
    while len(text) - pos > size:
        end = _cut(text, pos, pos + size)
        out.append((pos, end))
        pos = end
    out.append((pos, len(text)))
    return out


def window_article(article: Article, start: int, end: int, first: bool) -> Article:
    """The article as the stages see one window of it: its text, the boilerplate flags inside it (clipped), and
    the title only in the first window (it is the headline of the text's beginning)."""
    text = article.text[start:end]
    flagged = [make_span(article.id, text, max(f.start, start) - start, min(f.end, end) - start, FlaggedSpan,
                         reason=f.reason, detail=f.detail)
               for f in article.flagged if f.start < end and start < f.end]
    return article.model_copy(update={"text": text, "flagged": flagged, "title": article.title if first else None})


def _is_id_field(key: str) -> bool:
    return key != "article_id" and (key == "id" or key.endswith(("_id", "_ids")))


def _rename(value, old: str, new: str):
    if isinstance(value, str):
        return new + value[len(old):] if value.startswith(old) else value
    if isinstance(value, list):
        return [_rename(v, old, new) for v in value]
    return value


def _shift(obj, offset: int, old: str, new: str, seen: set[int]) -> None:
    """Move every span under `obj` by `offset` and rename ids starting with `old` to `new` (id fields only: a
    span's text is never touched), in place. An object shared by two annotations (a host's cue reused by the quote
    nested in it) is moved once; a shared list of ids is replaced, never changed."""
    if isinstance(obj, list):
        for item in obj:
            _shift(item, offset, old, new, seen)
        return
    if not isinstance(obj, BaseModel) or id(obj) in seen:
        return
    seen.add(id(obj))
    fields = obj.__dict__
    for name in type(obj).model_fields:
        value = fields.get(name)
        if _is_id_field(name):
            fields[name] = _rename(value, old, new)
        elif isinstance(value, (BaseModel, list)):
            _shift(value, offset, old, new, seen)
    if isinstance(obj, Span):
        fields["start"] += offset
        fields["end"] += offset


_MERGED = ("sentences", "tokens", "mentions", "attributes", "attributions", "claims", "denials", "figures", "times")


def merge_windows(article_id: str, parts: list[tuple[int, int, int, ArticleAnnotations]]) -> ArticleAnnotations:
    """One article's annotations from its windows' (start, end, token count, annotations), in text order. The
    windows' objects are moved into article offsets in place (no copy: a long article's annotations are large)."""
    merged: dict[str, list] = {name: [] for name in _MERGED}
    errors = []
    n_sentences = n_tokens = 0
    for k, (offset, end, token_count, ann) in enumerate(parts):
        if k:
            seen: set[int] = set()
            for name in _MERGED:
                _shift(getattr(ann, name), offset, f"{article_id}:", f"{article_id}:w{k}.", seen)
        for s in ann.sentences:
            s.__dict__["index"] += n_sentences
        for t in ann.tokens:
            t.__dict__["index"] += n_tokens
        for c in ann.claims:
            c.__dict__["sentence_index"] += n_sentences
        for name in _MERGED:
            merged[name].extend(getattr(ann, name))
        errors.extend(StageError(stage=e.stage, message=f"{e.message} (characters {offset}-{end})") for e in ann.errors)
        n_sentences += len(ann.sentences)
        n_tokens += token_count
    return ArticleAnnotations(article_id=article_id, **merged, errors=errors)
