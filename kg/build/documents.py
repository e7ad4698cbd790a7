"""Per-document work, cached by content hash and run in parallel.

For each document: load and check its YAML against the registry, normalise its text, locate every
quote, emit its named graph, and find how it writes the registry's names in Traditional script.
The result depends only on the document's two files, the registry, the ontology and the tool
version, so it is cached under ``.kg-cache/`` (beside the output folder) by the SHA-256 of those,
and only documents whose key changed are redone, across all cores. Merging and validation follow
in :mod:`kg.build`.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Graph

from kg import __version__
from kg.curation.load import load_checked_document
from kg.curation.yamlio import read_bytes
from kg.curation.quotes import residue_warnings, resolve_quotes
from kg.rdf.emit import ResolvedDocument, document_graph, traditional_forms
from kg.rdf.ontology import load_ontology
from kg.rdf.serialize import ntriples_bytes, parse_ntriples
from kg.resources import ontology_dir

__all__ = ["DocumentResult", "process_documents", "registry_digest"]

#: Below this many documents to redo, work runs in this process (starting workers costs more).
PARALLEL_THRESHOLD = 16


@dataclass(frozen=True)
class DocumentResult:
    doc_id: str
    graph: Graph
    forms: dict
    cached: bool
    warnings: tuple[str, ...] = ()


def registry_digest(seeds: Path) -> str:
    """SHA-256 of everything a document's result depends on besides its own files."""
    digest = hashlib.sha256(__version__.encode())
    for base, pattern in ((Path(seeds), "sources.yaml"), (Path(seeds) / "entities", "*.yaml"),
                          (ontology_dir(), "kg.ttl")):
        for path in sorted(base.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + read_bytes(path) + b"\0")
    return digest.hexdigest()


def _key(yaml_path: Path, registry: str) -> str:
    digest = hashlib.sha256(registry.encode())
    for path in (yaml_path, yaml_path.with_suffix(".txt")):
        exists = path.exists() or path.is_symlink()
        digest.update(read_bytes(path) if exists else b"<missing>")
    return digest.hexdigest()


_ENTITIES: dict = {}


def _init_worker(entities: dict) -> None:
    _ENTITIES.clear()
    _ENTITIES.update(entities)


def _process(yaml_path: str) -> tuple[str, str, dict, list[str]]:
    """Worker: one document from its files to (doc id, N-Triples of its graph, Traditional forms,
    warnings)."""
    ontology = load_ontology()
    curation = load_checked_document(Path(yaml_path), _ENTITIES, ontology)
    text, quotes = resolve_quotes(curation)
    resolved = ResolvedDocument(curation, text, tuple(quotes))
    graph = document_graph(resolved, ontology)
    return (curation.meta.id, ntriples_bytes(graph).decode("utf-8"),
            traditional_forms(resolved, _ENTITIES), residue_warnings(curation, text))


def _graph(ntriples: str) -> Graph:
    return parse_ntriples(ntriples)


def process_documents(seeds: Path, entities: dict, cache_dir: Path | None, *, workers: int | None = None,
                      progress=None) -> list[DocumentResult]:
    """Every document's result, in document-id order; cache hits are read, misses computed
    (in parallel when there are many). ``progress(done, total)`` is called as documents finish."""
    paths = sorted((Path(seeds) / "documents").glob("*.yaml"))
    registry = registry_digest(seeds)
    results: dict[str, tuple] = {}
    warnings_seen: list[str] = []
    todo = []
    for path in paths:
        key = _key(path, registry)
        entry = cache_dir / f"{key}.json" if cache_dir else None
        cached = _read_cache(entry) if entry is not None else None
        if cached is None and entry is not None and entry.exists():
            warnings_seen.append(f"{entry}: unreadable cache entry (truncated or corrupt) for "
                                 f"{path.name}: redone (fix: none needed; `kg build --no-cache` "
                                 "ignores the cache)")
        if cached is not None:
            results[str(path)] = (cached["id"], cached["nt"], cached["forms"], True,
                                  tuple(cached["warnings"]))
            if progress:
                progress(len(results), len(paths))
        else:
            todo.append((path, entry))
    workers = workers or os.cpu_count() or 1
    if len(todo) >= PARALLEL_THRESHOLD and workers > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                 initargs=(entities,)) as pool:
            computed = pool.map(_process, [str(p) for p, _ in todo], chunksize=4)
            _collect(todo, computed, results, progress, len(paths))
    else:
        _init_worker(entities)
        _collect(todo, (_process(str(p)) for p, _ in todo), results, progress, len(paths))
    found = [DocumentResult(results[str(p)][0], _graph(results[str(p)][1]), results[str(p)][2],
                            results[str(p)][3], results[str(p)][4]) for p in paths]
    if warnings_seen and found:  # reported with the first document's warnings
        found[0] = replace(found[0], warnings=(*warnings_seen, *found[0].warnings))
    return found


def _read_cache(entry: Path):
    """A cache entry, or ``None`` when it is missing or cannot be read (truncated, corrupt): a
    cache entry that cannot be read is a miss, never a failure."""
    try:
        cached = json.loads(entry.read_text(encoding="utf-8"))
        if not {"id", "nt", "forms", "warnings"} <= set(cached):
            return None
        _graph(cached["nt"])  # a truncated entry fails to parse here
        return cached
    except (OSError, ValueError, SyntaxError):
        return None


def _collect(todo, computed, results, progress, total) -> None:
    for (path, entry), (doc_id, ntriples, forms, warnings) in zip(todo, computed):
        results[str(path)] = (doc_id, ntriples, forms, False, tuple(warnings))
        if entry is not None:
            try:
                entry.parent.mkdir(parents=True, exist_ok=True)
                temporary = entry.with_suffix(".tmp")
                temporary.write_text(json.dumps({"id": doc_id, "nt": ntriples, "forms": forms,
                                                 "warnings": warnings}, ensure_ascii=False),
                                     encoding="utf-8")
                os.replace(temporary, entry)
            except OSError:
                pass  # the cache is an optimisation: a full or read-only disk only slows builds
        if progress:
            progress(len(results), total)
