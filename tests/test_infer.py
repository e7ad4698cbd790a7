"""Entailments: what the build materialises in kgg:inferred answers like owlrl's OWL-RL closure."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.namespaces import KGR
from kg.query.engine import run_query
from kg.curation.ontology import load_ontology
from kg.store import open_store

_PREFIXES = ("kg:", "org:", "schema:", "prov:", "foaf:", "oa:", "dcterms:", "time:")


@pytest.fixture(scope="module")
def owlrl_closure(seed_graph) -> Graph:
    import owlrl

    closure = Graph()
    for triple in seed_graph:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    return closure


@pytest.fixture(scope="module")
def inferred_store(seed_build):
    return open_store(seed_build.out_dir / "store")


def _vocabulary() -> tuple[set[URIRef], set[URIRef]]:
    """The classes and properties the ontology defines or aligns to (what researchers query)."""
    ontology = load_ontology().graph
    terms = {t for t in ontology.all_nodes() if isinstance(t, URIRef)
             and ontology.namespace_manager.normalizeUri(t).startswith(_PREFIXES)}
    classes = {t for t in terms if (t, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in ontology}
    properties = {t for t in terms if any(ontology.triples((t, RDF.type, None)))} - classes
    return classes, properties


def test_materialised_types_match_owlrl(owlrl_closure, inferred_store):
    classes, _ = _vocabulary()
    expected = {(str(s), str(c)) for c in classes for s in owlrl_closure.subjects(RDF.type, c)
                if str(s).startswith(str(KGR))}
    rows = run_query(inferred_store, "SELECT ?s ?c WHERE { ?s a ?c }", infer=True)
    actual = {(r["s"].value, r["c"].value) for r in rows
              if r["s"].value.startswith(str(KGR)) and URIRef(r["c"].value) in classes}
    assert actual == expected
    assert (str(KGR["jiangmen"]), "https://schema.org/Place") in actual  # via Region ⊑ schema:Place


def test_materialised_relations_match_owlrl(owlrl_closure, inferred_store):
    _, properties = _vocabulary()
    expected = {(str(s), str(p), str(o)) for p in properties
                for s, o in owlrl_closure.subject_objects(p)
                if str(s).startswith(str(KGR)) and str(o).startswith(str(KGR))}
    rows = run_query(inferred_store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", infer=True)
    actual = {(r["s"].value, r["p"].value, r["o"].value) for r in rows
              if r["s"].value.startswith(str(KGR)) and r["o"].value.startswith(str(KGR))
              and URIRef(r["p"].value) in properties}
    assert actual - expected == set(), "inferred by us, not by owlrl"
    assert expected - actual == set(), "inferred by owlrl, missed by us"


def test_transitive_containment_and_chains(inferred_store):
    def answers(query):
        return {r[0].value for r in run_query(inferred_store, query, infer=True)}

    within = answers("SELECT ?r WHERE { kgr:pengjiang kg:withinRegion ?r }")
    assert {str(KGR["jiangmen"]), str(KGR["guangdong"])} <= within  # district -> city -> province
    assert str(KGR["jiangmen-talent-work-bureau"]) in answers(
        "SELECT ?o WHERE { kgr:li-xi kg:memberOf ?o }")  # holds ∘ postIn
    assert str(KGR["li-xi"]) in answers(
        "SELECT ?who WHERE { kgr:director-of-jiangmen-talent-work-bureau org:heldBy ?who }")


def test_without_infer_nothing_is_entailed(inferred_store):
    rows = list(run_query(inferred_store, "SELECT ?r WHERE { kgr:pengjiang kg:withinRegion ?r }"))
    assert [r[0].value for r in rows] == [str(KGR["jiangmen"])]
