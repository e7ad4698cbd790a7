"""Ontology v2 on a small second-city corpus: events with dates the text implies, promotion,
milestones, periods stated by the text, units from one list, and scoped names that resolve to
each city's own committee."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.curation.names import NameIndex
from kg.curation.ontology import load_ontology
from kg.curation.registry import load_registry
from kg.namespaces import KG, KGR

from .conftest import built

SECOND_CITY = Path(__file__).resolve().parent / "fixtures" / "second-city"


@pytest.fixture(scope="module")
def second_city(tmp_path_factory):
    return built(SECOND_CITY, tmp_path_factory.mktemp("second-city"))


def test_each_city_s_shi_wei_is_its_own_committee():
    ontology = load_ontology()
    index = NameIndex(load_registry(SECOND_CITY, ontology), ontology)
    assert index.resolve("市委", scope="first-city") == ["first-city-party-committee"]
    assert index.resolve("市委", scope="second-city") == ["second-city-party-committee"]
    assert index.resolve("市委") == ["first-city-party-committee", "second-city-party-committee"]
    assert index.resolve("甲市市委", scope="second-city") == ["first-city-party-committee"]  # global alias
    assert index.resolve("市委", scope="elsewhere") == []


def test_scoped_names_and_jurisdictions_are_in_the_graph(second_city):
    _, graph, _ = second_city
    names = {(str(graph.value(n, KG.name)), graph.value(n, KG.scope))
             for n in graph.subjects(RDF.type, KG.ScopedName)}
    assert names == {("市委", KGR["first-city"]), ("市委", KGR["second-city"])}
    assert (KGR["doc-002-second"], KG.documentJurisdiction, KGR["second-city"]) in graph
    # a generic name is never a global alias
    assert ("市委" not in {str(o) for o in graph.objects(None, URIRef(
        "http://www.w3.org/2004/02/skos/core#altLabel"))})


def test_an_event_dated_by_the_text_and_a_statement_responding_to_it(second_city):
    _, graph, _ = second_city
    event = KGR["plenum-first-city"]
    assert graph.value(event, KG.eventDate) == Literal("2022-03-02", datatype=XSD.date)
    assert graph.value(event, KG.convenedBy) == KGR["first-city-party-committee"]
    assert (KGR["first-city-party-committee"], KG.promotes, KGR["harbour-park"]) in graph
    responding = [e for e in graph.subjects(KG.inResponseTo, event)]
    assert responding and all(graph.value(e, RDF.predicate) == KG.promotes for e in responding)


def test_a_milestone_and_a_period_from_the_text_and_a_canonical_unit(second_city):
    _, graph, _ = second_city
    assert graph.value(KGR["harbour-park-opening"], KG.dueDate) == Literal("2023-01-01", datatype=XSD.date)
    assert graph.value(KGR["harbour-park-opening"], KG.milestoneOf) == KGR["harbour-park"]
    assert graph.value(KGR["plan-period"], KG.endDate) == Literal("2025-12-31", datatype=XSD.date)
    assert graph.value(KGR["plan-period"], KG.startDate) is None  # the text gives no start
    assert graph.value(KGR["target-harbour-firms"], KG.unit) == KG.UnitEnterprise


def test_a_traditional_unit_word_is_the_same_unit(mini_seeds, tmp_path):
    statements = mini_seeds / "documents" / "001_mini.yaml"
    statements.write_text(statements.read_text(encoding="utf-8").replace("unit: 人次", "unit: 人次 "),
                          encoding="utf-8")
    from kg.curation.checks import typed_object
    from kg.curation.model import Where

    ontology = load_ontology()
    classes = {"t": "Target"}
    simplified = typed_object("t", "unit", "个", Where("x", 1), classes, ontology)
    traditional = typed_object("t", "unit", "個", Where("x", 1), classes, ontology)
    assert simplified == traditional and simplified.value == str(KG.UnitItem)
