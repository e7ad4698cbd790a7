"""Project the RDF graph into a networkx graph of entities and the relations between them.

Nodes are entities of the chosen classes (by default the six core classes plus organisations and
posts, which connect officials to departments); each carries its class and its labels. Edges are
the ontology's evidence-backed relations between two such entities, with the predicates, the
number of evidence records and the number of documents that state them. Literals, labels, types,
evidence records and documents are not nodes. The projection is deterministic: nodes and edges are
added in IRI order.

>>> from kg.build import assemble
>>> from kg.resources import project_root
>>> from kg.store import memory_store
>>> dataset, _ = assemble(project_root() / "tests" / "fixtures" / "mini")
>>> net = project(memory_store(dataset, infer=False))
>>> net.number_of_nodes(), net.number_of_edges()
(7, 5)
>>> net.edges["https://w3id.org/localgov-kg/id/wang-xiaoming",
...           "https://w3id.org/localgov-kg/id/director-of-culture-bureau"]["predicates"]
('holds',)
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import pyoxigraph as ox

from kg.errors import KgError
from kg.namespaces import KG, PREFIXES

__all__ = ["DEFAULT_CLASSES", "NODE_CLASSES", "DEFAULT_EXCLUDED_RELATIONS", "project", "induced"]

#: Classes that can be nodes; AdministrativeDivision nodes are reported as Region.
NODE_CLASSES = ("Official", "Department", "Organization", "Initiative", "Platform", "Region",
                "Target", "Post", "Period")
DEFAULT_CLASSES = ("Official", "Department", "Organization", "Initiative", "Platform", "Region",
                   "Target", "Post")
#: Relations to controlled values or periods are attributes, not network ties.
DEFAULT_EXCLUDED_RELATIONS = ("comparator", "figureKind", "period")
WEIGHTS = ("none", "documents", "evidence")
_KG = str(KG)

_NODES = """
SELECT ?node ?class ?kind ?label WHERE {
  VALUES ?class { %s }
  ?node a ?class .
  OPTIONAL { { ?node skos:prefLabel ?label BIND("pref" AS ?kind) }
             UNION { ?node skos:altLabel ?label BIND("alt" AS ?kind) } }
}"""
_EDGES = """
SELECT ?s ?p ?o (COUNT(DISTINCT ?evidence) AS ?evidence_count)
       (GROUP_CONCAT(DISTINCT STR(?document); separator=" ") AS ?documents)
WHERE {
  ?p kg:requiresEvidence true .
  ?s ?p ?o . FILTER(isIRI(?o) && STRSTARTS(STR(?s), STR(kgr:)) && STRSTARTS(STR(?o), STR(kgr:)))
  OPTIONAL { ?evidence rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
             OPTIONAL { ?evidence prov:wasDerivedFrom ?document . ?document a kg:Document } }
}
GROUP BY ?s ?p ?o"""


def _class_name(iri: str) -> str:
    name = iri[len(_KG):]
    return "Region" if name == "AdministrativeDivision" else name


def _add_nodes(graph: nx.DiGraph, store: ox.Store, classes: tuple[str, ...]) -> None:
    values = " ".join(f"kg:{c}" for c in classes)
    if "Region" in classes:
        values += " kg:AdministrativeDivision"
    labels: dict[str, dict] = defaultdict(lambda: {"pref": {}, "names": set()})
    for row in store.query(_NODES % values, prefixes=PREFIXES):
        node = labels[row["node"].value]
        node["cls"] = _class_name(row["class"].value)
        label = row["label"]
        if label is not None:
            node["names"].add(label.value)
            if row["kind"].value == "pref":
                node["pref"][(label.language or "").lower()] = label.value
    for iri in sorted(labels):
        data = labels[iri]
        by_lang = data["pref"]
        graph.add_node(iri, cls=data["cls"], label=by_lang.get("zh-hans", iri.rsplit("/", 1)[-1]),
                       label_en=by_lang.get("en", ""), label_pinyin=by_lang.get("zh-latn-pinyin", ""),
                       label_zh_hant=by_lang.get("zh-hant", ""),
                       names=tuple(sorted(data["names"])))


def project(store: ox.Store, *, classes: tuple[str, ...] = DEFAULT_CLASSES,
            relations: tuple[str, ...] | None = None, weight: str = "none") -> nx.DiGraph:
    """The entity network of ``store``'s default graph.

    ``classes`` chooses node classes; ``relations`` the kg: properties kept (default: every
    evidence-backed relation except those to controlled values and periods); ``weight`` sets the
    edge attribute ``weight``: ``none`` (1), ``documents`` (documents stating the tie) or
    ``evidence`` (evidence records).
    """
    unknown = set(classes) - set(NODE_CLASSES)
    if unknown:
        raise KgError(f"unknown node class {', '.join(sorted(unknown))}",
                      hint=f"use some of {', '.join(NODE_CLASSES)}")
    if weight not in WEIGHTS:
        raise KgError(f"unknown weight '{weight}'", hint=f"use one of {', '.join(WEIGHTS)}")
    graph = nx.DiGraph()
    _add_nodes(graph, store, tuple(classes))
    ties: dict[tuple[str, str], dict] = {}
    for row in store.query(_EDGES, prefixes=PREFIXES):
        s, o, p = row["s"].value, row["o"].value, row["p"].value[len(_KG):]
        keep = p in relations if relations is not None else p not in DEFAULT_EXCLUDED_RELATIONS
        if not keep or s not in graph or o not in graph or s == o:
            continue
        tie = ties.setdefault((s, o), {"predicates": set(), "evidence": 0, "documents": set()})
        tie["predicates"].add(p)
        tie["evidence"] += int(row["evidence_count"].value)
        if row["documents"] is not None:
            tie["documents"].update(row["documents"].value.split())
    for (s, o) in sorted(ties):
        tie = ties[(s, o)]
        documents = len(tie["documents"])
        strength = {"none": 1, "documents": max(documents, 1), "evidence": max(tie["evidence"], 1)}
        graph.add_edge(s, o, predicates=tuple(sorted(tie["predicates"])),
                       predicate=" ".join(sorted(tie["predicates"])), evidence=tie["evidence"],
                       documents=documents, weight=strength[weight])
    return graph


def induced(network: nx.DiGraph, nodes) -> nx.DiGraph:
    """A copy of ``network`` restricted to ``nodes`` and the ties among them, nodes and edges in
    IRI order. (``network.subgraph(…)`` iterates a small node set in hash order, which varies with
    ``PYTHONHASHSEED`` and would change seeded layouts from one run to the next.)

    >>> g = nx.DiGraph([("c", "a"), ("a", "b"), ("b", "d")])
    >>> h = induced(g, {"b", "a", "c"})
    >>> list(h.nodes), list(h.edges)
    (['a', 'b', 'c'], [('a', 'b'), ('c', 'a')])
    """
    keep = set(nodes)
    result = network.__class__()
    result.add_nodes_from((n, network.nodes[n]) for n in sorted(keep, key=str))
    result.add_edges_from(sorted(((s, o, d) for s, o, d in network.edges(data=True)
                                  if s in keep and o in keep), key=lambda e: (str(e[0]), str(e[1]))))
    return result
