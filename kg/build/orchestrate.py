"""``kg build``: seeds → checked documents → the merged graph → store and files, written atomically.

The stages, in order (each named in the progress display):

1. **registry**: the ontology and the entity registry are read and checked;
2. **documents**: each document whose cache key changed goes through the per-document stage
   (:mod:`kg.build.documents`) on the chosen executor; the others come from ``.kg-cache/``;
3. **merge**: the registry graph (with the Traditional forms), the tenures, the shared part of
   the merged graph, the network and its centrality, the merged entailments
   (:mod:`kg.build.merge`);
4. **store**: the previous build's store is copied and only what changed is replaced, or, for a
   first build, the store is bulk-loaded from the files; the shapes that need the whole graph are
   checked on it, restricted to the entities a change touched;
5. **outputs**: every file is written into a staging folder (:mod:`kg.build.outputs`), which is
   swapped in only when everything has succeeded.

A failed build leaves the previous output folder as it was.
"""

from __future__ import annotations

import contextlib
import os
import hashlib
import json
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__
from kg.build import merge
from kg.build.artifacts import Artifact
from kg.build.cache import Cache
from kg.build.documents import WorkerSpec, cache_key, files_digest, process_and_keep
from kg.build.drafts import check_drafts
from kg.rdf.emit import ontology_lines
from kg.build.executors import resolve_executor
from kg.build.folder import (build_lock, check_output_folder, read_manifest, remove_stale_staging,
                             staging_folder, swap_in, write_manifest, written_files)
from kg.build.freshness import input_digests, stale_reason, up_to_date, written_key
from kg.curation.documents import DOCUMENT_ID, check_orphan_texts, document_paths, read_document_text
from kg.curation.ontology import load_ontology
from kg.curation.registry import load_registry
from kg.curation.yamlio import read_bytes
from kg.errors import CurationError, ShapeViolationError
from kg.rdf.emit import (ANALYSIS_GRAPH, ONTOLOGY_GRAPH, REGISTRY_GRAPH, TENURE_GRAPH, FactRow,
                         entity_labels, graph_iri)
from kg.rdf.entailment import Rules
from kg.resources import ontology_dir, tool_digest
from kg.text.html import extractor_version

__all__ = ["BuildResult", "BuildSummary", "build", "input_digests", "stale_reason", "CACHE",
           "RESERVED_GRAPHS"]

#: Folder (beside the output folder) of per-document results and build state.
CACHE = ".kg-cache"
#: Graph names the build uses itself: no document may have these ids.
RESERVED_GRAPHS = ("analysis", "inferred", "ontology", "registry", "tenures")


@dataclass
class BuildSummary:
    documents: int = 0
    changed: int = 0
    cached: int = 0
    statements: int = 0
    incremental: bool = False
    unchanged: bool = False  # nothing to do: the inputs and the tool are those of the last build
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        """``3 documents changed, 997 from cache, 1.8 s`` (and how the store was made)."""
        if self.unchanged:
            return (f"nothing changed since the last build ({self.documents} documents, "
                    f"{self.statements} statements), {self.seconds:.1f} s")
        store = "store updated" if self.incremental else "store loaded"
        return (f"{self.changed} document{'s' if self.changed != 1 else ''} changed, "
                f"{self.cached} from cache, {self.statements} statements, {store}, "
                f"{self.seconds:.1f} s")


@dataclass
class BuildResult:
    out_dir: Path
    files: list[str]
    warnings: list[str]
    summary: BuildSummary


@dataclass
class Corpus:
    """Everything the outputs are made from."""

    ontology: object
    registry: object
    artifacts: list[Artifact]
    graphs: dict[str, list[str]]          # non-document named graphs: IRI → sorted lines
    shared: list[str]                     # merged statements no document owns, sorted
    inferred: list[str]                   # merged entailments besides the documents' own
    rows: list[FactRow]                   # every evidence record (documents, then registry)
    forms: dict[str, str]
    network: object = None
    scores: object = None
    notes: dict = field(default_factory=dict)
    statements: int = 0                   # in the named graphs (documents' and the build's own)


