"""CSV tables for spreadsheets, R and pandas: nodes, edges, evidence, targets.

UTF-8 without a byte-order mark, a header row, one record per line, sorted. They are made from
the fact rows the build records (one per evidence record) and the network; counts agree with
SPARQL on the same build (tests check it).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import networkx as nx

from kg.namespaces import KG, short_iri
from kg.network.measures import NAMES
from kg.rdf.jsonld import unescape

__all__ = ["TABLES", "nodes_csv", "edges_csv", "evidence_csv", "targets_csv", "mention_counts",
           "term_value"]

TABLES = ("nodes.csv", "edges.csv", "evidence.csv", "targets.csv")


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(sorted(rows))
    return out.getvalue().encode("utf-8")


def term_value(term: str) -> str:
    """An N-Triples term's value: an IRI, or a literal's lexical form.

    >>> term_value('<https://x.org/a>'), term_value('"15000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    ('https://x.org/a', '15000.0')
    """
    if term.startswith("<"):
        return term[1:-1]
    return unescape(term[1:term.rindex('"')])


def mention_counts(rows) -> dict[str, tuple[int, int]]:
    """For each entity IRI: evidence records about it, and documents among their sources."""
    counts: dict[str, tuple[set, set]] = {}
    for row in rows:
        ends = [row.subject] + ([row.object[1:-1]] if row.object.startswith("<") else [])
        for end in ends:
            evidence, documents = counts.setdefault(end, (set(), set()))
            evidence.add(row.evidence)
            if row.date:
                documents.add(row.source)
    return {k: (len(e), len(d)) for k, (e, d) in counts.items()}


def nodes_csv(network: nx.DiGraph) -> bytes:
    """One row per entity: IRI, class, labels, aliases, evidence, documents, centrality."""
    header = ["iri", "id", "class", "label_zh_hans", "label_zh_hant", "label_en", "label_pinyin",
              "names", "evidence", "documents", *NAMES]
    rows = [[node, short_iri(node), d["class"], d["label"], d["label_zh_hant"], d["label_en"],
             d["label_pinyin"], d["names"], d["evidence"], d["documents"],
             *(d.get(m, "") for m in NAMES)] for node, d in network.nodes(data=True)]
    return _csv(header, rows)


def edges_csv(network: nx.DiGraph) -> bytes:
    """One row per tie and relation: source, target, relation, evidence, documents."""
    rows = [[s, o, relation, d["evidence"], d["documents"]] for s, o, d in network.edges(data=True)
            for relation in d["relation"].split()]
    return _csv(["source", "target", "relation", "evidence", "documents"], rows)


def evidence_csv(rows) -> bytes:
    """One row per evidence record: the fact, its source, date, quote and offsets."""
    return _csv(["evidence", "subject", "predicate", "object", "source", "source_kind", "date",
                 "quote", "start", "end"],
                ([r.evidence, r.subject, r.predicate, term_value(r.object), r.source,
                  "document" if r.date else "external", r.date, r.quote,
                  "" if r.start is None else r.start, "" if r.end is None else r.end]
                 for r in rows))


def targets_csv(rows, labels: dict[str, str], notations: dict[str, str]) -> bytes:
    """One row per target, owner, period and source document stating its value: indicator,
    owner, value, unit, comparator, kind, period (with its dates), document, date, quote.

    ``labels`` maps an entity IRI to its zh-Hans label; ``notations`` a controlled value's IRI
    to its notation (``at-least``, ``goal``).
    """
    facts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        facts[row.subject][row.predicate].append(row)
    out = []
    for target, by_predicate in facts.items():
        values = [r for r in by_predicate.get(str(KG.value), []) if r.date]
        units = {notations.get(term_value(r.object), term_value(r.object))
                 for r in by_predicate.get(str(KG.unit), [])}
        kinds = {notations.get(term_value(r.object), "") for r in by_predicate.get(str(KG.figureKind), [])}
        if not values or not units or not kinds or target not in labels:
            continue
        comparators = {notations.get(term_value(r.object), "")
                       for r in by_predicate.get(str(KG.comparator), [])} or {""}
        owners = {term_value(r.object) for r in by_predicate.get(str(KG.targetOf), [])} or {""}
        periods = {term_value(r.object) for r in by_predicate.get(str(KG.period), [])} or {""}
        for value in values:
            for unit in units:
                for kind in kinds:
                    for comparator in comparators:
                        for owner in owners:
                            for period in periods:
                                start, end = _period_dates(facts.get(period, {}))
                                out.append([target, labels[target], owner, labels.get(owner, ""),
                                            term_value(value.object), unit, comparator, kind,
                                            period if start and end else "", start, end,
                                            value.source, value.date, value.quote])
    return _csv(["target", "indicator", "owner", "owner_label", "value", "unit", "comparator",
                 "kind", "period", "period_start", "period_end", "document", "date", "quote"], out)


def _period_dates(by_predicate) -> tuple[str, str]:
    starts = sorted(term_value(r.object) for r in by_predicate.get(str(KG.startDate), []))
    ends = sorted(term_value(r.object) for r in by_predicate.get(str(KG.endDate), []))
    return (starts[0] if starts else "", ends[0] if ends else "")
