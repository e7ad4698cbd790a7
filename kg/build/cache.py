"""``.kg-cache/`` beside the output folder: document artifacts, and what a later build needs.

- ``documents/<key>.kgdoc``: one artifact per document and key (:mod:`kg.build.artifacts`);
- ``used.json``: for each pair of document files (by digest), the entity ids they name, so that a
  document's key can be computed from the registry without reading the document again;
- ``forms/<key>.json``: how a Traditional-script document writes the registry's names;
- ``registry/<digest>.json``: the registry graph, the facts from outside sources and the
  network's nodes, for a registry (and Traditional forms) unchanged since a build;
- ``graphs/<digest>.nt``: the build's own named graphs (registry, tenures, analysis ...) by the
  digest of their lines, so that the next build changes only the lines that differ;
- ``chunks/<digest>.<kind>.json``: serialisations of parts of the merged graph and of the
  build's own graphs, by the digest of their lines (:mod:`kg.build.rdf_files`);
- ``written/<digest of the output folder's path>.json``: the size and modification time of
  every file the last build wrote there, so that a build with nothing to do can say so;
- ``state/<id>.*``: the merged statements and entailments of the last build, from which the next
  build applies only the changes to a copy of its store.

The cache is an optimisation only: a missing or unreadable entry is redone (with a warning when
it was corrupt), a full or read-only disk only makes builds slower, and entries the last build
did not use are removed once they are older than :data:`KEEP_DAYS` days.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from kg.build.artifacts import Artifact, read_artifact, write_artifact

__all__ = ["Cache", "KEEP_DAYS"]

KEEP_DAYS = 14


class Cache:
    def __init__(self, folder: Path | None, *, reuse: bool = True) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.reuse = reuse  # False: write results (to keep memory low) but read none back
        self.warnings: list[str] = []
        self._used: dict | None = None
        self.used: set[str] = set()  # keys of entries this build used besides its documents

    @property
    def enabled(self) -> bool:
        return self.folder is not None and self.reuse

    # --- document artifacts ---------------------------------------------------------------------
    def artifact_path(self, key: str) -> Path:
        return self.folder / "documents" / f"{key}.kgdoc"

    def read(self, key: str, name: str) -> Artifact | None:
        if not self.enabled:
            return None
        path = self.artifact_path(key)
        if not path.exists():
            return None
        artifact = read_artifact(path)
        if artifact is None:
            self.warnings.append(f"{path}: unreadable cache entry (truncated or corrupt) for "
                                 f"{name}: redone (fix: none needed; `kg build --no-cache` "
                                 "ignores the cache)")
        return artifact

    def write(self, key: str, artifact: Artifact) -> Artifact:
        """Keep ``artifact``; return it backed by its file (so a build holds one document's
        chunks in memory at a time), or as it is if it cannot be written."""
        if self.folder is not None:
            try:
                return write_artifact(self.artifact_path(key), artifact)
            except OSError:
                pass  # the cache is an optimisation: a full or read-only disk only slows builds
        return artifact

    # --- small JSON entries ---------------------------------------------------------------------
    def read_json(self, relative: str):
        if not self.enabled:
            return None
        try:
            return json.loads((self.folder / relative).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def write_bytes(self, relative: str, data: bytes) -> None:
        if not self.enabled:
            return
        path = self.folder / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(data)
            os.replace(temporary, path)
        except OSError:
            pass

    def write_json(self, relative: str, value) -> None:
        self.write_bytes(relative, json.dumps(value, ensure_ascii=False, sort_keys=True,
                                              separators=(",", ":")).encode("utf-8"))

    def read_bytes(self, relative: str) -> bytes | None:
        if not self.enabled:
            return None
        try:
            return (self.folder / relative).read_bytes()
        except OSError:
            return None

    # --- which ids a pair of files names --------------------------------------------------------
    def used_ids(self, files: str) -> list[str] | None:
        if self._used is None:
            self._used = self.read_json("used.json") or {}
        return self._used.get(files)

    def save_used_ids(self, found: dict[str, list[str]]) -> None:
        if self.enabled:
            self._used = {**(self._used or {}), **found}
            keep = set(found)
            self.write_json("used.json", {k: v for k, v in self._used.items() if k in keep})

    # --- clean-up ---------------------------------------------------------------------------------
    def collect(self, keep: set[str]) -> None:
        """Remove entries the current build did not use that are older than KEEP_DAYS days, and
        every state but this build's (the largest entries, and only the next build reads them)."""
        if not self.enabled:
            return
        limit = time.time() - KEEP_DAYS * 86400
        keep = keep | self.used
        for folder in ("documents", "forms", "state", "registry", "graphs", "chunks", "layout", "pages"):
            try:
                paths = list((self.folder / folder).iterdir())
            except OSError:
                continue
            for path in paths:
                stem = path.name.split(".", 1)[0]
                try:  # a build needs only the last build's state: older ones go at once
                    if stem not in keep and (folder == "state" or path.stat().st_mtime < limit):
                        path.unlink()
                except OSError:
                    pass
