"""Open the built store and project it, as the network commands need."""

from __future__ import annotations

from pathlib import Path

from kg.network.projection import DEFAULT_CLASSES, project
from kg.query.session import fresh_store

__all__ = ["load_network"]


def load_network(seeds: Path, build_dir: Path, *, classes=DEFAULT_CLASSES, relations=None,
                 weight: str = "none"):
    """``(graph, store, note)``: the projection of a fresh build, its store, and a rebuild note."""
    store, note = fresh_store(seeds, build_dir)
    return project(store, classes=tuple(classes), relations=relations, weight=weight), store, note
