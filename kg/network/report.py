"""Centrality results as rows, and rows as a table, CSV or JSON.

>>> header, rows = ["rank", "label"], [[1, "李曦"]]
>>> print(render_rows(header, rows, "csv"), end="")
rank,label
1,李曦
"""

from __future__ import annotations

import csv
import io
import json

import networkx as nx

from kg.network.centrality import Scores, rank
from kg.namespaces import short_iri

__all__ = ["centrality_rows", "render_rows"]


def centrality_rows(graph: nx.Graph, scores: Scores, metrics: list[str], *, cls=None, top=None):
    """Rows ranked by the first metric, with every requested metric as a column."""
    header = ["rank", "entity", "label", "label_en", "class", *metrics]
    rows = []
    for item in rank(graph, scores, metrics[0], cls=cls, top=top):
        data = graph.nodes[item.node]
        rows.append([item.rank, short_iri(item.node), data.get("label", ""), data.get("label_en", ""),
                     data.get("cls", ""), *(round(scores.values[m][item.node], 6) for m in metrics)])
    return header, rows


def render_rows(header: list[str], rows: list[list], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(header, r)) for r in rows], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue()
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for name in header:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(f"{v:.4f}" if isinstance(v, float) else str(v) for v in row))
    console = Console(file=io.StringIO(), width=160)
    console.print(table)
    return console.file.getvalue()
