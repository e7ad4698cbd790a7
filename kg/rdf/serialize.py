"""Deterministic serialisations, written by Oxigraph: the same graph always gives the same bytes.

rdflib's own serialisers cost seconds per hundred thousand triples (several minutes for a
million), so the graph is converted once to Oxigraph terms (:func:`to_oxigraph_quads`), sorted,
and written by Oxigraph's Rust serialisers, which group the statements of a subject. Oxigraph
lowercases language tags (``zh-Hans`` → ``zh-hans``, allowed by RDF 1.1 since tags compare
case-insensitively); the tags are written back in the case RFC 5646 recommends (``zh-Hans``,
``zh-Latn-pinyin``), the spelling the curation uses. Blank nodes come only
from the ontology's RDF lists, which :func:`kg.rdf.ontology.load_ontology` relabels canonically,
so their labels are stable too.

>>> from rdflib import Graph, Literal
>>> from kg.namespaces import KG, KGR
>>> g = Graph(); _ = g.add((KGR.b, KG.unit, Literal("元", lang="zh-Hans")))
>>> _ = g.add((KGR.a, KG.unit, Literal("名")))
>>> print(turtle_bytes(g).decode().split("\\n\\n", 1)[1].strip())
kgr:a kg:unit "名" .
kgr:b kg:unit "元"@zh-Hans .
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.namespaces import PREFIXES

__all__ = ["Statements", "parse_ntriples", "turtle_bytes", "trig_bytes", "ntriples_bytes", "nquads_bytes", "rdfxml_bytes",
           "to_oxigraph_quads", "to_oxigraph_triples"]


def _canonical_tag(tag: str) -> str:
    """A language tag in the case RFC 5646 (section 2.1.1) recommends: ``zh-hans`` → ``zh-Hans``,
    ``en-gb`` → ``en-GB``, ``zh-latn-pinyin`` → ``zh-Latn-pinyin``; after a singleton
    (``x-…``) everything stays lower case.

    >>> [_canonical_tag(t) for t in ("zh-hans", "EN-gb", "zh-latn-pinyin", "en-x-ab")]
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


