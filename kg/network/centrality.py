"""Centrality on the projected network: five measures, deterministic rankings.

Measures run on the undirected view of the projection. Degree, betweenness and closeness ignore
weights (structure only); eigenvector and PageRank use the edge ``weight`` chosen in the
projection. Above :data:`EXACT_BETWEENNESS_LIMIT` nodes, betweenness is estimated from ``k`` sampled
sources with a fixed seed, and the result says so.

>>> import networkx as nx
>>> star = nx.star_graph(3)   # node 0 in the middle
>>> nx.set_node_attributes(star, "Official", "cls"); nx.set_node_attributes(star, "", "label")
>>> scores = compute_centrality(star, ["degree", "betweenness"])
>>> scores.values["degree"][0], scores.values["betweenness"][1], scores.approximate
(1.0, 0.0, {})
>>> [row.node for row in rank(star, scores, "degree", top=2)]
[0, 1]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from kg.errors import KgError

__all__ = ["METRICS", "EXACT_BETWEENNESS_LIMIT", "Scores", "RankedNode", "compute_centrality",
           "rank"]

METRICS = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")
EXACT_BETWEENNESS_LIMIT = 2000
SAMPLE_SIZE = 256
SEED = 42


@dataclass
class Scores:
    values: dict[str, dict] = field(default_factory=dict)  # metric -> node -> score
    approximate: dict[str, str] = field(default_factory=dict)  # metric -> how it was estimated


@dataclass(frozen=True)
class RankedNode:
    rank: int
    node: object
    cls: str
    label: str
    score: float


def _eigenvector(graph: nx.Graph) -> dict:
    try:
        return nx.eigenvector_centrality(graph, max_iter=10_000, tol=1e-9, weight="weight")
    except nx.PowerIterationFailedConvergence as err:
        raise KgError("eigenvector centrality did not converge",
                      hint="use pagerank, which always converges") from err


def compute_centrality(graph: nx.Graph, metrics, *, sample: int = SAMPLE_SIZE,
                       seed: int = SEED) -> Scores:
    """Compute the chosen ``metrics`` for every node of ``graph``."""
    unknown = [m for m in metrics if m not in METRICS]
    if unknown:
        raise KgError(f"unknown centrality measure {', '.join(unknown)}",
                      hint=f"use some of {', '.join(METRICS)}")
    undirected = graph.to_undirected(as_view=False) if graph.is_directed() else graph
    scores = Scores()
    for metric in metrics:
        if undirected.number_of_nodes() == 0:
            scores.values[metric] = {}
        elif metric == "degree":
            scores.values[metric] = nx.degree_centrality(undirected)
        elif metric == "betweenness":
            n = undirected.number_of_nodes()
            k = min(sample, n) if n > EXACT_BETWEENNESS_LIMIT else None
            scores.values[metric] = nx.betweenness_centrality(undirected, k=k, seed=seed)
            if k is not None:
                scores.approximate[metric] = f"sampled from {k} of {n} sources, seed {seed}"
        elif metric == "closeness":
            scores.values[metric] = nx.closeness_centrality(undirected)
        elif metric == "eigenvector":
            scores.values[metric] = _eigenvector(undirected)
        else:
            scores.values[metric] = nx.pagerank(undirected, weight="weight")
    return scores


def rank(graph: nx.Graph, scores: Scores, metric: str, *, cls: str | None = None,
         top: int | None = None) -> list[RankedNode]:
    """Nodes by descending score; ties broken by class, label, then IRI. ``cls`` filters the
    ranking (scores are computed on the whole graph)."""
    rows = []
    for node, score in scores.values[metric].items():
        data = graph.nodes[node]
        if cls is None or data.get("cls") == cls:
            rows.append((-round(score, 12), data.get("cls", ""), data.get("label", ""), str(node),
                         node, score))
    rows.sort(key=lambda r: r[:4])
    rows = rows[:top] if top else rows
    return [RankedNode(i + 1, r[4], r[1], r[2], r[5]) for i, r in enumerate(rows)]
