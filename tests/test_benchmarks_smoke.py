"""Smoke test of the benchmark suite (benchmarks/): a tiny synthetic corpus, generated, built and
measured. Timings are recorded but never asserted: they cannot pass or fail a test."""

from __future__ import annotations

from pathlib import Path

import pytest

from .benchmark_modules import load


def _module(name: str):
    return load(name)


@pytest.fixture(scope="module")
def generate():
    return _module("generate")


@pytest.fixture(scope="module")
def run():
    return _module("run")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, generate):
    """Three synthetic documents (seed 42), built with kg.build.build."""
    from kg.build import build

    base = tmp_path_factory.mktemp("bench")
    corpus = generate.generate(3, 42, base / "seeds")
    return corpus, build(base / "seeds", base / "build")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_generator_is_deterministic(tmp_path, generate):
    generate.generate(3, 42, tmp_path / "a")
    generate.generate(3, 42, tmp_path / "b")
    generate.generate(3, 43, tmp_path / "c")
    a, b, c = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert a == b
    assert a != c
    assert "sources.yaml" in a
    assert sum(name.startswith("documents/") and name.endswith(".txt") for name in a) == 3
    assert any(name.startswith("entities/") for name in a)


def test_quotes_are_verbatim_substrings(tiny):
    import yaml

    corpus, _ = tiny
    for path in sorted((corpus.out / "documents").glob("*.yaml")):
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        statements = yaml.safe_load(path.read_text(encoding="utf-8"))["statements"]
        assert statements
        for statement in statements:
            assert statement["quote"] in text


def test_build_conforms_and_facts_recur(tiny):
    import csv
    import io

    from rdflib import Graph

    from kg.rdf.validate import shape_violations

    _, result = tiny
    assert (result.out_dir / "kg.ttl").is_file() and (result.out_dir / "store").is_dir()
    assert shape_violations(Graph().parse(result.out_dir / "kg.nt", format="nt")) == []  # pySHACL
    rows = csv.DictReader(io.StringIO((result.out_dir / "evidence.csv").read_text(encoding="utf-8")))
    documents: dict[tuple, set] = {}
    for row in rows:
        if row["source_kind"] == "document":
            documents.setdefault((row["subject"], row["predicate"], row["object"]), set()).add(row["source"])
    assert sum(len(sources) >= 2 for sources in documents.values()) >= 1


def test_measuring_functions_run(tiny, run, tmp_path):
    corpus, result = tiny
    queries = run.query_benchmarks(result.out_dir, 1, log=lambda *_: None)
    assert queries["queries"] and all(q["rows_agree"] for q in queries["queries"])
    anchor = run.raw_anchor(result.out_dir / "kg.nq", tmp_path / "anchor")
    assert anchor["wall_s"] > 0 and anchor["load_s"] > 0
    built = run.run_build(corpus.out, tmp_path / "build")
    assert built["returncode"] == 0 and built["peak_tree_mb"] > 0
    assert {"documents", "merge", "store", "pages"} <= set(built["stages"])
    report = run.format_report({"machine": run.machine_info(), "sizes": {"3": {
        "documents": 3, "statements": 10, "cold": built, "anchor": anchor, "cold_over_anchor": 1.0,
        "unchanged": built, "one_document": built, "one_alias": built, "queries": queries}}})
    assert "posts-by-department" in report and "cold/anchor" in report


def test_build_measurement_and_mutation(tmp_path, generate, run):
    seeds = tmp_path / "seeds"
    generate.generate(2, 7, seeds)
    doc = run.mutate_one_document(seeds, 1)
    text = (seeds / "documents" / f"{doc}.txt").read_text(encoding="utf-8")
    assert "补记1：" in text
    entity = run.add_alias(seeds, 1)
    assert "别名1号" in "".join(p.read_text(encoding="utf-8") for p in (seeds / "entities").glob("*.yaml"))
    assert entity
    failed = run.run_build(tmp_path / "missing", tmp_path / "out", timeout=120)
    assert failed["returncode"] != 0 and failed["wall_s"] > 0


def test_alias_bomb_measurement(tmp_path, run):
    bomb = run.alias_bomb(tmp_path)
    assert bomb["returncode"] == 3 and bomb["peak_tree_mb"] > 0
    assert not (tmp_path / "alias-bomb").exists()
    report = run.format_report({"machine": run.machine_info(), "alias_bomb": bomb, "sizes": {}})
    assert "alias bomb" in report and "exit 3" in report


def test_draft_evaluation_runs_on_any_corpus(tmp_path):
    """benchmarks/draft_eval.py, leave-one-document-out on the fictional second-city corpus: the
    table and the JSON have every kind (figures are never asserted: they measure, not test)."""
    draft_eval = _module("draft_eval")
    corpus = Path(__file__).resolve().parent / "fixtures" / "second-city"
    report = draft_eval.evaluate(corpus)
    assert [r["document"] for r in report["documents"]] == ["001_first", "002_second"]
    assert set(draft_eval.KINDS) <= set(report["total"])
    assert {"kept", "lines", "items"} <= set(report["total"])
    items = report["total"]["items"]
    assert 0 < items["typed"] <= items["curated"]
    assert sum(k["curated"] for k in items["by_kind"].values()) == items["curated"]
    assert items["by_kind"]["English label"]["typed"] == items["by_kind"]["English label"]["curated"]
    table = draft_eval.format_table(report)
    assert "| targets |" in table and "lines typed by hand" in table and "items typed" in table
    assert draft_eval.main(["--seeds", str(corpus), "--json", str(tmp_path / "eval.json")]) == 0
    assert (tmp_path / "eval.json").is_file()


def test_check_speed_measures_real_processes(tmp_path, generate):
    check_speed = _module("check_speed")
    generate.generate(3, 42, tmp_path / "seeds")
    report = check_speed.measure(tmp_path / "seeds", samples=2)
    assert report["documents"] == 3 and report["cold_exit"] == 0
    assert all(w["exit"] == 0 for w in report["warm"])
    assert "later checks" in check_speed.format_report(report)


def test_page_benchmark_measures_write_size_and_first_frame(tiny, tmp_path):
    """benchmarks/pages.py on the tiny build: the page is written by a subprocess of this
    checkout and opened in Chromium; figures are recorded, not judged."""
    pages = _module("pages")
    _, result = tiny
    row = pages.measure(result.out_dir / "store", tmp_path, repeat=1)
    assert row["nodes"] > 0 and row["bytes"] > 0 and row["write_s"] > 0
    assert row["first_frame_ms"] > 0
    report = pages.format_report({"sizes": {3: {"new": row}}})
    assert "| new (3) |" in report
