"""Find an entity of the network by name: any script, any language, aliases, pinyin with or
without tones, IRI. The matching is :class:`kg.curation.names.NameIndex`'s, the one resolver that
``kg find`` and ``kg draft`` use too; this module only fills it with the network's node names.

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
>>> resolve(g, "李曦明")
Traceback (most recent call last):
...
kg.errors.KgError: no entity named '李曦明' (fix: did you mean 李曦 (kgr:li-xi, Official)?)
"""

from __future__ import annotations

import networkx as nx

from kg.curation.names import NameIndex
from kg.namespaces import KGR, short_iri
from kg.text.labels import name_key

__all__ = ["name_key", "resolve", "network_index"]  # name_key: see kg.text.labels


def _describe(graph: nx.Graph, node) -> str:
    data = graph.nodes[node]
    return f"{data.get('label', node)} ({short_iri(node)}, {data.get('cls', '?')})"


def network_index(graph: nx.Graph) -> NameIndex:
    """The name index of a network's nodes: their IRI, short IRI, label and names."""
    return NameIndex.from_names(
        (node, data.get("label", ""), (*data.get("names", ()), short_iri(node), str(node)))
        for node, data in graph.nodes(data=True))


def resolve(graph: nx.Graph, name: str):
    """The one node ``name`` designates; a clear error listing candidates otherwise."""
    text = name.strip()
    for candidate in (text, str(KGR) + text.removeprefix("kgr:")):
        if candidate in graph:
            return candidate
    return network_index(graph).resolve_one(text, describe=lambda n: _describe(graph, n),
                                            hint="use a Chinese name or the IRI")
