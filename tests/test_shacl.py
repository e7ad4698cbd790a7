"""The shapes run as SPARQL on Oxigraph (kg.rdf.shacl) find exactly what pySHACL finds: on the
seed build, and on broken variants of it, one per kind of constraint the shapes use."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from kg.curation.ontology import load_ontology
from kg.namespaces import KG, KGR, SCHEMA
from kg.rdf.shacl import load_compiled_shapes
from kg.rdf.validate import shape_violations

EVIDENCE_DATE = KG.documentDate


def _compiled(graph: Graph) -> list[str]:
    store = ox.Store()
    data = Graph()
    for triple in graph:
        data.add(triple)
    for triple in load_ontology().graph:
        data.add(triple)
    store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return load_compiled_shapes().violations(store)


def _some_evidence(graph: Graph):
    return sorted(graph.subjects(EVIDENCE_DATE, None))[0]


BREAKS = {
    "nothing broken": lambda g: None,
    "a target without its kind": lambda g: g.remove((KGR["target-phd-talents"], KG.figureKind, None)),
    "a target with two values": lambda g: g.add((KGR["target-phd-talents"], KG.value,
                                                 Literal("5", datatype=XSD.decimal))),
    "a unit that is not a unit": lambda g: g.set((KGR["target-phd-talents"], KG.unit, KGR["jiangmen"])),
    "evidence without its date": lambda g: g.remove((_some_evidence(g), EVIDENCE_DATE, None)),
    "an ill-typed date": lambda g: g.set((_some_evidence(g), EVIDENCE_DATE,
                                          Literal("2021-13-45", datatype=XSD.date))),
    "an official without a description": lambda g: g.remove((KGR["li-xinli"], SCHEMA.description, None)),
    "two labels in one language": lambda g: g.add((KGR["li-xi"], SKOS.prefLabel, Literal("X", lang="en"))),
    "a homonym without a description": lambda g: g.add((KGR["jiangmen-commerce-bureau"], SKOS.prefLabel,
                                                        Literal("Jiangmen", lang="en"))),
    "a division code of five digits": lambda g: g.set((KGR["jiangmen"], KG.divisionCode, Literal("44070"))),
    "a period that ends before it starts": lambda g: g.set((KGR["fourteenth-five-year-plan"], KG.endDate,
                                                            Literal("2020-12-31", datatype=XSD.date))),
    "a period without dates": lambda g: [g.remove((KGR["fourteenth-five-year-plan"], p, None))
                                         for p in (KG.startDate, KG.endDate)],
    "an event without a date": lambda g: g.add((KGR["an-event"], RDF.type, KG.Event)),
    "a milestone without a due date": lambda g: g.add((KGR["a-milestone"], RDF.type, KG.Milestone)),
    "a scoped name without a scope": lambda g: g.add((KGR["a-name"], RDF.type, KG.ScopedName)),
    "a fact without evidence": lambda g: g.add((KGR["li-xi"], KG.leads, KGR["talent-doubling"])),
    "a post in nothing": lambda g: g.remove((KGR["director-of-jiangmen-talent-work-bureau"], KG.postIn, None)),
    "a blank-node label": lambda g: g.add((BNode("b1"), RDF.type, KG.Official)),
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_sparql_shapes_agree_with_pyshacl(case, seed_graph):
    graph = Graph()
    for triple in seed_graph:
        graph.add(triple)
    BREAKS[case](graph)
    expected = shape_violations(graph)  # pySHACL
    assert _compiled(graph) == expected
    assert (expected == []) == (case == "nothing broken"), expected


def test_an_unsupported_shacl_feature_is_refused_not_ignored():
    from kg.errors import KgError
    from kg.rdf.shacl import compile_shapes
    from kg.rdf.validate import load_shapes

    shapes = Graph()
    for triple in load_shapes():
        shapes.add(triple)
    shape = URIRef("https://w3id.org/localgov-kg/shapes#OfficialShape")
    shapes.add((shape, URIRef("http://www.w3.org/ns/shacl#closed"), Literal(True)))
    with pytest.raises(KgError, match="shacl#closed"):
        compile_shapes(shapes)