class _Converter:
    """rdflib terms → Oxigraph terms, each distinct term converted once."""

    def __init__(self) -> None:
        self.terms: dict = {}

    def __call__(self, term):
        converted = self.terms.get(term)
        if converted is None:
            converted = self.terms[term] = self._convert(term)
        return converted

    @staticmethod
    def _convert(term):
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
            return ox.Literal(str(term))
        raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def parse_ntriples(data: str) -> Graph:
    """An rdflib graph of N-Triples text, parsed by Oxigraph (about twice as fast as rdflib's own
    parser); language tags come back in RFC 5646 case.

    >>> g = parse_ntriples('<https://x.org/a> <https://x.org/p> "名"@zh-Hans .\\n')
    >>> next(iter(g))[2].language
    'zh-Hans'
    """
    terms: dict = {}

    def convert(term):
        converted = terms.get(term)
        if converted is None:
            if isinstance(term, ox.NamedNode):
                converted = URIRef(term.value)
            elif isinstance(term, ox.BlankNode):
                converted = BNode(term.value)
            elif term.language:
                converted = Literal(term.value, lang=_canonical_tag(term.language))
            elif term.datatype.value == _XSD_STRING:
                converted = Literal(term.value)
            else:
                converted = Literal(term.value, datatype=URIRef(term.datatype.value))
            terms[term] = converted
        return converted

    graph = Graph()
    graph.addN((convert(t.subject), convert(t.predicate), convert(t.object), graph)
               for t in ox.parse(data.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    return graph


def to_oxigraph_triples(graph: Graph) -> list[ox.Triple]:
    """The triples of ``graph`` as Oxigraph triples, in sorted order.

    >>> from rdflib import Graph, Literal
    >>> from kg.namespaces import KG, KGR
    >>> g = Graph(); _ = g.add((KGR.a, KG.unit, Literal("名")))
    >>> to_oxigraph_triples(g)[0].object
    <Literal value=名 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    """
    convert = _Converter()
    return sorted((ox.Triple(convert(s), convert(p), convert(o)) for s, p, o in graph), key=_triple_key)


def to_oxigraph_quads(dataset: Dataset, *, ordered: bool = True) -> list[ox.Quad]:
    """Every statement of the named graphs of ``dataset`` as Oxigraph quads, sorted by graph IRI
    then statement unless ``ordered`` is false (the default graph is left out, as in the build's
    files)."""
    convert = _Converter()
    quads = [ox.Quad(convert(s), convert(p), convert(o), ox.NamedNode(str(g)))
             for s, p, o, g in dataset.quads((None, None, None, None))
             if isinstance(g, URIRef) and g != DATASET_DEFAULT_GRAPH_ID]
    return sorted(quads, key=_quad_key) if ordered else quads


def _triple_key(triple) -> tuple[str, str, str]:
    return str(triple.subject), triple.predicate.value, str(triple.object)


def _quad_key(quad) -> tuple[str, str, str, str]:
    return quad.graph_name.value, str(quad.subject), quad.predicate.value, str(quad.object)


class Statements:
    """A dataset converted once to Oxigraph terms: the quads of its named graphs, and the merged
    graph (each triple once), both sorted. The build writes every syntax from one conversion.

    (An Oxigraph *store* is no substitute: it keeps values, not lexical forms, so a literal typed
    ``xsd:nonNegativeInteger`` would come back as ``xsd:integer``.)

    >>> from rdflib import Dataset, Literal
    >>> from kg.namespaces import KG, KGR, GRAPH
    >>> ds = Dataset()
    >>> for name in ("a", "b"): _ = ds.graph(GRAPH[name]).add((KGR.x, KG.unit, Literal("名")))
    >>> statements = Statements.from_dataset(ds)
    >>> len(statements.quads), len(statements.triples)
    (2, 1)
    """

    def __init__(self, quads: list[ox.Quad]) -> None:
        self.quads = sorted(quads, key=_quad_key)
        self.triples = sorted({q.triple for q in self.quads}, key=_triple_key)

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> "Statements":
        return cls(to_oxigraph_quads(dataset, ordered=False))


def _triples(source: Graph | Statements) -> list[ox.Triple]:
    return source.triples if isinstance(source, Statements) else to_oxigraph_triples(source)


def _quads(source: Dataset | Statements) -> list[ox.Quad]:
    return source.quads if isinstance(source, Statements) else to_oxigraph_quads(source)


# A string literal as Oxigraph writes it in Turtle, TriG, N-Triples and N-Quads (always with
# single double quotes, inner quotes and line breaks escaped), with its language tag if any.
# IRIs, prefixed names and blank node labels never contain '"', so scanning from the start of
# the text meets every literal at its opening quote.
_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"(?:@([A-Za-z0-9-]+))?')
_XML_LANG = re.compile(r'xml:lang="([^"]*)"')


def _restore_tags(text: str) -> str:
    r"""Language tags in RFC 5646 case in Oxigraph's output (every literal is scanned from its
    opening quote, so a quote inside a literal is never taken for the end of one).

    >>> print(_restore_tags(r'<a> <b> "say \"x\"@zh-hans" , "y"@zh-latn-pinyin .'))
    <a> <b> "say \"x\"@zh-hans" , "y"@zh-Latn-pinyin .
    """
    if '"@' not in text:
        return text

    def fix(match: re.Match) -> str:
        if match.group(1) is None:
            return match.group(0)
        return match.group(0)[: match.start(1) - match.start(0)] + _canonical_tag(match.group(1))

    return _LITERAL.sub(fix, text)


def _prefix_block() -> str:
    return "".join(f"PREFIX {p}: <{uri}>\n" for p, uri in sorted(PREFIXES.items()))


def _write(statements: Iterable, fmt: ox.RdfFormat) -> str:
    text = ox.serialize(statements, format=fmt, prefixes=PREFIXES).decode("utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix "))
    return _restore_tags(body).strip("\n") + "\n"


def turtle_bytes(source: Graph | Statements) -> bytes:
    """Turtle of a graph (or of the merged graph of ``Statements``) with every project prefix
    declared, statements in sorted order."""
    return (_prefix_block() + "\n" + _write(_triples(source), ox.RdfFormat.TURTLE)).encode("utf-8")


def trig_bytes(source: Dataset | Statements) -> bytes:
    """TriG with one block per named graph, graphs in IRI order (the default graph is left out)."""
    return (_prefix_block() + "\n" + _write(_quads(source), ox.RdfFormat.TRIG)).encode("utf-8")


def _sorted_lines(text: str) -> bytes:
    return ("\n".join(sorted(line for line in text.splitlines() if line.strip())) + "\n").encode("utf-8")


def ntriples_bytes(source: Graph | Statements) -> bytes:
    """N-Triples, one statement per line, sorted."""
    return _sorted_lines(_restore_tags(ox.serialize(_triples(source), format=ox.RdfFormat.N_TRIPLES).decode()))


def nquads_bytes(source: Dataset | Statements) -> bytes:
    """N-Quads of every named graph, one statement per line, sorted."""
    return _sorted_lines(_restore_tags(ox.serialize(_quads(source), format=ox.RdfFormat.N_QUADS).decode()))


def rdfxml_bytes(source: Graph | Statements) -> bytes:
    """RDF/XML for older tools, with the project prefixes, statements in sorted order."""
    text = ox.serialize(_triples(source), format=ox.RdfFormat.RDF_XML, prefixes=PREFIXES).decode("utf-8")
    return _XML_LANG.sub(lambda m: f'xml:lang="{_canonical_tag(m.group(1))}"', text).encode("utf-8")
