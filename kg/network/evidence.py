"""The quotes and documents that support a tie between two entities."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import KG, PREFIXES

__all__ = ["Citation", "citations"]

_QUERY = """
SELECT ?quote ?title ?date ?document ?source_label WHERE {
  VALUES (?s ?p ?o) { (<%s> <%s> <%s>) }
  ?evidence rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?document .
  OPTIONAL { ?evidence oa:hasTarget/oa:hasSelector/oa:exact ?quote }
  OPTIONAL { ?evidence kg:documentDate ?date }
  OPTIONAL { ?document dcterms:title ?title . FILTER(!langMatches(lang(?title), "en")) }
  OPTIONAL { ?document rdfs:label ?source_label }
}
ORDER BY ?date ?document ?quote"""


@dataclass(frozen=True)
class Citation:
    quote: str | None
    document: str
    title: str
    date: str | None


def citations(store: ox.Store, subject: str, predicate: str, obj: str) -> list[Citation]:
    """Every evidence record for ``subject predicate object`` (predicate: a kg: local name)."""
    iris = (ox.NamedNode(subject).value, ox.NamedNode(str(KG) + predicate).value,
            ox.NamedNode(obj).value)  # NamedNode checks each is a valid IRI
    rows = store.query(_QUERY % iris, prefixes=PREFIXES)
    found, seen = [], set()
    for row in rows:
        item = Citation(row["quote"].value if row["quote"] else None, row["document"].value,
                        (row["title"] or row["source_label"]).value if (row["title"] or row["source_label"]) else "",
                        row["date"].value if row["date"] else None)
        if item not in seen:
            seen.add(item)
            found.append(item)
    return found
