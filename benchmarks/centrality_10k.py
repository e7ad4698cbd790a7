"""Centrality on a 10,000-node graph (Barabási–Albert, seed 42): ``kg.network.centrality`` (with
python-igraph behind it above 2,000 nodes) against python-igraph called directly; the copy into
igraph is timed separately. The synthetic corpus's projection has 5,180 nodes at 1,000 documents,
so this is the 10k-node figure. Run: ``python benchmarks/centrality_10k.py``.
"""
import statistics
import time

import igraph as ig
import networkx as nx
from kg.network.centrality import compute_centrality

graph = nx.barabasi_albert_graph(10_000, 2, seed=42)
for u, v in graph.edges():
    graph.edges[u, v]["weight"] = 1.0
nx.set_node_attributes(graph, "Official", "cls")

def med(fn, n=3):
    times = []
    for _ in range(n):
        s = time.perf_counter()
        fn()
        times.append(time.perf_counter() - s)
    return statistics.median(times)

start = time.perf_counter()
g = ig.Graph.from_networkx(graph)
convert = time.perf_counter() - start
print(f"nodes {graph.number_of_nodes()} edges {graph.number_of_edges()}; igraph conversion {convert:.3f} s")
for metric, direct in (("pagerank", lambda: g.pagerank(weights="weight", directed=False)),
                       ("betweenness", lambda: g.betweenness(directed=False)),
                       ("closeness", lambda: g.closeness())):
    ours = med(lambda metric=metric: compute_centrality(graph, [metric]))
    theirs = med(direct)
    print(f"{metric:12s} kg {ours:.3f} s  igraph {theirs:.3f} s  ratio {ours / theirs:.1f}x  "
          f"ratio counting conversion {ours / (theirs + convert):.2f}x")
nx_start = time.perf_counter()
nx.pagerank(graph, weight="weight")
print(f"networkx pagerank {time.perf_counter() - nx_start:.3f} s")
