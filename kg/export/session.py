"""Read a build back for ``kg export``: the dataset from kg.trig, the store, the projection."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from kg.build import merged_graph
from kg.export.exports import ExportSource, render, subset
from kg.namespaces import bind_prefixes
from kg.network.projection import project
from kg.query.session import fresh_store

__all__ = ["export_from_build"]


def export_from_build(seeds: Path, build_dir: Path, fmt: str, spec: str | None = None):
    """``(bytes, note)``: one format of the (fresh) build, whole or a subset."""
    store, note = fresh_store(seeds, build_dir)
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    dataset.parse(Path(build_dir) / "kg.trig", format="trig")
    source = ExportSource(dataset, merged_graph(dataset), store, project(store))
    if spec:
        source = subset(source, spec)
    return render(fmt, source), note
