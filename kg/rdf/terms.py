"""RDF terms and statements as N-Triples text: the form every per-document result is written in.

The per-document stage writes its statements as N-Triples / N-Quads lines directly (no graph
object in between), escaped exactly as Oxigraph writes them, so that sorted lines are the
canonical form: the same statements always give the same bytes, and files assemble by
concatenation. Language tags keep the case the curation uses (``zh-Hans``).

>>> triple(iri("https://x.org/a"), iri("https://x.org/p"), literal('say "hi"\\n', lang="zh-Hans"))
'<https://x.org/a> <https://x.org/p> "say \\\\"hi\\\\"\\\\n"@zh-Hans .\\n'
>>> literal("15000.0", datatype=XSD_DECIMAL)
'"15000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
>>> literal("名", datatype=XSD_STRING)
'"名"'
>>> parse_line('<https://x.org/a> <https://x.org/p> "x y"@en .')
('<https://x.org/a>', '<https://x.org/p>', '"x y"@en')
"""

from __future__ import annotations

import re

__all__ = ["iri", "literal", "value_term", "triple", "quad", "parse_line", "subject_of", "is_iri", "iri_value",
           "XSD_STRING", "XSD_DECIMAL", "XSD_DATE", "XSD_NON_NEGATIVE_INTEGER", "XSD_GYEAR",
           "RDF_TYPE"]

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
XSD_DECIMAL = XSD + "decimal"
XSD_DATE = XSD + "date"
XSD_GYEAR = XSD + "gYear"
XSD_NON_NEGATIVE_INTEGER = XSD + "nonNegativeInteger"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}
_NEEDS_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f]')


def _escape_char(match: re.Match) -> str:
    char = match.group(0)
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def iri(value: str) -> str:
    """An IRI term (the caller guarantees a valid IRI: slugs, checked URLs)."""
    return f"<{value}>"


def literal(value: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal term: plain (xsd:string, written without a type), tagged, or typed."""
    text = '"' + _NEEDS_ESCAPE.sub(_escape_char, value) + '"'
    if lang:
        return f"{text}@{lang}"
    if datatype and datatype != XSD_STRING:
        return f"{text}^^<{datatype}>"
    return text


def triple(s: str, p: str, o: str) -> str:
    return f"{s} {p} {o} .\n"


def quad(s: str, p: str, o: str, g: str) -> str:
    return f"{s} {p} {o} {g} .\n"


_TERM = re.compile(r'<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?')


def parse_line(line: str) -> tuple[str, ...]:
    """The terms of one N-Triples or N-Quads line, as they are written."""
    return tuple(_TERM.findall(line))


def subject_of(line: str) -> str:
    """The subject term of an N-Triples / N-Quads line (IRIs and blank nodes only)."""
    return line[: line.index(" ")]


def is_iri(term: str) -> bool:
    return term.startswith("<")


def iri_value(term: str) -> str:
    """``<https://x>`` → ``https://x``."""
    return term[1:-1]


def value_term(value) -> str:
    """The N-Triples term of a checked fact object (:class:`kg.curation.model.Value`).

    >>> from kg.curation.model import Value
    >>> value_term(Value("entity", "li-xi"))
    '<https://w3id.org/localgov-kg/id/li-xi>'
    >>> value_term(Value("literal", "15000.0", datatype=XSD_DECIMAL))
    '"15000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    from kg.namespaces import KGR

    if value.kind == "entity":
        return f"<{KGR}{value.value}>"
    if value.kind == "iri":
        return f"<{value.value}>"
    return literal(value.value, lang=value.lang, datatype=value.datatype)
