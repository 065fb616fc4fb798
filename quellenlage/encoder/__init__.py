"""Shared resources below the per-article and cross-article stages: the sentence-vector runtime
(`sentences`), the texts an article is embedded by (`texts`) and its MinHash fingerprint (`fingerprint`).

Both the per-article `embed` stage and `crossdoc/` use these; neither side imports the other.
"""
