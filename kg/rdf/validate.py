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

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

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


def _sparql_target_shapes(shapes: Graph) -> list:
    """Node shapes whose target is a SPARQL query (SHACL-AF sh:SPARQLTarget)."""
    return sorted({shape for shape, target in shapes.subject_objects(SH.target)
                   if (target, RDF.type, SH.SPARQLTarget) in shapes}, key=str)


def _prologue(shapes: Graph, node) -> str:
    declarations = []
    for ontology in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(ontology, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            declarations.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(declarations))


def _oxigraph_violations(graph: Graph, shapes: Graph, names: Graph) -> tuple[Graph, list[str]]:
    """Evaluate the SPARQL-target shapes on Oxigraph (linear where rdflib's engine is not);
    return the remaining shapes for pySHACL and the violations found."""
    import pyoxigraph as ox

    targeted = _sparql_target_shapes(shapes)
    if not targeted:
        return shapes, []
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    lines = []
    remaining = Graph()
    for triple in shapes:
        if triple[0] not in targeted:
            remaining.add(triple)
    for shape in targeted:
        target = shapes.value(shape, SH.target)
        query = _prologue(shapes, target) + str(shapes.value(target, SH.select))
        for row in store.query(query):
            focus = row["this"].value
            for constraint in shapes.objects(shape, SH.sparql):
                select = _prologue(shapes, constraint) + str(shapes.value(constraint, SH.select))
                message = str(shapes.value(constraint, SH.message) or "violates a SPARQL constraint")
                bound = select.replace("WHERE {", f"WHERE {{ VALUES $this {{ <{focus}> }}", 1)
                result = store.query(bound)
                variables = [v.value for v in result.variables]
                for found in result:
                    text = message
                    for variable in variables:
                        term = found[variable]
                        if term is not None:
                            shown = (_short(names, URIRef(term.value)) if isinstance(term, ox.NamedNode)
                                     else term.value)
                            text = text.replace("{?" + variable + "}", shown)
                    lines.append(f"{_short(names, URIRef(focus))} -: {text}")
    return remaining, lines


def shape_violations(graph: Graph, shapes: Graph | None = None) -> list[str]:
    """One line per SHACL violation (focus node, path, message); empty when the graph conforms.

    Shapes with a SPARQL target are evaluated on Oxigraph, the others with pySHACL.
    """
    from pyshacl import validate

    names = Graph()  # format with the project's prefixes, whatever the input graph binds
    bind_prefixes(names)
    remaining, lines = _oxigraph_violations(graph, shapes or load_shapes(), names)
    conforms, report, _ = validate(graph, shacl_graph=remaining, advanced=True,
                                   inference="none", allow_warnings=True,
                                   inplace=True)  # no inference, so no need to copy the graph
    if conforms:
        return sorted(lines)
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        lines.append(f"{_short(names, focus)} {_short(names, path, report)}: {message}")
    return sorted(lines)
