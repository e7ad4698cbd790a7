"""The pages of ``build/``: ``graph.html``, one page per major initiative in ``projects/``, and the
text of every document in ``documents/`` (where the evidence panel opens a quote in its context).

Two things make a rebuild's pages stage short. Layouts are cached by topology (the nodes and ties,
and :data:`kg.views.layout.LAYOUT_VERSION`), as centrality is. And the graph pages themselves are
kept in the build cache under a digest of everything they show: the network with its labels, the
scores, the sources, every fact row with its quote, date and offsets, and the code and templates
that draw them; when a rebuild changes none of it (a document's text edited outside its quotes,
say), the pages are copied from the cache byte for byte instead of being drawn again. Document
pages are always written (each is small).
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from kg.build.outputs import _write

__all__ = ["write_pages", "major_initiatives", "pages_key"]

#: Changes when what the page cache holds changes shape.
PAGES_FORMAT = "pages-1"


def write_pages(corpus, folder: Path, cache=None) -> None:
    """Write the graph pages (from the cache when their inputs are unchanged) and the document
    pages into ``folder``."""
    from kg.export.tables import term_value
    from kg.namespaces import KGR
    from kg.network.measures import DEFAULT_MEASURE
    from kg.rdf.emit import document_iri
    from kg.views.data import PageTables

    sources = {document_iri(a.doc_id): {"title": a.meta.get("title", a.doc_id),
                                        "date": a.meta.get("date", ""), "document": True}
               for a in corpus.artifacts}
    for source in corpus.registry.sources.values():
        sources[f"{KGR}source-{source.id}"] = {"title": source.title, "date": "", "document": False}
    facts = [(r.subject, r.predicate, term_value(r.object), r.quote, r.source, r.date, r.start, r.end)
             for r in corpus.rows]
    scores = corpus.scores.values.get(DEFAULT_MEASURE, {})
    names = f"pages/name-keys-{_name_key_code()}.json"
    known = (cache.read_json(names) if cache is not None else None) or {}
    tables = PageTables(DEFAULT_MEASURE, {n: round(v, 6) for n, v in scores.items()}, sources,
                        facts, dict(known))
    _write_documents(corpus, folder / "documents")
    (folder / "projects").mkdir()
    key = pages_key(corpus.network, tables)
    if not _restore(cache, key, folder):
        written = _draw(corpus.network, tables, folder, cache)
        _keep(cache, key, folder, written)
        if cache is not None and len(tables.name_keys) > len(known):
            cache.write_json(names, tables.name_keys)


def _draw(network, tables, folder: Path, cache) -> list[str]:
    from kg.network.projection import ego_network
    from kg.views.html import render_page

    names = ["graph.html"]
    _write(folder / "graph.html", render_page(network, tables, title="Knowledge graph · 知识图谱",
                                              placed=_layout(network, cache)))
    for initiative in major_initiatives(network):
        ego = ego_network(network, initiative, 2)
        page = render_page(ego, tables, subject=initiative, placed=_layout(ego, cache),
                           documents="../documents/",
                           title=f"{network.nodes[initiative]['label']} · "
                                 f"{network.nodes[initiative]['label_en']}")
        name = f"projects/{initiative.rsplit('/', 1)[-1]}.html"
        _write(folder / name, page)
        names.append(name)
    return names


def _keep(cache, key: str, folder: Path, names: list[str]) -> None:
    if cache is None or not cache.enabled:
        return
    for number, name in enumerate(names):
        cache.write_bytes(f"pages/{key}-{number}.html", (folder / name).read_bytes())
    cache.write_json(f"pages/{key}.json", {"files": names})


def _restore(cache, key: str, folder: Path) -> bool:
    """Copy the pages kept under ``key`` into ``folder``; False (nothing written) if any is
    missing."""
    if cache is None:
        return False
    listed = cache.read_json(f"pages/{key}.json")
    if not listed:
        return False
    found = [cache.read_bytes(f"pages/{key}-{number}.html") for number in range(len(listed["files"]))]
    if any(data is None for data in found):
        return False
    for name, data in zip(listed["files"], found):
        _write(folder / name, data)
    return True


def pages_key(network, tables) -> str:
    """A digest of everything the graph pages show and of the code that draws them.

    >>> import networkx as nx
    >>> from kg.views.data import PageTables
    >>> g = nx.DiGraph([("a", "b")])
    >>> t = PageTables("pagerank", {"a": 0.5}, {}, [("a", "p", "b", "q", "d", "2021-01-01", 0, 1)])
    >>> pages_key(g, t) == pages_key(g, t), pages_key(g, t) == pages_key(nx.DiGraph([("b", "a")]), t)
    (True, False)
    """
    digest = hashlib.sha256(f"{PAGES_FORMAT}\n{_code_digest()}\n".encode())
    for node, data in network.nodes(data=True):
        digest.update(repr((node, sorted(data.items()))).encode())
    for s, o, data in network.edges(data=True):
        digest.update(repr((s, o, sorted(data.items()))).encode())
    digest.update(json.dumps([tables.size, tables.scores, tables.sources], sort_keys=True,
                             ensure_ascii=False).encode())
    for row in tables.fact_rows:
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _code_digest() -> str:
    """The page code and templates (and the version of the pyvis package whose vis-network
    the pages inline)."""
    import kg.views

    folder = Path(kg.views.__file__).parent
    digest = hashlib.sha256(metadata.version("pyvis").encode())
    for path in sorted([*folder.glob("*.py"), *(folder / "templates").iterdir()]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _name_key_code() -> str:
    """The code :func:`kg.text.labels.name_key` runs (and OpenCC's version): the key of the
    cached name keys."""
    import kg.text

    folder = Path(kg.text.__file__).parent
    digest = hashlib.sha256(metadata.version("opencc").encode())
    for name in ("labels.py", "normalize.py"):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:32]


def _layout(network, cache):
    """The page layout of ``network``, from the build cache while its topology is unchanged."""
    from kg.views.layout import LAYOUT_VERSION, Layout, layout

    digest = hashlib.sha256(LAYOUT_VERSION.encode())
    for node in network.nodes:
        digest.update(node.encode() + b"\n")
    for s, o in network.edges:
        digest.update(f"{s}\t{o}\n".encode())
    key = f"layout/{digest.hexdigest()}.json"
    stored = cache.read_json(key) if cache is not None else None
    if stored is not None and len(stored["nodes"]) == network.number_of_nodes():
        return Layout({n: tuple(p) for n, p in zip(stored["nodes"], stored["positions"])},
                      dict(zip(stored["nodes"], stored["communities"])))
    placed = layout(network)
    if cache is not None:
        nodes = list(network.nodes)
        cache.write_json(key, {"nodes": nodes, "positions": [placed.positions[n] for n in nodes],
                               "communities": [placed.communities[n] for n in nodes]})
    return placed


def _write_documents(corpus, folder: Path) -> None:
    from kg.curation.yamlio import read_bytes
    from kg.rdf.emit import document_iri
    from kg.views.content import document_file
    from kg.views.documents import render_document

    folder.mkdir()
    for artifact in corpus.artifacts:
        if not artifact.meta.get("text"):
            continue
        iri = document_iri(artifact.doc_id)
        text = read_bytes(Path(artifact.meta["text"])).decode("utf-8")
        _write(folder / document_file(iri),
               render_document(title=artifact.meta.get("title", artifact.doc_id),
                               date=artifact.meta.get("date", ""), text=text, iri=iri,
                               language=artifact.meta.get("language", "zh")))


def major_initiatives(network) -> list:
    """Components of top-level programmes: initiatives that are part of an initiative which is
    itself part of none (e.g. the six projects of 六大工程)."""
    parents = {o for s, o, d in network.edges(data="predicates") if "partOfInitiative" in d}
    tops = {p for p in parents
            if not any("partOfInitiative" in d for _, _, d in network.out_edges(p, data="predicates"))}
    return sorted({s for s, o, d in network.edges(data="predicates")
                   if "partOfInitiative" in d and o in tops}, key=str)
