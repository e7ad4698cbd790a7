"""Hand over to a SPARQL server: push the dataset with the Graph Store Protocol.

``push`` PUTs each named graph of ``build/kg.nq`` to ``ENDPOINT?graph=IRI`` and the merged graph
(``build/kg.nt``) to ``ENDPOINT?default`` (SPARQL 1.1 Graph Store HTTP Protocol). PUT replaces a
graph, so pushing is idempotent, and a re-push after one document changed replaces that
document's graph only (the others are skipped when unchanged since the last push to that
endpoint, as recorded in ``.kg-push-state.json`` beside the build folder). The merged default
graph lets the query library give the same rows as locally: a server's union of named graphs
would repeat a statement that two documents make. The files are streamed, one graph at a time.
"""

from __future__ import annotations

import hashlib
import json
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.query.remote import http_request

__all__ = ["PushReport", "push"]

#: What was last pushed where, kept beside the build folder (a rebuild replaces the folder).
_STATE = ".kg-push-state.json"


@dataclass
class PushReport:
    replaced: list[str]
    unchanged: list[str]


def _graph_url(endpoint: str, graph: str | None) -> str:
    separator = "&" if "?" in endpoint else "?"
    if graph is None:
        return f"{endpoint}{separator}default"
    return f"{endpoint}{separator}" + urllib.parse.urlencode({"graph": graph})


def _graphs(path: Path):
    """``(graph IRI, N-Triples bytes)`` for each named graph of a sorted N-Quads file."""
    current, lines = None, []
    try:
        stream = open(path, "rb")  # noqa: SIM115
    except OSError as err:
        raise KgError(f"cannot read {path}: {err.strerror}", hint="rebuild with `kg build`") from err
    with stream:
        for line in stream:
            start = line.rindex(b" <", 0, len(line) - 3)
            graph = line[start + 2:line.rindex(b">")].decode("utf-8")
            if graph != current:
                if current is not None:
                    yield current, b"".join(lines)
                current, lines = graph, []
            lines.append(line[:start] + b" .\n")
    if current is not None:
        yield current, b"".join(lines)


def push(build_dir: Path, endpoint: str, *, force: bool = False) -> PushReport:
    """Publish ``build_dir`` to a Graph Store Protocol endpoint, one graph per PUT."""
    build_dir = Path(build_dir)
    state_path = build_dir.resolve().parent / _STATE
    try:
        state = json.loads(state_path.read_text(encoding="utf-8")) if state_path.is_file() else {}
    except (OSError, ValueError):
        state = {}
    key = f"{build_dir.resolve()} -> {endpoint}"
    pushed = state.get(key, {})
    report = PushReport([], [])
    for name, body in _graphs(build_dir / "kg.nq"):
        digest = hashlib.sha256(body).hexdigest()
        if not force and pushed.get(name) == digest:
            report.unchanged.append(name)
            continue
        http_request(_graph_url(endpoint, name), method="PUT", data=body,
                     headers={"Content-Type": "application/n-triples"})
        pushed[name] = digest
        report.replaced.append(name)
    try:
        default = (build_dir / "kg.nt").read_bytes()
    except OSError as err:
        raise KgError(f"cannot read {build_dir / 'kg.nt'}: {err.strerror}",
                      hint="rebuild with `kg build`") from err
    digest = hashlib.sha256(default).hexdigest()
    if force or pushed.get("default") != digest:
        http_request(_graph_url(endpoint, None), method="PUT", data=default,
                     headers={"Content-Type": "application/n-triples"})
        pushed["default"] = digest
        report.replaced.append("default graph (merged)")
    else:
        report.unchanged.append("default graph (merged)")
    state[key] = pushed
    try:
        state_path.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    except OSError:
        pass  # the record only saves work next time
    return report
