"""RDF exports: N-Triples, N-Quads, RDF/XML, JSON-LD, and the ontology alone.

Turtle, TriG, N-Triples, N-Quads and RDF/XML are written by Oxigraph through
:mod:`kg.rdf.serialize` (sorted, language tags spelled as in the data). JSON-LD is written by
rdflib, compacted with the published context (``ontology/context.jsonld``), embedded in the file
so that it expands without fetching anything; its arrays are sorted afterwards.
"""

from __future__ import annotations

import json

from rdflib import Graph

from kg.export.context import build_context
from kg.rdf.serialize import nquads_bytes, ntriples_bytes, rdfxml_bytes, turtle_bytes

__all__ = ["ntriples_bytes", "nquads_bytes", "rdfxml_bytes", "jsonld_bytes", "ontology_exports"]


def _canonical(value, key: str | None = None):
    """``value`` with every unordered JSON-LD array sorted, so the output does not depend on the
    order rdflib happened to hold the triples in. ``@list`` arrays (RDF lists) keep their order,
    and the context is left as written."""
    if isinstance(value, dict):
        return {k: (v if k == "@context" else _canonical(v, k)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return value


def jsonld_bytes(graph: Graph) -> bytes:
    """Compacted JSON-LD with the published context inline; nodes in IRI order, values sorted."""
    text = graph.serialize(format="json-ld", context=build_context()["@context"], auto_compact=True)
    document = _canonical(json.loads(text))
    if "@graph" in document:
        document["@graph"] = sorted(document["@graph"], key=lambda n: str(n.get("@id", n.get("id"))))
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def ontology_exports(ontology_graph: Graph) -> dict[str, bytes]:
    """The ontology alone, for Protégé: ``ontology.ttl`` and ``ontology.owl`` (RDF/XML)."""
    return {"ontology.ttl": turtle_bytes(ontology_graph), "ontology.owl": rdfxml_bytes(ontology_graph)}
