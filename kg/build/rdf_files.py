"""The whole-graph RDF files of ``build/``, assembled from chunks, most of them made once.

- ``kg.nq`` and ``kg.trig`` hold the named graphs in IRI order: each document's graph is its
  cached chunk; each of the build's own graphs (registry, ontology, tenures, analysis) is
  serialised once per content and kept in the cache under the digest of its lines;
- ``kg.nt``, ``kg.ttl``, ``kg.rdf`` and ``kg.jsonld`` hold the merged graph: first the
  statements no document owns (the *shared* section), then every document's own statements
  (its node and its evidence records), document after document.

The shared section is cut into chunks at content-defined places: a chunk starts at a subject
whose CRC-32 is a multiple of :data:`CUT_EVERY` (about one subject in 64), so a change to a few
entities changes only the chunks that hold them, and the same statements always give the same
chunks, whether the build is cold or incremental. Each chunk's Turtle, RDF/XML and JSON-LD is
kept in the cache under the digest of its lines. Serialisers group a subject's statements, and a
chunk never splits a subject, so chunks concatenate into exactly the file one pass would write.

>>> lines = [f"<https://w3id.org/localgov-kg/id/e{i}> <http://www.w3.org/2000/01/rdf-schema#label> \\"{i}\\" .\\n"
...          for i in range(300)]
>>> chunks = subject_chunks(sorted(lines))
>>> sum(len(c) for c in chunks) == 300 and all(c == sorted(c) for c in chunks)
True
>>> subject_chunks(sorted(lines)) == chunks and len(chunks) > 1
True
"""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path

from kg.build.artifacts import Artifact
from kg.errors import output_error
from kg.namespaces import turtle_prefixes
from kg.rdf.emit import ontology_lines
from kg.rdf.jsonld import jsonld_document, node_objects
from kg.rdf.serialize import (RDFXML_FOOTER, RDFXML_HEADER, rdfxml_chunk, rdfxml_document,
                              trig_chunk, turtle_chunk, turtle_document)

__all__ = ["write_rdf_files", "subject_chunks", "RDF_FILES", "CUT_EVERY"]

#: Format name → the fixed file name ``kg build`` writes it under.
RDF_FILES = {"turtle": "kg.ttl", "trig": "kg.trig", "nquads": "kg.nq", "ntriples": "kg.nt",
             "jsonld": "kg.jsonld", "rdfxml": "kg.rdf"}
#: A chunk of the shared section starts at a subject whose CRC-32 is a multiple of this.
CUT_EVERY = 64


class _Files:
    """Open output files; a write error becomes a one-line :class:`OutputError`."""

    def __init__(self, folder: Path, names) -> None:
        self.folder, self.streams = folder, {}
        for name in names:
            try:
                self.streams[name] = open(folder / name, "wb")  # noqa: SIM115
            except OSError as err:
                raise output_error(folder / name, err) from err

    def write(self, name: str, data) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        try:
            self.streams[name].write(data)
        except OSError as err:
            raise output_error(self.folder / name, err) from err

    def close(self) -> None:
        for name, stream in self.streams.items():
            try:
                stream.close()
            except OSError as err:
                raise output_error(self.folder / name, err) from err


def subject_chunks(lines: list[str]) -> list[list[str]]:
    """Sorted N-Triples lines cut into runs of whole subjects at content-defined places."""
    chunks: list[list[str]] = []
    current: list[str] = []
    subject = None
    for line in lines:
        this = line[: line.index(" ")]
        if this != subject:
            subject = this
            if current and zlib.crc32(this.encode("utf-8")) % CUT_EVERY == 0:
                chunks.append(current)
                current = []
        current.append(line)
    if current:
        chunks.append(current)
    return chunks


def _digest(lines) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8"))
    return digest.hexdigest()


def _remembered(cache, kind: str, lines: list[str], make, used: set[str]):
    """``make(lines)`` (a JSON value), from the cache when these very lines were seen before."""
    key = _digest(lines)
    used.add(key)
    stored = cache.read_json(f"chunks/{key}.{kind}.json")
    if stored is None:
        stored = make(lines)
        cache.write_json(f"chunks/{key}.{kind}.json", stored)
    return stored


def _shared_parts(lines: list[str]) -> dict:
    return {"ttl": turtle_chunk(lines), "rdf": rdfxml_chunk(lines), "jsonld": node_objects(lines)}


def _graph_order(corpus) -> list[tuple[str, Artifact | None]]:
    """Every named graph in IRI order: (IRI, the document's artifact or None)."""
    graphs = [(a.graph, a) for a in corpus.artifacts] + [(iri, None) for iri in corpus.graphs]
    return sorted(graphs, key=lambda item: item[0])


def write_rdf_files(corpus, folder: Path, cache) -> set[str]:
    """Write the six RDF files and the ontology's two into ``folder``; return the digests of the
    cached chunks used (the cache keeps them)."""
    used: set[str] = set()
    files = _Files(folder, ["kg.nq", "kg.trig", "kg.nt", "kg.ttl", "kg.rdf", "kg.jsonld"])
    try:
        files.write("kg.trig", turtle_prefixes() + "\n")
        for graph, artifact in _graph_order(corpus):
            if artifact is not None:
                files.write("kg.nq", artifact.section("nq"))
                files.write("kg.trig", artifact.section("trig"))
            else:
                lines = corpus.graphs[graph]
                term = f"<{graph}>"
                files.write("kg.nq", "".join(line[:-2] + term + " .\n" for line in lines))
                files.write("kg.trig", _remembered(cache, "trig", lines,
                                                   lambda ls, g=graph: trig_chunk(g, ls), used))
        files.write("kg.nt", "".join(corpus.shared))
        files.write("kg.ttl", turtle_prefixes() + "\n")
        files.write("kg.rdf", RDFXML_HEADER)
        head = jsonld_document([]).decode("utf-8")
        files.write("kg.jsonld", head[: head.rindex("\n]}")])
        first = True
        for chunk in subject_chunks(corpus.shared):
            parts = _remembered(cache, "shared", chunk, _shared_parts, used)
            files.write("kg.ttl", parts["ttl"])
            files.write("kg.rdf", parts["rdf"])
            for node in parts["jsonld"]:
                files.write("kg.jsonld", ("" if first else ",\n") + node)
                first = False
        for artifact in corpus.artifacts:
            files.write("kg.nt", artifact.section("private"))
            files.write("kg.ttl", artifact.section("ttl"))
            files.write("kg.rdf", artifact.section("rdf"))
            nodes = artifact.section("jsonld")
            if nodes:
                files.write("kg.jsonld", nodes if first else b",\n" + nodes)
                first = False
        files.write("kg.rdf", RDFXML_FOOTER)
        files.write("kg.jsonld", "\n]}\n")
    finally:
        files.close()
    ontology = list(ontology_lines())
    for name, data in (("ontology.ttl", turtle_document([turtle_chunk(ontology)])),
                       ("ontology.owl", rdfxml_document([rdfxml_chunk(ontology)]))):
        try:
            (folder / name).write_bytes(data)
        except OSError as err:
            raise output_error(folder / name, err) from err
    return used
