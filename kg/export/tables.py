"""CSV tables for spreadsheets, R and pandas: nodes, edges, evidence, targets.

UTF-8 without a byte-order mark, a header row, one record per line, sorted. Counts agree with
SPARQL on the same build (tests check it).
"""

from __future__ import annotations

import csv
import io

import networkx as nx
import pyoxigraph as ox

from kg.namespaces import PREFIXES
from kg.network.names import short_iri

__all__ = ["TABLES", "nodes_csv", "edges_csv", "evidence_csv", "targets_csv", "mention_counts"]

_EVIDENCE = """
SELECT ?evidence ?s ?p ?o ?source ?kind ?date ?quote ?start ?end WHERE {
  ?evidence a kg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?source .
  BIND(IF(EXISTS { ?source a kg:Document }, "document", "external") AS ?kind)
  OPTIONAL { ?evidence kg:documentDate ?date }
  OPTIONAL { ?evidence oa:hasTarget/oa:hasSelector ?q . ?q oa:exact ?quote }
  OPTIONAL { ?evidence oa:hasTarget/oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end }
}"""
_TARGETS = """
SELECT ?target ?indicator ?owner ?owner_label ?value ?unit ?comparator ?kind ?period ?period_start
       ?period_end ?document ?date ?quote WHERE {
  ?target a kg:Target ; kg:value ?value ; kg:unit ?unit ; kg:figureKind/skos:notation ?kind ;
          skos:prefLabel ?indicator . FILTER(langMatches(lang(?indicator), "zh-Hans"))
  OPTIONAL { ?target kg:comparator/skos:notation ?comparator }
  OPTIONAL { ?target kg:targetOf ?owner . ?owner skos:prefLabel ?owner_label .
             FILTER(langMatches(lang(?owner_label), "zh-Hans")) }
  OPTIONAL { ?target kg:period ?period . ?period kg:startDate ?period_start ; kg:endDate ?period_end }
  ?evidence rdf:subject ?target ; rdf:predicate kg:value ; rdf:object ?value ;
            prov:wasDerivedFrom ?document ; kg:documentDate ?date ; oa:hasTarget/oa:hasSelector/oa:exact ?quote .
}"""


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(sorted(rows))
    return out.getvalue().encode("utf-8")


def _value(term) -> str:
    return "" if term is None else term.value


def mention_counts(store: ox.Store) -> dict[str, tuple[int, int]]:
    """For each entity IRI: evidence records about it, and documents among their sources."""
    counts: dict[str, tuple[set, set]] = {}
    for row in store.query(_EVIDENCE, prefixes=PREFIXES):
        for end in (row["s"], row["o"]):
            if isinstance(end, ox.NamedNode):
                evidence, documents = counts.setdefault(end.value, (set(), set()))
                evidence.add(row["evidence"].value)
                if row["kind"].value == "document":
                    documents.add(row["source"].value)
    return {k: (len(e), len(d)) for k, (e, d) in counts.items()}


def nodes_csv(network: nx.DiGraph) -> bytes:
    """One row per entity: IRI, class, labels, aliases, evidence, documents, centrality."""
    metrics = ["degree", "betweenness", "closeness", "eigenvector", "pagerank"]
    header = ["iri", "id", "class", "label_zh_hans", "label_zh_hant", "label_en", "label_pinyin",
              "names", "evidence", "documents", *metrics]
    rows = [[node, short_iri(node), d["class"], d["label"], d["label_zh_hant"], d["label_en"],
             d["label_pinyin"], d["names"], d["evidence"], d["documents"],
             *(d.get(m, "") for m in metrics)] for node, d in network.nodes(data=True)]
    return _csv(header, rows)


def edges_csv(network: nx.DiGraph) -> bytes:
    """One row per tie and relation: source, target, relation, evidence, documents."""
    rows = [[s, o, relation, d["evidence"], d["documents"]] for s, o, d in network.edges(data=True)
            for relation in d["relation"].split()]
    return _csv(["source", "target", "relation", "evidence", "documents"], rows)


def evidence_csv(store: ox.Store, keep=None, document: str | None = None) -> bytes:
    """One row per evidence record: the fact, its source, date, quote and offsets. ``keep`` and
    ``document`` restrict the rows to some subjects and one source document."""
    rows = []
    for row in store.query(_EVIDENCE, prefixes=PREFIXES):
        if not (keep is None or row["s"].value in keep) or (document and row["source"].value != document):
            continue
        rows.append([row["evidence"].value, row["s"].value, row["p"].value, _value(row["o"]),
                     row["source"].value, row["kind"].value, _value(row["date"]), _value(row["quote"]),
                     _value(row["start"]), _value(row["end"])])
    return _csv(["evidence", "subject", "predicate", "object", "source", "source_kind", "date",
                 "quote", "start", "end"], rows)


def targets_csv(store: ox.Store, keep=None, document: str | None = None) -> bytes:
    """One row per target and source document: owner, indicator, value, unit, comparator,
    kind, period, document, date, quote."""
    rows = []
    for row in store.query(_TARGETS, prefixes=PREFIXES):
        if not (keep is None or row["target"].value in keep) or (document and row["document"].value != document):
            continue
        rows.append([row["target"].value, row["indicator"].value, _value(row["owner"]),
                     _value(row["owner_label"]), row["value"].value, row["unit"].value,
                     _value(row["comparator"]), row["kind"].value, _value(row["period"]),
                     _value(row["period_start"]), _value(row["period_end"]), row["document"].value,
                     row["date"].value, row["quote"].value])
    return _csv(["target", "indicator", "owner", "owner_label", "value", "unit", "comparator",
                 "kind", "period", "period_start", "period_end", "document", "date", "quote"], rows)


TABLES = ("nodes.csv", "edges.csv", "evidence.csv", "targets.csv")
