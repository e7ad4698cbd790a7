"""Namespaces: one for the ontology, one for entity IRIs, plus the standard vocabularies.

>>> str(KG.Official)
'https://w3id.org/localgov-kg/ontology#Official'
>>> str(KGR["li-xi"])
'https://w3id.org/localgov-kg/id/li-xi'
>>> PREFIXES["org"]
'http://www.w3.org/ns/org#'
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

__all__ = ["KG", "KGR", "GRAPH", "ORG", "OA", "SCHEMA", "PREFIXES", "bind_prefixes"]

KG = Namespace("https://w3id.org/localgov-kg/ontology#")
KGR = Namespace("https://w3id.org/localgov-kg/id/")
GRAPH = Namespace("https://w3id.org/localgov-kg/graph/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")

#: Every prefix declared in outputs and predeclared for queries.
PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kgr": str(KGR),
    "kgg": str(GRAPH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "time": str(TIME),
    "foaf": str(FOAF),
}


def bind_prefixes(graph) -> None:
    """Bind :data:`PREFIXES` on an rdflib graph or dataset, replacing rdflib's defaults."""
    for prefix, uri in PREFIXES.items():
        graph.bind(prefix, uri, override=True, replace=True)
