"""Positions and communities for the graph page: computed once, in compiled code, the same on
every build.

Each connected component is laid out on its own and the components are then packed in rows, the
largest first, so that small components do not drift to the edges of an empty picture. Inside a
component the nodes are split into communities (Louvain: igraph's multilevel algorithm, in C).
A component of up to :data:`GROUPED_ABOVE` nodes is laid out by igraph's Fruchterman-Reingold
(C) starting from its communities' places, ties inside a community pulling harder than ties
between communities, so that a community reads as a region of the picture. A larger component
is laid out community by community: each community's members in a disc of their own, the discs
placed by a force layout of the graph of communities and pushed apart until none overlap, so
that the page can collapse a community into one node where its members are. Last, nodes closer
than a node width are pushed apart (pairs found with scipy's k-d tree).

igraph draws random numbers from Python's :mod:`random` module, which is seeded around each
call, so the result does not depend on ``PYTHONHASHSEED`` or on earlier calls. Without igraph,
networkx's seeded spring layout and its Louvain communities are used. Positions are in canvas
pixels; the page draws them with physics off.

>>> import networkx as nx
>>> placed = layout(nx.path_graph(["a", "b", "c"]))
>>> sorted(placed.positions), placed == layout(nx.path_graph(["a", "b", "c"]))
(['a', 'b', 'c'], True)
>>> sorted(set(placed.communities.values()))
[0]
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import networkx as nx
import numpy as np

__all__ = ["Layout", "layout", "SPACING", "GROUPED_ABOVE", "LAYOUT_VERSION"]

#: Changes whenever the algorithm does, so that layouts cached by topology are recomputed.
LAYOUT_VERSION = "components-communities-discs-3"

#: Median distance (canvas pixels) between a node and its nearest neighbour that layouts aim at.
SPACING = 60.0
#: Components larger than this are laid out community by community, each in a disc of its own.
GROUPED_ABOVE = 1000


@dataclass(frozen=True)
class Layout:
    """Node → (x, y) in canvas pixels, and node → community number (0: the largest)."""

    positions: dict
    communities: dict


def _seeded(function, seed: int):
    state = random.getstate()
    random.seed(seed)
    try:
        return function()
    finally:
        random.setstate(state)


def _undirected_edges(network: nx.Graph, index: dict) -> list[tuple[int, int]]:
    return sorted({tuple(sorted((index[s], index[o]))) for s, o in network.edges if s != o})


def _numbered(groups: list[list[int]], count: int) -> np.ndarray:
    """Community number of each node index, communities numbered largest first (ties: the
    smallest member index), so that the numbering does not depend on the algorithm's order."""
    ordered = sorted((sorted(g) for g in groups if g), key=lambda g: (-len(g), g[0]))
    membership = np.zeros(count, dtype=np.int64)
    for number, members in enumerate(ordered):
        membership[members] = number
    return membership


def _igraph_communities(n: int, edges: list, seed: int) -> np.ndarray:
    import igraph

    if n < 3 or not edges:
        return np.zeros(n, dtype=np.int64)
    graph = igraph.Graph(n=n, edges=edges)
    return _numbered([list(c) for c in _seeded(graph.community_multilevel, seed)], n)


def _igraph_force(n: int, edges: list, seed: int, weights=None, start=None) -> np.ndarray:
    import igraph

    graph = igraph.Graph(n=n, edges=edges)
    options = {"niter": 300 if n > 2000 else 500, "grid": "grid" if n > 1000 else "nogrid"}
    if weights is not None and edges:
        options["weights"] = list(weights)
    if start is not None:
        options["seed"] = start.tolist()
    coords = _seeded(lambda: graph.layout_fruchterman_reingold(**options).coords, seed)
    return np.array(coords, dtype=float).reshape(n, 2)


def _networkx_communities(n: int, edges: list, seed: int) -> np.ndarray:
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    return _numbered([list(g) for g in nx.community.louvain_communities(graph, seed=seed)], n)


def _networkx_force(n: int, edges: list, seed: int, weights=None, start=None) -> np.ndarray:
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    for (a, b), w in zip(edges, weights if weights is not None else [1.0] * len(edges)):
        graph.add_edge(a, b, weight=w)
    initial = {i: tuple(p) for i, p in enumerate(start)} if start is not None else None
    placed = nx.spring_layout(graph, seed=seed, pos=initial, iterations=100 if n <= 3000 else 30,
                              k=1.6 / max(n, 1) ** 0.5)
    return np.array([placed[i] for i in range(n)], dtype=float).reshape(n, 2)


