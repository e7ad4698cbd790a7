"""The SPARQL 1.1 Protocol endpoint (``kg serve``), read-only, bound to 127.0.0.1 by default.

- ``GET /sparql?query=…``, ``POST /sparql`` with a form (``query=…``) or an
  ``application/sparql-query`` body; results by content negotiation (``Accept``) or ``format=``.
- SPARQL Update (``update=`` or ``application/sparql-update``) is refused with 403, SERVICE with
  400; every query has a time limit (503 when exceeded) and a result-size cap (413).
- ``GET /`` is a small query page that loads nothing from the network.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.query.formats import MEDIA_TYPES
from kg.query.engine import query_kind
from kg.serve.worker import run_with_limits

__all__ = ["EndpointConfig", "make_server", "negotiate"]

_ACCEPT = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "jsonld",
}
_GRAPH_FORMATS = {"turtle", "nt", "jsonld"}


@dataclass(frozen=True)
class EndpointConfig:
    store_dir: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0
    max_rows: int = 10_000


def negotiate(accept: str | None, kind: str, explicit: str | None = None) -> str:
    """The results format for an ``Accept`` header and a query form.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+json", "select")
    'json'
    >>> negotiate(None, "construct")
    'turtle'
    >>> negotiate("*/*", "ask")
    'json'
    """
    graph = kind in ("construct", "describe")
    allowed = _GRAPH_FORMATS if graph else {"json", "xml", "csv", "tsv"}
    if explicit in allowed:
        return explicit
    ranked = []
    for position, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        quality = next((float(f[2:]) for f in fields[1:] if f.startswith("q=")), 1.0)
        ranked.append((-quality, position, fields[0].lower()))
    for _, _, media in sorted(ranked):
        fmt = _ACCEPT.get(media)
        if fmt in allowed and (kind != "ask" or fmt in ("json", "xml")):
            return fmt
    return "turtle" if graph else "json"


class _Handler(BaseHTTPRequestHandler):
    server_version = "kg-serve"
    config: EndpointConfig
    page: bytes

    def log_message(self, format, *args):
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, message.encode("utf-8") + b"\n", "text/plain; charset=utf-8")

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            return self._send(200, self.page, "text/html; charset=utf-8")
        if url.path != "/sparql":
            return self._error(404, "not found: the endpoint is /sparql")
        params = parse_qs(url.query)
        if "update" in params:
            return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
        self._answer(params.get("query", [None])[0], params.get("format", [None])[0])

    def do_POST(self):
        if urlsplit(self.path).path != "/sparql":
            return self._error(404, "not found: the endpoint is /sparql")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
        if content_type == "application/sparql-query":
            return self._answer(body, parse_qs(urlsplit(self.path).query).get("format", [None])[0])
        params = parse_qs(body)
        if "update" in params:
            return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
        self._answer(params.get("query", [None])[0], params.get("format", [None])[0])

    def _answer(self, query: str | None, explicit_format: str | None) -> None:
        if not query:
            return self._error(400, "no query: pass query=… (GET or form POST) or an "
                                    "application/sparql-query body")
        fmt = negotiate(self.headers.get("Accept"), query_kind(query), explicit_format)
        outcome = run_with_limits(self.config.store_dir, query, fmt,
                                  timeout=self.config.timeout, max_rows=self.config.max_rows)
        if outcome.status != 200:
            return self._error(outcome.status, outcome.body.decode("utf-8", errors="replace"))
        self._send(200, outcome.body, MEDIA_TYPES[outcome.fmt])


def _page(config: EndpointConfig) -> bytes:
    from kg.query.library import list_queries

    library = [{"name": q.name, "description": q.description, "text": q.text} for q in list_queries()]
    data = json.dumps(library, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    template = (Path(__file__).parent / "page.html").read_text(encoding="utf-8")
    return template.replace("__LIBRARY_JSON__", data).encode("utf-8")


def make_server(config: EndpointConfig) -> ThreadingHTTPServer:
    """A ready HTTP server (call ``serve_forever()``); port 0 picks a free port."""
    handler = type("Handler", (_Handler,), {"config": config, "page": _page(config)})
    server = ThreadingHTTPServer((config.host, config.port), handler)
    server.daemon_threads = True
    return server
