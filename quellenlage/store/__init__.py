"""Embedded store (DuckDB): articles and all their annotations, loaded back into model objects.

`Store(path)` opens or creates the file. Every article is written in its own transaction together with its
annotations and the rows of the flat tables (claims, mentions, figures, ...) used for search and export, so an
interrupted ingest keeps everything already written. Re-ingesting the same text is a no-op (content hash).
"""
from .db import Store, StoreError  # noqa: F401
from .ingest import ingest_paths, ingest_text  # noqa: F401
