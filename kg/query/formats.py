"""Query results as a terminal table or in the W3C formats.

SELECT results: ``table`` (rich, wide characters aligned), ``csv`` and ``tsv`` (SPARQL 1.1 Query
Results CSV and TSV: TSV keeps language tags and datatypes, CSV does not), ``json``
(application/sparql-results+json) and ``xml`` (application/sparql-results+xml), serialised by
Oxigraph itself. ASK: ``true``/``false`` (or the JSON/XML boolean forms). CONSTRUCT and DESCRIBE:
``turtle`` (default), ``nt`` or ``jsonld``.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import QueryError
from kg.namespaces import PREFIXES

__all__ = ["SELECT_FORMATS", "GRAPH_FORMATS", "MEDIA_TYPES", "serialize_result", "result_table",
           "remote_table", "term_text"]

SELECT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                 "jsonld": ox.RdfFormat.JSON_LD}
MEDIA_TYPES = {name: fmt.media_type for name, fmt in {**SELECT_FORMATS, **GRAPH_FORMATS}.items()}


def term_text(term) -> str:
    """A short, readable form of a term: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value[len(namespace):]}"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def result_table(result, title: str | None = None):
    """A :class:`rich.table.Table` of SELECT results (rich measures wide CJK characters)."""
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    variables = [v.value for v in result.variables]
    for name in variables:
        table.add_column(name, overflow="fold")
    for row in result:
        table.add_row(*(term_text(row[name]) for name in variables))
    return table


def remote_table(json_body: bytes):
    """A rich table from a SPARQL JSON results document (for remote endpoints)."""
    import json

    from rich.table import Table

    data = json.loads(json_body)
    table = Table()
    if "boolean" in data:
        table.add_column("result")
        table.add_row(str(data["boolean"]).lower())
        return table
    names = data["head"]["vars"]
    for name in names:
        table.add_column(name, overflow="fold")
    for binding in data["results"]["bindings"]:
        table.add_row(*(term_text(_json_term(binding.get(n))) for n in names))
    return table


def _json_term(value):
    if value is None:
        return None
    if value["type"] == "uri":
        return ox.NamedNode(value["value"])
    if value["type"] == "bnode":
        return ox.BlankNode(value["value"])
    return ox.Literal(value["value"])


def serialize_result(result, fmt: str) -> bytes:
    """Serialise a query result in ``fmt``; raise :class:`QueryError` if the form does not fit."""
    if isinstance(result, ox.QueryBoolean):
        if fmt in ("table", "text"):
            return b"true\n" if bool(result) else b"false\n"
        if fmt in ("json", "xml"):
            return result.serialize(format=SELECT_FORMATS[fmt])
        raise QueryError(f"an ASK result cannot be written as {fmt}", hint="use json, xml or table")
    if isinstance(result, ox.QueryTriples):
        fmt = "turtle" if fmt == "table" else fmt
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a CONSTRUCT/DESCRIBE result cannot be written as {fmt}",
                             hint=f"use one of {', '.join(GRAPH_FORMATS)}")
        kwargs = {"prefixes": PREFIXES} if fmt == "turtle" else {}
        return ox.serialize(list(result), format=GRAPH_FORMATS[fmt], **kwargs)
    if fmt not in SELECT_FORMATS:
        raise QueryError(f"a SELECT result cannot be written as {fmt}",
                         hint=f"use table or one of {', '.join(SELECT_FORMATS)}")
    return result.serialize(format=SELECT_FORMATS[fmt])
