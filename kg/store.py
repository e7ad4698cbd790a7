"""The embedded query store: an Oxigraph database in ``build/store/``.

``kg build`` loads, once: the named graphs (one per document, plus registry and ontology); the
merged graph as the store's default graph (the same triples, each once: Oxigraph's union of named
graphs would repeat a triple that two documents state); and the materialised entailments in the
named graph ``kgg:inferred`` (see :mod:`kg.query.infer`). ``kg query`` opens the store read-only.
Plain queries run on the default graph; ``--infer`` adds ``kgg:inferred``.

>>> import tempfile, pathlib
>>> from rdflib import Dataset
>>> from kg.namespaces import KG, KGR, GRAPH
>>> ds = Dataset(); _ = ds.graph(GRAPH["doc"]).add((KGR.a, KG.holds, KGR.p))
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> write_store(ds, folder)
>>> store = open_store(folder)
>>> [g.value for g in asserted_graphs(store)]
['https://w3id.org/localgov-kg/graph/doc']
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.errors import KgError
from kg.namespaces import GRAPH
from kg.rdf.serialize import to_oxigraph_quads

__all__ = ["INFERRED_GRAPH", "write_store", "open_store", "asserted_graphs", "memory_store"]

INFERRED_GRAPH = ox.NamedNode(str(GRAPH["inferred"]))


def memory_store(dataset: Dataset | Iterable[ox.Quad], *, infer: bool = True) -> ox.Store:
    """An in-memory Oxigraph store holding ``dataset`` (an rdflib dataset, or its named-graph
    quads already converted) and its entailments when ``infer``."""
    from kg.query.infer import materialise

    store = ox.Store()
    store.bulk_extend(to_oxigraph_quads(dataset, ordered=False) if isinstance(dataset, Dataset) else dataset)
    _merge_into_default_graph(store)
    if infer:
        materialise(store)
    return store


def _merge_into_default_graph(store: ox.Store) -> None:
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def write_store(source: Dataset | ox.Store, folder: Path) -> None:
    """Create the on-disk store in ``folder`` (which must not exist) and close it.

    ``source`` is a dataset, or an in-memory store made by :func:`memory_store` (``infer=False``),
    whose default graph is taken to be the merge of its named graphs; the entailments are added to
    that store (in memory, several times faster than on disk) before it is copied.
    """
    from kg.query.infer import materialise

    if not isinstance(source, ox.Store):
        source = memory_store(source, infer=False)
    materialise(source)
    store = ox.Store(str(folder))
    store.bulk_extend(source.quads_for_pattern(None, None, None, None))
    store.flush()
    store.optimize()
    del store
    gc.collect()  # the database closes when the last reference goes


def open_store(folder: Path, *, memory: bool = False) -> ox.Store:
    """Open the store read-only; fail with a clear message if it is missing.

    With ``memory``, the whole store is copied into an in-memory Oxigraph store first: this takes
    as much RAM as the data and some seconds per million quads (20 s for the 1,000-document
    benchmark store), after which queries run about four times faster than on the on-disk
    database: the choice for a notebook or any session that runs many queries. Nothing is
    written back either way.

    >>> import tempfile, pathlib
    >>> from rdflib import Dataset
    >>> from kg.namespaces import KG, KGR, GRAPH
    >>> ds = Dataset(); _ = ds.graph(GRAPH["doc"]).add((KGR.a, KG.holds, KGR.p))
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
    >>> write_store(ds, folder)
    >>> len(open_store(folder, memory=True)) == len(open_store(folder))
    True
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
