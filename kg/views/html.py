"""The interactive graph page: vis-network (the copy pyvis ships) draws it, our template makes it a
research tool.

pyvis's own templates load Bootstrap and other files from CDNs even with ``cdn_resources="in_line"``,
and its ``Network.add_node`` / ``add_edge`` check for duplicates by scanning lists (quadratic: 36 s
for 5,180 nodes), so the page is rendered from ``templates/graph.html`` with the vis-network
JavaScript and CSS that the pyvis package ships, inlined once, and the node and edge objects are
made by the page's script from the one JSON copy of the data (:mod:`kg.views.content`). The
page makes no network request. Data goes in as JSON with ``<``, ``>`` and ``&`` escaped, so
curated text cannot break out of its script element; vis-network draws labels on a canvas, and
the page builds its panels with ``textContent`` only.

Positions come from :mod:`kg.views.layout` and physics is off: the page draws at once, the same
on every build. Above :data:`CLUSTER_ABOVE` nodes the page opens with each community collapsed
into one node (vis-network clustering), named by its most central members.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kg.views.content import page_content
from kg.views.layout import layout

__all__ = ["CLASS_STYLES", "CLUSTER_ABOVE", "LARGE_GRAPH", "LANGUAGES", "render_page"]

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
    "Event": ("#000000", "square"),
    "Post": ("#999999", "dot"),
    "Period": ("#BBBBBB", "dot"),
}
LANGUAGES = {"zh": "zh", "en": "en", "pinyin": "pinyin"}
#: Above this many nodes `kg viz` warns and suggests --focus.
LARGE_GRAPH = 3000
#: Above this many nodes the page opens collapsed by community.
CLUSTER_ABOVE = 1500
_TEMPLATES = Path(__file__).parent / "templates"


@cache
def _asset(name: str) -> str:
    if name.startswith("vis-"):
        return (resources.files("pyvis") / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")
    return (_TEMPLATES / name).read_text(encoding="utf-8")


#: The page's script, by concern; joined in this order inside one function (they share its scope).
SCRIPT_PARTS = ("graph.js", "panel.js", "export.js")


@cache
def _script() -> str:
    parts = "".join(_asset(name) for name in SCRIPT_PARTS)
    return '(function () {\n  "use strict";\n' + parts + "})();\n"


def _json(value) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))


def render_page(network: nx.DiGraph, tables, *, title: str, lang: str = "zh",
                subject: str | None = None, placed=None, documents: str | None = "documents/") -> str:
    """The whole self-contained page as a string (the caller writes it as UTF-8).

    ``tables`` (:class:`kg.views.data.PageTables`) holds the scores, sources and cited facts;
    ``subject`` is the node the page is about (marked, always labelled); ``placed`` a
    :class:`kg.views.layout.Layout` computed beforehand (the build caches it), else computed here;
    ``documents`` the relative URL of the folder of document text pages, or ``None``.
    """
    placed = placed if placed is not None else layout(network)
    content = page_content(network, placed, tables, subject=subject, documents=documents)
    content["styles"] = {cls: list(style) for cls, style in CLASS_STYLES.items()}
    content["cluster"] = len(content["nodes"]) > CLUSTER_ABOVE
    content["lang"] = LANGUAGES[lang]
    legend = [{"cls": c, "colour": col} for c, (col, _) in CLASS_STYLES.items()
              if any(n["cls"] == c for n in content["nodes"])]
    subject_label = ""
    if content["subject"] is not None:
        node = content["nodes"][content["subject"]]
        subject_label = " · ".join(x for x in (node["zh"], node["en"]) if x)
    return _environment().get_template("graph.html").render(
        title=title, legend=legend, lang=lang, size=tables.size, subject=subject_label,
        vis_js=_asset("vis-network.min.js"), vis_css=_asset("vis-network.css"),
        page_js=_script(), data_json=_json(content), nodes=len(content["nodes"]),
        clustered=content["cluster"])
