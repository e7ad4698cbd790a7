"""The interactive graph page: pyvis builds the network, our template makes it a research tool.

pyvis's own templates load Bootstrap and other files from CDNs even with ``cdn_resources="in_line"``,
so the page is rendered from ``templates/graph.html`` with vis-network's JavaScript and CSS read from
the pyvis package and inlined: the page makes no network request. Data goes in as JSON with ``<``,
``>`` and ``&`` escaped, so curated text cannot break out of the script element; vis-network draws
labels on a canvas, and the page builds its panels with ``textContent`` only.

Positions are computed with networkx (seeded spring layout) and physics is off: the page draws at
once, the layout is the same on every build, and large graphs stay responsive.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kg.views.data import page_data
from kg.views.layout import layout

__all__ = ["CLASS_STYLES", "LARGE_GRAPH", "LANGUAGES", "render_page"]

#: One colour and shape per class (Okabe–Ito palette, distinguishable with colour-blindness).
CLASS_STYLES = {
    "Official": ("#E69F00", "dot"),
    "Department": ("#56B4E9", "square"),
    "Organization": ("#0072B2", "square"),
    "Initiative": ("#009E73", "diamond"),
    "Platform": ("#CC79A7", "triangle"),
    "Region": ("#F0E442", "hexagon"),
    "Target": ("#D55E00", "star"),
    "Milestone": ("#D55E00", "triangleDown"),
    "Event": ("#000000", "box"),
    "Post": ("#999999", "dot"),
    "Period": ("#BBBBBB", "ellipse"),
}
LANGUAGES = {"zh": "zh", "en": "en", "pinyin": "pinyin"}
#: Above this many nodes the page is a large graph: `kg viz` warns and suggests --focus.
LARGE_GRAPH = 3000
_TEMPLATES = Path(__file__).parent / "templates"


def _pyvis_network(data: dict, lang: str):
    """A pyvis Network holding the nodes and edges as vis-network will draw them."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="remote")
    for node in data["nodes"]:
        colour, shape = CLASS_STYLES[node["cls"]]
        net.add_node(node["id"], label=node[lang] or node["zh"] or node["iri"], color=colour,
                     shape=shape, size=node["size"], x=node["x"], y=node["y"], physics=False,
                     title=f"{node['zh']} · {node['en']} · {node['cls']}")
    for edge in data["edges"]:
        net.add_edge(edge["from"], edge["to"], id=edge["id"], title=edge["label"],
                     label=edge["label"], physics=False)
    return net


def _asset(name: str) -> str:
    return (resources.files("pyvis") / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")


def _json(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(network: nx.DiGraph, tables, *, title: str, lang: str = "zh") -> str:
    """The whole self-contained page as a string (the caller writes it as UTF-8); ``tables``
    (:class:`kg.views.data.PageTables`) holds the scores, sources and cited facts."""
    size = tables.size
    data = page_data(network, layout(network), tables)
    net = _pyvis_network(data, LANGUAGES[lang])
    options = {"physics": {"enabled": False},
               "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                         "font": {"size": 9, "color": "#555"}, "smooth": False,
                         "color": {"color": "#bbb", "highlight": "#333"}},
               "nodes": {"font": {"size": 13}},
               "interaction": {"hover": True, "tooltipDelay": 150}}
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))
    legend = [{"cls": c, "colour": col, "shape": shape} for c, (col, shape) in CLASS_STYLES.items()
              if any(n["cls"] == c for n in data["nodes"])]
    return env.get_template("graph.html").render(
        title=title, legend=legend, lang=lang, size=size, vis_js=_asset("vis-network.min.js"),
        vis_css=_asset("vis-network.css"), nodes_json=_json(net.nodes), edges_json=_json(net.edges),
        data_json=_json({k: data[k] for k in ("nodes", "edges", "facts", "sources")}),
        options_json=_json(options), large=len(data["nodes"]) > LARGE_GRAPH)