class _Clock:
    def __init__(self, progress) -> None:
        self.start = self.mark = time.perf_counter()
        self.stages: dict[str, float] = {}
        self.progress = progress

    def stage(self, name: str, done: int = 0, total: int = 0) -> None:
        if self.progress:
            self.progress(name, done, total)

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.stages[name] = round(now - self.mark, 3)
        self.mark = now


def build(seeds: Path, out: Path, *, cache: bool = True, executor: str | None = None,
          workers: int | None = None, progress=None, allow_drafts: bool = False) -> BuildResult:
    """Build the graph from ``seeds`` into ``out``; on any error ``out`` is left untouched.

    ``out`` is replaced only if it is a previous build, an empty folder or missing (see
    :mod:`kg.build.folder`). With ``cache``, per-document results are kept in ``.kg-cache/``
    beside ``out``, and the previous build's store is updated rather than rebuilt.
    ``progress(stage, done, total)`` is called as the stages advance. Statements and entities
    still marked ``draft: true`` stop the build (:class:`~kg.errors.DraftError`) unless
    ``allow_drafts``; then they are built, with one warning saying how many.
    """
    seeds, out = Path(seeds), Path(out).absolute()
    check_output_folder(out, seeds)
    clock = _Clock(progress)
    with build_lock(out.parent), _scratch(out.parent, cache) as cache_folder:
        remove_stale_staging(out.parent)
        inputs = input_digests(seeds)
        if allow_drafts:  # a later build without the option must not take this one as up to date
            inputs["option:allow-drafts"] = "yes"
        previous = read_manifest(out) if cache and out.is_dir() else None
        store_cache = Cache(cache_folder, reuse=cache)
        if up_to_date(previous, inputs, out, store_cache):
            return _unchanged(out, previous, clock)
        corpus, summary = _assemble(seeds, store_cache, resolve_executor(executor, workers), clock)
        drafts = check_drafts(corpus.registry, corpus.artifacts, allow_drafts)
        warnings = [*store_cache.warnings, *_warnings(corpus), *drafts]
        staging = staging_folder(out.parent)
        try:
            from kg.build.outputs import write_outputs

            state = write_outputs(corpus, staging, previous, out, store_cache, clock, summary)
            write_manifest(staging, inputs, state, [*_warnings(corpus), *drafts], summary.statements)
            files = sorted(p.name for p in staging.iterdir())
            swap_in(staging, out)
            store_cache.write_json(written_key(out), written_files(out))
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        store_cache.collect(_kept(corpus, state))
    summary.seconds = round(time.perf_counter() - clock.start, 2)
    summary.stages = clock.stages
    return BuildResult(out, files, warnings, summary)


def _unchanged(out: Path, manifest: dict, clock: _Clock) -> BuildResult:
    """The result of a build that had nothing to do: the previous one, its warnings repeated."""
    state = manifest["state"]
    documents = len(state.get("documents", {}))
    summary = BuildSummary(documents=documents, cached=documents, incremental=True,
                           statements=manifest.get("statements", 0), unchanged=True)
    summary.seconds = round(time.perf_counter() - clock.start, 2)
    return BuildResult(out, list(manifest["files"]), list(manifest.get("warnings", ())), summary)