def _community_layout(n: int, edges: list, seed: int, force, communities):
    """A component of moderate size: a force layout started from its communities' places."""
    membership = communities(n, edges, seed)
    if n < 3 or not edges:
        return force(n, edges, seed), membership
    k = int(membership.max()) + 1
    pairs: dict[tuple[int, int], int] = {}
    for a, b in edges:
        ca, cb = int(membership[a]), int(membership[b])
        if ca != cb:
            key = (min(ca, cb), max(ca, cb))
            pairs[key] = pairs.get(key, 0) + 1
    sizes = np.bincount(membership, minlength=k).astype(float)
    ordered = sorted(pairs)
    centres = force(k, ordered, seed + 1, [pairs[p] for p in ordered])
    if k > 1:  # spread the communities by their size
        centres -= centres.mean(axis=0)
        centres *= (1.2 * np.sqrt(sizes.sum())) / (np.abs(centres).max() or 1.0)
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = 0.5 * np.sqrt(sizes[membership]) * np.sqrt(rng.uniform(0, 1, n))
    start = centres[membership] + np.column_stack((np.cos(angle), np.sin(angle))) * radius[:, None]
    inside = [1.5 if membership[a] == membership[b] else 0.5 for a, b in edges]
    return force(n, edges, seed + 2, inside, start), membership


def _separate_discs(centres: np.ndarray, radii: np.ndarray, gap: float) -> np.ndarray:
    """Pack discs (centres, radii): each round pulls them towards their common centre, then
    pushes apart any two closer than ``gap``, so that none overlap and few stray far out."""
    centres = centres.copy()
    k = len(centres)
    for round_ in range(300):
        if round_ < 250:
            centres *= 0.96
        delta = centres[:, None, :] - centres[None, :, :]
        distance = np.sqrt((delta ** 2).sum(axis=2))
        short = radii[:, None] + radii[None, :] + gap - distance
        np.fill_diagonal(short, 0.0)
        short = np.maximum(short, 0.0)
        if not short.any() and round_ >= 250:
            break
        i, j = np.indices((k, k))
        angle = (i * 7 + j * 13) * 2.399963
        fallback = np.stack((np.cos(angle), np.sin(angle)), axis=2) * np.sign(j - i)[..., None]
        direction = np.where((distance > 1e-9)[..., None],
                             delta / np.maximum(distance, 1e-9)[..., None], fallback)
        centres += (direction * (short / 2)[..., None]).sum(axis=1) * 0.5
    return centres


def _grouped_layout(n: int, edges: list, seed: int, force, communities):
    """A large component: each community in a disc, the discs placed by the community graph."""
    membership = communities(n, edges, seed)
    k = int(membership.max()) + 1
    inner: dict[int, list] = {}
    pairs: dict[tuple[int, int], int] = {}
    for a, b in edges:
        ca, cb = int(membership[a]), int(membership[b])
        if ca == cb:
            inner.setdefault(ca, []).append((a, b))
        else:
            key = (min(ca, cb), max(ca, cb))
            pairs[key] = pairs.get(key, 0) + 1
    coords = np.zeros((n, 2))
    radii = np.zeros(k)
    for c in range(k):
        members = np.flatnonzero(membership == c)
        local = {int(m): i for i, m in enumerate(members)}
        placed = force(len(members), [(local[a], local[b]) for a, b in inner.get(c, ())], seed)
        placed = _separate(_scaled(placed), gap=SPACING * 0.6)
        placed -= (placed.min(axis=0) + placed.max(axis=0)) / 2
        coords[members] = placed
        radii[c] = np.sqrt((placed ** 2).sum(axis=1)).max() + SPACING / 2
    ordered = sorted(pairs)
    centres = force(k, ordered, seed + 1, [pairs[p] for p in ordered])
    centres -= centres.mean(axis=0)
    if k > 1:
        from scipy.spatial import cKDTree

        nearest = cKDTree(centres).query(centres, k=2)[0][:, 1]
        wanted = np.median(2 * radii)
        centres *= wanted / max(float(np.median(nearest)), 1e-9)
        centres = _separate_discs(centres, radii, SPACING)
    return coords + centres[membership], membership


