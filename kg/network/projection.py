"""Project the graph into a networkx graph of entities and the relations between them.

Nodes are entities of the chosen classes (by default the six core classes plus organisations and
posts, which connect officials to departments); each carries its class and its labels. Edges are
the ontology's evidence-backed relations between two such entities, with the predicates, the
number of evidence records and the number of documents that state them. Literals, labels, types,
evidence records and documents are not nodes. The projection is deterministic: nodes and edges are
added in IRI order.

One function assembles the network (:func:`assemble_network`) from entity nodes and ties; the
build gives it what its per-document stage recorded, and :func:`project` reads the same from a
store's default graph (for the commands and for notebooks).

>>> g = assemble_network([Node("https://w3id.org/localgov-kg/id/a", "Official", {"zh-Hans": "甲"}, ()),
...                       Node("https://w3id.org/localgov-kg/id/p", "Post", {"zh-Hans": "局长"}, ())],
...                      [Tie("https://w3id.org/localgov-kg/id/a", "holds",
...                           "https://w3id.org/localgov-kg/id/p", 2, frozenset({"d1"}))])
>>> g.edges["https://w3id.org/localgov-kg/id/a", "https://w3id.org/localgov-kg/id/p"]["predicates"]
('holds',)
>>> g.nodes["https://w3id.org/localgov-kg/id/a"]["label"]
'甲'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from kg.errors import KgError
from kg.namespaces import KG, PREFIXES

__all__ = ["DEFAULT_CLASSES", "NODE_CLASSES", "DEFAULT_EXCLUDED_RELATIONS", "WEIGHTS", "Node",
           "Tie", "assemble_network", "project", "induced", "ego_network", "class_subgraph"]

#: Classes that can be nodes; AdministrativeDivision nodes are reported as Region.
NODE_CLASSES = ("Official", "Department", "Organization", "Initiative", "Platform", "Region",
                "Target", "Milestone", "Event", "Post", "Period")
DEFAULT_CLASSES = ("Official", "Department", "Organization", "Initiative", "Platform", "Region",
                   "Target", "Milestone", "Event", "Post")
#: Relations to controlled values or periods are attributes, not network ties.
DEFAULT_EXCLUDED_RELATIONS = ("comparator", "figureKind", "period")
WEIGHTS = ("none", "documents", "evidence")
_KG = str(KG)


@dataclass(frozen=True)
class Node:
    iri: str
    cls: str                    # class name (AdministrativeDivision is reported as Region)
    labels: dict[str, str]      # preferred label by language tag (zh-Hans, zh-Hant, en, pinyin)
    names: tuple[str, ...]      # every preferred and alternative label


@dataclass(frozen=True)
class Tie:
    subject: str
    relation: str               # kg: local name
    object: str
    evidence: int               # evidence records stating it
    documents: frozenset        # documents among their sources


def class_name(name: str) -> str:
    return "Region" if name == "AdministrativeDivision" else name


def assemble_network(nodes: Iterable[Node], ties: Iterable[Tie], *,
                     classes: tuple[str, ...] = DEFAULT_CLASSES,
                     relations: tuple[str, ...] | None = None, weight: str = "none") -> nx.DiGraph:
    """The entity network: ``classes`` chooses node classes; ``relations`` the kg: properties
    kept (default: every evidence-backed relation except those to controlled values and
    periods); ``weight`` sets the edge attribute ``weight``: ``none`` (1), ``documents``
    (documents stating the tie) or ``evidence`` (evidence records)."""
    unknown = set(classes) - set(NODE_CLASSES)
    if unknown:
        raise KgError(f"unknown node class {', '.join(sorted(unknown))}",
                      hint=f"use some of {', '.join(NODE_CLASSES)}")
    if weight not in WEIGHTS:
        raise KgError(f"unknown weight '{weight}'", hint=f"use one of {', '.join(WEIGHTS)}")
    graph = nx.DiGraph()
    for node in sorted((n for n in nodes if class_name(n.cls) in classes), key=lambda n: n.iri):
        labels = {k.lower(): v for k, v in node.labels.items()}
        graph.add_node(node.iri, cls=class_name(node.cls),
                       label=labels.get("zh-hans", node.iri.rsplit("/", 1)[-1]),
                       label_en=labels.get("en", ""), label_pinyin=labels.get("zh-latn-pinyin", ""),
                       label_zh_hant=labels.get("zh-hant", ""), names=tuple(sorted(node.names)))
    merged: dict[tuple[str, str], dict] = {}
    for tie in ties:
        keep = tie.relation in relations if relations is not None else \
            tie.relation not in DEFAULT_EXCLUDED_RELATIONS
        if not keep or tie.subject not in graph or tie.object not in graph or tie.subject == tie.object:
            continue
        entry = merged.setdefault((tie.subject, tie.object),
                                  {"predicates": set(), "evidence": 0, "documents": set()})
        entry["predicates"].add(tie.relation)
        entry["evidence"] += tie.evidence
        entry["documents"].update(tie.documents)
    for (s, o) in sorted(merged):
        entry = merged[(s, o)]
        documents = len(entry["documents"])
        strength = {"none": 1, "documents": max(documents, 1), "evidence": max(entry["evidence"], 1)}
        graph.add_edge(s, o, predicates=tuple(sorted(entry["predicates"])),
                       predicate=" ".join(sorted(entry["predicates"])), evidence=entry["evidence"],
                       documents=documents, weight=strength[weight])
    return graph


_NODES = """
SELECT ?node ?class ?kind ?label WHERE {
  VALUES ?class { %s }
  ?node a ?class .
  OPTIONAL { { ?node skos:prefLabel ?label BIND("pref" AS ?kind) }
             UNION { ?node skos:altLabel ?label BIND("alt" AS ?kind) } }
}"""
_TIES = """
SELECT ?s ?p ?o (COUNT(DISTINCT ?evidence) AS ?evidence_count)
       (GROUP_CONCAT(DISTINCT STR(?document); separator=" ") AS ?documents)
