"""`kg serve`: the real endpoint on a free local port, with real worker processes, queried by
SPARQLWrapper, urllib and raw sockets; SERVICE attempts aimed at a real loopback listener."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper, TURTLE, XML

from kg.serve.endpoint import EndpointConfig, make_server
from kg.serve.sandbox import Isolation
from kg.serve.pool import startup_notes

from .test_build import _ResourceFinder
from .test_sparql_guard import BYPASSES, Listener

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FAST = "ASK { kgr:li-xi a kg:Official }"


@contextmanager
def running(store_dir: Path, worker_setup: str | None = None, **settings):
    """A real server on a free port, serving in a thread; stopped (workers too) afterwards."""
    server = make_server(EndpointConfig(store_dir, port=0, **settings), worker_setup=worker_setup)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def url_of(server) -> str:
    host, port = server.server_address
    return f"http://{host}:{port}"


@pytest.fixture(scope="module")
def served(seed_build):
    with running(seed_build.out_dir / "store", timeout=3.0, max_rows=200) as server:
        yield server


@pytest.fixture(scope="module")
def endpoint(served):
    return url_of(served)


@pytest.fixture()
def listener():
    server = Listener()
    yield server
    server.close()


def _client(endpoint, query, fmt=JSON, method=None):
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(method)
    return client.query()


def _http(url, data=None, headers=None, method=None, timeout=60):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type"), err.read()


def _post_query(endpoint, query, headers=None, timeout=60):
    return _http(f"{endpoint}/sparql", query.encode("utf-8"),
                 {"Content-Type": "application/sparql-query", **(headers or {})}, timeout=timeout)


def raw_exchange(address, data: bytes, timeout: float = 30.0):
    """Send raw bytes, read until the server closes: (status, headers, body, seconds)."""
    start = time.monotonic()
    with socket.create_connection(address, timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    response = b"".join(chunks)
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("iso-8859-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else None
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return status, headers, body, time.monotonic() - start


def _guard_off() -> None:
    """Run inside each worker (``worker_setup``): switch the lexical guard off."""
    import kg.query.engine as engine

    engine.check_query = lambda text, source="<query>": None


# --- what worked before stays ----------------------------------------------------------------

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
                          ("text/csv;q=0.2, application/sparql-results+json", "application/sparql-results+json"),
                          ("text/csv;q=0, text/tab-separated-values;q=0.1", "text/tab-separated-values")):
        status, content_type, _ = _http(url, headers={"Accept": accept})
        assert status == 200 and content_type.startswith(media)
    status, content_type, _ = _http(f"{endpoint}/sparql?" + urllib.parse.urlencode(
        {"query": "CONSTRUCT { ?s a kg:Target } WHERE { ?s a kg:Target }"}),
        headers={"Accept": "application/n-triples"})
    assert status == 200 and content_type.startswith("application/n-triples")


def test_head_answers_without_a_body(endpoint):
    status, content_type, body = _http(f"{endpoint}/", method="HEAD")
    assert status == 200 and content_type.startswith("text/html") and body == b""


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


@pytest.mark.parametrize("update", ["LOAD <http://example.org/data.ttl>",
                                    "INSERT DATA { <http://a> <http://b> <http://c> }",
                                    "# comment\nDROP ALL"])
def test_update_sent_as_a_query_is_refused_clearly(endpoint, update):
    status, _, body = _post_query(endpoint, update)
    assert status == 403
    assert body.startswith(b"request:") and b"SPARQL Update is not allowed: this tool is read-only" in body
    assert b"malformed" not in body and b"expected" not in body and len(body.splitlines()) == 1


def test_service_is_refused(endpoint):
    status, _, body = _post_query(endpoint, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE" in body


def test_malformed_query_gets_line_and_column(endpoint):
    status, _, body = _post_query(endpoint, "SELECT ?x WHERE {\n ?x a }")
    assert status == 400 and b"error at 2:" in body


def test_time_limit(endpoint):
    status, _, body = _post_query(endpoint, SLOW)
    assert status == 503 and b"3 s limit" in body


def test_result_size_cap(endpoint):
    status, _, body = _post_query(endpoint, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 413 and b"more than 200 rows" in body


def test_query_page_loads_nothing_from_the_network(endpoint):
    status, content_type, body = _http(f"{endpoint}/")
    assert status == 200 and content_type.startswith("text/html")
    finder = _ResourceFinder()
    finder.feed(body.decode("utf-8"))
    assert sorted(finder.urls) == ["/static/yasgui.min.css", "/static/yasgui.min.js"]  # its own
    assert "posts-by-department" in body.decode("utf-8")
    assert "connect-src 'self'" in body.decode("utf-8")


@pytest.mark.parametrize("name, kind", [("yasgui.min.js", "text/javascript"),
                                        ("yasgui.min.css", "text/css"),
                                        ("LICENSE.txt", "text/plain")])
def test_static_files_come_from_the_package(endpoint, name, kind):
    from importlib import resources

    status, content_type, body = _http(f"{endpoint}/static/{name}")
    assert status == 200 and content_type.startswith(kind)
    assert body == (resources.files("kg.serve") / "static" / name).read_bytes()
    status, _, body = _http(f"{endpoint}/static/{name}", method="HEAD")
    assert status == 200 and body == b""


@pytest.mark.parametrize("path", [
    "/static/../endpoint.py", "/static/%2e%2e/endpoint.py", "/static/..%2fendpoint.py",
    "/static//etc/passwd", "/static/yasgui.min.js/../../page.html", "/static/",
    "/static/YASGUI.MIN.JS", "/static/yasgui.min.js%00", "/static/yasgui.min.js.map",
    "/static/./yasgui.min.js", "/static/%2Fetc%2Fpasswd", "/static/..\\endpoint.py",
])
def test_static_route_names_no_file_of_its_own(served, path):
    status, _, body, _ = raw_exchange(served.server_address,
                                      f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    assert status == 404 and body == b"not found: no such static file\n"


# --- row 1: no host is ever reached ----------------------------------------------------------

def _service_query(template: str, port: int) -> str:
    return template.replace("TARGET", "<http://127.0.0.1:PORT/x>").replace("PORT", str(port))


def test_no_form_of_service_reaches_the_listener(endpoint, listener):
    """Every form in tests/test_sparql_guard.py, by POST body and by GET: 400, zero connections."""
    for name, template, _ in BYPASSES:
        query = _service_query(template, listener.port)
        status, _, body = _post_query(endpoint, query)
        assert status == 400 and b"SERVICE (federated query) is not allowed" in body, name
        status, _, _ = _http(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": query}))
        assert status == 400, name
    time.sleep(0.2)
    assert listener.count == 0


def test_network_isolation_alone_stops_service(seed_build, listener):
    """With the lexical guard switched off inside the workers, the workers' empty network
    namespace still keeps every connecting form from the listener; with isolation off too, the
    same queries do reach it (so this test can fail)."""
    reaching = [_service_query(t, listener.port) for _, t, connects in BYPASSES if connects]
    store = seed_build.out_dir / "store"
    with running(store, worker_setup="tests.test_serve:_guard_off", workers=1, timeout=5) as server:
        assert "query workers have no network access (network namespace)" in server.notes
        for query in reaching:
            _status, _, body = _post_query(url_of(server), query)
            assert b"SERVICE (federated query) is not allowed" not in body  # the guard is off
        time.sleep(0.2)
        assert listener.count == 0
    with running(store, worker_setup="tests.test_serve:_guard_off", workers=1, timeout=5,
                 isolate_network=False) as server:
        assert any(note.startswith("warning: query workers keep network access")
                   for note in server.notes)
        _post_query(url_of(server), reaching[0])
        time.sleep(0.2)
        assert listener.count >= 1


def test_workers_run_without_network_and_the_server_says_so(served):
    assert "query workers have no network access (network namespace)" in served.notes
    for pid in served.worker_pids():
        host_ns, worker_ns = os.readlink("/proc/self/ns/net"), os.readlink(f"/proc/{pid}/ns/net")
        assert host_ns != worker_ns


def test_startup_says_when_the_second_layer_is_unavailable():
    notes = startup_notes(2, 10, 512, 64, True, [Isolation(False, "unshare(CLONE_NEWNET): "
                                                                  "Operation not permitted")] * 2)
    assert notes[1].startswith("warning: cannot cut query workers off the network")
    assert "second layer is unavailable" in notes[1]


_AS_NOBODY = """
import ctypes, json, os, sys
from kg.serve.sandbox import isolate_network
os.setgid(65534); os.setuid(65534)
ctypes.CDLL(None).prctl(4, 1, 0, 0, 0)  # dumpable again after setuid, so /proc/self is ours
result = isolate_network()
os.write(1, json.dumps([result.isolated, result.how, os.getuid()]).encode())
"""


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to drop to an unprivileged user")
def test_unprivileged_workers_fall_back_to_a_user_namespace():
    """Without CAP_SYS_ADMIN, unshare(CLONE_NEWNET) fails and a user namespace is made first."""
    done = subprocess.run([sys.executable, "-c", _AS_NOBODY], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[1])
    isolated, how, uid = json.loads(done.stdout)
    if not isolated and "CLONE_NEWUSER" in how:
        pytest.skip(f"user namespaces are not available here: {how}")
    assert (isolated, how, uid) == (True, "user and network namespace", 65534)


# --- row 2: deep nesting ---------------------------------------------------------------------

def test_deep_nesting_is_a_400_and_no_worker_dies(served, endpoint):
    replaced = served.pool.replaced
    deep = "SELECT * WHERE " + "{" * 5000 + "?s ?p ?o" + "}" * 5000
    status, _, body = _post_query(endpoint, deep)
    assert status == 400 and b"nests brackets 5000 deep; the limit is 256" in body
    status, _, _ = _http(f"{endpoint}/sparql?" + urllib.parse.urlencode({"query": deep}))
    assert status == 400
    assert served.pool.replaced == replaced
    assert _post_query(endpoint, FAST)[0] == 200


def test_a_crashed_worker_is_a_500_and_is_replaced(seed_build):
    with running(seed_build.out_dir / "store", workers=1, timeout=30) as server:
        answer = {}
        thread = threading.Thread(target=lambda: answer.update(
            zip(("status", "type", "body"), _post_query(url_of(server), SLOW))))
        thread.start()
        time.sleep(1.0)
        (pid,) = server.worker_pids()
        os.kill(pid, signal.SIGSEGV)
        thread.join(timeout=30)
        assert answer["status"] == 500 and b"signal 11" in answer["body"]
        assert server.pool.replaced == 1 and server.worker_pids() != [pid]
        assert _post_query(url_of(server), FAST)[0] == 200


# --- row 3: load, queue, time limit, abandoned requests, connections ---------------------------

@pytest.fixture(scope="module")
def served_defaults(seed_build):
    """The endpoint as ``kg serve`` runs it: default workers, queue, limits."""
    with running(seed_build.out_dir / "store") as server:
        yield server


def test_library_queries_under_concurrent_load(served_defaults):
    """10 clients x 5 library queries each, at once, on real threads and worker processes: every
    answer is a 200 (no 5xx, no reset), and all workers together stay under 1 GB."""
    from kg.query.library import list_queries

    endpoint, served = url_of(served_defaults), served_defaults
    library = [q.text for q in list_queries()]
    failures = []

    def client(number):
        for k in range(5):
            query = library[(number * 5 + k) % len(library)]
            try:
                status, _, body = _http(f"{endpoint}/sparql?" + urllib.parse.urlencode(
                    {"query": query}), headers={"Accept": "application/sparql-results+json"},
                    timeout=120)
            except OSError as err:
                failures.append(f"client {number}: {err}")
                continue
            if status != 200:
                failures.append(f"client {number}: {status} {body[:100]!r}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    rss = 0
    for pid in served.worker_pids():
        status = Path(f"/proc/{pid}/status").read_text()
        rss += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
    assert 0 < rss < 1024 * 1024  # kB


def test_full_queue_is_a_503_with_retry_after_and_the_limit_counts_execution_only(seed_build):
    with running(seed_build.out_dir / "store", workers=1, queue_size=1, timeout=2) as server:
        results = [None] * 3

        def send(index):
            start = time.monotonic()
            status, _, body = _post_query(url_of(server), SLOW)
            results[index] = (status, body, time.monotonic() - start)

        threads = []
        for index in range(2):
            threads.append(threading.Thread(target=send, args=(index,)))
            threads[-1].start()
            time.sleep(0.5)
        status, headers, body, _ = raw_exchange(server.server_address, (
            f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {len(SLOW)}\r\n\r\n{SLOW}").encode())
        assert status == 503 and int(headers["Retry-After"]) >= 1 and b"busy" in body
        for thread in threads:
            thread.join()
        (first, _, _), (second, second_body, second_time) = results[0], results[1]
        assert first == 503 and second == 503 and b"2 s limit" in second_body
        assert second_time > 3.0  # waited ~1.5 s in the queue, then ran its full 2 s
        assert server.pool.replaced == 2


def test_abandoned_requests_are_cancelled(seed_build):
    with running(seed_build.out_dir / "store", workers=1, timeout=4) as server:
        address = server.server_address
        request = (f"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                   f"\r\nContent-Length: {len(SLOW)}\r\n\r\n{SLOW}").encode()
        # running, then abandoned: its worker is killed and replaced at once
        gone = socket.create_connection(address)
        gone.sendall(request)
        time.sleep(1.0)
        gone.close()
        deadline = time.monotonic() + 2
        while server.pool.replaced == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.pool.replaced == 1
        # queued, then abandoned: it never runs (only the query ahead of it hits the limit)
        ahead = threading.Thread(target=_post_query, args=(url_of(server), SLOW))
        ahead.start()
        time.sleep(0.5)
        queued = socket.create_connection(address)
        queued.sendall(request)
        time.sleep(0.5)
        queued.close()
        time.sleep(0.3)
        assert server.pool.pending() == (1, 0)
        status, _, _ = _post_query(url_of(server), FAST)
        ahead.join()
        assert status == 200 and server.pool.replaced == 2


def test_connections_are_capped_and_slow_clients_time_out(seed_build):
    with running(seed_build.out_dir / "store", workers=1, max_connections=4,
                 request_timeout=1.0) as server:
        threads_before = threading.active_count()
        idle = [socket.create_connection(server.server_address, timeout=5) for _ in range(100)]
        # the backlog holds all of them (at least 64, not 5), no thread is started per connection
        assert server.request_queue_size >= 64
        assert threading.active_count() == threads_before
        for sock in idle[10:]:
            sock.close()
        for sock in idle[:10]:
            sock.sendall(b"GET /sparql?query=")  # a request line that never ends
        status, _, _ = _post_query(url_of(server), FAST, timeout=60)  # served once slots free up
        assert status == 200
        status, _headers, body, _ = raw_exchange(server.server_address, b"GET / HTTP/1.1\r\n")
        assert status == 408 and b"did not arrive within 1 s" in body
        for sock in idle[:10]:
            sock.close()


def test_a_slowloris_cannot_hold_a_thread_past_the_deadline(seed_build):
    with running(seed_build.out_dir / "store", workers=1, request_timeout=1.5) as server:
        start = time.monotonic()
        with socket.create_connection(server.server_address, timeout=10) as sock:
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n")
            answer = b""
            for _ in range(20):  # one header byte every 0.3 s, for 6 s if allowed
                try:
                    sock.sendall(b"X")
                except OSError:
                    break
                time.sleep(0.3)
                sock.setblocking(False)
                try:
                    answer += sock.recv(4096)
                except BlockingIOError:
                    pass
                finally:
                    sock.setblocking(True)
                if answer:
                    break
        assert answer.startswith(b"HTTP/1.0 408") and time.monotonic() - start < 4


def test_a_body_shorter_than_its_content_length_does_not_hang(seed_build):
    with running(seed_build.out_dir / "store", workers=1, request_timeout=1.0) as server:
        status, _, _body, seconds = raw_exchange(server.server_address, (
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 1000\r\n\r\nASK { ?s ?p ?o }"))
        assert status == 408 and seconds < 5


# --- row 4: malformed HTTP -------------------------------------------------------------------

def test_malformed_accept_and_content_length_get_a_one_line_400(served):
    status, _, body, _ = raw_exchange(served.server_address, (
        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: text/csv;q=abc\r\n\r\n"))
    assert status == 400 and body == b"malformed Accept header: 'q=abc' is not a quality value between 0 and 1\n"
    status, _, body, _ = raw_exchange(served.server_address, (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: abc\r\n\r\nASK {}"))
    assert status == 400 and body == b"malformed Content-Length header: 'abc'\n"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT", "FOO"])
def test_other_methods_get_405_with_allow(served, method):
    status, headers, body, _ = raw_exchange(served.server_address,
                                            f"{method} /sparql HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    assert status == 405 and headers["Allow"] == "GET, HEAD, POST"
    assert len(body.splitlines()) == 1
