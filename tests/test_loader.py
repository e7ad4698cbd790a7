"""The loader on the mini fixture corpus: golden graph, evidence, labels, offsets."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, SKOS, XSD

from kg.namespaces import KG, KGR, OA
from kg.rdf.emit import ANALYSIS_GRAPH, ONTOLOGY_GRAPH
from kg.text.normalize import clean_quote

from .conftest import MINI, built


def _data_graph(dataset) -> Graph:
    graph = Graph()
    for named in dataset.graphs():
        if str(named.identifier) not in (ONTOLOGY_GRAPH, ANALYSIS_GRAPH):
            for triple in named:
                graph.add(triple)
    return graph


def test_mini_corpus_matches_golden_graph(tmp_path):
    dataset, _, _ = built(MINI, tmp_path)
    expected = Graph().parse(MINI / "expected.ttl", format="turtle")
    actual = _data_graph(dataset)
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        raise AssertionError(f"unexpected: {sorted(only_actual)[:5]}\nmissing: {sorted(only_expected)[:5]}")


def test_every_evidence_offset_points_at_its_quote_in_the_raw_file(tmp_path):
    _, graph, _ = built(MINI, tmp_path)
    raw = (MINI / "documents" / "001_mini.txt").read_text(encoding="utf-8")
    quotes = 0
    for selector in graph.subjects(RDF.type, OA.TextPositionSelector):
        target = graph.value(predicate=OA.hasSelector, object=selector)
        exact = next(graph.value(s, OA.exact) for s in graph.objects(target, OA.hasSelector)
                     if (s, RDF.type, OA.TextQuoteSelector) in graph)
        start, end = int(graph.value(selector, OA.start)), int(graph.value(selector, OA.end))
        assert clean_quote(raw[start:end]) == str(exact)
        quotes += 1
    assert quotes == 10


def test_target_value_is_an_exact_decimal_with_scale_resolved(tmp_path):
    _, graph, _ = built(MINI, tmp_path)
    value = graph.value(KGR["target-visitors"], KG.value)
    assert value == Literal("15000.0", datatype=XSD.decimal)
    assert value.toPython() == 15000
    assert graph.value(KGR["target-visitors"], KG.comparator) == KG.MoreThan


def test_labels_in_four_forms_and_traditional_taken_from_the_source(tmp_path):
    _, graph, _ = built(MINI, tmp_path)
    labels = {label.language: str(label) for label in graph.objects(KGR["example-museum"], SKOS.prefLabel)}
    assert labels == {"zh-Hans": "示例博物馆", "zh-Hant": "示例博物館", "en": "Example Museum",
                      "zh-Latn-pinyin": "shì lì bó wù guǎn"}
    person = {label.language: str(label) for label in graph.objects(KGR["wang-xiaoming"], SKOS.prefLabel)}
    assert person["zh-Latn-pinyin"] == "Wáng Xiǎomíng"
    assert "zh-Hant" not in person  # 王小明 is written the same in both scripts


def test_tenure_is_attested_on_the_document_date(tmp_path):
    _, graph, _ = built(MINI, tmp_path)
    tenure = KGR["tenure-wang-xiaoming--director-of-culture-bureau"]
    assert graph.value(tenure, KG.attestedOn) == Literal("2021-06-01", datatype=XSD.date)
    assert graph.value(tenure, KG.tenureOrganization) == KGR["culture-bureau"]


def test_a_fact_stated_twice_cites_both_documents(mini_seeds: Path, tmp_path):
    second = mini_seeds / "documents" / "002_mini.txt"
    second.write_text("示例市文化局局长王小明出席会议。\n", encoding="utf-8")
    second.with_suffix(".yaml").write_text(
        "document:\n  title: 会议\n  date: 2022-01-05\n  language: zh-Hans\n"
        "statements:\n  - about: wang-xiaoming\n    quote: 示例市文化局局长王小明\n"
        "    holds: director-of-culture-bureau\n", encoding="utf-8")
    _, graph, _ = built(mini_seeds, tmp_path)
    evidence = [e for e in graph.subjects(RDF.subject, KGR["wang-xiaoming"])
                if graph.value(e, RDF.predicate) == KG.holds]
    assert len(evidence) == 2
    dates = sorted(str(d) for d in graph.objects(
        KGR["tenure-wang-xiaoming--director-of-culture-bureau"], KG.attestedOn))
    assert dates == ["2021-06-01", "2022-01-05"]
