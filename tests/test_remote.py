"""`kg push` and `kg query --endpoint` against a real Oxigraph server on a local port."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from kg.cli import main
from kg.query.library import list_queries

from .conftest import SEEDS


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def server(tmp_path):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = _free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "db"), "--bind",
                                f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


def _graph(base: str, graph: str) -> Graph:
    url = f"{base}/store?graph={graph}"
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return Graph().parse(data=response.read().decode("utf-8"), format="nt")


def test_push_then_query_the_library_remotely_with_the_same_rows(server, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(SEEDS, project / "seeds")
    runner = CliRunner()
    base = ["--seeds", str(project / "seeds"), "--build", str(project / "build")]
    first = runner.invoke(main, ["push", "--endpoint", f"{server}/store", *base])
    assert first.exit_code == 0, first.output
    assert "7 graphs replaced, 0 unchanged" in first.output
    again = runner.invoke(main, ["push", "--endpoint", f"{server}/store", *base])
    assert "0 graphs replaced, 7 unchanged" in again.output  # idempotent: nothing to send
    for query in list_queries():
        local = runner.invoke(main, ["query", query.name, "--format", "csv", *base]).output
        remote = runner.invoke(main, ["query", query.name, "--format", "csv",
                                      "--endpoint", f"{server}/query", *base]).output
        assert sorted(local.splitlines()) == sorted(remote.splitlines()), query.name


def test_repushing_a_changed_document_replaces_its_graph_only(server, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(SEEDS, project / "seeds")
    runner = CliRunner()
    base = ["--seeds", str(project / "seeds"), "--build", str(project / "build")]
    assert runner.invoke(main, ["push", "--endpoint", f"{server}/store", *base]).exit_code == 0
    doc_2021 = "https://w3id.org/localgov-kg/graph/000_4221d1719c757f4b"
    doc_2022 = "https://w3id.org/localgov-kg/graph/001_a1366d450c5a1b76"
    before_2022 = _graph(server, doc_2022)
    fact = (URIRef("https://w3id.org/localgov-kg/id/li-xi"),
            URIRef("https://w3id.org/localgov-kg/ontology#relatedTo"),
            URIRef("https://w3id.org/localgov-kg/id/talent-doubling"))
    assert fact not in _graph(server, doc_2021)
    curation = project / "seeds" / "documents" / "000_4221d1719c757f4b.yaml"
    curation.write_text(curation.read_text(encoding="utf-8") + (
        "  - about: li-xi\n    quote: 局長李曦說,市委全會提出深入推進“人才倍增”工程\n"
        "    relatedTo: talent-doubling\n"), encoding="utf-8")
    result = runner.invoke(main, ["push", "--endpoint", f"{server}/store", *base])
    assert result.exit_code == 0, result.output
    assert f"replaced {doc_2021}" in result.output and doc_2022 not in result.output
    assert fact in _graph(server, doc_2021)
    assert len(_graph(server, doc_2022)) == len(before_2022)


def test_unreachable_endpoint_is_a_clean_error(tmp_path):
    result = CliRunner().invoke(main, ["query", "ASK {}", "--endpoint", f"http://127.0.0.1:{_free_port()}/query"])
    assert result.exit_code == 6 and "cannot reach" in result.output and "Traceback" not in result.output
