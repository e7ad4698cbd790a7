"""pySHACL, the reference SHACL validator, with its report as one line per violation.

The build runs the shapes as SPARQL on Oxigraph (:mod:`kg.rdf.shacl`), which is fast at any size;
this module runs pySHACL itself, for the tests that check the two agree and for anyone who wants
the reference answer on a graph that fits in memory.

>>> from rdflib import Graph, RDF
>>> from kg.namespaces import KG, KGR
>>> g = Graph(); _ = g.add((KGR["x"], RDF.type, KG.Official))
>>> problems = shape_violations(g)
>>> any("must hold at least one Post" in p for p in problems)
True
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SH

from kg.namespaces import bind_prefixes, short_iri
from kg.resources import ontology_dir

__all__ = ["shape_violations", "load_shapes"]

_IRI = re.compile(r"https?://[^\s<>\"]+")


@lru_cache(maxsize=2)
def load_shapes(path: Path | None = None) -> Graph:
    shapes = Graph()
    shapes.parse(path or ontology_dir() / "shapes.ttl", format="turtle")
    return shapes


def _short(names: Graph, term, report: Graph | None = None) -> str:
    from rdflib import BNode

    if term is None:
        return "-"
    inverse = report.value(term, SH.inversePath) if report is not None else None
    if inverse is not None:
        return "^" + _short(names, inverse)
    if isinstance(term, BNode):
        return "_:blank"  # blank node labels differ from one parse to the next
    try:
        return names.namespace_manager.normalizeUri(term)
    except Exception:  # noqa: BLE001 - blank nodes and odd IRIs print as they are
        return str(term)


def shape_violations(graph: Graph, shapes: Graph | None = None) -> list[str]:
    """One line per SHACL violation found by pySHACL (focus node, path, message), sorted; empty
    when the graph conforms. The ontology is added to the data graph (class hierarchy)."""
    from pyshacl import validate

    from kg.curation.ontology import load_ontology

    names = Graph()  # format with the project's prefixes, whatever the input graph binds
    bind_prefixes(names)
    data = Graph()
    for triple in graph:
        data.add(triple)
    for triple in load_ontology().graph:
        data.add(triple)
    conforms, report, _ = validate(data, shacl_graph=shapes or load_shapes(), advanced=True,
                                   inference="none", allow_warnings=True, inplace=True)
    if conforms:
        return []
    lines = set()
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        text = _IRI.sub(lambda m: short_iri(m.group(0)), str(message))
        lines.add(f"{_short(names, focus)} {_short(names, path, report)}: {text}")
    return sorted(lines)
