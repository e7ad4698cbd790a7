"""The output folder is replaced only when nothing is lost; leftovers of killed builds go away.

The bad-input cases themselves (one line, exit code, nothing changed) are data in
``tests/bad_inputs/`` run by ``test_bad_inputs.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys

from click.testing import CliRunner

from kg.build.folder import MANIFEST, read_manifest
from kg.cli import main


def _build(seeds, out):
    return CliRunner().invoke(main, ["build", "--seeds", str(seeds), "--out", str(out)])


def test_a_previous_build_is_replaced_and_lists_its_files(mini_seeds, tmp_path):
    out = tmp_path / "build"
    first = _build(mini_seeds, out)
    assert first.exit_code == 0, first.output
    listed = read_manifest(out)["files"]
    assert sorted(p.name for p in out.iterdir()) == listed and MANIFEST in listed
    (out / "graph.html").write_text("edited by hand", encoding="utf-8")  # a file kg wrote: replaced
    again = _build(mini_seeds, out)
    assert again.exit_code == 0, again.output
    assert "edited by hand" not in (out / "graph.html").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".build-*"))


def test_an_empty_folder_may_be_the_output(mini_seeds, tmp_path):
    (tmp_path / "empty").mkdir()
    assert _build(mini_seeds, tmp_path / "empty").exit_code == 0


def test_staging_folders_of_killed_builds_are_removed(mini_seeds, tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    left = tmp_path / f".build-new-{dead}-abc123"
    left.mkdir()
    (left / "kg.ttl").write_text("half written", encoding="utf-8")
    alive = tmp_path / f".build-new-{os.getppid()}-xyz"  # a running process: left alone
    alive.mkdir()
    assert _build(mini_seeds, tmp_path / "build").exit_code == 0
    assert not left.exists() and alive.exists()


def test_viz_output_in_the_build_folder_is_recorded(mini_seeds, tmp_path):
    out = tmp_path / "build"
    assert _build(mini_seeds, out).exit_code == 0
    viz = CliRunner().invoke(main, ["viz", "--focus", "王小明", "--seeds", str(mini_seeds),
                                    "--build", str(out)])
    assert viz.exit_code == 0, viz.output
    assert "focus-wang-xiaoming.html" in read_manifest(out)["files"]
    assert _build(mini_seeds, out).exit_code == 0  # the folder is still a previous build


def test_unexpected_errors_are_one_line_unless_debug(monkeypatch, mini_seeds, tmp_path):
    import kg.build.orchestrate as orchestrate

    def boom(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(orchestrate, "_assemble", boom)
    result = CliRunner().invoke(main, ["build", "--seeds", str(mini_seeds), "--out",
                                       str(tmp_path / "b")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: internal error: ZeroDivisionError: a bug (fix: rerun with `kg --debug ...` for "
        "the traceback, and report it)"]
    debug = CliRunner().invoke(main, ["--debug", "build", "--seeds", str(mini_seeds), "--out",
                                      str(tmp_path / "b")])
    assert isinstance(debug.exception, ZeroDivisionError)


def test_usage_errors_are_one_line():
    result = CliRunner().invoke(main, ["build", "--no-such-option"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: No such option '--no-such-option'. (fix: see `kg build --help`)"]


def test_a_build_by_an_earlier_version_is_replaced_but_not_what_it_did_not_write(mini_seeds,
                                                                                 tmp_path):
    """Builds made before the manifest listed its files (their manifest has no ``files``) are
    still recognised by their standard file names; anything else in the folder stops the build."""
    import json
    import shutil

    out = tmp_path / "build"
    assert _build(mini_seeds, out).exit_code == 0
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    del manifest["files"]

    def as_an_earlier_version_left_it():  # no file list, and none of the later outputs
        (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        shutil.rmtree(out / "documents")

    as_an_earlier_version_left_it()
    assert _build(mini_seeds, out).exit_code == 0
    as_an_earlier_version_left_it()
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")
    refused = _build(mini_seeds, out)
    assert refused.exit_code == 2 and "my-notes.txt" in refused.output
    assert (out / "my-notes.txt").read_text(encoding="utf-8") == "mine"
