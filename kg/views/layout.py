"""Positions for the graph page: computed once, in compiled code, the same on every build.

With python-igraph (the ``fast`` extra) the layout is igraph's Fruchterman-Reingold in C (with
its grid approximation on large graphs), its random start seeded; without it, networkx's
seeded spring layout. Positions are scaled to pixels so that the page can draw with physics off.

>>> import networkx as nx
>>> positions = layout(nx.path_graph(["a", "b", "c"]))
>>> sorted(positions), positions == layout(nx.path_graph(["a", "b", "c"]))
(['a', 'b', 'c'], True)
"""

from __future__ import annotations

import random

import networkx as nx

__all__ = ["layout"]


def _scale(n: int) -> float:
    return 250 * max(n, 4) ** 0.5


def layout(network: nx.Graph, *, seed: int = 42) -> dict:
    """Deterministic positions (pixels) for every node of ``network``."""
    n = network.number_of_nodes()
    if n == 0:
        return {}
    try:
        import igraph
    except ImportError:
        igraph = None
    if igraph is None or n < 3:
        undirected = network.to_undirected(as_view=True)
        positions = nx.spring_layout(undirected, seed=seed, iterations=100 if n <= 3000 else 30,
                                     k=1.6 / max(n, 1) ** 0.5)
        return {node: (float(x) * _scale(n), float(y) * _scale(n)) for node, (x, y) in positions.items()}
    nodes = list(network.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edges = sorted({tuple(sorted((index[s], index[o]))) for s, o in network.edges if s != o})
    graph = igraph.Graph(n=n, edges=edges)
    state = random.getstate()
    random.seed(seed)  # igraph draws its start positions from Python's random module
    try:
        coordinates = graph.layout_fruchterman_reingold(niter=500, grid="auto")
    finally:
        random.setstate(state)
    xs = [x for x, _ in coordinates]
    ys = [y for _, y in coordinates]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    factor = 2 * _scale(n) / span
    return {node: (round((x - cx) * factor, 1), round((y - cy) * factor, 1))
            for node, (x, y) in zip(nodes, coordinates)}
