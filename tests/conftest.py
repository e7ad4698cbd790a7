"""Shared fixtures: one real build of the seeds per test session, and a copy of the mini corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The real corpus built once into a temporary folder: a :class:`kg.build.BuildResult`."""
    from kg.build import build

    return build(SEEDS, tmp_path_factory.mktemp("seed") / "build")


@pytest.fixture()
def mini_seeds(tmp_path) -> Path:
    """A private copy of the mini fixture corpus that a test may break."""
    target = tmp_path / "seeds"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    """The merged graph of the seed build (``kg.nt``) as an rdflib graph, for outside checks."""
    from rdflib import Graph

    return Graph().parse(seed_build.out_dir / "kg.nt", format="nt")


@pytest.fixture(scope="session")
def seed_dataset(seed_build):
    """The named graphs of the seed build (``kg.trig``) as an rdflib dataset."""
    from rdflib import Dataset

    return Dataset().parse(seed_build.out_dir / "kg.trig", format="trig")


def built(seeds: Path, folder: Path):
    """Build ``seeds`` into ``folder`` and read it back: ``(dataset, merged graph, result)``."""
    from rdflib import Dataset, Graph

    from kg.build import build

    result = build(seeds, folder / "build")
    dataset = Dataset().parse(result.out_dir / "kg.trig", format="trig")
    graph = Graph().parse(result.out_dir / "kg.nt", format="nt")
    return dataset, graph, result


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless (tests/browser.py opens pages in it); Playwright's launch gives
    it a fresh temporary profile each time."""
    from playwright.sync_api import sync_playwright

    from .browser import ARGS, CHROMIUM

    assert Path(CHROMIUM).exists(), "chromium must be installed: scripts/test installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()
