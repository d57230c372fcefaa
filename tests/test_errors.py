"""Errors: a PlantoolError (a user's mistake) is one line on stderr and exit status 1;
anything else is a bug and keeps its traceback; PLANTOOL_DEBUG=1 re-raises both."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from plantool import errors, read, store
from plantool.cli import cli

from .conftest import ROOT


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def test_the_error_family():
    for name in ("PeriodError", "FilterError", "SliceError", "AliasError", "DatabaseError",
                 "ForeignDatabase", "GoldError", "InputError", "FormatError", "EncodingError"):
        assert issubclass(getattr(errors, name), errors.PlantoolError), name
    assert issubclass(read.ReadError, errors.InputError)
    assert issubclass(errors.ForeignDatabase, errors.DatabaseError)


def test_a_plantool_error_is_one_line_and_exit_1(tmp_path, isolated_db):
    store.open_db(str(isolated_db))
    (tmp_path / "gold").mkdir()
    result = run("eval", str(tmp_path / "gold"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: no gold files (<doc>.jsonl) in {tmp_path / 'gold'}\n"
    assert isinstance(result.exception, SystemExit)


def test_a_bad_diff_side_is_one_line(seeds_db):
    result = run("--db", seeds_db, "diff", "2025-2021", "2024")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1


def test_an_alias_naming_itself_is_one_line(isolated_db):
    store.open_db(str(isolated_db))
    result = run("alias", "口袋公园", "口袋公园")
    assert result.exit_code == 1
    assert result.stderr == "Error: '口袋公园' is the canonical name itself\n"


def test_plantool_debug_re_raises_a_plantool_error(tmp_path, isolated_db):
    store.open_db(str(isolated_db))
    (tmp_path / "gold").mkdir()
    result = run("eval", str(tmp_path / "gold"), env={"PLANTOOL_DEBUG": "1"})
    assert isinstance(result.exception, errors.GoldError)


def test_a_bug_is_not_dressed_up_as_a_user_mistake(isolated_db, monkeypatch):
    store.open_db(str(isolated_db))
    def broken(db):
        raise RuntimeError("a bug")

    monkeypatch.setattr(store, "documents", broken)
    result = run("docs")
    assert isinstance(result.exception, RuntimeError)
    assert "Error: a bug" not in result.stderr


def test_a_bug_shows_its_traceback_from_the_entry_point(tmp_path):
    """Through the real entry point: a KeyError raised inside a command prints a traceback."""
    code = ("import sys; from plantool import store, cli\n"
            "store.open_db(sys.argv[1])\n"
            "store.documents = lambda db: {}['boom']\n"
            "sys.argv = ['plantool', '--db', sys.argv[1], 'docs']\n"
            "cli.main()\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.db")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "KeyError: 'boom'" in done.stderr


def test_an_unknown_encoding_is_an_encoding_error():
    with pytest.raises(errors.EncodingError, match="unknown encoding 'klingon'"):
        read.check_encoding("klingon")
