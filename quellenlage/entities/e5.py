"""Compatibility name: the e5-small reader and numpy forward pass live in `quellenlage.encoder.e5` (below the
stages, so that attribution can share them); the accurate NER mode runs them through `quellenlage.encoder.runtime`.
"""
from __future__ import annotations

from ..encoder.e5 import META, QK, E5Tokens, _deq, _erf, _gelu, get  # noqa: F401