@contextlib.contextmanager
def _scratch(parent: Path, cache: bool):
    """The cache folder; without ``cache``, a temporary one (documents' results still go to disk,
    so that a build holds one document's chunks in memory at a time), removed afterwards."""
    if cache:
        yield parent / CACHE
        return
    folder = Path(tempfile.mkdtemp(prefix=f".build-scratch-{os.getpid()}-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _warnings(corpus: Corpus) -> list[str]:
    return [w for artifact in corpus.artifacts for w in artifact.warnings]


def _kept(corpus: Corpus, state: dict) -> set[str]:
    keys = set(state.get("documents", {}).values())
    keys.update(state.get("forms", {}).values())
    keys.add(state.get("id", ""))
    keys.update(state.get("graphs", {}).values())
    return keys


def _check_document_ids(paths: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for path in paths:
        doc_id = path.stem
        if doc_id in RESERVED_GRAPHS:
            raise CurationError(f"'{doc_id}' is a graph name the build uses itself", file=path,
                                hint="rename the document's two files")
        if not DOCUMENT_ID.match(doc_id):
            raise CurationError(f"document id '{doc_id}' is not lowercase letters and digits "
                                "joined by _ or -", file=path,
                                hint="rename both files, e.g. 2023_jiangmen_report.txt and .yaml")
        slug = doc_id.replace("_", "-")
        if slug in seen:
            raise CurationError(f"documents '{seen[slug].stem}' and '{doc_id}' would have the same "
                                "IRI", file=path, hint="rename one of them")
        seen[slug] = path


def _assemble(seeds: Path, store_cache: Cache, executor, clock: _Clock):
    clock.stage("registry")
    ontology = load_ontology()
    registry = load_registry(seeds, ontology)
    check_orphan_texts(seeds)
    paths = document_paths(seeds)
    _check_document_ids(paths)
    clock.done("registry")
    artifacts, summary = _documents(paths, registry, store_cache, executor, clock)
    clock.done("documents")
    clock.stage("merge")
    corpus = _merge(seeds, ontology, registry, artifacts, store_cache)
    corpus.statements = (sum(a.section("nq").count(b"\n") for a in artifacts)
                         + sum(len(lines) for lines in corpus.graphs.values()))
    summary.statements = corpus.statements
    clock.done("merge")
    return corpus, summary


def _documents(paths, registry, store_cache: Cache, executor, clock: _Clock):
    """Every document's artifact, in id order: from the cache when its key is unchanged."""
    classes = registry.classes
    found: dict[int, Artifact] = {}
    todo: list[tuple[int, Path, str]] = []
    used_ids: dict[str, list[str]] = {}
    for index, path in enumerate(paths):
        files = files_digest(path)
        known = store_cache.used_ids(files)
        artifact = None
        if known is not None:
            key = cache_key(files, {i: classes.get(i) for i in known})
            artifact = store_cache.read(key, path.name)
            if artifact is not None:
                artifact.meta["key"] = key
                used_ids[files] = known
        if artifact is None:
            todo.append((index, path, files))
        else:
            found[index] = artifact
        clock.stage("documents", len(found), len(paths))
    spec = WorkerSpec.of(classes)
    shared_disk = executor.name in ("local", "dask-local") and store_cache.folder is not None
    folder = str(store_cache.folder) if shared_disk else None
    results = executor.map(process_and_keep, [(str(path), files, folder) for _, path, files in todo],
                           spec)
    for (index, path, files), artifact in zip(todo, results):
        if artifact.path is None:
            artifact = store_cache.write(artifact.meta["key"], artifact)
        used_ids[files] = sorted(artifact.used)
        found[index] = artifact
        clock.stage("documents", len(found), len(paths))
    store_cache.save_used_ids(used_ids)
    from kg.build.orchestrate import BuildSummary

    summary = BuildSummary(documents=len(paths), changed=len(todo), cached=len(paths) - len(todo))
    return [found[i] for i in range(len(paths))], summary


def _forms(seeds: Path, registry, artifacts: list[Artifact], store_cache: Cache) -> tuple[dict, dict]:
    """The Traditional forms of registry names, merged in document order; and the cache keys."""
    names = registry.names()
    digest = merge.names_digest(names)
    per_document, keys, automaton = [], {}, None
    for artifact in artifacts:
        if not artifact.has("text"):
            continue
        key = merge.forms_key(artifact.meta["key"], digest)
        keys[artifact.doc_id] = key
        forms = store_cache.read_json(f"forms/{key}.json")
        if forms is None:
            if automaton is None:
                automaton = merge.name_automaton(names)
            raw = read_document_text(Path(artifact.meta["text"]))
            forms = merge.traditional_forms(artifact, raw, *automaton)
            store_cache.write_json(f"forms/{key}.json", forms)
        per_document.append(forms)
    return merge.merge_forms(per_document), keys


def _merge(seeds: Path, ontology, registry, artifacts: list[Artifact], store_cache: Cache) -> Corpus:
    from kg.build.analysis import analysis_graph, build_network

    forms, form_keys = _forms(seeds, registry, artifacts, store_cache)
    registry_lines, external_rows, nodes = _registry_part(ontology, registry, forms, store_cache)
    graphs = {REGISTRY_GRAPH: registry_lines, ONTOLOGY_GRAPH: list(ontology_lines()),
              TENURE_GRAPH: merge.tenures(artifacts, registry)}
    rows = [row for artifact in artifacts for row in artifact.facts] + external_rows
    network = build_network(nodes, rows)
    scores, notes, analysis_lines = analysis_graph(network, store_cache)
    graphs[ANALYSIS_GRAPH] = analysis_lines
    shared: set[str] = set()
    for lines in graphs.values():
        shared.update(lines)
    for artifact in artifacts:
        shared.update(artifact.lines("shared"))
    shared_lines = sorted(shared)
    open_lines = [line for lines in graphs.values() for line in lines]
    inferred = merge.merged_entailments(Rules.from_ontology(), open_lines, shared_lines, artifacts)
    corpus = Corpus(ontology, registry, artifacts, graphs, shared_lines, inferred, rows, forms,
                    network, scores, notes)
    corpus.form_keys = form_keys
    return corpus


def _registry_part(ontology, registry, forms: dict[str, str], store_cache: Cache):
    """The registry graph (checked), the facts from outside sources and the network's nodes:
    what only the registry and the Traditional forms decide, so kept in the cache under a
    digest of both (generating pinyin for thousands of names is most of its cost)."""
    from kg.network.projection import Node

    digest = hashlib.sha256(tool_digest().encode())
    for part in (repr(registry.sources), repr(registry.entities),
                 json.dumps(forms, ensure_ascii=False, sort_keys=True)):
        digest.update(b"\0" + part.encode("utf-8"))
    store_cache.used.add(digest.hexdigest())
    key = f"registry/{digest.hexdigest()}.json"
    stored = store_cache.read_json(key)
    if stored is not None:
        return (stored["lines"], [FactRow(*row) for row in stored["rows"]],
                [Node(iri, cls, labels, tuple(names)) for iri, cls, labels, names in stored["nodes"]])
    lines, rows = merge.registry_graph(registry, ontology, forms)
    _check_registry(lines)
    nodes = _nodes(registry, ontology, forms)
    store_cache.write_json(key, {"lines": lines, "rows": [list(vars(r).values()) for r in rows],
                                 "nodes": [[n.iri, n.cls, n.labels, list(n.names)] for n in nodes]})
    return lines, rows, nodes


def _nodes(registry, ontology, forms):
    from kg.network.projection import Node
    from kg.rdf.emit import entity_iri

    nodes = []
    for entity in registry.entities.values():
        pref, alt = entity_labels(entity, ontology, forms)
        names = set(pref.values()) | {text for text, _ in alt}
        nodes.append(Node(entity_iri(entity.id), entity.cls, pref, tuple(sorted(names))))
    return nodes


def _check_registry(lines: list[str]) -> None:
    """The per-graph shapes on the registry graph (facts from outside the text have evidence)."""
    import pyoxigraph as ox

    from kg.rdf.shacl import load_compiled_shapes

    store = ox.Store()
    store.load("".join(ontology_lines()).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    store.load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    violations = load_compiled_shapes().violations(store, per_graph=True)
    if violations:
        error = ShapeViolationError(
            f"the registry does not conform to ontology/shapes.ttl ({len(violations)} violations; "
            f"first: {violations[0]})", hint="fix the registry so that each listed node conforms")
        error.details = violations
        raise error
