"""Language identification with py3langid, restricted to the languages news desks feed us."""
from __future__ import annotations

from functools import lru_cache

CANDIDATES = ["de", "en", "fr", "es", "it", "nl", "pl", "uk", "ru", "pt", "da", "sv", "cs"]


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(CANDIDATES)
    return ident


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) for `text`; ('und', 0.0) when there is nothing to judge."""
    sample = text[:5000]
    if sum(c.isalpha() for c in sample) < 3:
        return "und", 0.0
    lang, prob = _identifier().classify(sample)
    return lang, float(prob)
