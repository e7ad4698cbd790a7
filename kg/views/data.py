"""What the graph page shows besides the network: scores, sources, facts with their citations.

Everything is gathered into :class:`PageTables` (centrality scores, sources, the facts with their
quotes and where each quote sits in its document), made by the build from what its stages
recorded, or read from a built store by :func:`read_tables` for ``kg viz``;
:func:`kg.views.content.page_content` then makes the page's JSON from it, so the page needs no
server and no network.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import PREFIXES, short_iri
from kg.network.measures import DEFAULT_MEASURE, MEASURES

__all__ = ["PageTables", "StoreTables", "read_tables"]

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
