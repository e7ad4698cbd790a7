"""The centrality scores ``kg build`` publishes: a CSV table and RDF triples.

Scores are computed on the default projection, rounded to six decimals (so rebuilds are
byte-identical), and stated with one datatype property per measure in the named graph
``kgg:analysis``, so that SPARQL can sort by them::

    SELECT ?o ?score WHERE { ?o a kg:Official ; kg:betweennessCentrality ?score } ORDER BY DESC(?score)
"""

from __future__ import annotations

from decimal import Decimal

import networkx as nx
from rdflib import Graph, URIRef

from kg.curation.load import decimal_literal
from kg.errors import KgError
from kg.namespaces import KG
from kg.network.centrality import METRICS, Scores, compute_centrality
from kg.network.report import centrality_rows, render_rows

__all__ = ["PROPERTIES", "publish_centrality"]

PROPERTIES = {"degree": KG.degreeCentrality, "betweenness": KG.betweennessCentrality,
              "closeness": KG.closenessCentrality, "eigenvector": KG.eigenvectorCentrality,
              "pagerank": KG.pageRank}


def publish_centrality(network: nx.DiGraph) -> tuple[Graph, str, dict[str, str]]:
    """``(triples, csv_text, notes)`` for every measure that can be computed on ``network``.

    ``notes`` says which measures are approximate or were left out, and why.
    """
    scores, notes = Scores(), {}
    for metric in METRICS:
        try:
            one = compute_centrality(network, [metric])
        except KgError as err:
            notes[metric] = f"left out: {err.message}"
            continue
        scores.values.update(one.values)
        scores.approximate.update(one.approximate)
    metrics = list(scores.values)
    notes.update({m: f"approximate: {how}" for m, how in scores.approximate.items()})
    triples = Graph()
    for metric in metrics:
        for node, score in scores.values[metric].items():
            triples.add((URIRef(node), PROPERTIES[metric],
                         decimal_literal(Decimal(f"{score:.6f}"))))
    order = sorted(metrics, key=lambda m: m != "pagerank")  # ranked by PageRank when present
    header, rows = centrality_rows(network, scores, order)
    return triples, render_rows(header, rows, "csv"), notes
