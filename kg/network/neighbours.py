"""The ego network of an entity, grouped by relation.

>>> import networkx as nx
>>> g = nx.DiGraph()
>>> g.add_edge("a", "p", predicates=("holds",)); g.add_edge("p", "d", predicates=("postIn",))
>>> [(r.relation, r.direction, r.other, r.depth) for r in neighbours(g, "a", depth=2)]
[('holds', 'out', 'p', 1), ('postIn', 'out', 'd', 2)]
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

__all__ = ["Tie", "neighbours"]


@dataclass(frozen=True)
class Tie:
    relation: str
    direction: str  # "out": from the nearer node; "in": towards it
    near: object
    other: object
    depth: int


def neighbours(graph: nx.DiGraph, centre, *, depth: int = 1) -> list[Tie]:
    """Every tie within ``depth`` hops of ``centre``, sorted by relation, depth and node."""
    distance = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre,
                                                     cutoff=depth)
    ties = set()
    for s, o, data in graph.edges(data=True):
        if s in distance and o in distance and (distance[s] < depth or distance[o] < depth):
            near, other, direction = (s, o, "out") if distance[s] <= distance[o] else (o, s, "in")
            for predicate in data["predicates"]:
                ties.add(Tie(predicate, direction, near, other, max(distance[s], distance[o])))
    return sorted(ties, key=lambda t: (t.depth, t.relation, t.direction, str(t.near), str(t.other)))
