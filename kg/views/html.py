"""The interactive graph page: pyvis builds the network, a template inlines every script.

pyvis's own templates load Bootstrap and other files from CDNs even with ``cdn_resources="in_line"``,
so the page is rendered from ``templates/graph.html`` with vis-network's JavaScript and CSS read from
the pyvis package and inlined: the page makes no network request. Data goes in as JSON with ``<``,
``>`` and ``&`` escaped, so curated text cannot break out of the script element, and vis-network
draws labels on a canvas and shows tooltips as text.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.namespaces import KG, KGR

__all__ = ["CLASS_STYLES", "network_from_graph", "render_page"]

#: One colour and shape per class (colour-blind-safe Okabe–Ito palette).
CLASS_STYLES = {
    "Official": ("#E69F00", "dot"),
    "Department": ("#56B4E9", "square"),
    "Organization": ("#0072B2", "square"),
    "Initiative": ("#009E73", "diamond"),
    "Platform": ("#CC79A7", "triangle"),
    "Region": ("#F0E442", "hexagon"),
    "Target": ("#D55E00", "star"),
    "Post": ("#999999", "dot"),
    "Period": ("#BBBBBB", "ellipse"),
}
_TEMPLATES = Path(__file__).parent / "templates"


def _entity_class(graph: Graph, node: URIRef) -> str | None:
    names = {str(t).removeprefix(str(KG)) for t in graph.objects(node, RDF.type)}
    for name in ("AdministrativeDivision",):
        if name in names:
            return "Region"
    return next((n for n in CLASS_STYLES if n in names), None)


def _label(graph: Graph, node: URIRef, lang: str) -> str:
    labels = {getattr(l, "language", None): str(l) for l in graph.objects(node, SKOS.prefLabel)}
    return labels.get(lang) or labels.get("zh-Hans") or str(node).removeprefix(str(KGR))


def network_from_graph(graph: Graph, lang: str = "zh-Hans"):
    """A :class:`pyvis.network.Network` of the entities and the kg: relations between them.

    >>> from rdflib import Graph
    >>> from kg.namespaces import KG, KGR
    >>> g = Graph()
    >>> _ = g.add((KGR.a, RDF.type, KG.Official)); _ = g.add((KGR.p, RDF.type, KG.Post))
    >>> _ = g.add((KGR.a, KG.holds, KGR.p))
    >>> net = network_from_graph(g)
    >>> len(net.nodes), len(net.edges)
    (2, 1)
    """
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="remote")
    nodes = sorted({s for s in graph.subjects(RDF.type, None) if _entity_class(graph, s)}, key=str)
    for node in nodes:
        cls = _entity_class(graph, node)
        colour, shape = CLASS_STYLES[cls]
        net.add_node(str(node), label=_label(graph, node, lang), color=colour, shape=shape,
                     title=f"{cls}: {_label(graph, node, 'en')}", group=cls)
    present = set(nodes)
    for s, p, o in sorted(graph.triples((None, None, None))):
        if s in present and o in present and str(p).startswith(str(KG)):
            net.add_edge(str(s), str(o), title=str(p).removeprefix(str(KG)),
                         label=str(p).removeprefix(str(KG)))
    return net


def _inline_asset(name: str) -> str:
    return (resources.files("pyvis") / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")


def _json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(net, title: str) -> str:
    """The full, self-contained HTML page (a string; the caller writes it as UTF-8)."""
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))
    options = {"physics": {"stabilization": {"iterations": 300}},
               "edges": {"arrows": {"to": {"enabled": True}}, "font": {"size": 9}},
               "interaction": {"hover": True}}
    legend = [{"cls": c, "colour": col, "shape": shape} for c, (col, shape) in CLASS_STYLES.items()]
    return env.get_template("graph.html").render(
        title=title, legend=legend, vis_js=_inline_asset("vis-network.min.js"),
        vis_css=_inline_asset("vis-network.css"), nodes_json=_json(net.nodes),
        edges_json=_json(net.edges), options_json=_json(options))
