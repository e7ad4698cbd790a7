"""Parsed curation kept between commands, so that ``kg check``, ``kg find`` and ``kg draft`` answer
in well under a second on a large corpus: the checked registry, and which documents name which
entities.

Entries live in ``.kg-cache/curation/`` beside the seeds folder (where ``kg build`` keeps its own
cache), under the SHA-256 of every file they were made from, the ontology and the tool version: a
changed file is a miss, never a stale answer. A cache that cannot be read or written is ignored.

>>> import tempfile, shutil
>>> from kg.curation.ontology import load_ontology
>>> from kg.resources import project_root
>>> seeds = Path(tempfile.mkdtemp()) / "seeds"
>>> _ = shutil.copytree(project_root() / "tests" / "fixtures" / "mini", seeds)
>>> first = cached_registry(seeds, load_ontology())
>>> again = cached_registry(seeds, load_ontology())
>>> again.classes == first.classes, (seeds.parent / ".kg-cache" / "curation").is_dir()
(True, True)
>>> [info[0] for info in citing_documents(seeds)["wang-xiaoming"]]
['001_mini']
"""

from __future__ import annotations

import hashlib
import os
import pickle  # the tool's own cache, in the project folder, written by this module
import tempfile
from pathlib import Path

from kg import __version__
from kg.curation.documents import DOCUMENT_ID, document_paths
from kg.curation.ontology import Ontology, load_ontology
from kg.curation.registry import Registry, load_registry
from kg.curation.yamlio import load_yaml, read_bytes
from kg.errors import KgError

__all__ = ["cached_registry", "cached_ontology", "citing_documents", "cache_folder", "DocumentInfo"]

FOLDER = Path(".kg-cache") / "curation"


def cache_folder(seeds: Path) -> Path:
    """Where the cache of a seeds folder lives: ``.kg-cache/curation/`` beside it."""
    return Path(seeds).absolute().parent / FOLDER


def _read(path: Path):
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 — written by _write below, keyed by content
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
            ValueError):
        return None


def _write(path: Path, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only project still works, without the speed-up


def _registry_key(seeds: Path, ontology: Ontology) -> str:
    digest = hashlib.sha256(f"{__version__}\0{ontology.digest}\0".encode())
    files = sorted((Path(seeds) / "entities").glob("*.yaml")) + [Path(seeds) / "sources.yaml"]
    for path in files:
        digest.update(path.name.encode("utf-8") + b"\0")
        digest.update(read_bytes(path) if path.is_file() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def cached_ontology(seeds: Path) -> Ontology:
    """The ontology's classes, properties and controlled values, kept without its RDF graph: all
    a document's check needs, without parsing Turtle (or importing rdflib) on every check."""
    from dataclasses import replace

    from kg.resources import ontology_dir

    digest = hashlib.sha256(f"{__version__}\0".encode() + read_bytes(ontology_dir() / "kg.ttl")).hexdigest()
    path = cache_folder(seeds) / f"ontology-{digest}.pickle"
    found = _read(path)
    if isinstance(found, Ontology):
        return found
    light = replace(load_ontology(), graph=None)
    for stale in path.parent.glob("ontology-*.pickle"):
        stale.unlink(missing_ok=True)
    _write(path, light)
    return light


def cached_registry(seeds: Path, ontology: Ontology) -> Registry:
    """:func:`~kg.curation.registry.load_registry`, kept between calls (errors are never kept)."""
    path = cache_folder(seeds) / f"registry-{_registry_key(seeds, ontology)}.pickle"
    registry = _read(path)
    if isinstance(registry, Registry):
        return registry
    registry = load_registry(seeds, ontology)
    for stale in path.parent.glob("registry-*.pickle"):
        stale.unlink(missing_ok=True)
    _write(path, registry)
    return registry


class DocumentInfo(tuple):
    """``(id, date, title)`` of a document, as its curation file gives them."""

    __slots__ = ()

    def __new__(cls, doc_id: str, date: str, title: str):
        return super().__new__(cls, (doc_id, date, title))


def _mentioned(data) -> set[str]:
    """Every string value of a curation file's statements (a superset of the ids it names)."""
    found: set[str] = set()
    stack = [data.get("statements") or []] if isinstance(data, dict) else []
    meta = data.get("document") if isinstance(data, dict) else None
    if isinstance(meta, dict) and isinstance(meta.get("jurisdiction"), str):
        found.add(meta["jurisdiction"])
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(v for k, v in item.items() if k not in ("quote", "note"))
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            found.add(item)
    return found


def _document_entry(path: Path) -> tuple[DocumentInfo, frozenset[str]]:
    try:
        data = load_yaml(path)
    except KgError:
        return DocumentInfo(path.stem, "", "(unreadable)"), frozenset()
    meta = data.get("document") if isinstance(data, dict) else None
    meta = meta if isinstance(meta, dict) else {}
    return (DocumentInfo(path.stem, str(meta.get("date", "")), str(meta.get("title", ""))),
            frozenset(_mentioned(data)))


def citing_documents(seeds: Path) -> dict[str, list[DocumentInfo]]:
    """Entity id (or any other value a statement gives) → the documents whose statements name
    it, in id order. Per-file entries are kept under each file's SHA-256."""
    path = cache_folder(seeds) / "documents.pickle"
    known = _read(path)
    known = known if isinstance(known, dict) else {}
    entries, changed = {}, False
    for yaml_path in document_paths(seeds):
        if not DOCUMENT_ID.match(yaml_path.stem):
            continue
        digest = hashlib.sha256(read_bytes(yaml_path)).hexdigest()
        entry = known.get(yaml_path.name)
        if entry is None or entry[0] != digest:
            entry, changed = (digest, *_document_entry(yaml_path)), True
        entries[yaml_path.name] = entry
    if changed or set(entries) != set(known):
        _write(path, entries)
    cited: dict[str, list[DocumentInfo]] = {}
    for _, info, names in entries.values():
        for name in names:
            cited.setdefault(name, []).append(info)
    return cited
