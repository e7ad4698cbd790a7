"""The centrality measures: one registry, read by the computation, the command line, the exports,
the published RDF and the pages.

>>> [m.name for m in MEASURES.values()]
['degree', 'betweenness', 'closeness', 'eigenvector', 'pagerank']
>>> MEASURES["pagerank"].property, DEFAULT_MEASURE
('pageRank', 'pagerank')
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Measure", "MEASURES", "NAMES", "DEFAULT_MEASURE"]


@dataclass(frozen=True)
class Measure:
    name: str       # the name on the command line and in CSV columns
    property: str   # the kg: datatype property that publishes it (graph kgg:analysis)
    label: str
    weighted: bool  # whether the edge weight chosen in the projection counts


MEASURES = {m.name: m for m in (
    Measure("degree", "degreeCentrality", "degree centrality", False),
    Measure("betweenness", "betweennessCentrality", "betweenness centrality", False),
    Measure("closeness", "closenessCentrality", "closeness centrality", False),
    Measure("eigenvector", "eigenvectorCentrality", "eigenvector centrality", True),
    Measure("pagerank", "pageRank", "PageRank", True),
)}
#: The measure names, in the order tables list them.
NAMES = tuple(MEASURES)
#: The measure that ranks tables and sizes nodes on the pages unless told otherwise.
DEFAULT_MEASURE = "pagerank"
