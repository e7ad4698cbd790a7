"""The build's cost follows the change: only documents whose inputs changed are redone, the store
is updated rather than reloaded, and every way of reaching the same inputs gives the same bytes."""

from __future__ import annotations

import hashlib
import shutil

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.build import executors
from kg.errors import CurationError, QuoteNotFoundError

from .conftest import SEEDS

DOC_2021 = "documents/000_4221d1719c757f4b.yaml"
DOC_2022 = "documents/001_a1366d450c5a1b76.yaml"


def _copy(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    return seeds


def _edit(seeds, relative, old, new):
    path = seeds / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _files(out) -> dict[str, str]:
    """Every file of a build but the store database, by digest; the store by its sorted content
    (statements with blank nodes, which a store labels afresh on each load, by their count)."""
    found = {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in out.rglob("*") if p.is_file() and "store" not in p.relative_to(out).parts}
    store = ox.Store.read_only(str(out / "store"))
    quads = [str(q) for q in store.quads_for_pattern(None, None, None, None)]
    named = sorted(q for q in quads if "_:" not in q)
    found["store (content)"] = hashlib.sha256("\n".join(named).encode()).hexdigest()
    found["store (blank-node statements)"] = str(len(quads) - len(named))
    return found


def test_only_changed_documents_are_redone(tmp_path):
    seeds, out = _copy(tmp_path), tmp_path / "build"
    first = build(seeds, out)
    assert (first.summary.changed, first.summary.cached, first.summary.incremental) == (2, 0, False)
    again = build(seeds, out)
    assert (again.summary.changed, again.summary.cached, again.summary.incremental) == (0, 2, True)
    assert again.summary.unchanged and "nothing changed since the last build" in again.summary.line()
    assert again.files == first.files and again.warnings == first.warnings
    _edit(seeds, DOC_2022, "quote: 今年上半年", "quote: 今年上半年")  # same bytes: nothing to redo
    _edit(seeds, DOC_2022, "statements:", "# edited by a curator\nstatements:")
    changed = build(seeds, out)
    assert (changed.summary.changed, changed.summary.cached) == (1, 1)
    assert "1 document changed, 1 from cache" in changed.summary.line()


def test_nothing_to_do_is_decided_by_every_input_and_every_output(tmp_path):
    """A build with nothing changed returns at once, but any changed input (a document, a
    comment in the registry, a new empty folder) or any missing output makes it build again."""
    seeds, out = _copy(tmp_path), tmp_path / "build"
    build(seeds, out)
    assert build(seeds, out).summary.unchanged
    (out / "nodes.csv").unlink()
    rebuilt = build(seeds, out)
    assert not rebuilt.summary.unchanged and (out / "nodes.csv").is_file()
    with (seeds / "sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write("# a comment\n")
    assert not build(seeds, out).summary.unchanged
    (seeds / "entities" / "later").mkdir()
    assert not build(seeds, out).summary.unchanged
    assert build(seeds, out).summary.unchanged
    assert not build(seeds, out, cache=False).summary.unchanged


def test_an_alias_in_the_registry_redoes_no_document(tmp_path):
    seeds, out = _copy(tmp_path), tmp_path / "build"
    build(seeds, out)
    _edit(seeds, "entities/officials.yaml", "    label: 李曦\n", "    label: 李曦\n    aliases: [李局长]\n")
    result = build(seeds, out)
    assert result.summary.changed == 0
    assert "李局长" in (out / "kg.nt").read_text(encoding="utf-8")


def test_a_class_change_redoes_the_documents_that_name_the_entity_only(tmp_path):
    seeds, out = _copy(tmp_path), tmp_path / "build"
    build(seeds, out)
    names = {}
    for doc in (DOC_2021, DOC_2022):
        names[doc] = "li-xi-guangdong" in (seeds / doc).read_text(encoding="utf-8")
    assert names == {DOC_2021: False, DOC_2022: True}
    _edit(seeds, "entities/officials.yaml", "    label: 李希\n    en: Li Xi\n",
          "    label: 李希\n    en: Li Xi (Guangdong)\n")
    assert build(seeds, out).summary.changed == 0  # an English label is not a class
    _edit(seeds, "entities/officials.yaml", "  - id: li-xi-guangdong\n    class: Official",
          "  - id: li-xi-guangdong\n    class: Organization")
    with pytest.raises(CurationError, match="expects its subject to be Official"):
        build(seeds, out)  # holds expects an Official: the 2022 document is redone


def test_cold_and_incremental_builds_give_the_same_bytes(tmp_path):
    seeds = _copy(tmp_path)
    incremental = tmp_path / "incremental" / "build"
    build(seeds, incremental)
    _edit(seeds, DOC_2021, "  - about: li-xi\n    quote: 市人才工作局局長李曦\n",
          "  - about: li-xi\n    quote: 市人才工作局局長李曦說\n")
    _edit(seeds, "entities/officials.yaml", "    label: 李曦\n", "    label: 李曦\n    aliases: [李局长]\n")
    result = build(seeds, incremental)
    assert result.summary.incremental and result.summary.changed == 1
    cold = build(seeds, tmp_path / "cold" / "build", cache=False)
    assert not cold.summary.incremental
    assert _files(incremental) == _files(cold.out_dir)


def test_parallel_and_dask_executors_give_the_same_bytes(tmp_path, monkeypatch):
    sequential = build(SEEDS, tmp_path / "a" / "build", cache=False)
    monkeypatch.setattr(executors, "PARALLEL_THRESHOLD", 1)
    parallel = build(SEEDS, tmp_path / "b" / "build", cache=False, workers=2)
    dask = build(SEEDS, tmp_path / "c" / "build", cache=False, executor="dask-local", workers=2)
    assert _files(sequential.out_dir) == _files(parallel.out_dir) == _files(dask.out_dir)


def test_errors_keep_file_and_line_across_processes(tmp_path, monkeypatch):
    seeds = _copy(tmp_path)
    _edit(seeds, DOC_2021, "quote: 市人才工作局局長李曦\n", "quote: 市人才工作局局長李西\n")
    monkeypatch.setattr(executors, "PARALLEL_THRESHOLD", 1)
    for executor in ("local", "dask-local"):
        with pytest.raises(QuoteNotFoundError) as caught:
            build(seeds, tmp_path / executor / "build", cache=False, executor=executor, workers=2)
        assert caught.value.file.endswith("000_4221d1719c757f4b.yaml") and caught.value.line
        assert "李曦" in str(caught.value)
