"""``kg export`` and the export files of ``kg build``: one registry of formats and file names.

>>> sorted(FORMATS)[:4]
['edges', 'evidence', 'gexf', 'graphml']
>>> FORMATS["turtle"]
'kg.ttl'
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF

from kg.errors import KgError
from kg.export.network import export_network, gexf_bytes, graphml_bytes
from kg.export.rdf import jsonld_bytes, ontology_exports
from kg.export.tables import edges_csv, evidence_csv, mention_counts, nodes_csv, targets_csv
from kg.namespaces import GRAPH, KG, PREFIXES, bind_prefixes
from kg.network.projection import induced
from kg.rdf.emit import document_iri
from kg.rdf.serialize import Statements, nquads_bytes, ntriples_bytes, rdfxml_bytes, trig_bytes, turtle_bytes

__all__ = ["FORMATS", "ExportSource", "render", "write_all", "subset"]

#: Format name -> the fixed file name ``kg build`` writes it under.
FORMATS = {
    "turtle": "kg.ttl", "trig": "kg.trig", "nquads": "kg.nq", "ntriples": "kg.nt",
    "jsonld": "kg.jsonld", "rdfxml": "kg.rdf", "graphml": "kg.graphml", "gexf": "kg.gexf",
    "nodes": "nodes.csv", "edges": "edges.csv", "evidence": "evidence.csv", "targets": "targets.csv",
    "ontology": "ontology.ttl", "owl": "ontology.owl",
}
_ONTOLOGY = GRAPH["ontology"]


@dataclass(frozen=True)
class ExportSource:
    """Everything the exports are made from: the dataset, the merged graph, a store, the network."""

    dataset: Dataset
    graph: Graph
    store: ox.Store
    network: nx.DiGraph
    keep: frozenset | None = None  # entity IRIs of a subset, or None for everything
    document: str | None = None  # a document subset: its kg:Document IRI
    statements: Statements | None = None  # the whole dataset in Oxigraph terms, if at hand


def _newest_document_date(store: ox.Store) -> str:
    rows = list(store.query("SELECT (MAX(STR(?d)) AS ?date) WHERE { ?doc a kg:Document ; "
                            "schema:datePublished ?d }", prefixes=PREFIXES))
    return rows[0]["date"].value if rows and rows[0]["date"] is not None else "1970-01-01"


def render(fmt: str, source: ExportSource, network: nx.DiGraph | None = None) -> bytes:
    """The bytes of one export format (``network``: the projection as exported, if already made)."""
    if fmt not in FORMATS:
        raise KgError(f"unknown export format '{fmt}'", hint=f"use one of {', '.join(sorted(FORMATS))}")
    if fmt in ("ontology", "owl"):
        return ontology_exports(source.dataset.graph(_ONTOLOGY))[FORMATS[fmt]]
    whole = source.statements is not None and source.keep is None and source.document is None
    graph = source.statements if whole else source.graph  # the converted copy is faster to write
    dataset = source.statements if whole else source.dataset
    writers = {"turtle": lambda: turtle_bytes(graph), "trig": lambda: trig_bytes(dataset),
               "nquads": lambda: nquads_bytes(dataset), "ntriples": lambda: ntriples_bytes(graph),
               "jsonld": lambda: jsonld_bytes(source.graph), "rdfxml": lambda: rdfxml_bytes(graph),
               "evidence": lambda: evidence_csv(source.store, source.keep, source.document),
               "targets": lambda: targets_csv(source.store, source.keep, source.document)}
    if fmt in writers:
        return writers[fmt]()
    network = network if network is not None else _exported_network(source)
    if fmt == "graphml":
        return graphml_bytes(network)
    if fmt == "gexf":
        return gexf_bytes(network, _newest_document_date(source.store))
    return nodes_csv(network) if fmt == "nodes" else edges_csv(network)


def write_all(source: ExportSource, folder: Path, skip=("turtle", "trig")) -> None:
    """Write every format into ``folder`` under its fixed name (Turtle and TriG are written by the
    build itself)."""
    network = _exported_network(source)  # made once for the four network formats
    for fmt, name in FORMATS.items():
        if fmt not in skip:
            (Path(folder) / name).write_bytes(render(fmt, source, network))


def _exported_network(source: ExportSource) -> nx.DiGraph:
    return export_network(source.network, mention_counts(source.store))


def _entities(source: ExportSource, spec: str) -> tuple[set, str | None]:
    from kg.network.names import resolve
    from kg.views.html import ego_network

    kind, _, value = spec.partition(":")
    if kind == "class":
        nodes = {n for n, c in source.network.nodes(data="cls") if c == value}
        if not nodes:
            raise KgError(f"no entity of class '{value}'", hint="use e.g. class:Official")
        return nodes, None
    if kind == "ego":
        name, _, depth = value.rpartition(":") if value.rpartition(":")[2].isdigit() else (value, "", "1")
        return set(ego_network(source.network, resolve(source.network, name), int(depth))), None
    if kind == "document":
        graph_iri = GRAPH[value]
        named = source.dataset.graph(graph_iri)
        if len(named) == 0:
            raise KgError(f"no document '{value}' in the build", hint="use a file name without .txt, "
                          "e.g. document:000_4221d1719c757f4b")
        nodes = {str(t) for e in named.subjects(RDF.type, KG.Evidence)
                 for t in (named.value(e, RDF.subject), named.value(e, RDF.object))
                 if str(t) in source.network}
        return nodes, str(graph_iri)
    raise KgError(f"unknown subset '{spec}'", hint="use class:CLASS, document:ID or ego:NAME[:DEPTH]")


def _keep_graph(graph: Graph, keep: set, document: str | None, dataset: Dataset) -> Graph:
    evidence = {e for e in graph.subjects(RDF.type, KG.Evidence) if str(graph.value(e, RDF.subject)) in keep}
    if document is not None:
        evidence &= set(dataset.graph(URIRef(document)).subjects(RDF.type, KG.Evidence))
    prefixes = tuple(str(e) + "-" for e in evidence)
    sources = {graph.value(e, PROV.wasDerivedFrom) for e in evidence}
    out = Graph()
    bind_prefixes(out)
    for s, p, o in graph:
        text = str(s)
        if text in keep or s in evidence or s in sources or text.startswith(prefixes):
            out.add((s, p, o))
    return out


def subset(source: ExportSource, spec: str) -> ExportSource:
    """The part of ``source`` a spec names: ``class:Official``, ``document:ID``, ``ego:NAME[:DEPTH]``.

    Entities keep their labels and facts; only the evidence for their facts is kept (for a
    document subset, only that document's); the ontology is kept so the result is self-describing.
    """
    keep, document = _entities(source, spec)
    graph = _keep_graph(source.graph, keep, document, source.dataset)
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    for named in source.dataset.graphs():
        if named.identifier == _ONTOLOGY:
            target = dataset.graph(_ONTOLOGY)
            for triple in named:
                target.add(triple)
                graph.add(triple)
        elif document is None or str(named.identifier) == document or named.identifier == GRAPH["registry"]:
            target = dataset.graph(named.identifier)
            for triple in named:
                if triple in graph:
                    target.add(triple)
    return replace(source, dataset=dataset, graph=graph, statements=None,
                   network=induced(source.network, keep), keep=frozenset(keep),
                   document=str(document_iri(spec.partition(":")[2])) if document else None)
