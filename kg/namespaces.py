"""Namespaces: one for the ontology, one for entity IRIs, plus the standard vocabularies.

>>> str(KG.Official)
'https://w3id.org/localgov-kg/ontology#Official'
>>> str(KGR["li-xi"])
'https://w3id.org/localgov-kg/id/li-xi'
>>> PREFIXES["org"]
'http://www.w3.org/ns/org#'
>>> short_iri("https://w3id.org/localgov-kg/id/li-xi"), short_iri("http://example.org/x")
('kgr:li-xi', 'http://example.org/x')
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

__all__ = ["KG", "KGR", "GRAPH", "ORG", "OA", "SCHEMA", "PREFIXES", "bind_prefixes", "short_iri",
           "sparql_prologue", "turtle_prefixes", "local_name", "valid_iri"]

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


#: Namespaces longest first, so that the most specific prefix wins.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: (-len(item[1]), item[0]))


def short_iri(iri) -> str:
    """The prefixed form of an IRI in a project namespace (``kgr:li-xi``), else the IRI itself."""
    text = str(iri)
    for prefix, namespace in _BY_LENGTH:
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text


def local_name(iri) -> str:
    """The part of a ``kg:`` IRI after the namespace (``holds``), else the prefixed form.

    >>> local_name(KG.holds), local_name("http://www.w3.org/ns/org#holds")
    ('holds', 'org:holds')
    """
    text = str(iri)
    return text[len(str(KG)):] if text.startswith(str(KG)) else short_iri(text)


def sparql_prologue() -> str:
    """``PREFIX`` declarations of every project prefix, for SPARQL text sent elsewhere."""
    return "".join(f"PREFIX {p}: <{uri}>\n" for p, uri in sorted(PREFIXES.items()))


def turtle_prefixes() -> str:
    """The same declarations as they open every Turtle and TriG file the build writes."""
    return sparql_prologue()


def valid_iri(value: str) -> bool:
    """Whether ``value`` is an absolute IRI Oxigraph accepts (used to check curated URLs).

    >>> valid_iri("https://example.org/a?b=c"), valid_iri("not an iri"), valid_iri("http://x/<y>")
    (True, False, False)
    """
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return ":" in value and not any(c in value for c in '<>"{}|\\^`') and " " not in value
