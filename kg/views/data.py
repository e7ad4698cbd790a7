"""What the graph page shows besides the network: scores, sources, facts with their citations.

Everything is gathered into :class:`PageTables` (centrality scores, sources, the facts with their
quotes and where each quote sits in its document), made by the build from what its stages
recorded, or read from a built store by :func:`read_tables` for ``kg viz``;
:func:`kg.views.content.page_content` then makes the page's JSON from it, so the page needs no
server and no network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox

from kg.namespaces import PREFIXES, short_iri
from kg.network.measures import DEFAULT_MEASURE, MEASURES

__all__ = ["FactIndex", "PageTables", "StoreTables", "read_tables"]

_FACTS = """
SELECT ?s ?p ?o ?quote ?source ?date ?start ?end WHERE {
  ?evidence a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
            prov:wasDerivedFrom ?source .
  OPTIONAL { ?evidence oa:hasTarget/oa:hasSelector/oa:exact ?quote }
  OPTIONAL { ?evidence oa:hasTarget/oa:hasSelector ?position .
             ?position oa:start ?start ; oa:end ?end }
  OPTIONAL { ?evidence kg:documentDate ?date }
}"""
_SOURCES = """
SELECT ?source ?title ?date ?is_document WHERE {
  { ?source a kg:Document . BIND(true AS ?is_document)
    OPTIONAL { ?source dcterms:title ?title . FILTER(!langMatches(lang(?title), "en")) }
    OPTIONAL { ?source schema:datePublished ?date } }
  UNION { ?source a kg:ExternalSource ; rdfs:label ?title . BIND(false AS ?is_document) }
}"""
_SCORES = "SELECT ?node ?score WHERE { ?node kg:%s ?score }"



def _term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    return term.value if isinstance(term, ox.Literal) else str(term)


@dataclass(frozen=True)
class PageTables:
    """What every page shows besides the network: scores (of the ``size`` measure), sources
    (IRI → title, date, whether a document) and the cited facts. Gathered once for all pages."""

    size: str
    scores: dict
    sources: dict
    #: (s, p, o, quote, source, date, start, end): o is an IRI or a literal's lexical form; start
    #: and end are the quote's code-point offsets in the document's text (None if unknown)
    fact_rows: list
    #: name → :func:`kg.text.labels.name_key` of it, filled as pages are made (a build keeps it
    #: in its cache, so that a rebuild does not convert every name with OpenCC again)
    name_keys: dict = field(default_factory=dict)

    @cached_property
    def facts(self) -> FactIndex:
        """The fact rows grouped by fact and indexed by entity, made once for all the pages."""
        return FactIndex.of(self.fact_rows)


@dataclass(frozen=True)
class FactIndex:
    """Each fact ``(s, p, o)`` once, in order (``keys``); its citations (``cites``: lists
    ``[quote number, source number, start, end]`` in date order, ``-1`` for no quote or no
    offsets) with the quotes and sources numbered once for all pages (``quotes``,
    ``sources``); for each entity the positions of the facts that name it (``by_node``).

    >>> index = FactIndex.of([("a", "p", "b", "q", "d1", "2021-01-01", 0, 1),
    ...                       ("a", "p", "b", "q", "d2", "2020-01-01", None, None)])
    >>> index.keys, index.cites, index.quotes, index.sources, index.by_node
    ([('a', 'p', 'b')], [[[0, 1, -1, -1], [0, 0, 0, 1]]], ['q'], ['d1', 'd2'], {'a': [0], 'b': [0]})
    """

    keys: list
    cites: list
    quotes: list
    sources: list
    by_node: dict

    @classmethod
    def of(cls, rows) -> FactIndex:
        grouped: dict[tuple, set] = {}
        for row in rows:
            s, p, o, quote, source, date = row[:6]
            start, end = (row[6], row[7]) if len(row) > 7 else (None, None)
            grouped.setdefault((s, p, o), set()).add(
                (date, source, quote, -1 if start is None else start, -1 if end is None else end))
        keys = sorted(grouped)
        quotes = sorted({c[2] for found in grouped.values() for c in found if c[2]})
        sources = sorted({c[1] for found in grouped.values() for c in found})
        quote_number = {q: i for i, q in enumerate(quotes)}
        source_number = {s: i for i, s in enumerate(sources)}
        cites = [[[quote_number[q] if q else -1, source_number[source], start, end]
                  for _, source, q, start, end in sorted(grouped[k])] for k in keys]
        by_node: dict[str, list[int]] = {}
        for position, (s, _, o) in enumerate(keys):
            by_node.setdefault(s, []).append(position)
            if o != s:
                by_node.setdefault(o, []).append(position)
        return cls(keys, cites, quotes, sources, by_node)


StoreTables = PageTables


def read_tables(store: ox.Store, size: str = DEFAULT_MEASURE) -> PageTables:
    """The tables of a built store (``kg viz``)."""
    scores = {row["node"].value: float(row["score"].value)
              for row in store.query(_SCORES % MEASURES[size].property, prefixes=PREFIXES)}
    sources = {}
    for row in store.query(_SOURCES, prefixes=PREFIXES):
        sources[row["source"].value] = {
            "title": row["title"].value if row["title"] else short_iri(row["source"].value),
            "date": row["date"].value if row["date"] else "", "document": row["is_document"].value == "true"}
    fact_rows = [(row["s"].value, row["p"].value, _term(row["o"]),
                  row["quote"].value if row["quote"] else "", row["source"].value,
                  row["date"].value if row["date"] else "",
                  int(row["start"].value) if row["start"] else None,
                  int(row["end"].value) if row["end"] else None)
                 for row in store.query(_FACTS, prefixes=PREFIXES)]
    return PageTables(size, scores, sources, fact_rows)