WHERE {
  ?p kg:requiresEvidence true .
  ?s ?p ?o . FILTER(isIRI(?o) && STRSTARTS(STR(?s), STR(kgr:)) && STRSTARTS(STR(?o), STR(kgr:)))
  OPTIONAL { ?evidence rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
             OPTIONAL { ?evidence prov:wasDerivedFrom ?document . ?document a kg:Document } }
}
GROUP BY ?s ?p ?o"""


def store_nodes(store: ox.Store, classes=NODE_CLASSES) -> list[Node]:
    values = " ".join(f"kg:{c}" for c in classes)
    if "Region" in classes:
        values += " kg:AdministrativeDivision"
    found: dict[str, dict] = defaultdict(lambda: {"labels": {}, "names": set()})
    for row in store.query(_NODES % values, prefixes=PREFIXES):
        entry = found[row["node"].value]
        entry["cls"] = row["class"].value[len(_KG):]
        label = row["label"]
        if label is not None:
            entry["names"].add(label.value)
            if row["kind"].value == "pref":
                entry["labels"][label.language or ""] = label.value
    return [Node(iri, e["cls"], e["labels"], tuple(sorted(e["names"]))) for iri, e in found.items()]


def store_ties(store: ox.Store) -> list[Tie]:
    ties = []
    for row in store.query(_TIES, prefixes=PREFIXES):
        documents = row["documents"].value.split() if row["documents"] is not None else []
        ties.append(Tie(row["s"].value, row["p"].value[len(_KG):], row["o"].value,
                        int(row["evidence_count"].value), frozenset(documents)))
    return ties


def project(store: ox.Store, *, classes: tuple[str, ...] = DEFAULT_CLASSES,
            relations: tuple[str, ...] | None = None, weight: str = "none") -> nx.DiGraph:
    """The entity network of ``store``'s default graph (see :func:`assemble_network`)."""
    return assemble_network(store_nodes(store), store_ties(store), classes=tuple(classes),
                            relations=relations, weight=weight)


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


def ego_network(network: nx.DiGraph, centre, depth: int) -> nx.DiGraph:
    """The entities within ``depth`` hops of ``centre``, and the ties among them."""
    reach = nx.single_source_shortest_path_length(network.to_undirected(as_view=True), centre,
                                                  cutoff=depth)
    return induced(network, reach)


def class_subgraph(network: nx.DiGraph, classes) -> nx.DiGraph:
    keep = set(classes)
    return induced(network, [n for n, c in network.nodes(data="cls") if c in keep])
