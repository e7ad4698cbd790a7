"""``kg export``: one format of a build, whole or a subset of it.

The whole graph in one format is the file ``kg build`` wrote. A subset (``class:Official``,
``document:ID``, ``ego:NAME[:DEPTH]``) keeps the chosen entities with their labels and facts,
the evidence for those facts (for a document subset, only that document's), the sources it
cites, and the ontology, so that the result is self-describing. It is read from the build's own
files (``kg.nt``, ``kg.nq``, ``evidence.csv``, ``targets.csv``), which keep every literal exactly
as written, and from its store for the network.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kg.errors import KgError
from kg.export.formats import FORMATS, NETWORK_FORMATS, TABLE_FORMATS
from kg.namespaces import GRAPH, KGR
from kg.rdf.terms import subject_of

__all__ = ["export_from_build", "subset_entities"]


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise KgError(f"cannot read {path}: {err.strerror}", hint="rebuild with `kg build`") from err


def subset_entities(network, spec: str, evidence_rows: list[dict]) -> tuple[set[str], str | None]:
    """The entity IRIs a subset spec names, and the document's graph IRI for a document subset."""
    from kg.network.names import resolve
    from kg.network.projection import ego_network

    kind, _, value = spec.partition(":")
    if kind == "class":
        nodes = {n for n, c in network.nodes(data="cls") if c == value}
        if not nodes:
            raise KgError(f"no entity of class '{value}'", hint="use e.g. class:Official")
        return nodes, None
    if kind == "ego":
        name, _, depth = value.rpartition(":") if value.rpartition(":")[2].isdigit() else (value, "", "1")
        return set(ego_network(network, resolve(network, name), int(depth))), None
    if kind == "document":
        document = f"{KGR}doc-{value.lower().replace('_', '-')}"
        rows = [r for r in evidence_rows if r["source"] == document]
        if not rows:
            raise KgError(f"no document '{value}' in the build", hint="use a file name without "
                          ".txt, e.g. document:000_4221d1719c757f4b")
        nodes = {end for r in rows for end in (r["subject"], r["object"]) if end in network}
        return nodes, str(GRAPH[value])
    raise KgError(f"unknown subset '{spec}'", hint="use class:CLASS, document:ID or ego:NAME[:DEPTH]")


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _csv_subset(data: bytes, keep_column: str, keep: set, document: str | None,
                document_column: str) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header, body = rows[0], rows[1:]
    k, d = header.index(keep_column), header.index(document_column)
    doc_iri = f"{KGR}doc-{document.rsplit('/', 1)[-1].lower().replace('_', '-')}" if document else None
    kept = [r for r in body if r[k] in keep and (doc_iri is None or r[d] == doc_iri)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(kept)
    return out.getvalue().encode("utf-8")


def export_from_build(build_dir: Path, store, fmt: str, spec: str | None = None) -> bytes:
    """The bytes of one export format of the build in ``build_dir`` (whole, or a subset)."""
    if fmt not in FORMATS:
        raise KgError(f"unknown export format '{fmt}'", hint=f"use one of {', '.join(sorted(FORMATS))}")
    build_dir = Path(build_dir)
    if spec is None or fmt in ("ontology", "owl"):
        return _read(build_dir / FORMATS[fmt])
    from kg.network.projection import induced, project

    network = project(store)
    evidence_rows = _rows(_read(build_dir / "evidence.csv"))
    keep, document = subset_entities(network, spec, evidence_rows)
    if fmt in TABLE_FORMATS:
        if fmt == "evidence":
            return _csv_subset(_read(build_dir / "evidence.csv"), "subject", keep, document, "source")
        if fmt == "targets":
            return _csv_subset(_read(build_dir / "targets.csv"), "target", keep, document, "document")
    if fmt in NETWORK_FORMATS or fmt in TABLE_FORMATS:
        return _network_subset(build_dir, store, induced(network, keep), fmt)
    return _rdf_subset(build_dir, fmt, keep, document, evidence_rows)


def _network_subset(build_dir, store, network, fmt: str) -> bytes:
    from kg.export.network import export_network, gexf_bytes, graphml_bytes
    from kg.export.tables import edges_csv, nodes_csv
    from kg.network.centrality import compute_all

    mentions = {}
    for row in _rows(_read(build_dir / "evidence.csv")):
        for end in (row["subject"], row["object"]):
            evidence, documents = mentions.setdefault(end, (set(), set()))
            evidence.add(row["evidence"])
            if row["source_kind"] == "document":
                documents.add(row["source"])
    counts = {k: (len(e), len(d)) for k, (e, d) in mentions.items()}
    exported = export_network(network, counts, compute_all(network)[0])
    if fmt == "graphml":
        return graphml_bytes(exported)
    if fmt == "gexf":
        dates = [r["date"] for r in _rows(_read(build_dir / "evidence.csv")) if r["date"]]
        return gexf_bytes(exported, max(dates, default="1970-01-01"))
    return nodes_csv(exported) if fmt == "nodes" else edges_csv(exported)


def _rdf_subset(build_dir, fmt: str, keep: set, document: str | None, evidence_rows) -> bytes:
    from kg.rdf.emit import ontology_lines
    from kg.rdf.jsonld import jsonld_document, node_objects
    from kg.rdf.serialize import rdfxml_chunk, rdfxml_document, trig_chunk, turtle_chunk, \
        turtle_document

    doc_iri = f"{KGR}doc-{document.rsplit('/', 1)[-1].lower().replace('_', '-')}" if document else None
    evidence = {r["evidence"] for r in evidence_rows if r["subject"] in keep
                and (doc_iri is None or r["source"] == doc_iri)}
    sources = {r["source"] for r in evidence_rows if r["evidence"] in evidence}
    subjects = {f"<{iri}>" for iri in keep | evidence | sources}
    prefixes = tuple(f"<{e}-" for e in evidence)
    ontology = set(ontology_lines())

    def kept(line: str) -> bool:
        subject = subject_of(line)
        return subject in subjects or subject.startswith(prefixes) or line in ontology

    merged = sorted({line for line in _read(build_dir / "kg.nt").decode("utf-8")
                     .splitlines(keepends=True) if kept(line)} | ontology)
    if fmt == "ntriples":
        return "".join(merged).encode("utf-8")
    if fmt == "turtle":
        return turtle_document([turtle_chunk(merged)])
    if fmt == "rdfxml":
        return rdfxml_document([rdfxml_chunk(merged)])
    if fmt == "jsonld":
        return jsonld_document([node_objects(merged)])
    graphs: dict[str, list[str]] = {}
    allowed = None if document is None else {document, str(GRAPH["registry"]), str(GRAPH["ontology"])}
    for line in _read(build_dir / "kg.nq").decode("utf-8").splitlines(keepends=True):
        graph_start = line.rindex(" <", 0, len(line) - 3)
        graph = line[graph_start + 2:line.rindex(">")]
        triple_line = line[:graph_start] + " .\n"
        if (allowed is None or graph in allowed) and (kept(triple_line)):
            graphs.setdefault(graph, []).append(triple_line)
    if fmt == "nquads":
        return "".join(line[:-2] + f"<{g}> .\n" for g in sorted(graphs)
                       for line in sorted(graphs[g])).encode()
    return turtle_document([trig_chunk(g, sorted(graphs[g])) for g in sorted(graphs)])
