"""Deterministic serialisations: the same graph always gives the same bytes.

rdflib's ``longturtle`` serializer sorts subjects and predicates; graphs are written in IRI order.
Blank nodes come only from the ontology's RDF lists, which :func:`kg.rdf.ontology.load_ontology`
relabels canonically, so their labels are stable too.

>>> from rdflib import Graph, Literal
>>> from kg.namespaces import KG, KGR
>>> g = Graph(); _ = g.add((KGR.b, KG.unit, Literal("元"))); _ = g.add((KGR.a, KG.unit, Literal("名")))
>>> print(turtle_bytes(g).decode().split("\\n\\n", 1)[1].strip())
kgr:a
    kg:unit "名" ;
.
<BLANKLINE>
kgr:b
    kg:unit "元" ;
.
"""

from __future__ import annotations

from rdflib import Dataset, Graph

from kg.namespaces import PREFIXES, bind_prefixes

__all__ = ["turtle_bytes", "trig_bytes"]


def _prefix_block() -> str:
    return "".join(f"PREFIX {p}: <{uri}>\n" for p, uri in sorted(PREFIXES.items()))


def _body(graph: Graph) -> str:
    copy = Graph()
    bind_prefixes(copy)
    for triple in graph:
        copy.add(triple)
    text = copy.serialize(format="longturtle")
    lines = [line for line in text.splitlines() if not line.startswith("PREFIX ")]
    return "\n".join(lines).strip() + "\n"


def turtle_bytes(graph: Graph) -> bytes:
    """Turtle with every project prefix declared, subjects and predicates sorted."""
    return (_prefix_block() + "\n" + _body(graph)).encode("utf-8")


def trig_bytes(dataset: Dataset) -> bytes:
    """TriG with one block per named graph, graphs in IRI order (the default graph is left out)."""
    parts = [_prefix_block()]
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(graph) == 0:
            continue
        body = "\n".join(("    " + line) if line else "" for line in _body(graph).splitlines())
        parts.append(f"<{graph.identifier}> {{\n{body}\n}}\n")
    return "\n".join(parts).encode("utf-8")
