"""`kg serve`: the real endpoint on a free local port, queried by SPARQLWrapper."""

from __future__ import annotations

import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper, TURTLE, XML

from kg.serve.endpoint import EndpointConfig, make_server

from .test_build import _ResourceFinder


@pytest.fixture(scope="module")
def endpoint(seed_build):
    config = EndpointConfig(seed_build.out_dir / "store", port=0, timeout=3.0, max_rows=200)
    server = make_server(config)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


def _client(endpoint, query, fmt=JSON, method=None):
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client.query()


def _http(url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type"), err.read()


def test_binds_to_localhost_by_default():
    assert EndpointConfig(store_dir=".").host == "127.0.0.1"


def test_select_json_with_predeclared_prefixes(endpoint):
    result = _client(endpoint, "SELECT ?n WHERE { kgr:li-xi skos:prefLabel ?n }").convert()
    values = {b["n"]["value"] for b in result["results"]["bindings"]}
    assert {"李曦", "Li Xi", "Lǐ Xī"} <= values


def test_select_by_post_xml_and_csv(endpoint):
    query = "SELECT ?o WHERE { ?o a kg:Official } ORDER BY ?o"
    xml = _client(endpoint, query, XML, POST).convert()
    assert len(xml.getElementsByTagName("result")) >= 10
    csv_text = _client(endpoint, query, CSV).convert().decode("utf-8")
    assert csv_text.splitlines()[0] == "o"
    assert "https://w3id.org/localgov-kg/id/li-xi" in csv_text


def test_ask_and_construct(endpoint):
    assert _client(endpoint, "ASK { kgr:li-xi a kg:Official }").convert()["boolean"] is True
    turtle = _client(endpoint, "CONSTRUCT { ?o kg:holds ?p } WHERE { ?o kg:holds ?p }",
                     TURTLE).convert()
    assert len(Graph().parse(data=turtle, format="turtle")) >= 16


def test_content_negotiation_media_types(endpoint):
    url = f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s a kg:Target }"})
    for accept, media in (("text/tab-separated-values", "text/tab-separated-values"),
                          ("application/sparql-results+xml", "application/sparql-results+xml"),
                          ("text/csv;q=0.2, application/sparql-results+json", "application/sparql-results+json")):
        status, content_type, _ = _http(url, headers={"Accept": accept})
        assert status == 200 and content_type.startswith(media)


@pytest.mark.parametrize("request_kind", ["form", "body", "get"])
def test_updates_are_refused(endpoint, request_kind):
    update = "INSERT DATA { <http://a> <http://b> <http://c> }"
    if request_kind == "form":
        status, _, body = _http(f"{endpoint}/sparql", urllib.parse.urlencode({"update": update}).encode(),
                                {"Content-Type": "application/x-www-form-urlencoded"})
    elif request_kind == "body":
        status, _, body = _http(f"{endpoint}/sparql", update.encode(),
                                {"Content-Type": "application/sparql-update"})
    else:
        status, _, body = _http(f"{endpoint}/sparql?" + urllib.parse.urlencode({"update": update}))
    assert status == 403 and b"read-only" in body
    assert _client(endpoint, "ASK { <http://a> <http://b> <http://c> }").convert()["boolean"] is False


def test_update_sent_as_a_query_is_refused(endpoint):
    status, _, body = _http(f"{endpoint}/sparql", b"LOAD <http://example.org/data.ttl>",
                            {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"malformed SPARQL query" in body


def test_service_is_refused(endpoint):
    status, _, body = _http(f"{endpoint}/sparql", b"SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                            {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"SERVICE" in body


def test_malformed_query_gets_line_and_column(endpoint):
    status, _, body = _http(f"{endpoint}/sparql", b"SELECT ?x WHERE {\n ?x a }",
                            {"Content-Type": "application/sparql-query"})
    assert status == 400 and b"error at 2:" in body


def test_time_limit(endpoint):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    status, _, body = _http(f"{endpoint}/sparql", slow.encode(),
                            {"Content-Type": "application/sparql-query"})
    assert status == 503 and b"3 s limit" in body


def test_result_size_cap(endpoint):
    status, _, body = _http(f"{endpoint}/sparql", b"SELECT * WHERE { ?s ?p ?o }",
                            {"Content-Type": "application/sparql-query"})
    assert status == 413 and b"more than 200 rows" in body


def test_query_page_loads_nothing_from_the_network(endpoint):
    status, content_type, body = _http(f"{endpoint}/")
    assert status == 200 and content_type.startswith("text/html")
    finder = _ResourceFinder()
    finder.feed(body.decode("utf-8"))
    assert finder.urls == []
    assert "posts-by-department" in body.decode("utf-8")
