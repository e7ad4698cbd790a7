"""GraphML and GEXF for Gephi and Cytoscape: the projection with typed attributes.

Nodes carry their class, labels (zh-Hans, zh-Hant, en, pinyin), aliases, the number of evidence
records and documents that mention them, and the five centrality scores (numbers stay numbers);
edges carry the relation, evidence and document counts and the weight.
"""

from __future__ import annotations

import io
import re

import networkx as nx

from kg.network.centrality import Scores

__all__ = ["export_network", "graphml_bytes", "gexf_bytes"]


def export_network(network: nx.DiGraph, mentions: dict[str, tuple[int, int]],
                   centrality: Scores) -> nx.DiGraph:
    """A copy of ``network`` with only GraphML/GEXF-friendly attributes (str, int, float), the
    mention counts and the centrality scores (computed once by the build)."""
    scores = centrality.values
    out = nx.DiGraph()
    for node, data in network.nodes(data=True):
        evidence, documents = mentions.get(node, (0, 0))
        attributes = {"class": data["cls"], "label": data.get("label", ""),
                      "label_zh_hant": data.get("label_zh_hant", ""), "label_en": data.get("label_en", ""),
                      "label_pinyin": data.get("label_pinyin", ""), "names": "; ".join(data.get("names", ())),
                      "evidence": int(evidence), "documents": int(documents)}
        attributes.update({metric: float(round(scores[metric].get(node, 0.0), 6))
                           for metric in scores})
        out.add_node(node, **attributes)
    for s, o, data in network.edges(data=True):
        out.add_edge(s, o, relation=data["predicate"], evidence=int(data["evidence"]),
                     documents=int(data["documents"]), weight=float(data["weight"]))
    return out


def graphml_bytes(graph: nx.DiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buffer.getvalue()


def gexf_bytes(graph: nx.DiGraph, date: str) -> bytes:
    """GEXF 1.2; ``date`` (the newest source document's) replaces today's date in the header, so
    that rebuilds stay byte-identical."""
    buffer = io.BytesIO()
    labelled = nx.relabel_nodes(graph, lambda n: n, copy=True)
    for node, data in labelled.nodes(data=True):
        data["label"] = data.get("label") or node
    nx.write_gexf(labelled, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
    return re.sub(rb'lastmodifieddate="[0-9-]+"', f'lastmodifieddate="{date}"'.encode(),
                  buffer.getvalue(), count=1)
