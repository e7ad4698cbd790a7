"""Centrality on the projected network: five measures, deterministic rankings.

Measures run on the undirected view of the projection. Degree, betweenness and closeness ignore
weights (structure only); eigenvector and PageRank use the edge ``weight`` chosen in the
projection. Above :data:`FAST_ABOVE` nodes, betweenness, closeness and PageRank are computed by
python-igraph when it is installed (the ``fast`` extra; the same measures, scaled as networkx
scales them, in C); without it, above :data:`EXACT_BETWEENNESS_LIMIT` nodes betweenness is
estimated from ``k`` sampled sources with a fixed seed, and the result says so.

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
from kg.network.measures import NAMES

__all__ = ["EXACT_BETWEENNESS_LIMIT", "Scores", "RankedNode", "compute_centrality",
           "compute_all", "rank"]

EXACT_BETWEENNESS_LIMIT = 2000
#: Above this many nodes, python-igraph (when installed) computes betweenness, closeness and
#: PageRank: networkx's pure-Python betweenness takes over a second from about 700 nodes.
FAST_ABOVE = 300
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
                       seed: int = SEED, fast_above: int = FAST_ABOVE) -> Scores:
    """Compute the chosen ``metrics`` for every node of ``graph`` (with python-igraph, when
    installed, for graphs of more than ``fast_above`` nodes)."""
    unknown = [m for m in metrics if m not in NAMES]
    if unknown:
        raise KgError(f"unknown centrality measure {', '.join(unknown)}",
                      hint=f"use some of {', '.join(NAMES)}")
    computer = _Computer(graph, sample, seed, fast_above)
    scores = Scores()
    for metric in metrics:
        scores.values[metric] = computer.scores(metric, scores.approximate)
    return scores


class _Computer:
    """The undirected view (and its igraph copy, for large graphs) made once for every measure."""

    def __init__(self, graph: nx.Graph, sample: int, seed: int, fast_above: int) -> None:
        self.undirected = graph.to_undirected(as_view=False) if graph.is_directed() else graph
        self.sample, self.seed = sample, seed
        self.fast = (_IgraphView.of(self.undirected)
                     if self.undirected.number_of_nodes() > fast_above else None)

    def scores(self, metric: str, approximate: dict) -> dict:
        undirected = self.undirected
        if self.fast is not None and metric in _IgraphView.METRICS:
            return self.fast.scores(metric)
        if undirected.number_of_nodes() == 0:
            return {}
        if metric == "degree":
            return nx.degree_centrality(undirected)
        if metric == "betweenness":
            n = undirected.number_of_nodes()
            k = min(self.sample, n) if n > EXACT_BETWEENNESS_LIMIT else None
            if k is not None:
                approximate[metric] = f"sampled from {k} of {n} sources, seed {self.seed}"
            return nx.betweenness_centrality(undirected, k=k, seed=self.seed)
        if metric == "closeness":
            return nx.closeness_centrality(undirected)
        if metric == "eigenvector":
            return _eigenvector(undirected)
        return nx.pagerank(undirected, weight="weight")


class _IgraphView:
    """An undirected network copied into python-igraph, to compute the costly measures in C with
    the values networkx would give (betweenness exactly, never sampled)."""

    METRICS = ("betweenness", "closeness", "pagerank")

    def __init__(self, igraph_module, graph: nx.Graph) -> None:
        self.nodes = list(graph.nodes())
        index = {node: i for i, node in enumerate(self.nodes)}
        edges = [(index[u], index[v], w) for u, v, w in graph.edges(data="weight", default=1.0)]
        self.graph = igraph_module.Graph(n=len(self.nodes), edges=[(u, v) for u, v, _ in edges])
        self.weights = [float(w) for _, _, w in edges]

    @classmethod
    def of(cls, graph: nx.Graph) -> _IgraphView | None:
        try:
            import igraph
        except ImportError:  # the ``fast`` extra is not installed: networkx does it all
            return None
        return cls(igraph, graph)

    def scores(self, metric: str) -> dict:
        n = len(self.nodes)
        if metric == "betweenness":  # igraph counts each pair once; networkx normalises by pairs
            scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1.0
            values = [b * scale for b in self.graph.betweenness(directed=False)]
        elif metric == "closeness":  # networkx's Wasserman-Faust scaling for disconnected graphs
            component = self.graph.connected_components().membership
            sizes = _sizes(component)
            raw = self.graph.closeness(normalized=True)
            values = [0.0 if c != c or n < 2 else c * (sizes[component[i]] - 1) / (n - 1)
                      for i, c in enumerate(raw)]
        else:
            values = self.graph.pagerank(weights=self.weights, directed=False, damping=0.85)
        return dict(zip(self.nodes, values))


def _sizes(membership: list[int]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for component in membership:
        sizes[component] = sizes.get(component, 0) + 1
    return sizes


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


def compute_all(graph: nx.Graph) -> tuple[Scores, dict[str, str]]:
    """Every measure that can be computed on ``graph``, once; and notes saying which are
    approximate or were left out (eigenvector centrality may not converge), and why."""
    computer = _Computer(graph, SAMPLE_SIZE, SEED, FAST_ABOVE)
    scores, notes = Scores(), {}
    for metric in NAMES:
        try:
            scores.values[metric] = computer.scores(metric, scores.approximate)
        except KgError as err:
            notes[metric] = f"left out: {err.message}"
    notes.update({m: f"approximate: {how}" for m, how in scores.approximate.items()})
    return scores, notes
