"""Deterministic serialisations, assembled from chunks: the same statements always give the same
bytes, and a whole-graph file is a header plus chunks, one per source graph or section.

Statements arrive as sorted N-Triples lines (:mod:`kg.rdf.terms`); N-Triples and N-Quads are
those lines. Turtle, TriG and RDF/XML chunks are written by Oxigraph's serialisers (which group a
subject's statements) with their prefix declarations or XML envelope stripped, so chunks made
separately (for instance by different processes, for different documents) concatenate into one
valid file. Oxigraph lowercases language tags (``zh-Hans`` → ``zh-hans``, allowed by RDF 1.1
since tags compare case-insensitively); the tags are written back in the case RFC 5646
recommends (``zh-Hans``, ``zh-Latn-pinyin``), the spelling the curation uses.

>>> lines = ['<https://w3id.org/localgov-kg/id/b> <https://w3id.org/localgov-kg/ontology#unit> "元"@zh-Hans .\\n',
...          '<https://w3id.org/localgov-kg/id/a> <https://w3id.org/localgov-kg/ontology#unit> "名" .\\n']
>>> print(turtle_chunk(sorted(lines)), end="")
kgr:a kg:unit "名" .
kgr:b kg:unit "元"@zh-Hans .
>>> print(trig_chunk("https://w3id.org/localgov-kg/graph/doc", sorted(lines)).replace("\\t", "  "), end="")
kgg:doc {
  kgr:a kg:unit "名" .
  kgr:b kg:unit "元"@zh-Hans .
}
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.namespaces import PREFIXES, turtle_prefixes

__all__ = ["turtle_chunk", "trig_chunk", "rdfxml_chunk", "turtle_document", "rdfxml_document",
           "quads_of", "canonical_tag", "restore_tags", "parse_lines", "RDFXML_HEADER",
           "RDFXML_FOOTER"]


def canonical_tag(tag: str) -> str:
    """A language tag in the case RFC 5646 (section 2.1.1) recommends: ``zh-hans`` → ``zh-Hans``,
    ``en-gb`` → ``en-GB``, ``zh-latn-pinyin`` → ``zh-Latn-pinyin``; after a singleton
    (``x-…``) everything stays lower case.

    >>> [canonical_tag(t) for t in ("zh-hans", "EN-gb", "zh-latn-pinyin", "en-x-ab")]
    ['zh-Hans', 'en-GB', 'zh-Latn-pinyin', 'en-x-ab']
    """
    parts = tag.lower().split("-")
    out = [parts[0]]
    for part in parts[1:]:
        if len(out[-1]) == 1:  # a singleton: the rest is an extension or private use
            out.extend(parts[len(out):])
            break
        out.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part)
    return "-".join(out)


# A string literal as Oxigraph writes it in Turtle, TriG, N-Triples and N-Quads (always with
# single double quotes, inner quotes and line breaks escaped), with its language tag if any.
# IRIs, prefixed names and blank node labels never contain '"', so scanning from the start of
# the text meets every literal at its opening quote.
_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"(?:@([A-Za-z0-9-]+))?')
_XML_LANG = re.compile(r'xml:lang="([^"]*)"')


def restore_tags(text: str) -> str:
    r"""Language tags in RFC 5646 case in Oxigraph's output (every literal is scanned from its
    opening quote, so a quote inside a literal is never taken for the end of one).

    >>> print(restore_tags(r'<a> <b> "say \"x\"@zh-hans" , "y"@zh-latn-pinyin .'))
    <a> <b> "say \"x\"@zh-hans" , "y"@zh-Latn-pinyin .
    """
    if '"@' not in text:
        return text

    def fix(match: re.Match) -> str:
        if match.group(1) is None:
            return match.group(0)
        return match.group(0)[: match.start(1) - match.start(0)] + canonical_tag(match.group(1))

    return _LITERAL.sub(fix, text)


def parse_lines(lines, fmt=ox.RdfFormat.N_TRIPLES):
    """Oxigraph triples (or quads) of N-Triples (N-Quads) lines."""
    data = "".join(lines).encode("utf-8")
    return ox.parse(data, format=fmt) if data else iter(())


def quads_of(graph: str, lines) -> list[ox.Quad]:
    """The statements of ``lines`` as Oxigraph quads in the named graph ``graph``."""
    name = ox.NamedNode(graph)
    return [ox.Quad(t.subject, t.predicate, t.object, name) for t in parse_lines(lines)]


def _strip_prefixes(text: str) -> str:
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix "))
    return restore_tags(body).strip("\n") + "\n" if body.strip() else ""


def turtle_chunk(lines) -> str:
    """Turtle statements (no prefix declarations) for sorted N-Triples lines."""
    if not lines:
        return ""
    text = ox.serialize(parse_lines(lines), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return _strip_prefixes(text.decode("utf-8"))


def trig_chunk(graph: str, lines) -> str:
    """One TriG graph block (no prefix declarations) for sorted N-Triples lines."""
    if not lines:
        return ""
    text = ox.serialize(quads_of(graph, lines), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    return _strip_prefixes(text.decode("utf-8"))


def turtle_document(chunks) -> bytes:
    """A Turtle (or TriG) file: every project prefix declared, then the chunks in order."""
    return (turtle_prefixes() + "\n" + "".join(chunks)).encode("utf-8")


_RDFXML_OPEN = re.compile(r"^<\?xml[^>]*\?>\s*<rdf:RDF[^>]*>\n?", re.S)
RDFXML_FOOTER = "</rdf:RDF>\n"


def _rdfxml_header() -> str:
    text = ox.serialize([], format=ox.RdfFormat.RDF_XML, prefixes=PREFIXES).decode("utf-8")
    match = _RDFXML_OPEN.match(text)
    return match.group(0).rstrip("\n") + "\n" if match else text


RDFXML_HEADER = _rdfxml_header()


def rdfxml_chunk(lines) -> str:
    """The ``rdf:Description`` elements of sorted N-Triples lines (no XML envelope): every
    chunk's namespaces are declared in the shared header, others on the element itself."""
    if not lines:
        return ""
    text = ox.serialize(parse_lines(lines), format=ox.RdfFormat.RDF_XML,
                        prefixes=PREFIXES).decode("utf-8")
    match = _RDFXML_OPEN.match(text)
    if match is None or match.group(0).rstrip("\n") + "\n" != RDFXML_HEADER:
        raise RuntimeError("Oxigraph's RDF/XML header changed: chunks cannot be assembled")
    body = text[match.end():]
    body = body[: body.rindex("</rdf:RDF>")]
    return _XML_LANG.sub(lambda m: f'xml:lang="{canonical_tag(m.group(1))}"', body)


def rdfxml_document(chunks) -> bytes:
    return (RDFXML_HEADER + "".join(chunks) + RDFXML_FOOTER).encode("utf-8")
