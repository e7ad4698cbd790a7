"""The network of the build and its centrality, computed once per build and published.

The network is assembled from the fact rows (:func:`kg.network.projection.assemble_network`);
every measure of :data:`kg.network.measures.MEASURES` is computed once (and reused by the next
build while the network's ties are unchanged), then published as ``build/centrality.csv`` and as
RDF in the named graph ``kgg:analysis``, so that SPARQL can sort by them::

    SELECT ?o ?score WHERE { ?o a kg:Official ; kg:pageRank ?score } ORDER BY DESC(?score)

Scores are rounded to six decimals, so rebuilds are byte-identical.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from decimal import Decimal

import networkx as nx

from kg.namespaces import KG
from kg.network.centrality import Scores, compute_all
from kg.network.measures import DEFAULT_MEASURE, MEASURES
from kg.network.projection import Tie, assemble_network
from kg.rdf.terms import XSD_DECIMAL, iri, literal, triple

__all__ = ["build_network", "analysis_graph", "centrality_table", "ties_of"]

_KG = str(KG)


def ties_of(rows) -> list[Tie]:
    """The ties between entities the fact rows state, with their evidence and document counts."""
    grouped: dict[tuple[str, str, str], list] = defaultdict(list)
    for row in rows:
        if row.object.startswith("<") and row.predicate.startswith(_KG):
            grouped[(row.subject, row.predicate[len(_KG):], row.object[1:-1])].append(row)
    return [Tie(s, p, o, len({r.evidence for r in found}),
                frozenset(r.source for r in found if r.date))
            for (s, p, o), found in sorted(grouped.items())]


def build_network(nodes, rows) -> nx.DiGraph:
    return assemble_network(nodes, ties_of(rows))


def _topology(network: nx.DiGraph) -> str:
    digest = hashlib.sha256()
    for node in network.nodes:
        digest.update(node.encode() + b"\n")
    for s, o, weight in network.edges(data="weight"):
        digest.update(f"{s}\t{o}\t{weight}\n".encode())
    return digest.hexdigest()


def analysis_graph(network: nx.DiGraph, cache=None) -> tuple[Scores, dict, list[str]]:
    """The scores of every measure (from the cache while the network is unchanged), notes on
    approximate or missing measures, and the sorted N-Triples lines of ``kgg:analysis``."""
    key = f"analysis/{_topology(network)}.json"
    stored = cache.read_json(key) if cache is not None else None
    if stored is not None:  # JSON keeps values exactly; the measures in registry order
        scores = Scores({m: stored["values"][m] for m in MEASURES if m in stored["values"]},
                        stored["approximate"])
        notes = stored["notes"]
    else:
        scores, notes = compute_all(network)
        if cache is not None:
            cache.write_json(key, {"values": scores.values, "approximate": scores.approximate,
                                   "notes": notes})
    lines = []
    for metric, values in scores.values.items():
        prop = iri(_KG + MEASURES[metric].property)
        for node, score in values.items():
            text = format(Decimal(f"{score:.6f}"), "f")
            lines.append(triple(iri(node), prop, literal(text, datatype=XSD_DECIMAL)))
    return scores, notes, sorted(lines)


def centrality_table(network: nx.DiGraph, scores: Scores) -> str:
    """``centrality.csv``: every entity with every measure, ranked by PageRank."""
    from kg.network.report import centrality_rows, render_rows

    metrics = sorted((m for m in MEASURES if m in scores.values), key=lambda m: m != DEFAULT_MEASURE)
    header, rows = centrality_rows(network, scores, metrics)
    return render_rows(header, rows, "csv")
