"""kg draft, kg find, kg check and registry extension as a curator uses them: real processes, their
output and exit codes, and the round trip draft → review → check → build."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MINI, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "draft"


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture()
def project(tmp_path) -> Path:
    """A project folder whose seeds/ is the draft fixture (a registry and one raw text)."""
    shutil.copytree(FIXTURE, tmp_path / "seeds")
    return tmp_path


@pytest.fixture()
def mini(tmp_path) -> Path:
    shutil.copytree(MINI, tmp_path / "seeds")
    return tmp_path


def _review(*paths: Path) -> None:
    """What a curator does last: accept every drafted statement and write the English labels."""
    for path in paths:
        text = re.sub(r"^ *draft: true\n", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        text = re.sub(r'"TODO: English (label|description) of ([^"]+)"', r'"Reviewed \1 of \2"', text)
        path.write_text(text, encoding="utf-8")


def test_round_trip_draft_review_check_build(project):
    text = "seeds/documents/001_harbour.txt"
    done = kg("draft", text, cwd=project)
    assert done.returncode == 0, done.stderr
    assert "wrote seeds/documents/001_harbour.yaml" in done.stdout
    document, entities = project / "seeds/documents/001_harbour.yaml", project / "seeds/entities/001_harbour.yaml"
    assert document.is_file() and entities.is_file()
    checked = kg("check", "seeds/documents/001_harbour.yaml", cwd=project)
    assert checked.returncode == 8
    assert checked.stderr.startswith("error: seeds/documents/001_harbour.yaml:15: the document block is an "
                                     "unreviewed draft (fix: ")
    assert kg("check", "seeds/documents/001_harbour.yaml", "--allow-drafts", cwd=project).returncode == 0
    built = kg("build", cwd=project)
    assert built.returncode == 8 and "unreviewed draft" in built.stderr and not (project / "build").exists()
    allowed = kg("build", "--allow-drafts", cwd=project)
    assert allowed.returncode == 0, allowed.stderr
    assert "unreviewed drafts (first: seeds/documents/001_harbour.yaml:15" in allowed.stderr
    _review(document, entities)
    checked = kg("check", "seeds/documents/001_harbour.yaml", cwd=project)
    assert checked.returncode == 0, checked.stderr
    assert "001_harbour: 25 statements, 25 quotes found" in checked.stdout
    built = kg("build", cwd=project)
    assert built.returncode == 0, built.stderr
    graph = (project / "build" / "kg.nt").read_text(encoding="utf-8")
    assert "https://w3id.org/localgov-kg/id/zhang-yifan" in graph
    assert '港湾产业园明年元旦开园' in (project / "build" / "evidence.csv").read_text(encoding="utf-8")


def test_draft_refuses_to_replace_files_and_bad_ids(project):
    assert kg("draft", "seeds/documents/001_harbour.txt", cwd=project).returncode == 0
    again = kg("draft", "seeds/documents/001_harbour.txt", cwd=project)
    assert again.returncode == 2 and "exists (fix: pass --force" in again.stderr
    assert kg("draft", "seeds/documents/001_harbour.txt", "--force", cwd=project).returncode == 0
    shutil.copy(project / "seeds/documents/001_harbour.txt", project / "Harbour News.txt")
    bad = kg("draft", "Harbour News.txt", cwd=project)
    assert bad.returncode == 2 and "is not lowercase letters and digits" in bad.stderr


def test_draft_writes_where_told(project):
    done = kg("draft", "seeds/documents/001_harbour.txt", "-o", "out.yaml", "--entities", "new.yaml", cwd=project)
    assert done.returncode == 0, done.stderr
    assert (project / "out.yaml").read_text(encoding="utf-8").count("draft: true") > 10
    assert "english_label_source: fixture" in (project / "new.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["王小明", "王小明 ", "Wang Xiaoming", "wáng xiǎomíng", "wang-xiaoming",
                                  "kgr:wang-xiaoming"])
def test_find_any_name_form(mini, name):
    done = kg("find", name, cwd=mini)
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first == "王小明  wang-xiaoming  (Official)"
    assert "cited by 001_mini (2021-06-01)" in done.stdout
    assert "description (en): Director of the Example City Culture Bureau (fixture)" in done.stdout


def test_find_traditional_script_and_aliases(mini):
    assert "culture-bureau" in kg("find", "文化局", cwd=mini).stdout
    assert "culture-tourism" in kg("find", "文旅融合", cwd=mini).stdout
    assert "example-museum" in kg("find", "示例博物館", cwd=mini).stdout


def test_find_without_a_match_lists_near_names_and_fails(mini):
    done = kg("find", "示例博物", cwd=mini)
    assert done.returncode == 1
    assert "no entity is named '示例博物'; the nearest names:" in done.stderr
    assert "example-museum" in done.stdout
    nothing = kg("find", "zzzzqqq", cwd=mini)
    assert nothing.returncode == 1 and "no name is close to it" in nothing.stderr


def test_check_exit_codes(mini):
    document = mini / "seeds/documents/001_mini.yaml"
    assert kg("check", str(document), cwd=mini).returncode == 0
    original = document.read_text(encoding="utf-8")
    document.write_text(original.replace("holds: director-of-culture-bureau", "holds: director-of-culture-bureu"),
                        encoding="utf-8")
    unknown = kg("check", str(document), cwd=mini)
    assert unknown.returncode == 3 and "001_mini.yaml:12: unknown entity id 'director-of-culture-bureu'" in unknown.stderr
    document.write_text(original.replace("quote: 全市將實施“文旅融合”工程", "quote: 全市將實施“文化融合”工程"),
                        encoding="utf-8")
    quote = kg("check", str(document), cwd=mini)
    assert quote.returncode == 4 and "quote not found" in quote.stderr
    document.write_text(original.replace("    postIn: culture-bureau", "    postIn: culture-bureau\n    draft: true"),
                        encoding="utf-8")
    draft = kg("check", str(document), cwd=mini)
    assert draft.returncode == 8 and "001_mini.yaml:13: statement is an unreviewed draft" in draft.stderr
    assert kg("check", "seeds/documents/001_mini.txt", cwd=mini).returncode == 2
    assert not (mini / "build").exists()


def test_a_new_batch_extends_an_entity_without_editing_shared_files(mini):
    (mini / "seeds/entities/zz-batch.yaml").write_text(
        "english_label_source: curator\nentities:\n  - extends: example-museum\n"
        "    aliases: [示例市博物馆]\n    note: The 2024 batch calls it 示例市博物馆.\n", encoding="utf-8")
    found = kg("find", "示例市博物館", cwd=mini)
    assert found.returncode == 0 and "example-museum" in found.stdout
    assert "extended at seeds/entities/zz-batch.yaml:3" in found.stdout
    built = kg("build", cwd=mini)
    assert built.returncode == 0, built.stderr
    turtle = (mini / "build" / "kg.ttl").read_text(encoding="utf-8")
    assert '"示例市博物馆"@zh-Hans' in turtle


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例</title></head><body>
<nav>首页 &gt; 新闻</nav><article><h1>示例市文化局推进文旅融合</h1><p>发布时间:2021年06月02日</p>
<p>示例市文化局局长王小明说,全市将实施“文旅融合”工程,建设示例博物馆。</p></article></body></html>"""


def test_a_saved_page_builds_deterministically_with_offsets_in_its_extracted_text(mini):
    page = mini / "seeds/documents/002_page.html"
    page.write_text(PAGE, encoding="utf-8")
    drafted = kg("draft", str(page), "--seeds", "seeds", cwd=mini)
    assert drafted.returncode == 0, drafted.stderr
    _review(page.with_suffix(".yaml"), mini / "seeds/entities/002_page.yaml")
    first = kg("build", "--no-cache", cwd=mini)
    assert first.returncode == 0, first.stderr
    nquads = (mini / "build/kg.nq").read_bytes()
    assert kg("build", "--no-cache", cwd=mini).returncode == 0
    assert (mini / "build/kg.nq").read_bytes() == nquads
    assert page.read_text(encoding="utf-8") == PAGE  # the raw page is kept byte for byte
    from kg.text.html import extract_html_text

    text = extract_html_text(PAGE.encode("utf-8"))
    evidence = (mini / "build/evidence.csv").read_text(encoding="utf-8").splitlines()
    import csv

    rows = [r for r in csv.DictReader(evidence) if r.get("source") and "002" in r["source"]]
    assert rows
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert text[start:end] == row["quote"]
