"""Validate a graph against ``ontology/shapes.ttl`` with pySHACL, reporting readable reasons.

>>> from rdflib import Graph, Literal, RDF
>>> from kg.namespaces import KG, KGR
>>> g = Graph(); g.add((KGR["x"], RDF.type, KG.Official))
<Graph identifier=... (<class 'rdflib.graph.Graph'>)>
>>> problems = shape_violations(g)
>>> any("must hold at least one Post" in p for p in problems)
True
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SH

from kg.namespaces import bind_prefixes
from kg.resources import ontology_dir

__all__ = ["shape_violations", "load_shapes"]


@lru_cache(maxsize=2)
def load_shapes(path: Path | None = None) -> Graph:
    shapes = Graph()
    shapes.parse(path or ontology_dir() / "shapes.ttl", format="turtle")
    return shapes


def _short(graph: Graph, term, report: Graph | None = None) -> str:
    if term is None:
        return "-"
    inverse = report.value(term, SH.inversePath) if report is not None else None
    if inverse is not None:
        return "^" + _short(graph, inverse)
    try:
        return graph.namespace_manager.normalizeUri(term)
    except Exception:  # noqa: BLE001 - blank nodes and odd IRIs print as they are
        return str(term)


def shape_violations(graph: Graph, shapes: Graph | None = None) -> list[str]:
    """One line per SHACL violation (focus node, path, message); empty when the graph conforms."""
    from pyshacl import validate

    conforms, report, _ = validate(graph, shacl_graph=shapes or load_shapes(), advanced=True,
                                   inference="none", allow_warnings=True)
    if conforms:
        return []
    names = Graph()  # format with the project's prefixes, whatever the input graph binds
    bind_prefixes(names)
    lines = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        lines.append(f"{_short(names, focus)} {_short(names, path, report)}: {message}")
    return sorted(lines)
