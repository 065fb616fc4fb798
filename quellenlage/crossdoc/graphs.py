"""Graph helpers of the cross-article stage: union-find, connected components of a boolean matrix, bounded pairs."""
from __future__ import annotations


import numpy as np


class UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a, b, prefer=None):
        """Join the sets of a and b; the root becomes `prefer`'s root when given (e.g. the earlier article)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if prefer is not None and self.find(prefer) == rb:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return ra


def components(adj: np.ndarray) -> tuple[int, np.ndarray]:
    """Connected components of a boolean adjacency matrix, edges undirected: (count, label per row, labels 0..count-1).

    Min-label propagation over the edge list with pointer jumping; for the small per-story matrices this is ~10x
    cheaper than scipy's connected_components, whose input validation dominates below a few hundred rows."""
    n = len(adj)
    adj = adj | adj.T  # undirected, as scipy's: float products need not be exactly symmetric
    if n > 400:
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components

        return connected_components(csr_matrix(adj), directed=False)
    i, j = np.nonzero(adj)
    lab = np.arange(n)
    while len(i):
        new = lab.copy()
        np.minimum.at(new, i, lab[j])
        new = new[new]
        if np.array_equal(new, lab):
            break
        lab = new
    uniq, comp = np.unique(lab, return_inverse=True)
    return len(uniq), comp