def _components(n: int, edges: list) -> list[np.ndarray]:
    """The connected components (node indices, ascending), largest first, ties by first index."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if not edges:
        return [np.array([i]) for i in range(n)]
    pairs = np.array(edges)
    matrix = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, labels = connected_components(matrix, directed=False)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return [np.array(g) for g in sorted(groups.values(), key=lambda g: (-len(g), g[0]))]


def _pack(boxes: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Top-left corners for boxes (width, height) in rows under the first (the largest
    component), the rows as wide as the first box or the square root of the total area."""
    gap = SPACING * 1.5
    area = sum((w + gap) * (h + gap) for w, h in boxes)
    width = max(boxes[0][0], 1.3 * area ** 0.5)
    corners, x, y, row = [(0.0, 0.0)], 0.0, boxes[0][1] + gap, 0.0
    if boxes[0][0] < width:  # room beside the first box: fill it first
        x, y = boxes[0][0] + gap, 0.0
        row = boxes[0][1]
    for w, h in boxes[1:]:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + gap, 0.0
        corners.append((x, y))
        x += w + gap
        row = max(row, h)
    return corners


def _scaled(coords: np.ndarray) -> np.ndarray:
    """Coordinates centred and scaled so that the median nearest-neighbour distance is
    :data:`SPACING`."""
    from scipy.spatial import cKDTree

    coords = coords - coords.mean(axis=0)
    if len(coords) < 2:
        return coords * 0.0
    distances, _ = cKDTree(coords).query(coords, k=2)
    nearest = float(np.median(distances[:, 1]))
    if not np.isfinite(nearest) or nearest <= 0:
        nearest = float(np.abs(coords).max()) or 1.0
    return coords * (SPACING / nearest)


def _separate(coords: np.ndarray, gap: float, rounds: int = 10) -> np.ndarray:
    """Push apart pairs of nodes closer than ``gap``, each by half the shortfall per round (pairs
    found with a k-d tree, in C; coincident nodes part along a direction fixed by their indices)."""
    from scipy.spatial import cKDTree

    coords = coords.copy()
    for _ in range(rounds):
        pairs = cKDTree(coords).query_pairs(gap, output_type="ndarray")
        if len(pairs) == 0:
            break
        pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
        a, b = pairs[:, 0], pairs[:, 1]
        delta = coords[a] - coords[b]
        distance = np.sqrt((delta ** 2).sum(axis=1))
        angle = (a * 7 + b * 13) * 2.399963
        fallback = np.column_stack((np.cos(angle), np.sin(angle)))
        direction = np.where((distance > 1e-9)[:, None],
                             delta / np.maximum(distance, 1e-9)[:, None], fallback)
        step = direction * ((gap - distance) / 2)[:, None]
        push = np.zeros_like(coords)
        np.add.at(push, a, step)
        np.add.at(push, b, -step)
        coords += push
    return coords


def layout(network: nx.Graph, *, seed: int = 42) -> Layout:
    """Deterministic positions (canvas pixels) and communities for every node of ``network``:
    each connected component laid out on its own, then the components packed side by side."""
    nodes = list(network.nodes)
    n = len(nodes)
    if n == 0:
        return Layout({}, {})
    try:
        import igraph  # noqa: F401
        force, communities = _igraph_force, _igraph_communities
    except ImportError:
        force, communities = _networkx_force, _networkx_communities
    index = {node: i for i, node in enumerate(nodes)}
    edges = _undirected_edges(network, index)
    coords = np.zeros((n, 2))
    membership = np.zeros(n, dtype=np.int64)
    parts, boxes, offset = [], [], 0
    components = _components(n, edges)
    which = np.zeros(n, dtype=np.int64)
    for number, members in enumerate(components):
        which[members] = number
    by_component: dict[int, list] = {}
    for a, b in edges:
        by_component.setdefault(int(which[a]), []).append((a, b))
    for number, members in enumerate(components):
        local = {int(m): i for i, m in enumerate(members)}
        inner = [(local[a], local[b]) for a, b in by_component.get(number, ())]
        method = _grouped_layout if len(members) > GROUPED_ABOVE else _community_layout
        placed, groups = method(len(members), inner, seed, force, communities)
        placed = _separate(_scaled(placed), gap=SPACING * 0.6)
        placed -= placed.min(axis=0)
        parts.append((members, placed))
        boxes.append(tuple(placed.max(axis=0)))
        membership[members] = groups + offset
        offset += int(groups.max()) + 1
    for (members, placed), (x, y) in zip(parts, _pack(boxes)):
        coords[members] = placed + (x, y)
    coords -= (coords.min(axis=0) + coords.max(axis=0)) / 2
    membership = _numbered([list(np.flatnonzero(membership == c)) for c in range(offset)], n)
    positions = {node: (round(float(x), 1), round(float(y), 1))
                 for node, (x, y) in zip(nodes, coords)}
    return Layout(positions, {node: int(c) for node, c in zip(nodes, membership)})
