"""RDF exports: N-Triples, N-Quads, RDF/XML, JSON-LD, and the ontology alone.

Turtle and TriG come from :mod:`kg.rdf.serialize`. The other syntaxes are written by rdflib
(which keeps language tags as written: ``zh-Hans``, not ``zh-hans``) in a fixed order: line-based
syntaxes are sorted, the others are written from a graph filled in sorted order. JSON-LD is
compacted with the published context (``ontology/context.jsonld``), embedded in the file so that
it expands without fetching anything.
"""

from __future__ import annotations

import json

from rdflib import Dataset, Graph

from kg.export.context import build_context
from kg.namespaces import bind_prefixes
from kg.rdf.serialize import turtle_bytes

__all__ = ["ntriples_bytes", "nquads_bytes", "rdfxml_bytes", "jsonld_bytes", "ontology_exports"]


def _sorted_lines(text: str) -> bytes:
    return ("\n".join(sorted(line for line in text.splitlines() if line.strip())) + "\n").encode("utf-8")


def _sorted_copy(graph: Graph) -> Graph:
    copy = Graph()
    bind_prefixes(copy)
    for triple in sorted(graph, key=lambda t: tuple(term.n3() for term in t)):
        copy.add(triple)
    return copy


def ntriples_bytes(graph: Graph) -> bytes:
    """N-Triples, one statement per line, sorted."""
    return _sorted_lines(graph.serialize(format="nt"))


def nquads_bytes(dataset: Dataset) -> bytes:
    """N-Quads of every named graph, one statement per line, sorted."""
    return _sorted_lines(dataset.serialize(format="nquads"))


def rdfxml_bytes(graph: Graph) -> bytes:
    """RDF/XML for older tools, with the project prefixes."""
    return _sorted_copy(graph).serialize(format="xml", encoding="utf-8")


def jsonld_bytes(graph: Graph) -> bytes:
    """Compacted JSON-LD with the published context inline; nodes in IRI order."""
    text = _sorted_copy(graph).serialize(format="json-ld", context=build_context()["@context"],
                                         auto_compact=True)
    document = json.loads(text)
    if "@graph" in document:
        document["@graph"] = sorted(document["@graph"], key=lambda n: str(n.get("@id", n.get("id"))))
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def ontology_exports(ontology_graph: Graph) -> dict[str, bytes]:
    """The ontology alone, for Protégé: ``ontology.ttl`` and ``ontology.owl`` (RDF/XML)."""
    return {"ontology.ttl": turtle_bytes(ontology_graph), "ontology.owl": rdfxml_bytes(ontology_graph)}
