"""What the graph page shows: nodes, ties, facts with their citations, documents.

Everything the page shows is gathered into :class:`PageTables` (centrality scores, sources, the
facts with their quotes), made by the build from what its stages recorded, or read from a built
store by :func:`read_tables` for ``kg viz``; then embedded in the page as JSON, so the page needs
no server and no network. Facts carry their citations (quote, document, date) so that a click on
a node or a tie shows the evidence a researcher can cite.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from kg.namespaces import PREFIXES, short_iri
from kg.network.measures import DEFAULT_MEASURE, MEASURES

__all__ = ["PageTables", "StoreTables", "page_data", "read_tables"]

_FACTS = """
SELECT ?s ?p ?o ?quote ?source ?date WHERE {
  ?evidence a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
            prov:wasDerivedFrom ?source .
  OPTIONAL { ?evidence oa:hasTarget/oa:hasSelector/oa:exact ?quote }
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


def _predicate_name(iri: str) -> str:
    return short_iri(iri) if not iri.startswith(PREFIXES["kg"]) else iri[len(PREFIXES["kg"]):]


@dataclass(frozen=True)
class PageTables:
    """What every page shows besides the network: scores (of the ``size`` measure), sources
    (IRI → title, date, whether a document) and the cited facts. Gathered once for all pages."""

    size: str
    scores: dict
    sources: dict
    fact_rows: list  # (s, p, o, quote, source, date): o is an IRI or a literal's lexical form


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
                  row["date"].value if row["date"] else "")
                 for row in store.query(_FACTS, prefixes=PREFIXES)]
    return PageTables(size, scores, sources, fact_rows)


def page_data(network: nx.DiGraph, positions: dict, tables: PageTables) -> dict:
    """The JSON-ready content of a page showing ``network`` (a projection, possibly a subgraph)."""
    scores, sources, size = tables.scores, tables.sources, tables.size
    top = max((scores.get(n, 0.0) for n in network), default=0.0) or 1.0
    facts, by_node, by_edge = [], {n: [] for n in network}, {}
    grouped: dict[tuple, dict] = {}
    for s, p, o, quote, source, date in tables.fact_rows:
        if s not in network and o not in network:
            continue
        fact = grouped.setdefault((s, p, o), {"s": s, "p": _predicate_name(p), "o": o, "cites": set()})
        fact["cites"].add((quote, source, date))
    for key in sorted(grouped):
        fact = grouped[key]
        index = len(facts)
        facts.append({**fact, "cites": sorted(fact["cites"], key=lambda c: (c[2], c[1], c[0]))})
        for end in (fact["s"], fact["o"]):
            if end in by_node:
                by_node[end].append(index)
        if network.has_edge(fact["s"], fact["o"]):
            by_edge.setdefault((fact["s"], fact["o"]), []).append(index)
    nodes = []
    for node, data in network.nodes(data=True):
        documents = sorted({c[1] for i in by_node[node] for c in facts[i]["cites"]
                            if sources.get(c[1], {}).get("document")})
        x, y = positions[node]
        nodes.append({"id": node, "iri": short_iri(node), "cls": data["cls"],
                      "zh": data.get("label", ""), "en": data.get("label_en", ""),
                      "pinyin": data.get("label_pinyin", ""), "hant": data.get("label_zh_hant", ""),
                      "names": list(data.get("names", ())), "docs": documents,
                      "size": round(10 + 30 * scores.get(node, 0.0) / top, 2),
                      "score": round(scores.get(node, 0.0), 6), "facts": by_node[node],
                      "x": round(x, 1), "y": round(y, 1)})
    edges = []
    for s, o, data in network.edges(data=True):
        indices = by_edge.get((s, o), [])
        documents = sorted({c[1] for i in indices for c in facts[i]["cites"]
                            if sources.get(c[1], {}).get("document")})
        edges.append({"id": f"{short_iri(s)}|{short_iri(o)}", "from": s, "to": o,
                      "label": " / ".join(data["predicates"]), "facts": indices, "docs": documents})
    used = {c[1] for f in facts for c in f["cites"]}
    return {"nodes": nodes, "edges": edges, "facts": facts, "size": size,
            "sources": {k: v for k, v in sorted(sources.items()) if k in used}}
