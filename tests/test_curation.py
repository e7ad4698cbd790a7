"""The curated seed corpus: quotes, labels, codes, and entities resolved across documents and scripts.

Tied to the two seed documents (they change when their curation does): the Traditional labels,
the division codes, the entities and targets both documents share, and the report's coverage."""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS

from kg.curation.corpus import load_corpus
from kg.curation.quotes import locate_quote
from kg.namespaces import KG, KGR
from kg.curation.ontology import load_ontology
from kg.text.normalize import normalize_text

from .conftest import SEEDS

RESIDUE = re.compile(r"[\u4e00-\u9fff]\([a-z\u00c0-\u024f]+\)")
DOC_2021 = KGR["doc-000-4221d1719c757f4b"]
DOC_2022 = KGR["doc-001-a1366d450c5a1b76"]
ENTITY_CLASSES = ("Official", "Department", "Organization", "Initiative", "Platform", "Region",
                  "AdministrativeDivision", "Target", "Post", "Period")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(SEEDS, load_ontology())


def test_every_statement_quote_is_found_in_its_document(corpus):
    checked = 0
    for document in corpus.documents:
        text = normalize_text(document.raw_text, set(document.meta.residue_lines))
        for statement in document.statements:
            assert locate_quote(text, statement.quote), f"{statement.where}: {statement.quote}"
            checked += 1
    assert checked > 200


def test_every_entity_has_labels_in_english_chinese_and_pinyin(seed_build, seed_graph):
    graph = seed_graph
    for cls in ENTITY_CLASSES:
        for entity in graph.subjects(RDF.type, KG[cls]):
            languages = {label.language for label in graph.objects(entity, SKOS.prefLabel)}
            assert {"zh-Hans", "en", "zh-Latn-pinyin"} <= languages, entity


def test_no_pinyin_residue_in_any_literal(seed_build, seed_graph):
    for _, _, obj in seed_graph:
        if isinstance(obj, Literal):
            assert not RESIDUE.search(str(obj)), obj
    for name in ("kg.ttl", "kg.trig", "kg.nt", "kg.jsonld", "evidence.csv"):
        assert not RESIDUE.search((seed_build.out_dir / name).read_text(encoding="utf-8")), name


def test_traditional_labels_come_from_the_traditional_source(seed_build, seed_graph):
    graph = seed_graph
    hant = {str(label) for label in graph.objects(KGR["zhuang-chunwei"], SKOS.prefLabel) if label.language == "zh-Hant"}
    assert hant == {"莊春維"}
    raw = (SEEDS / "documents" / "000_4221d1719c757f4b.txt").read_text(encoding="utf-8")
    for _, _, label in graph.triples((None, SKOS.prefLabel, None)):
        if label.language == "zh-Hant":
            assert str(label) in RESIDUE.sub(lambda m: m.group(0)[0], raw), label


def test_every_administrative_division_has_a_valid_gbt2260_code_with_its_source(seed_build, seed_graph):
    graph = seed_graph
    divisions = list(graph.subjects(RDF.type, KG.AdministrativeDivision))
    assert len(divisions) >= 9
    known = {"jiangmen": "440700", "pengjiang": "440703", "jianghai": "440704", "xinhui": "440705",
             "taishan": "440781", "kaiping": "440783", "heshan": "440784", "enping": "440785",
             "guangdong": "440000"}
    for division in divisions:
        codes = [str(c) for c in graph.objects(division, KG.divisionCode)]
        assert len(codes) == 1 and re.fullmatch(r"[1-8]\d{5}", codes[0]), division
        evidence = next(graph.subjects(RDF.object, Literal(codes[0])))
        source = graph.value(evidence, PROV.wasDerivedFrom)
        assert "2260" in str(graph.value(source, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    for slug, code in known.items():
        assert str(graph.value(KGR[slug], KG.divisionCode)) == code


def _documents_citing(graph, entity) -> set:
    documents = set()
    for evidence in set(graph.subjects(RDF.subject, entity)) | set(graph.subjects(RDF.object, entity)):
        source = graph.value(evidence, PROV.wasDerivedFrom)
        if (source, RDF.type, KG.Document) in graph:
            documents.add(source)
    return documents


@pytest.mark.parametrize("slug, traditional", [
    ("overseas-chinese-empowerment", "僑都賦能"),
    ("talent-doubling", None),
    ("target-world-class-scientist-teams", None),
    ("target-leading-talents", None),
    ("target-phd-talents", None),
    ("target-total-talent-pool", None),
    ("jiangmen-national-high-tech-zone", "江門國家高新區"),
])
def test_known_cross_document_entities_are_single_nodes_citing_both(seed_build, slug, traditional, seed_graph):
    graph = seed_graph
    entity = KGR[slug]
    assert (entity, RDF.type, None) in graph, f"{slug} is not in the graph"
    assert _documents_citing(graph, entity) == {DOC_2021, DOC_2022}
    names = {str(label) for p in (SKOS.prefLabel, SKOS.altLabel) for label in graph.objects(entity, p)}
    if traditional:
        assert traditional in names or any(traditional in n for n in names)


def test_talent_targets_have_value_unit_comparator_period_and_both_sources(seed_build, seed_graph):
    graph = seed_graph
    expected = {"target-world-class-scientist-teams": ("10.0", KG.UnitItem, KG.AtLeast),
                "target-leading-talents": ("100.0", KG.UnitPersonCount, KG.Exactly),
                "target-phd-talents": ("1000.0", KG.UnitPersonCount, KG.Exactly),
                "target-total-talent-pool": ("1000000.0", KG.UnitPerson, KG.MoreThan)}
    for slug, (value, unit, comparator) in expected.items():
        target = KGR[slug]
        assert str(graph.value(target, KG.value)) == value
        assert graph.value(target, KG.unit) == unit
        assert graph.value(target, KG.comparator) == comparator
        assert graph.value(target, KG.figureKind) == KG.Goal
        assert graph.value(target, KG.period) == KGR["fourteenth-five-year-plan"]


def test_no_duplicate_names_across_entities_of_one_class(seed_build, seed_graph):
    graph = seed_graph
    for cls in ENTITY_CLASSES:
        seen = {}
        for entity in graph.subjects(RDF.type, KG[cls]):
            for label in graph.objects(entity, SKOS.prefLabel):
                if label.language == "zh-Hans":
                    assert str(label) not in seen, f"{label}: {seen.get(str(label))} and {entity}"
                    seen[str(label)] = entity


def test_report_covers_both_documents_and_shared_entities(seed_build):
    report = (seed_build.out_dir / "report.md").read_text(encoding="utf-8")
    assert "| doc-000-4221d1719c757f4b | 2021-11-03 |" in report
    assert "| doc-001-a1366d450c5a1b76 | 2022-08-12 |" in report
    shared = int(re.search(r"Entities named by two or more documents \((\d+)\)", report).group(1))
    assert shared >= 30 and "人才倍增工程" in report and "Conforms: yes" in report
    assert "| 人才倍增工程 (`kgr:talent-doubling`) | 2 |" in report
    facts = int(re.search(r"Facts stated by two or more documents \((\d+)\)", report).group(1))
    assert facts >= 10
