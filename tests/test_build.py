"""The real seed build: it validates, is reproducible, parses in outside tools, works offline."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg.build import build
from kg.namespaces import KG, KGR
from kg.rdf.validate import shape_violations
from kg.text.normalize import PINYIN_RESIDUE

from .conftest import SEEDS

SPARQL_PREFIXES = "PREFIX kg: <https://w3id.org/localgov-kg/ontology#>\n" \
    "PREFIX kgr: <https://w3id.org/localgov-kg/id/>\n" \
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"


def test_build_writes_the_expected_files(seed_build):
    assert {"kg.ttl", "kg.trig", "graph.html", "report.md", "store", "manifest.json"} <= set(
        seed_build.files)


def test_real_build_conforms_to_the_shapes(seed_build, seed_graph):
    assert shape_violations(seed_graph) == []
    assert "Conforms: yes" in (seed_build.out_dir / "report.md").read_text(encoding="utf-8")


def test_rebuild_with_unchanged_inputs_is_byte_identical(seed_build, tmp_path):
    """Every file is byte-identical; the Oxigraph store is a database, compared by content."""
    again = build(SEEDS, tmp_path / "again")
    assert again.files == seed_build.files
    first = {p.relative_to(seed_build.out_dir): p for p in seed_build.out_dir.rglob("*")
             if p.is_file() and "store" not in p.relative_to(seed_build.out_dir).parts}
    second = {p.relative_to(again.out_dir): p for p in again.out_dir.rglob("*")
              if p.is_file() and "store" not in p.relative_to(again.out_dir).parts}
    assert sorted(first) == sorted(second) and len(first) > 6
    for name, path in first.items():
        assert path.read_bytes() == second[name].read_bytes(), name


@pytest.mark.parametrize("name, syntax", [("kg.ttl", "turtle"), ("kg.trig", "trig")])
def test_rapper_parses_the_output(seed_build, name, syntax, seed_graph):
    rapper = shutil.which("rapper")
    assert rapper, "rapper (Debian raptor2-utils) must be installed: scripts/test installs it"
    done = subprocess.run([rapper, "-i", syntax, "-c", str(seed_build.out_dir / name)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    count = int(re.search(r"returned (\d+) triples", done.stderr).group(1))
    assert count >= len(seed_graph)


def test_pyoxigraph_parses_the_output_to_the_same_triples(seed_build, seed_graph):
    store = pyoxigraph.Store()
    store.load(path=str(seed_build.out_dir / "kg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(seed_graph)
    dataset = pyoxigraph.Store()
    dataset.load(path=str(seed_build.out_dir / "kg.trig"), format=pyoxigraph.RdfFormat.TRIG)
    graphs = {str(g.value) for g in dataset.named_graphs()}
    assert {"https://w3id.org/localgov-kg/graph/000_4221d1719c757f4b",
            "https://w3id.org/localgov-kg/graph/001_a1366d450c5a1b76",
            "https://w3id.org/localgov-kg/graph/ontology",
            "https://w3id.org/localgov-kg/graph/registry"} <= graphs


def test_every_fact_has_evidence_with_quote_offsets_and_date(seed_build):
    store = pyoxigraph.Store()
    store.load(path=str(seed_build.out_dir / "kg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    missing = list(store.query(SPARQL_PREFIXES + """
        SELECT ?s ?p ?o WHERE {
          ?s ?p ?o . ?p kg:requiresEvidence true .
          FILTER NOT EXISTS { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
        }"""))
    assert missing == []
    incomplete = list(store.query(SPARQL_PREFIXES + """
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?e WHERE {
          ?e a kg:Evidence ; prov:wasDerivedFrom ?doc . ?doc a kg:Document .
          FILTER NOT EXISTS { ?e kg:documentDate ?d ; oa:hasTarget/oa:hasSelector/oa:exact ?q ;
                              oa:hasTarget/oa:hasSelector/oa:start ?s }
        }"""))
    assert incomplete == []


def test_step_one_content_is_in_the_graph(seed_build, seed_graph):
    graph = seed_graph
    officials = set(graph.subjects(RDF.type, KG.Official))
    for name in ("li-xi", "hu-qibo", "feng-yining", "liang-zhaojun", "zhao-ruisi", "zhuang-chunwei",
                 "li-xinli", "chen-anming", "xi-jinping", "li-xi-guangdong"):
        assert KGR[name] in officials
        assert list(graph.objects(KGR[name], KG.holds)), f"{name} holds no post"
    projects = set(graph.subjects(KG.partOfInitiative, KGR["six-major-projects"]))
    assert len(projects) == 6
    for target in ("target-world-class-scientist-teams", "target-leading-talents",
                   "target-phd-talents", "target-total-talent-pool"):
        assert (KGR[target], KG.targetOf, KGR["talent-doubling"]) in graph
    assert len(list(graph.objects(KGR["chen-anming"], KG.holds))) == 3


class _ResourceFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("src", "href") and value:
                self.urls.append(value)


def test_graph_page_loads_nothing_from_the_network(seed_build):
    page = (seed_build.out_dir / "graph.html").read_text(encoding="utf-8")
    finder = _ResourceFinder()
    finder.feed(page)
    assert finder.urls == []  # every script and style sheet is inline
    assert "vis.Network" in page and "<meta charset=\"utf-8\">" in page
    assert not re.search(r"https?://[^\"'\s]*(cdn|jsdelivr|cloudflare|unpkg)", page)


def test_a_fact_without_evidence_violates_the_shapes(seed_build, seed_graph):
    graph = Graph()
    for triple in seed_graph:
        graph.add(triple)
    evidence = next(e for e in graph.subjects(RDF.predicate, KG.holds)
                    if graph.value(e, RDF.subject) == KGR["li-xi"])
    graph.remove((evidence, None, None))
    problems = shape_violations(graph)
    assert len(problems) == 1
    assert problems[0] == ("kgr:li-xi -: states kg:holds kgr:director-of-jiangmen-talent-work-bureau "
                           "without a kg:Evidence record")


def test_every_file_is_identical_whatever_the_hash_seed(tmp_path):
    """Two real builds in fresh processes with different PYTHONHASHSEED: every file but the store
    database (compared by content elsewhere) is byte-identical, project pages included."""
    import os
    import sys

    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"seed-{seed}" / "build"
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kg.cli", "build", "--seeds", str(SEEDS), "--out",
                        str(out)], env=environment, check=True, capture_output=True)
        outputs.append(out)
    files = [sorted(p.relative_to(o) for o in [out] for p in out.rglob("*")
                    if p.is_file() and "store" not in p.relative_to(out).parts) for out in outputs]
    assert files[0] == files[1] and any(p.parts[0] == "projects" for p in files[0])
    for relative in files[0]:
        assert (outputs[0] / relative).read_bytes() == (outputs[1] / relative).read_bytes(), relative


def test_offsets_are_exact_in_a_file_with_a_byte_order_mark_and_crlf(mini_seeds, tmp_path):
    text_path = mini_seeds / "documents" / "001_mini.txt"
    raw = "\ufeff" + text_path.read_text(encoding="utf-8").replace("\n", "\r\n")
    text_path.write_bytes(raw.encode("utf-8"))
    out = build(mini_seeds, tmp_path / "build").out_dir
    store = pyoxigraph.Store()
    store.load(path=str(out / "kg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    rows = list(store.query(SPARQL_PREFIXES + """
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?exact ?start ?end WHERE {
          ?t oa:hasSelector ?q , ?p . ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end }"""))
    assert len(rows) >= 4
    for row in rows:
        span = raw[int(row["start"].value):int(row["end"].value)]
        assert PINYIN_RESIDUE.sub("", span) == row["exact"].value


def test_the_report_keeps_curated_markup_inert(mini_seeds, tmp_path):
    registry = mini_seeds / "entities" / "all.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "label: 示例博物馆", 'label: "示例<img src=x onerror=alert(1)>博物馆"'), encoding="utf-8")
    for suffix in (".txt", ".yaml"):  # a second document stating the same: the report names it
        documents = mini_seeds / "documents"
        shutil.copy(documents / f"001_mini{suffix}", documents / f"002_mini{suffix}")
    report = (build(mini_seeds, tmp_path / "build").out_dir / "report.md").read_text(encoding="utf-8")
    assert "<img" not in report and "&lt;img src=x onerror=alert\\(1\\)&gt;" in report
