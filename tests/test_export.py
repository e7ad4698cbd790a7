"""Exports: every format produced, read back by tools this project did not write, counts agreeing."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kg.cli import main
from kg.export.formats import FORMATS
from kg.rdf.jsonld import context_text
from kg.namespaces import KG
from kg.network.projection import project
from kg.store import open_store

from .conftest import ROOT, SEEDS

RDF_FILES = {"kg.ttl": "turtle", "kg.nt": "nt", "kg.rdf": "xml", "kg.jsonld": "json-ld"}


def _count(store, query):
    return int(next(iter(store.query(query, prefixes={"kg": str(KG)})))[0].value)


@pytest.fixture(scope="module")
def reference(seed_build):
    return Graph().parse(seed_build.out_dir / "kg.ttl", format="turtle")


def test_every_format_is_written_under_its_fixed_name(seed_build):
    assert set(FORMATS.values()) <= set(seed_build.files)


@pytest.mark.parametrize("name, syntax", [("kg.ttl", "turtle"), ("kg.nt", "ntriples"),
                                          ("kg.rdf", "rdfxml"), ("ontology.ttl", "turtle"),
                                          ("ontology.owl", "rdfxml")])
def test_rapper_parses(seed_build, name, syntax):
    done = subprocess.run([shutil.which("rapper") or "rapper", "-i", syntax, "-c",
                           str(seed_build.out_dir / name)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert int(re.search(r"returned (\d+) triples", done.stderr).group(1)) > 100


@pytest.mark.parametrize("name, fmt", [("kg.ttl", ox.RdfFormat.TURTLE), ("kg.nt", ox.RdfFormat.N_TRIPLES),
                                       ("kg.rdf", ox.RdfFormat.RDF_XML), ("kg.trig", ox.RdfFormat.TRIG),
                                       ("kg.nq", ox.RdfFormat.N_QUADS), ("kg.jsonld", ox.RdfFormat.JSON_LD)])
def test_pyoxigraph_parses(seed_build, name, fmt):
    assert len(list(ox.parse(path=str(seed_build.out_dir / name), format=fmt))) > 100


@pytest.mark.parametrize("name", ["kg.nt", "kg.rdf", "kg.jsonld"])
def test_rdf_exports_are_isomorphic_to_turtle(seed_build, reference, name):
    other = Graph().parse(seed_build.out_dir / name, format=RDF_FILES[name])
    assert len(other) == len(reference)
    assert isomorphic(other, reference)


def test_quads_and_trig_hold_the_same_named_graphs(seed_build, reference):
    trig = Dataset().parse(seed_build.out_dir / "kg.trig", format="trig")
    quads = Dataset().parse(seed_build.out_dir / "kg.nq", format="nquads")
    names = sorted(str(g.identifier) for g in trig.graphs() if len(g))
    assert names == sorted(str(g.identifier) for g in quads.graphs() if len(g))
    assert "https://w3id.org/localgov-kg/graph/000_4221d1719c757f4b" in names
    for name in names:
        assert isomorphic(trig.graph(name), quads.graph(name)), name
    merged = Graph()
    for g in trig.graphs():
        merged += g
    assert isomorphic(merged, reference)


def _lowercase_tags(graph: Graph) -> Graph:
    """BCP 47 tags are case-insensitive and pyld writes them in lower case."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def test_jsonld_expands_with_pyld_offline_and_round_trips(seed_build, reference):
    from pyld import jsonld

    document = json.loads((seed_build.out_dir / "kg.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)  # inline: nothing to fetch
    words = {k for node in document["@graph"] for k in node}
    assert {"prefLabel", "holds", "wasDerivedFrom", "exact"} <= words
    expanded = jsonld.expand(document)
    assert expanded
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    round_trip = Graph().parse(data=nquads, format="nt")
    assert isomorphic(_lowercase_tags(round_trip), _lowercase_tags(reference))


def test_published_context_matches_the_ontology():
    assert (ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8") == context_text()


@pytest.fixture(scope="module")
def network(seed_build):
    return project(open_store(seed_build.out_dir / "store"))


def test_graphml_reads_back_in_networkx_and_igraph(seed_build, network):
    import igraph

    graph = nx.read_graphml(seed_build.out_dir / "kg.graphml")
    assert graph.number_of_nodes() == network.number_of_nodes()
    assert graph.number_of_edges() == network.number_of_edges()
    node = graph.nodes["https://w3id.org/localgov-kg/id/li-xi"]
    assert node["label"] == "李曦" and node["label_en"] == "Li Xi" and node["class"] == "Official"
    assert isinstance(node["pagerank"], float) and isinstance(node["evidence"], int)
    other = igraph.Graph.Read_GraphML(str(seed_build.out_dir / "kg.graphml"))
    assert other.vcount() == network.number_of_nodes() and other.ecount() == network.number_of_edges()
    assert isinstance(other.vs[0]["pagerank"], float)


def test_gexf_reads_back_in_networkx(seed_build, network):
    graph = nx.read_gexf(seed_build.out_dir / "kg.gexf")
    assert graph.number_of_nodes() == network.number_of_nodes()
    assert graph.number_of_edges() == network.number_of_edges()
    data = graph.nodes["https://w3id.org/localgov-kg/id/li-xi"]
    assert data["label"] == "李曦" and isinstance(data["betweenness"], float)


def test_csv_tables_read_in_csv_and_pandas_with_counts_matching_sparql(seed_build, network):
    import pandas

    store = open_store(seed_build.out_dir / "store")
    expected = {
        "nodes.csv": network.number_of_nodes(),
        "edges.csv": sum(len(d["predicates"]) for _, _, d in network.edges(data=True)),
        "evidence.csv": _count(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kg:Evidence }"),
        "targets.csv": _count(store, """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?t ?doc WHERE {
            ?t a kg:Target . ?e <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?t ;
            <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> kg:value ;
            <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc . ?doc a kg:Document } }"""),
    }
    for name, rows in expected.items():
        raw = (seed_build.out_dir / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        assert len(list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))) == rows, name
        frame = pandas.read_csv(seed_build.out_dir / name, encoding="utf-8")
        assert len(frame) == rows and not frame.columns[0].startswith("\ufeff"), name
    targets = pandas.read_csv(seed_build.out_dir / "targets.csv")
    phd = targets[targets["target"].str.endswith("/target-phd-talents")]
    assert len(phd) == 2 and set(phd["value"]) == {1000} and set(phd["unit"]) == {"名"}


def test_ontology_is_consistent_for_hermit(seed_build):
    import owlready2

    world = owlready2.World()
    ontology = world.get_ontology((seed_build.out_dir / "ontology.owl").as_uri()).load()
    with ontology:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
    assert len(list(ontology.classes())) >= 15


def test_shapes_file_passes_the_shacl_shacl_check():
    from pyshacl import validate
    from pyshacl.errors import ReportableRuntimeError

    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    conforms, _, _ = validate(Graph(), shacl_graph=shapes, meta_shacl=True, advanced=True)
    assert conforms
    broken = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    shape = next(broken.subjects(RDF.type, Graph().namespace_manager.expand_curie("sh:NodeShape")))
    broken.add((shape, Graph().namespace_manager.expand_curie("sh:minCount"), Literal("many")))
    with pytest.raises(ReportableRuntimeError):
        validate(Graph(), shacl_graph=broken, meta_shacl=True, advanced=True)


def _export(seed_build, *args):
    return CliRunner().invoke(main, ["export", *args, "--seeds", str(SEEDS),
                                     "--build", str(seed_build.out_dir)])


def test_subset_by_class(seed_build):
    result = _export(seed_build, "--format", "turtle", "--subset", "class:Official")
    graph = Graph().parse(data=result.output, format="turtle")
    subjects = {s for s in graph.subjects(KG.holds, None)}
    assert len(subjects) >= 10 and not list(graph.subjects(RDF.type, KG.Platform))


def test_subset_by_document_keeps_only_its_evidence(seed_build):
    result = _export(seed_build, "--format", "evidence", "--subset", "document:001_a1366d450c5a1b76")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and {r["date"] for r in rows if r["source_kind"] == "document"} == {"2022-08-12"}


def test_subset_by_ego_network_and_errors(seed_build, tmp_path):
    target = tmp_path / "li-xi.graphml"
    assert _export(seed_build, "--format", "graphml", "--subset", "ego:李曦:1", "-o", str(target)).exit_code == 0
    assert nx.read_graphml(target).number_of_nodes() == 2
    bad = _export(seed_build, "--format", "turtle", "--subset", "colour:red")
    assert bad.exit_code == 1 and "use class:CLASS, document:ID or ego:NAME[:DEPTH]" in bad.output
