"""ingest - --name NAME names a standard-input document; ingest --prune removes the
documents whose files are gone and says which."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from plantool import ingest, store
from plantool.cli import cli

PLAN = ("大连市养老服务实施方案\n"
        "到2025年，新增家庭养老床位1000张，新建社区食堂20个。\n")
OTHER = PLAN.replace("20个", "35个")


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(cli, list(args), input=input)
    assert "Traceback" not in result.output, result.output
    return result


def documents(db_path) -> list[tuple[int, str, str]]:
    return sqlite3.connect(db_path).execute(
        "select id, name, path from documents order by id").fetchall()


def test_name_tells_stdin_documents_apart(isolated_db):
    assert run("ingest", "-", "--name", "大连-养老.txt", input=PLAN).exit_code == 0
    assert run("ingest", "-", "--name", "沈阳-养老.txt", input=OTHER).exit_code == 0
    assert run("ingest", "-", input=OTHER.replace("35个", "40个")).exit_code == 0
    assert [name for _, name, _ in documents(isolated_db)] == \
        ["大连-养老.txt", "沈阳-养老.txt", "stdin"]
    result = run("list", "--doc", "沈阳-养老.txt", "--format", "jsonl")
    assert [json.loads(line)["value"] for line in result.stdout.splitlines()] == [1000, 35]


def test_the_same_stdin_text_under_a_new_name_is_renamed(isolated_db):
    assert run("ingest", "-", "--name", "a.txt", input=PLAN).exit_code == 0
    result = run("ingest", "-", "--name", "a.txt", input=PLAN)
    assert "1 unchanged" in result.stderr
    result = run("ingest", "-", "--name", "b.txt", input=PLAN)
    assert result.exit_code == 0 and "1 replaced" in result.stderr
    assert [name for _, name, _ in documents(isolated_db)] == ["b.txt"]


def test_stdin_text_stored_under_a_file_path_is_added_as_its_own_document(tmp_path, isolated_db):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    assert run("ingest", str(tmp_path / "a.txt")).exit_code == 0
    result = run("ingest", "-", "--name", "piped.txt", input=PLAN)
    assert result.exit_code == 0 and "1 added" in result.stderr
    assert [name for _, name, _ in documents(isolated_db)] == ["a.txt", "piped.txt"]


def test_name_needs_a_stdin_document(tmp_path):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    result = run("ingest", str(tmp_path / "a.txt"), "--name", "x.txt")
    assert result.exit_code == 2
    assert "--name names the standard-input document" in result.output


def test_prune_removes_the_documents_whose_files_are_gone(tmp_path, isolated_db):
    for name, text in (("a.txt", PLAN), ("b.txt", OTHER)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert run("ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")).exit_code == 0
    assert run("ingest", "-", "--name", "piped.txt",
               input=PLAN.replace("20个", "50个")).exit_code == 0
    (tmp_path / "a.txt").unlink()
    result = run("ingest", "--prune", str(tmp_path / "b.txt"))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert f"pruned: document 1 (a.txt): {(tmp_path / 'a.txt').resolve()} is gone" in lines
    assert lines[-1] == "1 document pruned"
    assert [name for _, name, _ in documents(isolated_db)] == ["b.txt", "piped.txt"]
    counts = sqlite3.connect(isolated_db).execute(
        "select (select count(*) from statements where doc_id = 1), "
        "(select count(*) from commitments where doc_id = 1)").fetchone()
    assert counts == (0, 0)
    result = run("ingest", "--prune", str(tmp_path / "b.txt"))
    assert result.stderr.splitlines()[-1] == "nothing to prune: every document's file is there"


def test_without_prune_nothing_is_removed(tmp_path, isolated_db):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    run("ingest", str(tmp_path / "a.txt"))
    (tmp_path / "a.txt").unlink()
    result = run("ingest", str(tmp_path / "b.txt"))
    assert "pruned" not in result.stderr
    assert len(documents(isolated_db)) == 2


def test_prune_missing_reports_id_path_and_name(tmp_path, isolated_db):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    db = store.open_db(str(isolated_db))
    ingest.ingest_paths(db, [str(tmp_path)])
    removed = ingest.prune(db, exists=lambda path: not path.endswith("b.txt"))
    assert [{k: r[k] for k in ("id", "path", "name")} for r in removed] == [
        {"id": 2, "path": str((tmp_path / "b.txt").resolve()), "name": "b.txt"}]
    assert removed[0]["commitments"] > 0
    assert [name for _, name, _ in documents(isolated_db)] == ["a.txt"]
    assert ingest.file_exists("stdin:0123456789ab")
    assert ingest.file_exists(str(tmp_path / "b.txt"))
    assert not ingest.file_exists(str(tmp_path / "gone.txt"))
