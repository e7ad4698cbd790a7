"""A document's result, as bytes: what the per-document stage produces and the cache keeps.

An artifact is one file, ``<key>.kgdoc`` in ``.kg-cache/documents/``: a first line of JSON (the
document's id, warnings, the rows of its facts, and the length and CRC-32 of each section) and
then the sections, byte strings one after the other. Opening reads the header and checks the
file's length, so a truncated (or extended, or header-damaged) entry is a cache miss with a
warning, never a failure. The sections are read from the file when needed, so a build holds one
document's chunks in memory at a time; each is checked against its checksum then, and an entry
corrupted without changing its length (a disk fault) stops the build with one line naming it,
after removing it, so that the next build redoes that document.

Sections: ``nq`` (the document's named graph as sorted N-Quads: a chunk of ``kg.nq``), ``trig``
(its TriG block), ``private`` and ``shared`` (sorted N-Triples lines of the statements the
document owns, and of the others), ``ttl``, ``rdf`` and ``jsonld`` (the private statements as
Turtle, RDF/XML elements and JSON-LD node objects: chunks of the merged files), ``inferred``
(entailments of the private statements about the document's own nodes), ``exchange``
(statements the merged entailments need: entailments about other nodes, and statements whose
property takes part in a two-step rule), ``text`` and ``offsets`` (the normalised text, for
Traditional-script documents, from which their spelling of registry names is read).

>>> import tempfile, pathlib
>>> art = Artifact("001_x", "https://w3id.org/localgov-kg/graph/001_x", {"a": "Official"},
...                meta={"date": "2021-06-01"}, sections={"nq": b"<a> <b> <c> <g> .\\n"})
>>> path = pathlib.Path(tempfile.mkdtemp()) / "k.kgdoc"
>>> write_artifact(path, art).section("nq")
b'<a> <b> <c> <g> .\\n'
>>> read_artifact(path).section("nq")
b'<a> <b> <c> <g> .\\n'
>>> path.write_bytes(path.read_bytes()[:-3]) and read_artifact(path) is None
True
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from kg.rdf.emit import FactRow

__all__ = ["Artifact", "read_artifact", "write_artifact", "SECTIONS"]

SECTIONS = ("nq", "trig", "private", "shared", "ttl", "rdf", "jsonld", "inferred", "exchange",
            "text", "offsets")
FORMAT = 1


@dataclass
class Artifact:
    doc_id: str
    graph: str
    used: dict[str, str | None]          # entity id → class (None: not in the registry)
    warnings: list[str] = field(default_factory=list)
    facts: list[FactRow] = field(default_factory=list)
    meta: dict = field(default_factory=dict)  # title, date, language, statement count, quotes
    sections: dict[str, bytes] = field(default_factory=dict)  # in memory (a new result) ...
    path: Path | None = None                                    # ... or read from this file
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    checksums: dict[str, int] = field(default_factory=dict)

    def section(self, name: str) -> bytes:
        if name in self.sections:
            return self.sections[name]
        if self.path is None or name not in self.spans:
            return b""
        start, length = self.spans[name]
        with open(self.path, "rb") as stream:
            stream.seek(start)
            data = stream.read(length)
        if len(data) != length or (name in self.checksums and zlib.crc32(data) != self.checksums[name]):
            from kg.errors import KgError

            try:
                self.path.unlink()
            except OSError:
                pass
            raise KgError(f"cache entry corrupt for document {self.doc_id}: removed", file=self.path,
                          hint="run kg build again: the document is redone")
        return data

    def has(self, name: str) -> bool:
        return bool(self.sections.get(name)) or self.spans.get(name, (0, 0))[1] > 0

    def lines(self, section: str) -> list[str]:
        data = self.section(section)
        return data.decode("utf-8").splitlines(keepends=True) if data else []


def write_artifact(path: Path, artifact: Artifact) -> Artifact:
    """Write atomically (a temporary file renamed), so a crash never leaves half an entry; return
    the artifact backed by the file (its sections no longer held in memory)."""
    parts = [(name, artifact.sections.get(name, b"")) for name in SECTIONS]
    header = {"format": FORMAT, "doc_id": artifact.doc_id, "graph": artifact.graph,
              "used": artifact.used, "warnings": artifact.warnings, "meta": artifact.meta,
              "facts": [[r.evidence, r.subject, r.predicate, r.object, r.source, r.date, r.quote,
                         r.start, r.end] for r in artifact.facts],
              "sections": [[name, len(data), zlib.crc32(data)] for name, data in parts]}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    first = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
    with open(temporary, "wb") as stream:
        stream.write(first)
        for _, data in parts:
            stream.write(data)
    os.replace(temporary, path)
    spans, checksums, offset = {}, {}, len(first)
    for (name, data), (_, _, checksum) in zip(parts, header["sections"]):
        spans[name] = (offset, len(data))
        checksums[name] = checksum
        offset += len(data)
    return Artifact(artifact.doc_id, artifact.graph, artifact.used, artifact.warnings,
                    artifact.facts, artifact.meta, {}, Path(path), spans, checksums)


def read_artifact(path: Path) -> Artifact | None:
    """The artifact in ``path`` (its header read, its sections left in the file), or ``None`` if
    it is missing, truncated or its header is damaged."""
    try:
        with open(path, "rb") as stream:
            first = stream.readline()
            size = os.fstat(stream.fileno()).st_size
        header = json.loads(first)
        if header.get("format") != FORMAT:
            return None
        spans, checksums, offset = {}, {}, len(first)
        for name, length, checksum in header["sections"]:
            spans[name] = (offset, length)
            checksums[name] = checksum
            offset += length
        if offset != size:
            return None
        facts = [FactRow(*row) for row in header["facts"]]
        return Artifact(header["doc_id"], header["graph"], header["used"], header["warnings"],
                        facts, header["meta"], {}, Path(path), spans, checksums)
    except (OSError, ValueError, KeyError, TypeError):
        return None
