"""The ontology as the loader sees it: classes, properties, their kinds and allowed types.

The curation format names classes and properties by their local names (``Official``, ``holds``);
this module resolves them against ``ontology/kg.ttl`` so that the YAML cannot use a class or a
property the ontology lacks, nor put an entity of the wrong class on either side of a property.

>>> onto = load_ontology()
>>> onto.classes["Department"].is_a("Organization")
True
>>> prop = onto.properties["holds"]
>>> prop.kind, sorted(prop.domain), sorted(prop.range)
('object', ['Official'], ['Post'])
>>> onto.concept("comparator", "at-least")
'https://w3id.org/localgov-kg/ontology#AtLeast'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.resources import ontology_dir

#: The ontology's namespace (kg.namespaces.KG, as a string: rdflib is imported only to parse).
KG_NS = "https://w3id.org/localgov-kg/ontology#"

__all__ = ["ClassInfo", "PropertyInfo", "Ontology", "load_ontology"]


@dataclass(frozen=True)
class ClassInfo:
    """A kg: class and the kg: classes it is a subclass of (itself included)."""

    name: str
    iri: str
    ancestors: frozenset[str]

    def is_a(self, other: str) -> bool:
        return other in self.ancestors


@dataclass(frozen=True)
class PropertyInfo:
    """A kg: property: object or datatype, the classes it accepts, whether uses need evidence."""

    name: str
    iri: str
    kind: str  # "object" or "datatype"
    domain: frozenset[str] = field(default_factory=frozenset)
    range: frozenset[str] = field(default_factory=frozenset)  # kg: class names
    datatype: str | None = None  # for datatype properties: the XSD datatype IRI
    requires_evidence: bool = False


@dataclass(frozen=True)
class Ontology:
    graph: object  # the rdflib Graph (None in a copy kept by kg.curation.cache for kg check)
    classes: dict[str, ClassInfo]
    properties: dict[str, PropertyInfo]
    concepts: dict[tuple[str, str], str]  # (range class name, notation) -> IRI
    digest: str = ""  # SHA-256 of the ontology file: what per-document results depend on

    def concept(self, prop: str, notation: str) -> str | None:
        """The controlled value (e.g. ``kg:AtLeast``) a property takes for a notation."""
        for cls in self.properties[prop].range:
            found = self.concepts.get((cls, notation))
            if found is not None:
                return found
        return None

    def concept_notations(self, prop: str) -> list[str]:
        ranges = self.properties[prop].range
        return sorted(n for (cls, n) in self.concepts if cls in ranges)


def _local(iri) -> str | None:
    text = str(iri)
    return text[len(KG_NS):] if text.startswith(KG_NS) else None


def _ancestors(graph, cls) -> frozenset[str]:
    from rdflib.namespace import RDFS

    names = set()
    for ancestor in graph.transitive_objects(cls, RDFS.subClassOf):
        name = _local(ancestor)
        if name:
            names.add(name)
    return frozenset(names)


def _names(graph, subject, predicate) -> frozenset[str]:
    return frozenset(n for o in graph.objects(subject, predicate) if (n := _local(o)))


def _parse(path: Path) -> Ontology:
    from rdflib import Graph, Literal
    from rdflib.compare import to_canonical_graph
    from rdflib.namespace import OWL, RDF, SKOS, XSD

    from kg.namespaces import KG, SCHEMA

    parsed = Graph()
    parsed.parse(path, format="turtle")
    graph = Graph()  # blank nodes (RDF lists) relabelled canonically, for stable output
    for triple in to_canonical_graph(parsed):
        graph.add(triple)
    classes = {}
    for cls in graph.subjects(RDF.type, OWL.Class):
        name = _local(cls)
        if name:
            classes[name] = ClassInfo(name, str(cls), _ancestors(graph, cls))
    properties = {}
    for kind, rdf_type in (("object", OWL.ObjectProperty), ("datatype", OWL.DatatypeProperty)):
        for prop in graph.subjects(RDF.type, rdf_type):
            name = _local(prop)
            if not name:
                continue
            ranges = [r for r in graph.objects(prop, SCHEMA.rangeIncludes)]
            datatype = next((r for r in ranges if str(r).startswith(str(XSD))), None)
            properties[name] = PropertyInfo(
                name=name, iri=str(prop), kind=kind,
                domain=_names(graph, prop, SCHEMA.domainIncludes),
                range=_names(graph, prop, SCHEMA.rangeIncludes),
                datatype=str(datatype) if datatype is not None else None,
                requires_evidence=(prop, KG.requiresEvidence, Literal(True)) in graph,
            )
    concepts = {}
    for concept, notation in graph.subject_objects(SKOS.notation):
        for cls in graph.objects(concept, RDF.type):
            name = _local(cls)
            if name:
                concepts[(name, str(notation))] = str(concept)
    return Ontology(graph, classes, properties, concepts,
                    hashlib.sha256(path.read_bytes()).hexdigest())


@lru_cache(maxsize=4)
def load_ontology(path: Path | None = None) -> Ontology:
    """Parse the ontology (``ontology/kg.ttl`` by default); cached per path."""
    return _parse(path or ontology_dir() / "kg.ttl")
