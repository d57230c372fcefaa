"""Per-file isolation: whatever goes wrong with one file is one printable line and the run
goes on (exit status 1, the summary counts it); errors of the database file stop the run
with one line."""

from __future__ import annotations

import os
import sqlite3

import pytest
from click.testing import CliRunner

from plantool import escape, store
from plantool.cli import cli

PLAN = ("大连市养老服务实施方案\n"
        "到2025年，新增家庭养老床位1000张，新建社区食堂20个。\n")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def three_plans(folder) -> None:
    folder.mkdir()
    for i, name in enumerate(("a.txt", "b.txt", "c.txt")):
        (folder / name).write_text(PLAN.replace("20个", f"{20 + i}个"), encoding="utf-8")


def stored_names(db_path) -> list[str]:
    return [r[0] for r in sqlite3.connect(db_path).execute("select name from documents")]


@pytest.mark.parametrize("text, shown", [
    ("报告/2024.md", "报告/2024.md"),
    (os.fsdecode(b"\xb9\xa4\xd7\xf7.txt"), "工作.txt"),
    (os.fsdecode(b"\xff\xfe.txt"), "\\xff\\xfe.txt"),
    ("\x1b[31mred\x1b[0m.txt", "\\x1b[31mred\\x1b[0m.txt"),
    ("a\nb\tc.txt", "a\\nb\\tc.txt"),
    ("全角\u3000空格.txt", "全角\u3000空格.txt"),
])
def test_names_are_made_printable_whatever_their_bytes(text, shown):
    assert escape.file_name(text) == shown
    escape.file_name(text).encode("utf-8")  # never a surrogate left


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_any_error_in_one_file_is_one_line_and_the_others_go_on(tmp_path, isolated_db,
                                                                 monkeypatch, jobs):
    three_plans(tmp_path / "plans")
    real = store.save_document

    def save(db, **kwargs):
        if kwargs["name"] == "b.txt":
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        return real(db, **kwargs)

    monkeypatch.setattr(store, "save_document", save)
    result = run("ingest", "--jobs", jobs, str(tmp_path / "plans"))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {tmp_path / 'plans' / 'b.txt'}: failed (OverflowError: "
                      "Python int too large to convert to SQLite INTEGER)"]
    assert "2 documents: 2 added; 1 failed" in result.stderr
    assert stored_names(isolated_db) == ["a.txt", "c.txt"]


def test_a_gbk_bytes_file_name_does_not_stop_the_run(tmp_path, isolated_db):
    folder = tmp_path / "zip"
    folder.mkdir()
    os.makedirs(os.fsencode(folder), exist_ok=True)
    with open(os.fsencode(folder) + b"/\xb9\xa4\xd7\xf7\xb1\xa8\xb8\xe6.txt", "w",
              encoding="utf-8") as file:
        file.write(PLAN)
    (folder / "zz.txt").write_text(PLAN.replace("20个", "30个"), encoding="utf-8")
    result = run("ingest", "-j", "1", str(folder))
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "工作报告.txt" in result.stderr  # a row or an error, the name read as GB18030
    result.stderr.encode("utf-8")
    assert "zz.txt" in stored_names(isolated_db)
    assert "; 0 failed" in result.stderr or result.exit_code == 1


def test_a_number_beyond_any_sqlite_type_does_not_stop_the_run(tmp_path, isolated_db):
    folder = tmp_path / "plans"
    three_plans(folder)
    (folder / "b.txt").write_text(PLAN.replace("1000张", "9" * 330 + "张"), encoding="utf-8")
    result = run("ingest", "-j", "1", str(folder))
    assert "Traceback" not in result.output
    assert {"a.txt", "c.txt"} <= set(stored_names(isolated_db))
    assert "3 documents" in result.stderr or "1 failed" in result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_error_of_the_database_file_stops_the_run_with_one_line(tmp_path, isolated_db,
                                                                   monkeypatch, jobs):
    three_plans(tmp_path / "plans")
    calls = []

    def save(db, **kwargs):
        calls.append(kwargs["name"])
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store, "save_document", save)
    result = run("ingest", "--jobs", jobs, str(tmp_path / "plans"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: database {isolated_db}: attempt to write a readonly database"]
    assert calls == ["a.txt"]  # the first failure stopped the run


def test_a_corrupt_database_is_one_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    three_plans(tmp_path / "plans")
    result = run("--db", str(bad), "ingest", str(tmp_path / "plans"))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and str(bad) in result.stderr
    assert "Traceback" not in result.output


def test_per_document_sqlite_errors_are_the_file_s_own(tmp_path, isolated_db, monkeypatch):
    three_plans(tmp_path / "plans")
    real = store.save_document

    def save(db, **kwargs):
        if kwargs["name"] == "a.txt":
            raise sqlite3.IntegrityError("NOT NULL constraint failed: commitments.quote")
        return real(db, **kwargs)

    monkeypatch.setattr(store, "save_document", save)
    result = run("ingest", str(tmp_path / "plans"))
    assert result.exit_code == 1
    assert "a.txt: cannot store (IntegrityError: NOT NULL constraint failed" in result.stderr
    assert stored_names(isolated_db) == ["b.txt", "c.txt"]
