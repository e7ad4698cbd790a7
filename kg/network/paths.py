"""How two entities connect: shortest paths, each hop with the evidence behind it.

>>> import networkx as nx
>>> g = nx.path_graph(4, create_using=nx.DiGraph)       # 0 -> 1 -> 2 -> 3
>>> nx.set_node_attributes(g, "Official", "cls")
>>> g.nodes[2]["cls"] = "Post"
>>> shortest_paths(g, 0, 3)
[[0, 1, 2, 3]]
>>> shortest_paths(g, 3, 0)                               # ties are followed both ways
[[3, 2, 1, 0]]
>>> shortest_paths(g, 0, 3, max_hops=2)
[]
>>> g.add_edge(0, 3); shortest_paths(g, 0, 3, via="Post")
[[0, 1, 2, 3]]
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import networkx as nx

from kg.errors import KgError

__all__ = ["Hop", "shortest_paths", "explain_path"]


@dataclass(frozen=True)
class Hop:
    source: object
    target: object
    predicates: tuple[str, ...]
    forward: bool  # True: source —predicate→ target as stated; False: stated target → source
    citations: tuple


def _all_shortest(undirected: nx.Graph, a, b) -> list[list]:
    try:
        return sorted(nx.all_shortest_paths(undirected, a, b), key=lambda p: [str(n) for n in p])
    except nx.NetworkXNoPath:
        return []


def shortest_paths(graph: nx.DiGraph, a, b, *, all_paths: bool = False, max_hops: int | None = None,
                   via: str | None = None) -> list[list]:
    """Shortest paths from ``a`` to ``b``, ties ignored as to direction; sorted, deterministic.

    ``via`` forces the path through a node of that class; ``max_hops`` drops longer paths.
    """
    undirected = graph.to_undirected(as_view=True)
    if via is None:
        paths = _all_shortest(undirected, a, b)
    else:
        paths, best = [], None
        for middle in sorted((n for n, c in graph.nodes(data="cls") if c == via and n not in (a, b)),
                             key=str):
            for first in _all_shortest(undirected, a, middle):
                for second in _all_shortest(undirected, middle, b):
                    path = first + second[1:]
                    if len(set(path)) != len(path):
                        continue
                    if best is None or len(path) < best:
                        paths, best = [path], len(path)
                    elif len(path) == best:
                        paths.append(path)
        paths = sorted({tuple(p): p for p in paths}.values(), key=lambda p: [str(n) for n in p])
    if max_hops is not None:
        paths = [p for p in paths if len(p) - 1 <= max_hops]
    return paths if all_paths else paths[:1]


def explain_path(graph: nx.DiGraph, path: list, cite=None) -> list[Hop]:
    """The hops of ``path`` with their predicates and direction; ``cite(s, p, o)`` adds evidence."""
    hops = []
    for source, target in pairwise(path):
        forward = graph.has_edge(source, target)
        s, o = (source, target) if forward else (target, source)
        if not graph.has_edge(s, o):
            raise KgError(f"{source} and {target} are not adjacent")
        predicates = graph.edges[s, o]["predicates"]
        found = tuple(c for p in predicates for c in (cite(s, p, o) if cite else ()))
        hops.append(Hop(source, target, predicates, forward, found))
    return hops
