"""``kg build``: seeds → checked corpus → RDF → SHACL → files in ``build/``, written atomically.

Everything is written into a temporary folder beside the output folder and swapped in only when
every step has succeeded, so a failed build leaves the previous ``build/`` as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg import __version__
from kg.curation.load import check_orphan_texts, load_registry
from kg.errors import ShapeViolationError, output_error
from kg.namespaces import GRAPH, bind_prefixes
from kg.export.exports import ExportSource, write_all
from kg.network.analysis import publish_centrality
from kg.network.projection import project
from kg.build.documents import process_documents
from kg.build.folder import (MANIFEST, build_lock, check_output_folder, remove_stale_staging,
                             staging_folder, swap_in, write_manifest)
from kg.rdf.emit import assemble_dataset
from kg.rdf.ontology import load_ontology
from kg.rdf.serialize import Statements, to_oxigraph_quads, trig_bytes, turtle_bytes
from kg.rdf.validate import shape_violations
from kg.report import render_report
from kg.resources import ontology_dir
from kg.store import memory_store, write_store
from kg.views.data import read_tables
from kg.views.html import ego_network, render_page

__all__ = ["BuildResult", "assemble", "build", "merged_graph", "write_outputs", "input_digests",
           "stale_reason"]

#: Folder (beside the output folder) of per-document results, keyed by content hash.
CACHE = ".kg-cache"
#: Named graph of the centrality scores.
ANALYSIS_GRAPH = GRAPH["analysis"]


@dataclass
class BuildResult:
    out_dir: Path
    dataset: Dataset
    graph: Graph
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def merged_graph(dataset: Dataset) -> Graph:
    """All named graphs of ``dataset`` merged into one graph (what ``kg.ttl`` holds)."""
    merged = Graph()
    bind_prefixes(merged)
    for graph in dataset.graphs():
        for triple in graph:
            merged.add(triple)
    return merged


def assemble(seeds: Path, cache_dir: Path | None = None, progress=None,
             warnings: list[str] | None = None) -> tuple[Dataset, Graph]:
    """Load, check, resolve quotes, emit and validate; raise on the first problem.

    Per-document work is cached in ``cache_dir`` (if given) and runs in parallel; see
    :mod:`kg.pipeline`.
    """
    ontology = load_ontology()
    sources, entities = load_registry(Path(seeds), ontology)
    check_orphan_texts(Path(seeds))
    results = process_documents(Path(seeds), entities, cache_dir, progress=progress)
    if warnings is not None:
        for result in results:
            warnings.extend(result.warnings)
    dataset = assemble_dataset(sources, entities, ontology, [(r.doc_id, r.graph) for r in results],
                               [r.forms for r in results])
    graph = merged_graph(dataset)
    violations = shape_violations(graph)
    if violations:
        error = ShapeViolationError(
            f"the graph does not conform to ontology/shapes.ttl ({len(violations)} violations; "
            f"first: {violations[0]})", hint="fix the curation so that each listed node conforms")
        error.details = violations
        raise error
    return dataset, graph


def input_digests(seeds: Path) -> dict[str, str]:
    """SHA-256 of every input of a build: the seeds, the ontology and shapes, the tool version."""
    from kg.curation.yamlio import read_bytes

    digests = {"kg-version": __version__}
    for base, label in ((Path(seeds), "seeds"), (ontology_dir(), "ontology")):
        for path in _input_files(base):
            relative = f"{label}/{path.relative_to(base).as_posix()}"
            digests[relative] = hashlib.sha256(read_bytes(path)).hexdigest()
    return digests


def _input_files(base: Path) -> list[Path]:
    """Every file under ``base`` (hidden ones excepted), without following links to folders."""
    from kg.errors import CurationError

    found = []
    for folder, subfolders, names in os.walk(base, onerror=None, followlinks=False):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                found.append(Path(folder) / name)
    for path in found:
        if path.is_symlink() and not path.exists():
            raise CurationError("broken or looping link", file=path,
                                hint="remove the link, or point it at a real file")
    return found


def stale_reason(seeds: Path, out: Path) -> str | None:
    """Why ``out`` does not reflect ``seeds`` (missing, or which input changed), or ``None``."""
    manifest = Path(out) / MANIFEST
    if not manifest.is_file():
        return f"{out}/ has no build"
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))["inputs"]
    except (ValueError, KeyError):
        return f"{manifest} is unreadable"
    current = input_digests(seeds)
    changed = sorted(k for k in current.keys() | recorded.keys() if current.get(k) != recorded.get(k))
    return f"inputs changed since the last build: {', '.join(changed[:3])}" if changed else None


def add_analysis(dataset: Dataset, graph: Graph):
    """Add centrality scores to ``dataset`` (graph ``kgg:analysis``) and ``graph``.

    Returns ``(store, network, table, statements)``: an in-memory store of the result, its
    projection, the CSV table, and the whole dataset converted once to Oxigraph terms (what every
    RDF file is written from).
    """
    quads = to_oxigraph_quads(dataset, ordered=False)
    store = memory_store(quads, infer=False)
    network = project(store)
    triples, table, _ = publish_centrality(network)
    analysis = dataset.graph(ANALYSIS_GRAPH)
    named = ox.NamedNode(str(ANALYSIS_GRAPH))
    for s, p, o in triples:
        analysis.add((s, p, o))
        graph.add((s, p, o))
        triple = (ox.NamedNode(str(s)), ox.NamedNode(str(p)),
                  ox.Literal(str(o), datatype=ox.NamedNode(str(o.datatype))))
        store.add(ox.Quad(*triple))  # the default graph: the merge of all graphs
        store.add(ox.Quad(*triple, named))
        quads.append(ox.Quad(*triple, named))
    return store, network, table, Statements(quads)


def write_pages(store, network, folder: Path) -> None:
    """``graph.html`` (the whole graph) and one page per major initiative in ``projects/``."""
    tables = read_tables(store)  # read once for all the pages
    (folder / "graph.html").write_text(
        render_page(store, network, title="Knowledge graph · 知识图谱", tables=tables), encoding="utf-8")
    (folder / "projects").mkdir()
    for initiative in major_initiatives(network):
        page = render_page(store, ego_network(network, initiative, 2), tables=tables,
                           title=f"{network.nodes[initiative]['label']} · {network.nodes[initiative]['label_en']}")
        (folder / "projects" / f"{initiative.rsplit('/', 1)[-1]}.html").write_text(page, encoding="utf-8")


def major_initiatives(network) -> list:
    """Components of top-level programmes: initiatives that are part of an initiative which is
    itself part of none (e.g. the six projects of 六大工程)."""
    parents = {o for s, o, d in network.edges(data="predicates") if "partOfInitiative" in d}
    tops = {p for p in parents
            if not any("partOfInitiative" in d for _, _, d in network.out_edges(p, data="predicates"))}
    return sorted({s for s, o, d in network.edges(data="predicates")
                   if "partOfInitiative" in d and o in tops}, key=str)


def write_outputs(dataset: Dataset, graph: Graph, folder: Path, seeds: Path | None = None) -> list[str]:
    """Write every build file into ``folder``; return their names."""
    store, network, table, statements = add_analysis(dataset, graph)
    (folder / "centrality.csv").write_text(table, encoding="utf-8")
    write_pages(store, network, folder)
    write_all(ExportSource(dataset, graph, store, network, statements=statements), folder)
    (folder / "kg.ttl").write_bytes(turtle_bytes(statements))
    (folder / "kg.trig").write_bytes(trig_bytes(statements))
    (folder / "report.md").write_text(render_report(dataset, []), encoding="utf-8")
    write_store(store, folder / "store")
    if seeds is not None:
        write_manifest(folder, input_digests(seeds))
    return sorted(p.name for p in folder.iterdir())


def build(seeds: Path, out: Path, *, cache: bool = True, progress=None) -> BuildResult:
    """Build the graph from ``seeds`` into ``out``; on any error ``out`` is left untouched.

    ``out`` is replaced only if it is a previous build, an empty folder or missing (see
    :mod:`kg.build.folder`). With ``cache``, per-document results are kept in ``.kg-cache/``
    beside ``out`` and reused while a document's files, the registry, the ontology and the tool
    version are unchanged.
    """
    out = Path(out).absolute()
    check_output_folder(out, seeds)
    with build_lock(out.parent):
        remove_stale_staging(out.parent)
        warnings: list[str] = []
        dataset, graph = assemble(seeds, out.parent / CACHE if cache else None, progress, warnings)
        staging = staging_folder(out.parent)
        try:
            try:
                files = write_outputs(dataset, graph, staging, seeds)
            except OSError as err:
                raise output_error(Path(getattr(err, "filename", None) or staging), err) from err
            swap_in(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return BuildResult(out, dataset, graph, files, warnings)
