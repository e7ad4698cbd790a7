"""What ``kg viz`` draws: the whole network, one entity's neighbourhood, or some classes.

>>> import networkx as nx
>>> from kg.views.data import PageTables
>>> g = nx.DiGraph()
>>> g.add_node("https://w3id.org/localgov-kg/id/a", cls="Official", label="甲", label_en="A", names=("甲",))
>>> page, name, warning = view_page(g, PageTables("pagerank", {}, {}, []))
>>> name, warning, page.startswith("<!DOCTYPE html>")
('graph.html', None, True)
"""

from __future__ import annotations

import networkx as nx

from kg.errors import KgError
from kg.network.names import resolve
from kg.network.projection import class_subgraph, ego_network
from kg.views.data import PageTables
from kg.views.html import LARGE_GRAPH, render_page

__all__ = ["view_page"]


def view_page(network: nx.DiGraph, tables: PageTables, *, focus: str | None = None,
              depth: int = 2, classes=(), lang: str = "zh",
              documents: str | None = None) -> tuple[str, str, str | None]:
    """``(html, default file name, warning or None)`` for the chosen part of ``network``;
    ``documents`` is the relative URL of the build's document text pages (``None``: none)."""
    title = "Knowledge graph · 知识图谱"
    name = "graph.html"
    centre = None
    if focus:
        centre = resolve(network, focus)
        network = ego_network(network, centre, depth)
        title = f"{network.nodes[centre]['label']} · {network.nodes[centre]['label_en']} (depth {depth})"
        name = f"focus-{centre.rsplit('/', 1)[-1]}.html"
    if classes:
        network = class_subgraph(network, classes)
    if network.number_of_nodes() == 0:
        raise KgError("nothing to draw: no entity matches these options")
    warning = None
    if network.number_of_nodes() > LARGE_GRAPH:
        warning = (f"{network.number_of_nodes()} nodes: the page uses precomputed positions and no "
                   "physics; try --focus NAME --depth 2 for a readable view")
    if centre is not None and centre not in network:
        centre = None
    page = render_page(network, tables, title=title, lang=lang, subject=centre, documents=documents)
    return page, name, warning
