"""Communities of the network, seeded for determinism, each with its most central member.

>>> import networkx as nx
>>> g = nx.barbell_graph(4, 0)          # two cliques of four joined by one edge
>>> nx.set_node_attributes(g, "x", "label")
>>> [sorted(c.members) for c in find_communities(g)]
[[0, 1, 2, 3], [4, 5, 6, 7]]
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.errors import KgError

__all__ = ["Community", "find_communities", "METHODS"]

METHODS = ("louvain", "greedy")


@dataclass(frozen=True)
class Community:
    number: int
    members: tuple
    central: object  # the member with the highest degree centrality (ties: label, IRI)


def find_communities(graph: nx.Graph, *, method: str = "louvain", seed: int = 42) -> list[Community]:
    """Communities by Louvain (seeded) or greedy modularity, largest first."""
    undirected = graph.to_undirected(as_view=False) if graph.is_directed() else graph
    if method == "louvain":
        groups = nx.community.louvain_communities(undirected, weight="weight", seed=seed)
    elif method == "greedy":
        groups = nx.community.greedy_modularity_communities(undirected, weight="weight")
    else:
        raise KgError(f"unknown community method '{method}'", hint=f"use one of {', '.join(METHODS)}")
    degree = nx.degree_centrality(undirected) if undirected.number_of_nodes() > 1 else {}

    def key(node):
        return (-degree.get(node, 0.0), undirected.nodes[node].get("label", ""), str(node))

    ordered = sorted((sorted(g, key=key) for g in groups), key=lambda m: (-len(m), key(m[0])))
    return [Community(i + 1, tuple(m), m[0]) for i, m in enumerate(ordered)]
