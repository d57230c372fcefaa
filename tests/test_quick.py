"""``plantool --help`` and ``plantool path`` answered before click is imported: the same
text as click's, never a stale one, and only for the console script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from plantool import dbpath, quick
from plantool.cli import cli

from .conftest import ROOT


def test_the_stored_help_is_clicks_help_of_this_cli():
    """Fails when cli.py changed without ``python -m plantool.quick`` writing the help."""
    stored = quick.stored_help()
    assert stored is not None, "data/cli_help.txt is stale: run python -m plantool.quick"
    clicks = CliRunner().invoke(cli, ["--help"], prog_name="plantool", terminal_width=80)
    assert stored.replace(quick.PROG, "plantool") == clicks.output


def test_a_stale_help_file_is_never_served(tmp_path, monkeypatch):
    stale = tmp_path / "cli_help.txt"
    stale.write_text("# cli.py 00000000\nUsage: old\n", encoding="utf-8")
    monkeypatch.setattr(quick, "HELP_FILE", str(stale))
    assert quick.stored_help() is None
    assert quick.answer(["--help"], "plantool") is None


def test_a_narrow_terminal_is_left_to_click(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    assert quick.answer(["--help"], "plantool") is None
    monkeypatch.setenv("COLUMNS", "120")
    assert quick.answer(["-h"], "plantool").startswith("Usage: plantool [OPTIONS]")


@pytest.mark.parametrize("args", [["path"], ["--db", "a.db", "path"], ["path", "--db", "b.db"],
                                  ["--db=a.db", "path", "--db", "b.db"],
                                  ["--db", "a.db", "path", "--db", ""]])
def test_path_answers_as_click_does(args, tmp_path, monkeypatch):
    (tmp_path / "real.db").write_text("", encoding="utf-8")
    os.symlink(tmp_path / "real.db", tmp_path / "a.db")
    monkeypatch.chdir(tmp_path)
    clicks = CliRunner().invoke(cli, args)
    assert clicks.exit_code == 0
    assert quick.answer(args, "plantool") == clicks.output


@pytest.mark.parametrize("args", [["path", "--help"], ["path", "extra"], ["list"], ["path", "--db"],
                                  [], ["--version"]])
def test_other_command_lines_go_to_click(args):
    assert quick.answer(args, "plantool") is None


def test_the_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANTOOL_DB", str(tmp_path / "env.db"))
    assert dbpath.resolved() == str((tmp_path / "env.db").resolve())
    assert dbpath.db_path("x.db") == "x.db"


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    """The command as the console script runs it, with the heavy modules it imported."""
    script = tmp_path / "plantool"
    script.write_text("import sys\ntry:\n    from plantool.cli import cli\n    cli()\nfinally:\n"
                      "    print(sorted(m for m in sys.modules if m in ('click', 'sqlite3', "
                      "'sqlite_utils', 'rich', 'rapidfuzz')), file=sys.stderr)\n",
                      encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    return subprocess.run([sys.executable, str(script), *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_console_script_answers_without_importing_click(tmp_path):
    helped, path = _run(["--help"], tmp_path), _run(["path"], tmp_path)
    assert helped.returncode == 0 and helped.stdout.startswith("Usage: plantool [OPTIONS]")
    assert helped.stderr.strip() == "[]"
    assert path.returncode == 0 and path.stdout.strip() == str(tmp_path.resolve() / "plantool.db")
    assert path.stderr.strip() == "[]"


def test_the_probe_sees_click_when_click_answers(tmp_path):
    listed = _run(["docs", "--help"], tmp_path)
    assert listed.returncode == 0 and "'click'" in listed.stderr


def test_a_test_runner_is_no_console_script():
    assert quick.program_name() is None
    assert Path(quick.CLI_FILE).name == "cli.py"
