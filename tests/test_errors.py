"""Bad input: one line naming file, line and fix; a documented exit code; build/ untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import CurationError, QuoteNotFoundError, ShapeViolationError

STATEMENTS = "documents/001_mini.yaml"
ENTITIES = "entities/all.yaml"


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _run_build(seeds: Path, out: Path):
    out.mkdir(exist_ok=True)
    (out / "kg.ttl").write_text("previous build\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--seeds", str(seeds), "--out", str(out)])
    assert (out / "kg.ttl").read_text(encoding="utf-8") == "previous build\n", "build/ was touched"
    assert sorted(p.name for p in out.iterdir()) == ["kg.ttl"]
    assert not list(out.parent.glob(".build-*")), "a temporary folder was left behind"
    assert "Traceback" not in result.output
    return result


CASES = {
    "malformed YAML": (STATEMENTS, "quote: 示例市文化局局長王小明\n    holds", "quote: [示例市\n    holds",
                       CurationError, r"001_mini\.yaml:\d+: malformed YAML"),
    "unknown entity id": (STATEMENTS, "holds: director-of-culture-bureau",
                          "holds: director-of-culture-bureu", CurationError,
                          r"001_mini\.yaml:12: unknown entity id 'director-of-culture-bureu'.*did you mean 'director-of-culture-bureau'"),
    "duplicate id": (ENTITIES, "  - id: example-museum", "  - id: culture-bureau", CurationError,
                     r"all\.yaml:\d+: duplicate entity id 'culture-bureau'.*first defined at"),
    "class the ontology lacks": (ENTITIES, "class: Platform", "class: Platfrom", CurationError,
                                 r"all\.yaml:\d+: entity 'example-museum' has class 'Platfrom'.*did you mean 'Platform'"),
    "wrong type": (STATEMENTS, "holds: director-of-culture-bureau", "holds: culture-bureau",
                   CurationError, r"001_mini\.yaml:12: 'holds' expects its object to be Post, but 'culture-bureau' is Department"),
    "unknown property": (STATEMENTS, "    serves: culture-tourism", "    servs: culture-tourism",
                         CurationError, r"unknown property 'servs'.*did you mean 'serves'"),
    "not a number": (STATEMENTS, "value: 1.5万", "value: 很多", CurationError,
                     r"001_mini\.yaml:\d+: not a number: '很多' for 'value'"),
    "quote not in the text": (STATEMENTS, "quote: 全市將實施“文旅融合”工程", "quote: 全市將實施“文化融合”工程",
                              QuoteNotFoundError, r"001_mini\.yaml:\d+: quote not found in .*001_mini\.txt.*nearest match: '全市将实施\"文旅融合\"工程'"),
    "shape violation": (STATEMENTS, "    figureKind: goal\n", "", ShapeViolationError,
                        r"does not conform.*kgr:target-visitors kg:figureKind"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_fails_cleanly(case, mini_seeds, tmp_path):
    relative, old, new, error, pattern = CASES[case]
    _edit(mini_seeds, relative, old, new)
    result = _run_build(mini_seeds, tmp_path / "build")
    assert result.exit_code == error.exit_code
    first_line = result.output.splitlines()[0]
    assert re.search(pattern, first_line), first_line
    assert "(fix: " in first_line


def test_non_utf8_document(mini_seeds, tmp_path):
    text = mini_seeds / "documents" / "001_mini.txt"
    text.write_bytes(text.read_text(encoding="utf-8").encode("gb18030"))
    result = _run_build(mini_seeds, tmp_path / "build")
    assert result.exit_code == CurationError.exit_code
    assert re.search(r"001_mini\.txt:1: not valid UTF-8 \(byte \d+.*fix: re-save the file as UTF-8",
                     result.output.splitlines()[0])


def test_empty_document(mini_seeds, tmp_path):
    (mini_seeds / "documents" / "001_mini.txt").write_text("  \n", encoding="utf-8")
    result = _run_build(mini_seeds, tmp_path / "build")
    assert result.exit_code == CurationError.exit_code
    assert "001_mini.txt:1: document is empty" in result.output


def test_raw_document_without_curation(mini_seeds, tmp_path):
    (mini_seeds / "documents" / "002_orphan.txt").write_text("一段文字。", encoding="utf-8")
    result = _run_build(mini_seeds, tmp_path / "build")
    assert result.exit_code == CurationError.exit_code
    assert "002_orphan.txt: raw document has no curation file" in result.output


def test_not_a_seeds_folder(tmp_path):
    result = _run_build(tmp_path / "nowhere", tmp_path / "build")
    assert result.exit_code == CurationError.exit_code
    assert "not a seeds folder" in result.output


def test_successful_build_replaces_the_previous_one(mini_seeds, tmp_path):
    out = tmp_path / "build"
    out.mkdir()
    (out / "stale.txt").write_text("old", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--seeds", str(mini_seeds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    from kg.export.exports import FORMATS

    assert sorted(p.name for p in out.iterdir()) == sorted(
        {*FORMATS.values(), "centrality.csv", "graph.html", "manifest.json", "projects",
         "report.md", "store"})
    assert not list(tmp_path.glob(".build-*"))
