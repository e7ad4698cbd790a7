"""The per-document stage: one document's files → its artifact (:mod:`kg.build.artifacts`).

For each document: read and check its YAML against the ontology and the classes of the entities
it names, normalise its text, locate every quote, emit its named graph, check the shapes that one
graph decides, close its own statements under the one-premise entailment rules, and write every
chunk the whole-graph files are assembled from. The result is a pure function of the document's
two files, the classes of the entities it names, the ontology and shapes, and the tool version:
its cache key is the SHA-256 of those (:func:`cache_key`), so adding an entity or an alias to
the registry redoes no document that does not name it, and the work runs anywhere (local
processes, a Dask cluster) with the same bytes as the result.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.build.artifacts import Artifact
from kg.curation.documents import draft_lines, load_checked_document, text_path_of
from kg.curation.ontology import load_ontology
from kg.curation.quotes import residue_warnings, resolve_quotes
from kg.curation.yamlio import read_bytes
from kg.errors import ShapeViolationError
from kg.rdf.emit import (ResolvedDocument, document_iri, document_statements, evidence_prefix,
                         ontology_lines)
from kg.rdf.entailment import Rules
from kg.rdf.jsonld import node_objects
from kg.rdf.serialize import rdfxml_chunk, trig_chunk, turtle_chunk
from kg.rdf.shacl import load_compiled_shapes
from kg.rdf.terms import parse_line, triple
from kg.resources import ontology_dir, tool_digest
from kg.text.html import extractor_version

__all__ = ["process_document", "process_and_keep", "cache_key", "files_digest", "ontology_digest",
           "WorkerSpec"]


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker needs besides a document's files: the registry's classes (entity id →
    class name). Small and picklable, sent once to each worker or Dask node."""

    classes: tuple[tuple[str, str], ...]
    digest: str

    @classmethod
    def of(cls, classes: dict[str, str]) -> "WorkerSpec":
        items = tuple(sorted(classes.items()))
        return cls(items, hashlib.sha256(json.dumps(items).encode()).hexdigest())


@lru_cache(maxsize=2)
def ontology_digest() -> str:
    """SHA-256 of the ontology, the shapes and the tool (:func:`kg.resources.tool_digest`):
    what every document depends on."""
    return tool_digest()


