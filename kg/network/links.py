"""Likely missing links: suggestions from shared neighbours, never added to the graph.

>>> import networkx as nx
>>> g = nx.Graph([("x", "a"), ("x", "b"), ("y", "a"), ("y", "b"), ("z", "a")])
>>> [(s.other, s.common, round(s.jaccard, 2)) for s in suggest_links(g, "x")]
[('y', ('a', 'b'), 1.0), ('z', ('a',), 0.5)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

__all__ = ["Suggestion", "suggest_links", "METHODS"]

METHODS = ("adamic-adar", "jaccard", "common")


@dataclass(frozen=True)
class Suggestion:
    other: object
    common: tuple  # the shared neighbours that justify the suggestion
    adamic_adar: float
    jaccard: float

    def score(self, method: str) -> float:
        return {"adamic-adar": self.adamic_adar, "jaccard": self.jaccard,
                "common": float(len(self.common))}[method]


def suggest_links(graph: nx.Graph, node, *, method: str = "adamic-adar",
                  top: int | None = None) -> list[Suggestion]:
    """Nodes not tied to ``node`` that share neighbours with it, best first (ties by name)."""
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    mine = set(undirected[node])
    candidates = {o for n in mine for o in undirected[n]} - mine - {node}
    suggestions = []
    for other in candidates:
        theirs = set(undirected[other])
        common = tuple(sorted(mine & theirs, key=str))
        adamic = sum(1 / math.log(undirected.degree(c)) for c in common if undirected.degree(c) > 1)
        suggestions.append(Suggestion(other, common, adamic, len(common) / len(mine | theirs)))
    suggestions.sort(key=lambda s: (-s.score(method), str(s.other)))
    return suggestions[:top] if top else suggestions
