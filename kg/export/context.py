"""The JSON-LD context (``ontology/context.jsonld``), generated from the ontology.

Keys read as words: ``holds``, ``postIn``, ``prefLabel`` (a language map), ``value`` (an
xsd:decimal), ``wasDerivedFrom``. A test checks the published file matches the ontology.

>>> context = build_context()
>>> context["@context"]["holds"]
{'@id': 'kg:holds', '@type': '@id'}
>>> context["@context"]["prefLabel"]
{'@id': 'skos:prefLabel', '@container': '@language'}
"""

from __future__ import annotations

import json

from kg.namespaces import PREFIXES
from kg.rdf.ontology import load_ontology

__all__ = ["build_context", "context_text"]

#: Standard terms the data uses, by the word a JSON-LD reader sees.
STANDARD_TERMS = {
    "type": "@type", "id": "@id",
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "comment": {"@id": "rdfs:comment", "@container": "@language"},
    "prefLabel": {"@id": "skos:prefLabel", "@container": "@language"},
    "altLabel": {"@id": "skos:altLabel", "@container": "@language"},
    "note": {"@id": "skos:note", "@container": "@language"},
    "notation": "skos:notation",
    "subject": {"@id": "rdf:subject", "@type": "@id"},
    "predicate": {"@id": "rdf:predicate", "@type": "@id"},
    "object": {"@id": "rdf:object"},
    "wasDerivedFrom": {"@id": "prov:wasDerivedFrom", "@type": "@id"},
    "hasTarget": {"@id": "oa:hasTarget", "@type": "@id"},
    "hasSource": {"@id": "oa:hasSource", "@type": "@id"},
    "hasSelector": {"@id": "oa:hasSelector", "@type": "@id"},
    "exact": {"@id": "oa:exact"},
    "start": {"@id": "oa:start", "@type": "xsd:nonNegativeInteger"},
    "end": {"@id": "oa:end", "@type": "xsd:nonNegativeInteger"},
    "title": {"@id": "dcterms:title", "@container": "@language"},
    "publisher": {"@id": "dcterms:publisher"},
    "date": {"@id": "dcterms:date", "@type": "xsd:date"},
    "language": "dcterms:language",
    "datePublished": {"@id": "schema:datePublished", "@type": "xsd:date"},
    "author": {"@id": "schema:author", "@type": "@id"},
    "contributor": {"@id": "schema:contributor", "@type": "@id"},
    "name": {"@id": "schema:name", "@container": "@language"},
    "url": {"@id": "schema:url", "@type": "@id"},
}


def build_context() -> dict:
    """The context object: prefixes, standard terms, and every kg: property by its local name."""
    ontology = load_ontology()
    context: dict = dict(sorted(PREFIXES.items()))
    context.update(STANDARD_TERMS)
    for name, prop in sorted(ontology.properties.items()):
        if prop.kind == "object":
            context[name] = {"@id": f"kg:{name}", "@type": "@id"}
        elif prop.datatype is not None:
            context[name] = {"@id": f"kg:{name}", "@type": "xsd:" + str(prop.datatype).rsplit("#", 1)[1]}
        else:
            context[name] = {"@id": f"kg:{name}"}
    return {"@context": context}


def context_text() -> str:
    return json.dumps(build_context(), ensure_ascii=False, indent=2) + "\n"
