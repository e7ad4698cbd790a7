"""The SPARQL 1.1 Protocol endpoint (``kg serve``), read-only, bound to 127.0.0.1 by default.

- ``GET /sparql?query=…``, ``POST /sparql`` with a form (``query=…``) or an
  ``application/sparql-query`` body; results by content negotiation (``Accept``) or ``format=``.
- SPARQL Update (``update=``, ``application/sparql-update``, or Update text sent as a query) is
  refused with 403, SERVICE with 400 (:mod:`kg.query.guard`, and the workers have no network:
  :mod:`kg.serve.sandbox`); nesting too deep for the engine gets 400; every query has a time
  limit (503 when exceeded) and a result-size cap (413).
- Queries run in a bounded pool of persistent worker processes behind a bounded queue
  (:mod:`kg.serve.worker`): 503 with ``Retry-After`` only when the queue is full.
- Connections: at most ``max_connections`` at once, each served by a thread of a fixed pool
  (more wait in the listen backlog); the whole request must arrive within ``request_timeout``
  seconds (slow or short bodies get 408), responses are written with a timeout, and a client that
  leaves while its query waits or runs cancels it.
- Malformed requests get 400 with a one-line body; methods other than GET, HEAD and POST get
  405 with ``Allow``.
- ``GET /`` is the query page: YASGUI (the npm package @zazuko/yasgui, MIT, vendored in
  ``kg/serve/static/`` with its license), with the project's prefixes predeclared and the query
  library offered as tabs, loading nothing from the network. Its two files are served under
  ``/static/`` from a fixed list read from the package at startup: any other path is a 404,
  so no request can name a file of its own.
"""

from __future__ import annotations

import io
import json
import queue
import re
import socket
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import KgError
from kg.query.formats import MEDIA_TYPES
from kg.serve.negotiation import negotiate, parse_accept
from kg.serve.pool import WorkerPool
from kg.serve.worker import PoolFull, default_workers

__all__ = ["EndpointConfig", "EndpointServer", "make_server", "negotiate"]

_ALLOW = "GET, HEAD, POST"
_WRITE_TIMEOUT = 30.0
_DRAIN_SECONDS = 1.0
_DRAIN_PAUSE = 0.2  # a client silent this long after the answer has sent all it will
_DRAIN_BYTES = 1 << 20


@dataclass(frozen=True)
class EndpointConfig:
    """What ``kg serve`` runs with. ``workers=None`` means one per core (at most 16)."""

    store_dir: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0  # seconds of execution per query
    max_rows: int = 10_000
    workers: int | None = None
    queue_size: int = 64  # queries waiting for a worker before 503
    max_connections: int = 128  # connections served at once (threads)
    backlog: int = 128  # connections the kernel holds before they are accepted
    request_timeout: float = 10.0  # seconds for the request line, headers and body to arrive
    max_query_bytes: int = 1_000_000  # largest POST body
    memory_mb: int = 1024  # resident memory of all workers together
    isolate_network: bool = True  # run the workers without network access


