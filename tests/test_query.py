"""`kg query`: library, formats, prefixes, errors, staleness, and both engines agreeing."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.cli import main
from kg.errors import QueryError
from kg.namespaces import PREFIXES
from kg.query.engine import run_query
from kg.query.library import list_queries, load_query
from kg.store import open_store

from .conftest import SEEDS


@pytest.fixture(scope="module")
def project(tmp_path_factory, seed_build):
    """A folder with seeds/ and a fresh build/ (copied from the session build)."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(SEEDS, root / "seeds")
    shutil.copytree(seed_build.out_dir, root / "build")
    return root


def _kg(project, *args):
    return CliRunner().invoke(main, ["query", *args, "--seeds", str(project / "seeds"),
                                     "--build", str(project / "build")])


def test_library_has_at_least_fifteen_described_queries():
    queries = list_queries()
    assert len(queries) >= 15
    for query in queries:
        assert query.description, f"{query.name} has no description line"


def test_readme_lists_every_library_query_with_its_description():
    """The README's table of the library has one row per .rq file, with its first comment line."""
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for query in list_queries():
        assert f"| `{query.name}` | {query.description} |" in readme, query.name


def test_list_shows_names_and_descriptions(project):
    result = _kg(project, "--list")
    assert result.exit_code == 0
    assert "posts-by-department" in result.output and "Who holds which post" in result.output


def test_predeclared_prefixes_and_table_output(project):
    result = _kg(project, "SELECT ?o ?n WHERE { ?o a kg:Official ; skos:prefLabel ?n . "
                          "FILTER(langMatches(lang(?n), 'zh-Hans')) }")
    assert result.exit_code == 0, result.output
    assert "李曦" in result.output and "kgr:li-xi" in result.output


def test_csv_has_no_language_tags_and_tsv_keeps_them(project):
    query = "SELECT ?n WHERE { kgr:li-xi skos:prefLabel ?n } ORDER BY ?n"
    rows = list(csv.reader(io.StringIO(_kg(project, query, "--format", "csv").output)))
    assert rows[0] == ["n"] and ["李曦"] in rows
    tsv = _kg(project, query, "--format", "tsv").output
    assert '"李曦"@zh-hans' in tsv.lower() and tsv.startswith("?n")


def test_json_and_xml_follow_the_w3c_results_formats(project):
    query = "SELECT ?v WHERE { kgr:target-phd-talents kg:value ?v }"
    data = json.loads(_kg(project, query, "--format", "json").output)
    assert data["head"]["vars"] == ["v"]
    binding = data["results"]["bindings"][0]["v"]
    assert binding["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"
    assert float(binding["value"]) == 1000
    root = ET.fromstring(_kg(project, query, "--format", "xml").output)
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"


def test_ask_prints_true_or_false(project):
    assert _kg(project, "ASK { kgr:li-xi a kg:Official }").output.strip() == "true"
    assert _kg(project, "ASK { kgr:li-xi a kg:Region }").output.strip() == "false"


@pytest.mark.parametrize("fmt, syntax", [("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_construct_prints_rdf(project, fmt, syntax):
    result = _kg(project, "CONSTRUCT { ?o kg:holds ?p } WHERE { ?o kg:holds ?p }", "--format", fmt)
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.output, format=syntax)
    count = _kg(project, "SELECT (COUNT(*) AS ?n) WHERE { ?o kg:holds ?p }", "--format", "csv")
    assert len(graph) == int(count.output.split()[1]) >= 16


def test_output_file(project, tmp_path):
    target = tmp_path / "officials.csv"
    result = _kg(project, "officials-by-document", "--format", "csv", "-o", str(target))
    assert result.exit_code == 0 and result.output == ""
    assert "李曦" in target.read_text(encoding="utf-8")


def test_query_from_file(project, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?o a kg:Official }", encoding="utf-8")
    result = _kg(project, "-f", str(path), "--format", "csv")
    assert result.exit_code == 0 and int(result.output.split()[1]) >= 10


def test_malformed_query_reports_line_and_column(project, tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("SELECT ?o\nWHERE { ?o a kg:Official\n", encoding="utf-8")
    result = _kg(project, "-f", str(path))
    assert result.exit_code == QueryError.exit_code
    assert len(result.output.strip().splitlines()) == 1
    assert f"{path}:3: malformed SPARQL query: error at 3:1" in result.output
    assert "Traceback" not in result.output


def test_unknown_library_name_suggests(project):
    result = _kg(project, "posts-by-departmnt")
    assert result.exit_code == QueryError.exit_code
    assert "did you mean posts-by-department" in result.output


def test_service_is_refused(project):
    result = _kg(project, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert result.exit_code == QueryError.exit_code
    assert "SERVICE" in result.output


def test_missing_or_stale_build_is_rebuilt_and_said(project, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(project / "seeds", root / "seeds")
    runner = CliRunner()
    args = ["query", "ASK { kgr:li-xi a kg:Official }", "--seeds", str(root / "seeds"),
            "--build", str(root / "build")]
    first = runner.invoke(main, args)
    assert first.exit_code == 0 and "has no build: rebuilt" in first.stderr
    assert runner.invoke(main, args).stderr == ""  # fresh: no rebuild
    officials = root / "seeds" / "entities" / "officials.yaml"
    officials.write_text(officials.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    third = runner.invoke(main, args)
    assert "inputs changed since the last build: seeds/entities/officials.yaml" in third.stderr


def _cell(term) -> str:
    """A comparable cell: numbers by value; other text with its words sorted, because the order
    GROUP_CONCAT joins values in is unspecified."""
    if term is None:
        return ""
    text = term.value if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else str(term)
    try:
        return repr(float(text))
    except ValueError:
        return " ".join(sorted(text.replace(";", " ").replace(",", " ").split()))


def _oxigraph_rows(store, text):
    result = run_query(store, text)
    names = [v.value for v in result.variables]
    return sorted(tuple(_cell(row[name]) for name in names) for row in result)


def _rdflib_rows(graph, text):
    return sorted(tuple(_cell(term) for term in row) for row in graph.query(text, initNs=PREFIXES))


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_both_engines_give_the_same_answers(name, seed_build, seed_graph):
    """Every library query on Oxigraph (our store) and on rdflib's in-memory SPARQL engine."""
    text = load_query(name).text
    ours = _oxigraph_rows(open_store(seed_build.out_dir / "store"), text)
    assert ours, f"{name} returned no rows on the seed corpus"
    assert ours == _rdflib_rows(seed_graph, text)


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_library_query_gives_the_expected_rows_on_the_seed_corpus(name, seed_build):
    """Golden rows in tests/golden/queries/ (regenerate with `python -m tests.golden.regenerate`
    after a deliberate curation change, and review the diff)."""
    from tests.golden.regenerate import GOLDEN, rows_csv

    expected = (GOLDEN / f"{name}.csv").read_text(encoding="utf-8")
    actual = rows_csv(open_store(seed_build.out_dir / "store"), load_query(name).text)
    assert actual == expected
    assert expected.count("\n") >= 2, f"{name} has no rows on the seed corpus"
