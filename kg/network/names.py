"""Find an entity by name: any script, any language, aliases, pinyin with or without tones, IRI.

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_node("https://w3id.org/localgov-kg/id/li-xi", cls="Official", label="李曦",
...            names=("李曦", "Li Xi", "Lǐ Xī"))
>>> g.add_node("https://w3id.org/localgov-kg/id/li-xi-guangdong", cls="Official", label="李希",
...            names=("李希", "Li Xi", "Lǐ Xī"))
>>> resolve(g, "李曦")
'https://w3id.org/localgov-kg/id/li-xi'
>>> resolve(g, "kgr:li-xi-guangdong")
'https://w3id.org/localgov-kg/id/li-xi-guangdong'
>>> resolve(g, "li xi")
Traceback (most recent call last):
...
kg.errors.KgError: 'li xi' names 2 entities: 李曦 (kgr:li-xi, Official); 李希 (kgr:li-xi-guangdong, Official) (fix: use a Chinese name or the IRI)
"""

from __future__ import annotations

import difflib

import networkx as nx

from kg.errors import KgError
from kg.namespaces import KGR, short_iri
from kg.text.labels import name_key

__all__ = ["name_key", "resolve"]  # name_key: see kg.text.labels


def _describe(graph: nx.Graph, node) -> str:
    data = graph.nodes[node]
    return f"{data.get('label', node)} ({short_iri(node)}, {data.get('cls', '?')})"


def resolve(graph: nx.Graph, name: str):
    """The one node ``name`` designates; a clear error listing candidates otherwise."""
    text = name.strip()
    for candidate in (text, str(KGR) + text.removeprefix("kgr:")):
        if candidate in graph:
            return candidate
    key = name_key(text)
    index: dict[str, set] = {}
    for node, data in graph.nodes(data=True):
        for label in (data.get("label", ""), *data.get("names", ())):
            if label:
                index.setdefault(name_key(label), set()).add(node)
    matches = sorted(index.get(key, set()), key=str)
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(_describe(graph, m) for m in matches[:10])
        raise KgError(f"'{name}' names {len(matches)} entities: {listed}",
                      hint="use a Chinese name or the IRI")
    close = difflib.get_close_matches(key, list(index), n=5, cutoff=0.6)
    nodes = sorted({n for k in close for n in index[k]}, key=str)
    hint = ("did you mean " + "; ".join(_describe(graph, n) for n in nodes[:5]) + "?") if nodes \
        else "search labels with `kg query entity-labels`"
    raise KgError(f"no entity named '{name}' in the network", hint=hint)
