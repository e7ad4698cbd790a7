"""RDF exports: N-Triples, N-Quads, RDF/XML, JSON-LD, and the ontology alone.

Turtle, TriG, N-Triples, N-Quads and RDF/XML are written by Oxigraph through
:mod:`kg.rdf.serialize` (sorted, language tags spelled as in the data). JSON-LD is written by
rdflib from a graph filled in sorted order,
compacted with the published context (``ontology/context.jsonld``), embedded in the file so that
it expands without fetching anything.
"""

from __future__ import annotations

import json

from rdflib import Dataset, Graph

from kg.export.context import build_context
from kg.namespaces import bind_prefixes
from kg.rdf.serialize import nquads_bytes, ntriples_bytes, rdfxml_bytes, turtle_bytes

__all__ = ["ntriples_bytes", "nquads_bytes", "rdfxml_bytes", "jsonld_bytes", "ontology_exports"]


def _sorted_copy(graph: Graph) -> Graph:
    copy = Graph()
    bind_prefixes(copy)
    for triple in sorted(graph, key=lambda t: tuple(term.n3() for term in t)):
        copy.add(triple)
    return copy


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
