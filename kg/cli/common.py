"""What the commands share: default folders, a fresh build, and the progress display."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

DEFAULT_SEEDS = Path("seeds")
DEFAULT_OUT = Path("build")


class progress_display:
    """Progress per build stage: a rich progress bar on an interactive terminal; one line per
    stage when piped; nothing in CI."""

    def __init__(self):
        self.bar = None
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        if os.environ.get("CI") or not sys.stderr.isatty():
            return None
        from rich.progress import Progress

        self.bar = Progress(transient=True)
        self.bar.start()
        return self.update

    def update(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=total or None)
        self.bar.update(self.tasks[stage], completed=done, total=total or None)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


def run_build(seeds: Path, out: Path, **options):
    """``kg build`` with the progress display; warnings printed; the result returned."""
    from kg.build import build

    with progress_display() as progress:
        result = build(seeds, out, progress=progress, **options)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    return result


def fresh_store(seeds: Path, build_dir: Path):
    """The store of ``build_dir``, rebuilt first (saying why on stderr) if missing or stale."""
    from kg.build import stale_reason
    from kg.store import open_store

    reason = stale_reason(seeds, build_dir)
    if reason is not None:
        run_build(seeds, build_dir)
        click.echo(f"{reason}: rebuilt {build_dir}/", err=True)
    return open_store(Path(build_dir) / "store")


def load_network(seeds, build_dir, *, classes=None, relations=None, weight: str = "none"):
    """``(network, store)``: the projection of a fresh build and its store."""
    from kg.network.projection import DEFAULT_CLASSES, project

    store = fresh_store(seeds, build_dir)
    network = project(store, classes=tuple(classes or DEFAULT_CLASSES), relations=relations,
                      weight=weight)
    return network, store