class _BadRequest(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class _DeadlineReader(io.RawIOBase):
    """Socket reads that all end by one deadline: a slow client cannot hold a thread longer."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock, self._deadline = sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request did not arrive in time")
        self._sock.settimeout(remaining)
        return self._sock.recv_into(buffer)


class _Writer(io.BufferedIOBase):
    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._sock.settimeout(_WRITE_TIMEOUT)
        self._sock.sendall(data)
        return len(data)


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[:limit - 3] + "..."


class _Handler(BaseHTTPRequestHandler):
    server_version = "kg-serve"
    sys_version = ""
    protocol_version = "HTTP/1.0"  # one request per connection: no idle connections hold threads
    server: EndpointServer

    def log_message(self, format, *args):
        pass

    def version_string(self) -> str:
        return self.server_version

    # -- plumbing --

    def setup(self) -> None:
        self.connection = self.request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, True)
        deadline = time.monotonic() + self.server.config.request_timeout
        self.rfile = io.BufferedReader(_DeadlineReader(self.connection, deadline))
        self.wfile = _Writer(self.connection)

    def finish(self) -> None:
        try:
            self.rfile.close()
        except OSError:
            pass

    def send_error(self, code, message=None, explain=None):  # one-line bodies, not HTML
        self._error(code, message or HTTPStatus(code).phrase)

    def _send(self, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.request_version = "HTTP/1.0"  # a status line and headers even for a request line
        self.send_response(status)         # that failed to parse (http.server says HTTP/0.9)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, _one_line(message).encode("utf-8") + b"\n",
                   "text/plain; charset=utf-8", headers)

    def handle_one_request(self) -> None:
        self.close_connection = True
        self.command, self.requestline = None, ""
        self.request_version = self.default_request_version
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                return self._error(414, "the request line is longer than 65,536 bytes")
            if not self.raw_requestline:
                return
            if not self.parse_request():  # it has answered already (400, 431, 505)
                return
            handler = {"GET": self._get, "HEAD": self._get, "POST": self._post}.get(self.command)
            if handler is None:
                return self._error(405, f"method {self.command} is not allowed: the endpoint "
                                        f"answers {_ALLOW}", {"Allow": _ALLOW})
            handler()
        except _BadRequest as err:
            self._error(err.status, err.message, err.headers)
        except TimeoutError:
            try:
                self._error(408, "the request did not arrive within "
                                 f"{self.server.config.request_timeout:g} s (a body shorter than "
                                 "its Content-Length, or a slow client)")
            except OSError:
                pass
        except OSError:
            pass  # the client went away

    def _client_gone(self) -> bool:
        """Whether the client closed its side (or reset) while its query waits or runs."""
        try:
            self.connection.settimeout(0.0)  # a socket with a timeout would wait for data
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except (BlockingIOError, TimeoutError):
            return False  # nothing to read: still connected
        except (OSError, ValueError):
            return True

    # -- the protocol --

    def _params(self, text: str) -> dict[str, list[str]]:
        try:
            return parse_qs(text, errors="strict", max_num_fields=100)
        except UnicodeDecodeError:
            raise _BadRequest(400, "the query string is not UTF-8 after percent-decoding") from None
        except ValueError as err:
            raise _BadRequest(400, f"malformed query string: {err}") from None

    def _get(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            return self._send(200, self.server.page, "text/html; charset=utf-8")
        if url.path.startswith("/static/"):
            found = self.server.static.get(url.path[len("/static/"):])
            if found is None:  # the exact names of STATIC only: nothing is looked up on disk
                return self._error(404, "not found: no such static file")
            return self._send(200, found[0], found[1])
        if url.path != "/sparql":
            return self._error(404, "not found: the endpoint is /sparql")
        params = self._params(url.query)
        if "update" in params:
            return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
        self._answer(params.get("query", []), params.get("format", []))

    def _content_length(self) -> int:
        if self.headers.get("Transfer-Encoding") is not None:
            raise _BadRequest(411, "chunked request bodies are not supported: send Content-Length")
        values = [v.strip() for v in self.headers.get_all("Content-Length") or []]
        if not values:
            raise _BadRequest(411, "a POST needs a Content-Length header")
        if len(set(values)) > 1 or not re.fullmatch(r"[0-9]{1,15}", values[0]):
            raise _BadRequest(400, f"malformed Content-Length header: {', '.join(values)[:40]!r}")
        length = int(values[0])
        limit = self.server.config.max_query_bytes
        if length > limit:
            raise _BadRequest(413, f"the request body has {length:,} bytes; the limit is {limit:,}")
        return length

    def _post(self) -> None:
        url = urlsplit(self.path)
        length = self._content_length()
        if url.path != "/sparql":
            return self._error(404, "not found: the endpoint is /sparql")
        body = self.rfile.read(length)
        if len(body) < length:
            raise TimeoutError
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
        if content_type == "application/sparql-query":
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return self._error(400, "the query is not UTF-8")
            return self._answer([text], self._params(url.query).get("format", []))
        try:
            params = self._params(body.decode("utf-8"))
        except UnicodeDecodeError:
            return self._error(400, "the form body is not UTF-8")
        if "update" in params:
            return self._error(403, "this endpoint is read-only: SPARQL Update is refused")
        self._answer(params.get("query", []), params.get("format", []))

    def _answer(self, queries: list[str], formats: list[str]) -> None:
        if not queries or not queries[0].strip():
            return self._error(400, "no query: pass query=… (GET or form POST) or an "
                                    "application/sparql-query body")
        if len(queries) > 1:
            return self._error(400, "more than one query: pass exactly one query parameter")
        accept = ", ".join(self.headers.get_all("Accept") or [])
        try:
            accepted = parse_accept(accept)
        except ValueError as err:
            return self._error(400, f"malformed Accept header: {err}")
        pool = self.server.pool
        try:
            job = pool.submit(queries[0], accepted, formats[0] if formats else None)
        except PoolFull as full:
            return self._error(503, f"{full}; retry later", {"Retry-After": str(full.retry_after)})
        outcome = pool.wait(job, self._client_gone)
        if outcome is None:
            return  # the client left: nothing to answer
        if outcome.status != 200:
            return self._error(outcome.status, outcome.body.decode("utf-8", errors="replace"))
        self._send(200, outcome.body, MEDIA_TYPES[outcome.fmt])


#: The files the query page loads, served under ``/static/``: name → content type.
STATIC = {"yasgui.min.js": "text/javascript; charset=utf-8",
          "yasgui.min.css": "text/css; charset=utf-8",
          "LICENSE.txt": "text/plain; charset=utf-8"}


def _json_for_script(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _page() -> bytes:
    from kg.namespaces import PREFIXES
    from kg.query.library import list_queries

    library = [{"name": q.name, "description": q.description, "text": q.text} for q in list_queries()]
    template = (Path(__file__).parent / "page.html").read_text(encoding="utf-8")
    page = template.replace("__LIBRARY_JSON__", _json_for_script(library))
    return page.replace("__PREFIXES_JSON__", _json_for_script(dict(PREFIXES))).encode("utf-8")


def _static() -> dict[str, tuple[bytes, str]]:
    """The files of :data:`STATIC`, read once from the package."""
    from importlib import resources

    folder = resources.files("kg.serve") / "static"
    return {name: ((folder / name).read_bytes(), kind) for name, kind in STATIC.items()}


class EndpointServer(HTTPServer):
    """The HTTP server: a fixed pool of connection threads in front of a :class:`WorkerPool`.

    ``notes`` holds what the caller should tell the user on startup (library code does not
    print): the workers, and whether they run without network access.
    """

    def __init__(self, config: EndpointConfig, *, worker_setup=None) -> None:
        self.config = config
        self.request_queue_size = max(64, config.backlog)
        self.page = _page()
        self.static = _static()
        self.pool = WorkerPool(
            config.store_dir, workers=config.workers or default_workers(), timeout=config.timeout,
            max_rows=config.max_rows, queue_size=config.queue_size, memory_mb=config.memory_mb,
            isolate=config.isolate_network, setup=worker_setup)
        self._slots = threading.BoundedSemaphore(max(1, config.max_connections))
        self._accepted: queue.SimpleQueue = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self.failures = 0  # requests that ended in an unexpected exception
        super().__init__((config.host, config.port), _Handler)
        try:
            self.notes = self.pool.start()
        except BaseException:
            self.pool.close()
            self.socket.close()
            raise
        for number in range(max(1, config.max_connections)):
            thread = threading.Thread(target=self._serve_connections, daemon=True,
                                      name=f"kg-serve-connection-{number}")
            thread.start()
            self._threads.append(thread)

    def server_bind(self) -> None:
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()
        self.server_name, self.server_port = self.server_address[:2]

    def get_request(self):
        # accept only when a connection thread is free; the rest wait in the listen backlog
        if not self._slots.acquire(timeout=0.05):
            raise OSError("every connection thread is busy")
        try:
            return self.socket.accept()
        except BaseException:
            self._slots.release()
            raise

    def process_request(self, request, client_address) -> None:
        self._accepted.put((request, client_address))

    def _serve_connections(self) -> None:
        while True:
            item = self._accepted.get()
            if item is None:
                return
            request, address = item
            try:
                self.finish_request(request, address)
            except Exception:  # noqa: BLE001 - one broken request must not stop the thread
                self.failures += 1
            finally:
                self.shutdown_request(request)
                self._slots.release()

    def handle_error(self, request, client_address) -> None:
        self.failures += 1

    def shutdown_request(self, request) -> None:
        """Close gracefully: stop sending, then read what the client still sends (while it keeps
        coming, up to a second), so that unread request bytes do not turn the close into a
        connection reset before the client has read the answer."""
        try:
            request.shutdown(socket.SHUT_WR)
            deadline, drained = time.monotonic() + _DRAIN_SECONDS, 0
            while drained < _DRAIN_BYTES and time.monotonic() < deadline:
                request.settimeout(_DRAIN_PAUSE)
                chunk = request.recv(65536)
                if not chunk:
                    break
                drained += len(chunk)
        except OSError:
            pass
        request.close()

    def server_close(self) -> None:
        super().server_close()
        for _ in self._threads:
            self._accepted.put(None)
        self.pool.close()

    def worker_pids(self) -> list[int]:
        return self.pool.worker_pids()


def make_server(config: EndpointConfig, *, worker_setup=None) -> EndpointServer:
    """A ready server (call ``serve_forever()``; ``server_close()`` stops the workers); port 0
    picks a free port. Raises :class:`~kg.errors.KgError` if the workers cannot start.

    ``worker_setup`` is a picklable function each worker runs before it opens the store (tests).
    """
    if not (Path(config.store_dir) / "CURRENT").is_file():
        raise KgError(f"no query store at {config.store_dir}", hint="run `kg build` first")
    return EndpointServer(config, worker_setup=worker_setup)

