"""Queries sent to a remote SPARQL endpoint (after ``kg push``): the SPARQL 1.1 Protocol, with the
project prefixes prepended.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

from kg.errors import KgError, QueryError
from kg.namespaces import sparql_prologue

__all__ = ["remote_query", "http_request", "ACCEPT"]

#: The media type asked for each results format.
ACCEPT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
          "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
          "nt": "application/n-triples", "jsonld": "application/ld+json"}


def http_request(url: str, *, method: str = "GET", data: bytes | None = None, headers=None,
                 timeout: float = 120):
    """``(status, content type, body)``; failures become one-line :class:`KgError`."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as err:
        body = err.read().decode("utf-8", errors="replace").strip().splitlines()
        raise KgError(f"{method} {url} failed: HTTP {err.code} {body[0] if body else ''}".strip(),
                      hint="check the endpoint URL and that the server accepts this request") from None
    except (urllib.error.URLError, OSError, ValueError) as err:
        raise KgError(f"cannot reach {url}: {getattr(err, 'reason', err)}",
                      hint="start the server, or check the URL") from None


def remote_query(endpoint: str, text: str, fmt: str) -> bytes:
    """Run a query on a remote SPARQL endpoint; the response body in ``fmt``."""
    data = urllib.parse.urlencode({"query": sparql_prologue() + text}).encode("utf-8")
    try:
        _, _, body = http_request(endpoint, method="POST", data=data, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT[fmt]})
    except KgError as err:
        raise QueryError(err.message, hint=err.hint) from None
    return body
