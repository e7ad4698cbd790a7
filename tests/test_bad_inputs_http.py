"""Hostile HTTP clients, one data-driven case per folder: ``tests/bad_inputs/http-*/case.yaml``.

Each case is ``kind: http`` with a ``description``, a raw ``request`` and what to ``expect``::

    kind: http
    description: one line saying what the hostile client does
    request: "GET /sparql?query=... HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n"
    expect:
      status: 400
      body: "fragment of the one-line body"
      headers: {Allow: "GET, HEAD, POST"}   # optional
      listener_connections: 0              # optional

The request is sent as raw bytes (each character one byte, ISO-8859-1, so ``\\xff`` is the byte
0xFF) to a real ``kg serve`` endpoint with real worker processes; ``{listener}`` is replaced by
``127.0.0.1:PORT`` of a loopback listener started for the case, which counts the connections
it receives. Every case also checks that the answer is one line, and that the store is
unchanged: the same quad count and the same SHA-256 over its files, before and after.
Folders of other kinds are left to their own runner.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from .test_serve import raw_exchange, running
from .test_sparql_guard import Listener

CASES = sorted(Path(__file__).parent.glob("bad_inputs/http-*/case.yaml"))


def _store_state(folder: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    store = ox.Store.read_only(str(folder))
    return len(store), digest.hexdigest()


@pytest.fixture(scope="module")
def server(seed_build):
    with running(seed_build.out_dir / "store", timeout=5.0, request_timeout=2.0) as served:
        yield served


def test_there_are_cases_for_every_row():
    names = {case.parent.name for case in CASES}
    assert len(names) >= 10
    for needed in ("http-service-", "http-deep-nesting-", "http-accept-", "http-content-length-",
                   "http-method-"):
        assert any(name.startswith(needed) for name in names), needed


@pytest.mark.parametrize("case_file", CASES, ids=[case.parent.name for case in CASES])
def test_hostile_http_client(case_file, server, seed_build):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    if case.get("kind") != "http":
        pytest.skip(f"a {case.get('kind')} case: not for this runner")
    assert case.get("description"), "every case says what the client does"
    expect = case["expect"]
    store_dir = seed_build.out_dir / "store"
    before = _store_state(store_dir)
    listener = Listener()
    try:
        request = case["request"].replace("{listener}", f"127.0.0.1:{listener.port}")
        status, headers, body, _ = raw_exchange(server.server_address, request.encode("latin-1"))
        time.sleep(0.2)  # a connection the worker might still make would have arrived
        connections = listener.count
    finally:
        listener.close()
    text = body.decode("utf-8", errors="replace")
    assert status == expect["status"], text
    if "body" in expect:
        assert expect["body"] in text
    if status >= 400:
        assert text.endswith("\n") and text.count("\n") == 1, "one-line body"
    received = {name.lower(): value for name, value in headers.items()}
    for name, value in (expect.get("headers") or {}).items():
        assert received.get(name.lower()) == value, name
    if "listener_connections" in expect:
        assert connections == expect["listener_connections"]
    assert _store_state(store_dir) == before