def files_digest(yaml_path: Path) -> str:
    """SHA-256 of a document's id (its file name: two documents may hold the same bytes) and its
    two files (the text may be missing: the stage reports it); for a saved web page, also the
    version of the extractor its text comes from."""
    digest = hashlib.sha256(Path(yaml_path).stem.encode("utf-8") + b"\0")
    text_path = text_path_of(yaml_path)
    if text_path.suffix != ".txt":
        digest.update(f"{text_path.suffix}:{extractor_version()}\0".encode())
    for path in (yaml_path, text_path):
        exists = path.exists() or path.is_symlink()
        digest.update(read_bytes(path) if exists else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def cache_key(files: str, used: dict[str, str | None]) -> str:
    """The key of a document's artifact: its files, the classes of the entities it names (as the
    registry has them now), the ontology, the shapes and the tool version."""
    digest = hashlib.sha256(f"{files}\0{ontology_digest()}\0".encode())
    digest.update(json.dumps(sorted(used.items())).encode("utf-8"))
    return digest.hexdigest()


class _Worker:
    """Per-process state: the ontology, the rules, the shapes, a store for checking one graph."""

    def __init__(self, spec: WorkerSpec) -> None:
        self.spec = spec
        self.classes = dict(spec.classes)
        self.ontology = load_ontology()
        self.rules = Rules.from_ontology()
        self.shapes = load_compiled_shapes()
        self.store = ox.Store()
        self.ontology_data = "".join(ontology_lines()).encode("utf-8")

    def check_shapes(self, lines: list[str], classes: dict[str, str], where: str) -> None:
        """The per-graph shapes on one document's graph (with the ontology, and the class of each
        entity it names, so that class targets and ``sh:class`` resolve)."""
        self.store = ox.Store()  # a fresh store: clearing one keeps its string table growing
        self.store.load(self.ontology_data, format=ox.RdfFormat.N_TRIPLES)
        types = [triple(f"<{_kgr(e)}>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
                        f"<{self.ontology.classes[c].iri}>") for e, c in sorted(classes.items())]
        self.store.load(("".join(lines) + "".join(types)).encode("utf-8"),
                        format=ox.RdfFormat.N_TRIPLES)
        violations = self.shapes.violations(self.store, per_graph=True)
        if violations:
            error = ShapeViolationError(
                f"the document's graph does not conform to ontology/shapes.ttl "
                f"({len(violations)} violations; first: {violations[0]})", file=where,
                hint="fix the curation so that each listed node conforms")
            error.details = violations
            raise error


def _kgr(entity_id: str) -> str:
    from kg.namespaces import KGR

    return f"{KGR}{entity_id}"


_WORKERS: dict[str, _Worker] = {}


def _worker(spec: WorkerSpec) -> _Worker:
    worker = _WORKERS.get(spec.digest)
    if worker is None:
        _WORKERS.clear()
        worker = _WORKERS[spec.digest] = _Worker(spec)
    return worker


def process_document(yaml_path: str, spec: WorkerSpec) -> Artifact:
    """Everything one document contributes to the build (raises the first problem found)."""
    worker = _worker(spec)
    curation = load_checked_document(Path(yaml_path), worker.classes, worker.ontology)
    text, quotes = resolve_quotes(curation)
    resolved = ResolvedDocument(curation, text, tuple(quotes))
    statements = document_statements(resolved, worker.ontology)
    used = {entity_id: worker.classes.get(entity_id) for entity_id in sorted(curation.used_ids)}
    named = {e: c for e, c in used.items() if c is not None}
    lines = sorted(statements.private + statements.shared)
    worker.check_shapes(lines, named, yaml_path)
    meta = curation.meta
    owned = (f"<{document_iri(meta.id)}>", f"<{evidence_prefix(meta.id)}")
    inferred, exchange = _entailments(worker.rules, lines, owned)
    graph_term = f"<{statements.graph}>"
    sections = {
        "nq": "".join(line[:-2] + graph_term + " .\n" for line in lines),
        "trig": trig_chunk(statements.graph, lines),
        "private": "".join(statements.private), "shared": "".join(statements.shared),
        "ttl": turtle_chunk(statements.private), "rdf": rdfxml_chunk(statements.private),
        "jsonld": ",\n".join(node_objects(statements.private)),  # a run of kg.jsonld's @graph
        "inferred": "".join(inferred), "exchange": "".join(exchange)}
    encoded = {name: value.encode("utf-8") for name, value in sections.items()}
    if meta.language == "zh-Hant":
        encoded["text"] = text.text.encode("utf-8")
        encoded["offsets"] = array("I", text.offsets).tobytes()
    info = {"title": meta.title, "title_en": meta.title_en, "date": meta.date.isoformat(),
            "language": meta.language, "statements": len(curation.statements),
            "passages": len({span.start for _, span in quotes}), "yaml": meta.yaml_path,
            "text": meta.text_path, "drafts": draft_lines(curation)}
    return Artifact(meta.id, statements.graph, used, residue_warnings(curation, text),
                    statements.facts, info, encoded)


def _entailments(rules: Rules, lines: list[str], owned: tuple[str, str]) -> tuple[list, list]:
    """The one-premise entailments of a document's statements: those about its own nodes (kept
    with the document), and those about other nodes plus every statement of its own nodes that a
    two-step rule needs (handed to the merged entailments)."""
    triples = [parse_line(line)[:3] for line in lines]
    derived = rules.local_closure(triples)
    joined = rules.joined
    mine, exchange = [], []
    for s, p, o in derived:
        line = triple(s, p, o)
        if s.startswith(owned):
            mine.append(line)
            if p in joined:
                exchange.append(line)
        else:
            exchange.append(line)
    exchange.extend(triple(s, p, o) for s, p, o in triples if p in joined and s.startswith(owned))
    return sorted(set(mine)), sorted(set(exchange))


def process_and_keep(task: tuple[str, str, str | None], spec: WorkerSpec) -> Artifact:
    """A worker's task: ``(curation file, digest of its files, cache folder or None)``. The
    artifact gets its key and, with a folder, is written there by the worker and comes back
    backed by that file: results do not travel through the pipe to the main process."""
    from kg.build.artifacts import write_artifact

    yaml_path, files, folder = task
    artifact = process_document(yaml_path, spec)
    key = cache_key(files, artifact.used)
    artifact.meta["key"] = key
    if folder is not None:
        try:
            return write_artifact(Path(folder) / "documents" / f"{key}.kgdoc", artifact)
        except OSError:
            pass  # the main process keeps it in memory instead
    return artifact
