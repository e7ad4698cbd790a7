"""Hand over to a SPARQL server: push the dataset with the Graph Store Protocol, query remotely.

``push`` PUTs each named graph of ``build/kg.trig`` to ``ENDPOINT?graph=IRI`` and the merged graph
to ``ENDPOINT?default`` (SPARQL 1.1 Graph Store HTTP Protocol). PUT replaces a graph, so pushing is
idempotent and a re-push after one document changed replaces that document's graph (the others are
skipped when unchanged since the last push to that endpoint, as recorded in
``.kg-push-state.json`` beside the build folder).
The merged default graph lets the query library give the same rows as locally: a server's union
of named graphs would repeat a triple that two documents state.

``remote_query`` sends a query with the SPARQL 1.1 Protocol, the project prefixes prepended.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Dataset
from rdflib.compare import to_canonical_graph

from kg.errors import KgError, QueryError
from kg.namespaces import PREFIXES, bind_prefixes

__all__ = ["PushReport", "push", "remote_query", "prologue"]

#: What was last pushed where, kept beside the build folder (a rebuild replaces the folder).
_STATE = ".kg-push-state.json"


@dataclass
class PushReport:
    replaced: list[str]
    unchanged: list[str]


def prologue() -> str:
    return "".join(f"PREFIX {p}: <{uri}>\n" for p, uri in sorted(PREFIXES.items()))


def _request(url: str, *, method: str = "GET", data: bytes | None = None, headers=None,
             timeout: float = 120):
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as err:
        body = err.read().decode("utf-8", errors="replace").strip().splitlines()
        raise KgError(f"{method} {url} failed: HTTP {err.code} {body[0] if body else ''}".strip(),
                      hint="check the endpoint URL and that the server accepts this request") from None
    except (urllib.error.URLError, OSError) as err:
        raise KgError(f"cannot reach {url}: {getattr(err, 'reason', err)}",
                      hint="start the server, or check the URL") from None


def _graph_url(endpoint: str, graph: str | None) -> str:
    separator = "&" if "?" in endpoint else "?"
    if graph is None:
        return f"{endpoint}{separator}default"
    return f"{endpoint}{separator}" + urllib.parse.urlencode({"graph": graph})


def _digest(graph, body: bytes) -> str:
    """A content hash that ignores blank-node labels (they change on every parse)."""
    if any(isinstance(term, BNode) for triple in graph for term in triple):
        canonical = to_canonical_graph(graph).serialize(format="nt")
        body = "".join(sorted(canonical.splitlines(keepends=True))).encode("utf-8")
    return hashlib.sha256(body).hexdigest()


def push(build_dir: Path, endpoint: str, *, force: bool = False) -> PushReport:
    """Publish ``build_dir/kg.trig`` to a Graph Store Protocol endpoint, one graph per PUT."""
    dataset = Dataset()
    bind_prefixes(dataset)
    dataset.parse(Path(build_dir) / "kg.trig", format="trig")
    state_path = Path(build_dir).resolve().parent / _STATE
    state = json.loads(state_path.read_text(encoding="utf-8")) if state_path.is_file() else {}
    key = f"{Path(build_dir).resolve()} -> {endpoint}"
    pushed = state.get(key, {})
    report = PushReport([], [])
    merged = []
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(graph) == 0:
            continue
        body = "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True))).encode("utf-8")
        merged.append(body)
        name = str(graph.identifier)
        digest = _digest(graph, body)
        if not force and pushed.get(name) == digest:
            report.unchanged.append(name)
            continue
        _request(_graph_url(endpoint, name), method="PUT", data=body,
                 headers={"Content-Type": "application/n-triples"})
        pushed[name] = digest
        report.replaced.append(name)
    default = b"".join(sorted(set(b"".join(merged).splitlines(keepends=True))))
    digest = hashlib.sha256(b"".join(sorted(pushed[n].encode() for n in pushed if n != "default"))).hexdigest()
    if force or pushed.get("default") != digest:
        _request(_graph_url(endpoint, None), method="PUT", data=default,
                 headers={"Content-Type": "application/n-triples"})
        pushed["default"] = digest
        report.replaced.append("default graph (merged)")
    else:
        report.unchanged.append("default graph (merged)")
    state[key] = pushed
    state_path.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return report


_ACCEPT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
           "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
           "nt": "application/n-triples", "jsonld": "application/ld+json"}


def remote_query(endpoint: str, text: str, fmt: str) -> bytes:
    """Run a query on a remote SPARQL endpoint; the response body in ``fmt``."""
    data = urllib.parse.urlencode({"query": prologue() + text}).encode("utf-8")
    try:
        _, _, body = _request(endpoint, method="POST", data=data, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT[fmt]})
    except KgError as err:
        raise QueryError(err.message, hint=err.hint) from None
    return body
