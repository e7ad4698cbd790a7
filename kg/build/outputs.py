"""Every file of ``build/``, written into the staging folder from the merged corpus.

Whole-graph RDF files are assembled from chunks: the named graphs (``kg.nq``, ``kg.trig``) from
each document's cached chunk plus the four build graphs; the merged graph (``kg.nt``,
``kg.ttl``, ``kg.rdf``, ``kg.jsonld``) as one section of the statements no document owns
(registry, ontology, tenures, analysis, facts about entities, each once) followed by every
document's own statements (its node and its evidence records), document after document. Files
are streamed, one document's chunks in memory at a time.

The store is then made (:mod:`kg.store`): for a first build it is bulk-loaded from ``kg.nq``,
``kg.nt`` and the entailments; afterwards the previous build's store is copied and only what
changed is replaced. The shapes that need the whole graph are checked on it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from kg.build.executors import Background
from kg.build.rdf_files import RDF_FILES, write_rdf_files
from kg.errors import ShapeViolationError, output_error
from kg.rdf.emit import INFERRED_GRAPH, graph_iri

__all__ = ["write_outputs", "RDF_FILES", "INCREMENTAL_LIMIT"]  # RDF_FILES: see kg.build.rdf_files

#: Above this share of documents changed, the store is bulk-loaded afresh rather than updated.
INCREMENTAL_LIMIT = 0.1

def _write(path: Path, data) -> None:
    try:
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    except OSError as err:
        raise output_error(path, err) from err


def _digest(lines) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8"))
    return digest.hexdigest()


def _state(corpus) -> dict:
    state = {"documents": {a.doc_id: a.meta["key"] for a in corpus.artifacts},
             "graphs": {iri: _digest(lines) for iri, lines in sorted(corpus.graphs.items())},
             "shared": _digest(corpus.shared), "inferred": _digest(corpus.inferred),
             "forms": getattr(corpus, "form_keys", {})}
    state["id"] = hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()
    return state


def _make_store(corpus, folder: Path, previous: dict | None, out: Path, cache, state: dict):
    """The store in ``folder/store``; returns the focus of the whole-graph checks (None: all)."""
    from kg.store import create_store

    target = folder / "store"
    incremental = _previous_state(previous, out, cache)
    if incremental is not None:
        focus = _update_store(corpus, target, out / "store", incremental, cache)
        if focus is not None:
            return focus, True
        import shutil

        shutil.rmtree(target, ignore_errors=True)
    inferred = (line for lines in ([a.lines("inferred") for a in corpus.artifacts]
                                   + [corpus.inferred]) for line in lines)
    create_store(target, folder / "kg.nq", folder / "kg.nt", inferred)
    return None, False


def _previous_state(previous: dict | None, out: Path, cache):
    if not previous or not cache.enabled:
        return None
    state = previous.get("state") or {}
    if not state.get("id") or not (out / "store" / "CURRENT").is_file():
        return None
    shared = cache.read_bytes(f"state/{state['id']}.shared.nt")
    inferred = cache.read_bytes(f"state/{state['id']}.inferred.nt")
    if shared is None or inferred is None:
        return None
    if _digest(shared.decode("utf-8").splitlines(keepends=True)) != state.get("shared"):
        return None
    return state, shared.decode("utf-8").splitlines(keepends=True), \
        inferred.decode("utf-8").splitlines(keepends=True)


def _update_store(corpus, target: Path, previous_store: Path, incremental, cache):
    """Copy the previous store and apply the changes; ``None`` if something needed is missing
    (the caller then loads the store afresh)."""
    from kg.store import StoreChanges, copy_store

    state, old_shared, old_inferred = incremental
    old_docs = state.get("documents", {})
    new_docs = {a.doc_id: a for a in corpus.artifacts}
    changed = sorted(d for d in set(old_docs) | set(new_docs)
                     if old_docs.get(d) != (new_docs[d].meta["key"] if d in new_docs else None))
    if len(changed) > max(INCREMENTAL_LIMIT * len(new_docs), 10):
        return None  # replacing many graphs one by one costs more than loading them all at once
    old_artifacts = {}
    for doc_id in changed:
        if doc_id in old_docs:
            found = cache.read(old_docs[doc_id], doc_id)
            if found is None:
                return None
            old_artifacts[doc_id] = found
    copy_store(previous_store, target)
    changes = StoreChanges(target)
    focus: set[str] = set()
    try:
        new_global = set(corpus.inferred)
        for doc_id in changed:
            old, new = old_artifacts.get(doc_id), new_docs.get(doc_id)
            changes.replace_graph(graph_iri(doc_id), new.section("nq") if new else b"")
            old_private = set(old.lines("private")) if old else set()
            new_private = set(new.lines("private")) if new else set()
            changes.change(None, old_private - new_private, new_private - old_private)
            old_mine = set(old.lines("inferred")) if old else set()
            new_mine = set(new.lines("inferred")) if new else set()
            changes.change(INFERRED_GRAPH, old_mine - new_mine - new_global, new_mine - old_mine)
            for artifact in (old, new):
                for row in (artifact.facts if artifact else ()):
                    focus.add(row.subject)
                    if row.object.startswith("<"):
                        focus.add(row.object[1:-1])
        old_graphs = state.get("graphs", {})
        for iri, lines in corpus.graphs.items():
            if old_graphs.get(iri) == _digest(lines):
                continue
            old_lines = cache.read_bytes(f"graphs/{old_graphs.get(iri)}.nt")
            if old_lines is None:  # removing a graph costs a lot more than a difference
                term = f"<{iri}>"
                changes.replace_graph(iri, "".join(l[:-2] + term + " .\n" for l in lines).encode())
                continue
            old_set, new_set = set(old_lines.decode("utf-8").splitlines(keepends=True)), set(lines)
            changes.change(iri, old_set - new_set, new_set - old_set)
        old_shared_set, new_shared_set = set(old_shared), set(corpus.shared)
        removed, added = old_shared_set - new_shared_set, new_shared_set - old_shared_set
        changes.change(None, removed, added)
        for line in removed | added:
            focus.update(_iris(line))
        old_global = set(old_inferred)
        gone = old_global - new_global
        changes.change(INFERRED_GRAPH, gone - _owned_lines(corpus, gone), new_global - old_global)
    finally:
        changes.close()
    return focus


def _owned_lines(corpus, lines: set[str]) -> set[str]:
    """Of ``lines``, those some document's own entailments still state (kept in the store)."""
    from kg.build.merge import _owner, owned_prefixes

    owned = owned_prefixes(corpus.artifacts)
    keep = set()
    by_id = {a.doc_id: a for a in corpus.artifacts}
    cache: dict[str, set] = {}
    for line in lines:
        owner = _owner(line.split(" ", 1)[0], owned)
        if owner is not None:
            if owner not in cache:
                cache[owner] = set(by_id[owner].lines("inferred"))
            if line in cache[owner]:
                keep.add(line)
    return keep


