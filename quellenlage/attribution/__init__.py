"""The attribution stage: who says what. `run(ctx)` returns {"attributions": [...]}.

Rule-based over spaCy tokens and lexicons (see `rules.py`): direct quotes in every quote style, frames with a
speech verb before, after or around the content, dass/ob-clauses and Konjunktiv I clauses, reported speech,
source phrases ("laut X", "X zufolge", "nach Angaben von X"), headline attributions ("Agentur: ..."), and free
indirect continuations in Konjunktiv I or with "soll/sollen", attributed to the previous speaker. Each
attribution carries a source chain from the outlet to the origin.
"""
from __future__ import annotations

from .rules import extract


def run(ctx) -> dict:
    return {"attributions": extract(ctx)}
