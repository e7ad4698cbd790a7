"""The embedded query store: an Oxigraph database in ``build/store/``.

It holds one named graph per source document plus ``kgg:registry``, ``kgg:ontology``,
``kgg:tenures`` and ``kgg:analysis``; the merged graph as the store's default graph (the same
statements, each once: Oxigraph's union of named graphs would repeat a statement that two
documents make); and the entailments in the named graph ``kgg:inferred``. ``kg query`` opens it
read-only. Plain queries run on the default graph; ``--infer`` adds ``kgg:inferred``.

A first build bulk-loads the files the build wrote (:func:`create_store`). A later build copies
the previous build's store (RocksDB hard links: instant, and the previous build stays intact
until the new one is swapped in) and applies only the changes (:class:`StoreChanges`).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "g.nq").write_text("<https://x.org/a> <https://x.org/p> <https://x.org/b> <https://w3id.org/localgov-kg/graph/doc> .\\n")
97
>>> (folder / "d.nt").write_text("<https://x.org/a> <https://x.org/p> <https://x.org/b> .\\n")
56
>>> create_store(folder / "store", folder / "g.nq", folder / "d.nt", [])
>>> store = open_store(folder / "store")
>>> [g.value for g in asserted_graphs(store)], len(store)
(['https://w3id.org/localgov-kg/graph/doc'], 2)
"""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError, output_error
from kg.namespaces import GRAPH

__all__ = ["INFERRED_GRAPH", "create_store", "copy_store", "open_store", "asserted_graphs",
           "StoreChanges", "memory_store"]

INFERRED_GRAPH = ox.NamedNode(str(GRAPH["inferred"]))


def _bytes(lines) -> bytes:
    return "".join(lines).encode("utf-8")


def create_store(folder: Path, quads: Path, merged: Path, inferred_lines) -> None:
    """A new on-disk store in ``folder`` (which must not exist): the named graphs from an N-Quads
    file, the merged graph from an N-Triples file, and the entailments."""
    try:
        store = ox.Store(str(folder))
        store.bulk_load(path=str(quads), format=ox.RdfFormat.N_QUADS)
        store.bulk_load(path=str(merged), format=ox.RdfFormat.N_TRIPLES,
                        to_graph=ox.DefaultGraph())
        data = _bytes(inferred_lines)
        if data:
            store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=INFERRED_GRAPH)
        store.flush()  # bulk loading writes sorted tables: no compaction (optimize) is needed
    except OSError as err:
        raise output_error(folder, err) from err
    finally:
        store = None
        gc.collect()  # the database closes when the last reference goes


def copy_store(source: Path, target: Path) -> None:
    """A copy of the store in ``source`` at ``target`` (hard links where possible)."""
    try:
        ox.Store.read_only(str(source)).backup(str(target))
    except OSError as err:
        raise output_error(target, err) from err
    gc.collect()


class StoreChanges:
    """Changes applied to a writable on-disk store (a copy of the previous build's)."""

    def __init__(self, folder: Path) -> None:
        try:
            self.store = ox.Store(str(folder))
        except OSError as err:
            raise output_error(folder, err) from err

    def replace_graph(self, graph: str, nquads: bytes) -> None:
        """The named graph ``graph`` replaced by the statements of ``nquads`` (N-Quads in it)."""
        self.store.remove_graph(ox.NamedNode(graph))
        if nquads:
            self.store.load(nquads, format=ox.RdfFormat.N_QUADS)

    def remove_graph(self, graph: str) -> None:
        self.store.remove_graph(ox.NamedNode(graph))

    def change(self, graph, removed, added) -> None:
        """Remove, then add, N-Triples lines in ``graph`` (``None``: the default graph)."""
        target = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
        for line_set, operation in ((removed, self.store.remove), (added, None)):
            data = _bytes(sorted(line_set))
            if not data:
                continue
            if operation is None:
                self.store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
            else:
                for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
                    operation(ox.Quad(triple.subject, triple.predicate, triple.object, target))

    def close(self) -> None:
        self.store.flush()
        self.store = None
        gc.collect()


def memory_store(nquads: bytes, merged: bytes = b"") -> ox.Store:
    """An in-memory store of N-Quads (named graphs) and N-Triples (the default graph)."""
    store = ox.Store()
    if nquads:
        store.load(nquads, format=ox.RdfFormat.N_QUADS)
    if merged:
        store.load(merged, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    return store


def open_store(folder: Path, *, memory: bool = False) -> ox.Store:
    """Open the store read-only; fail with a clear message if it is missing.

    With ``memory``, the whole store is copied into an in-memory Oxigraph store first: this takes
    as much RAM as the data and some seconds per million quads, after which queries run about
    four times faster than on the on-disk database: the choice for a notebook or any session that
    runs many queries. Nothing is written back either way.
    """
    if not (Path(folder) / "CURRENT").is_file():
        raise KgError(f"no query store at {folder}", hint="run `kg build` first")
    try:
        disk = ox.Store.read_only(str(folder))
    except OSError as err:
        raise KgError(f"cannot open the query store at {folder}: {err}",
                      hint="rebuild it with `kg build`") from err
    if not memory:
        return disk
    copy = ox.Store()
    copy.bulk_extend(disk.quads_for_pattern(None, None, None, None))
    return copy


def asserted_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """Every named graph except the materialised entailments (the sources), in IRI order."""
    return sorted((g for g in store.named_graphs() if g != INFERRED_GRAPH), key=lambda g: g.value)