def _iris(line: str) -> list[str]:
    from kg.rdf.terms import parse_line

    return [t[1:-1] for t in parse_line(line)[::2] if t.startswith("<")]


def _check_whole_graph(folder: Path, focus) -> None:
    import pyoxigraph as ox

    from kg.rdf.shacl import load_compiled_shapes

    store = ox.Store.read_only(str(folder / "store"))
    violations = load_compiled_shapes().violations(store, per_graph=False, focus=focus)
    del store
    if violations:
        error = ShapeViolationError(
            f"the graph does not conform to ontology/shapes.ttl ({len(violations)} violations; "
            f"first: {violations[0]})", hint="fix the curation so that each listed node conforms")
        error.details = violations
        raise error


def write_outputs(corpus, folder: Path, previous: dict | None, out: Path, cache, clock,
                  summary) -> dict:
    """Write every build file into ``folder``; return the state the next build starts from."""
    clock.stage("outputs")
    cache.used.update(write_rdf_files(corpus, folder, cache))
    clock.done("rdf files")
    clock.stage("store")
    state = _state(corpus)
    focus, incremental = _make_store(corpus, folder, previous, out, cache, state)
    summary.incremental = incremental
    _check_whole_graph(folder, focus)
    for iri, digest in state["graphs"].items():
        if cache.read_bytes(f"graphs/{digest}.nt") is None:
            cache.write_bytes(f"graphs/{digest}.nt", "".join(corpus.graphs[iri]).encode("utf-8"))
    cache.write_bytes(f"state/{state['id']}.shared.nt", "".join(corpus.shared).encode("utf-8"))
    cache.write_bytes(f"state/{state['id']}.inferred.nt", "".join(corpus.inferred).encode("utf-8"))
    clock.done("store")
    clock.stage("tables")
    with Background() as work:  # GraphML and GEXF on the second core, beside tables and pages
        _write_tables(corpus, folder, work)
        clock.done("tables")
        clock.stage("pages")
        from kg.build.pages import write_pages

        write_pages(corpus, folder, cache)
        work.wait()
    clock.done("pages")
    return state


def _labels(corpus) -> dict[str, str]:
    from kg.rdf.emit import entity_iri

    return {entity_iri(e.id): e.label for e in corpus.registry.entities.values()}


def _write_tables(corpus, folder: Path, work) -> None:
    from kg.build.analysis import centrality_table
    from kg.build.report import render_report
    from kg.export.network import export_network
    from kg.export.tables import edges_csv, evidence_csv, mention_counts, nodes_csv, targets_csv

    notations = {iri: notation for (cls, notation), iri in corpus.ontology.concepts.items()}
    exported = export_network(corpus.network, mention_counts(corpus.rows), corpus.scores)
    newest = max((a.meta.get("date", "") for a in corpus.artifacts), default="") or "1970-01-01"
    work.submit(_network_files, exported, folder, newest)
    _write(folder / "centrality.csv", centrality_table(corpus.network, corpus.scores))
    _write(folder / "nodes.csv", nodes_csv(exported))
    _write(folder / "edges.csv", edges_csv(exported))
    _write(folder / "evidence.csv", evidence_csv(corpus.rows))
    _write(folder / "targets.csv", targets_csv(corpus.rows, _labels(corpus), notations))
    _write(folder / "report.md", render_report(corpus.registry, corpus.artifacts, corpus.rows,
                                               corpus.statements, []))


def _network_files(exported, folder: Path, newest: str) -> None:
    """``kg.graphml`` and ``kg.gexf`` (networkx's writers: the slowest tables)."""
    from kg.export.network import gexf_bytes, graphml_bytes

    _write(folder / "kg.graphml", graphml_bytes(exported))
    _write(folder / "kg.gexf", gexf_bytes(exported, newest))

