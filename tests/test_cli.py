"""The command line: every command has help with an example; version; exit codes documented."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from kg import __version__
from kg.cli import main
from kg.errors import EXIT_CODES

from .conftest import ROOT

COMMANDS = sorted(main.commands)


def test_top_level_help_has_an_example():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "kg build" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_has_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"kg {command}" in result.output.split("Example:", 1)[1]


def test_version():
    assert __version__ in CliRunner().invoke(main, ["--version"]).output


def test_usage_error_exit_code_is_two():
    assert CliRunner().invoke(main, ["build", "--no-such-option"]).exit_code == 2


def test_readme_documents_every_exit_code_and_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in EXIT_CODES:
        assert f"| {code} |" in readme, f"exit code {code} not in the README table"
    for command in COMMANDS:
        assert f"kg {command}" in readme, f"command {command} not in the README"


def test_console_script_runs_without_traceback_on_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", "--seeds", str(tmp_path / "corpus")],
                          capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ")
    assert isinstance(main, click.Group)
