"""Per-document work: cached by content hash, only changed documents redone, parallel = sequential."""

from __future__ import annotations

import shutil

from rdflib.compare import isomorphic

from kg.curation.load import load_registry
from kg.errors import QuoteNotFoundError
from kg.build.documents import process_documents
from kg.rdf.ontology import load_ontology

from .conftest import SEEDS


def _copy(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    return seeds, load_registry(seeds, load_ontology())[1]


def test_only_changed_documents_are_redone(tmp_path):
    seeds, entities = _copy(tmp_path)
    cache = tmp_path / "cache"
    first = process_documents(seeds, entities, cache)
    assert [r.cached for r in first] == [False, False]
    again = process_documents(seeds, entities, cache)
    assert [r.cached for r in again] == [True, True]
    assert all(isomorphic(a.graph, b.graph) for a, b in zip(first, again))
    assert first[0].forms == again[0].forms and first[0].forms["侨都赋能"] == "僑都賦能"
    curation = seeds / "documents" / "001_a1366d450c5a1b76.yaml"
    curation.write_text(curation.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    changed = process_documents(seeds, entities, cache)
    assert [r.cached for r in changed] == [True, False]


def test_a_registry_change_redoes_every_document(tmp_path):
    seeds, entities = _copy(tmp_path)
    cache = tmp_path / "cache"
    process_documents(seeds, entities, cache)
    registry = seeds / "entities" / "officials.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert [r.cached for r in process_documents(seeds, entities, cache)] == [False, False]


def test_parallel_workers_give_the_same_graphs_and_keep_error_locations(tmp_path, monkeypatch):
    from kg.build import documents as pipeline

    seeds, entities = _copy(tmp_path)
    sequential = process_documents(seeds, entities, None)
    monkeypatch.setattr(pipeline, "PARALLEL_THRESHOLD", 1)
    parallel = process_documents(seeds, entities, None, workers=2)
    assert [r.doc_id for r in parallel] == [r.doc_id for r in sequential]
    assert all(isomorphic(a.graph, b.graph) for a, b in zip(sequential, parallel))
    curation = seeds / "documents" / "000_4221d1719c757f4b.yaml"
    curation.write_text(curation.read_text(encoding="utf-8").replace(
        "quote: 市人才工作局局長李曦\n", "quote: 市人才工作局局長李西\n", 1), encoding="utf-8")
    try:
        process_documents(seeds, entities, None, workers=2)
    except QuoteNotFoundError as err:  # raised in a worker process, file and line intact
        assert err.file.endswith("000_4221d1719c757f4b.yaml") and err.line and "李曦" in str(err)
    else:
        raise AssertionError("the bad quote was not reported")
