"""``kg viz``: choose the part of the network to draw, render it, write it as UTF-8."""

from __future__ import annotations

from pathlib import Path

from kg.build.folder import record_output
from kg.errors import KgError
from kg.files import write_text
from kg.network.names import resolve
from kg.network.session import load_network
from kg.views.html import LARGE_GRAPH, class_subgraph, ego_network, render_page

__all__ = ["write_view"]


def write_view(seeds: Path, build_dir: Path, *, focus: str | None = None, depth: int = 2,
               classes=(), lang: str = "zh", size: str = "pagerank",
               output: Path | None = None) -> tuple[Path, str | None]:
    """Write a page; return its path and a warning for large graphs (or ``None``)."""
    network, store, _ = load_network(seeds, build_dir)
    title = "Knowledge graph · 知识图谱"
    if focus:
        centre = resolve(network, focus)
        network = ego_network(network, centre, depth)
        title = f"{network.nodes[centre]['label']} · {network.nodes[centre]['label_en']} (depth {depth})"
    if classes:
        network = class_subgraph(network, classes)
    if network.number_of_nodes() == 0:
        raise KgError("nothing to draw: no entity matches these options")
    if output is None:
        name = f"focus-{centre.rsplit('/', 1)[-1]}.html" if focus else "graph.html"
        output = Path(build_dir) / name
    write_text(output, render_page(store, network, title=title, lang=lang, size=size))
    if Path(output).resolve().parent == Path(build_dir).resolve():
        record_output(build_dir, Path(output).name)  # so the next build may replace the folder
    warning = None
    if network.number_of_nodes() > LARGE_GRAPH:
        warning = (f"{network.number_of_nodes()} nodes: the page uses precomputed positions and no "
                   "physics; try --focus NAME --depth 2 for a readable view")
    return Path(output), warning
