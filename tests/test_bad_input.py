"""Bad input: one clear line on stderr naming the file and the reason, a non-zero exit
when nothing was ingested, the database unchanged for that file, and no tracebacks for
user mistakes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from plantool import store
from plantool.cli import cli

from .conftest import db_snapshot

PLAN = "到2025年，新增家庭养老床位1000张，新建社区食堂20个。\n"


def run(*args: str, input: bytes | None = None):
    result = CliRunner().invoke(cli, list(args), input=input)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result




@pytest.fixture
def db_with_one_document(tmp_path, isolated_db):
    good = tmp_path / "good.txt"
    good.write_text(PLAN, encoding="utf-8")
    assert run("ingest", str(good)).exit_code == 0
    return isolated_db


def truncated_page() -> bytes:
    page = ("<html><head><title>养老服务实施方案</title></head><body><div id='zoom'>"
            + "<p>到2025年，新增家庭养老床位1000张。</p>" * 20 + "</div></body></html>")
    return page[: len(page) // 2].encode("utf-8")


BAD_FILES = {
    "empty.txt": (b"", "empty file"),
    "blank.md": (b"\n  \n\t\n", "empty file"),
    "binary.txt": (bytes(range(256)) * 4, "binary file"),
    "scan.txt": (b"%PDF-1.4\n%\xc7\xec\x8f\xa2\n5 0 obj", "binary file (a PDF document)"),
    "mixed.txt": (PLAN.encode("utf-8") * 5 + b"\xff\xfe\xfd" + PLAN.encode("utf-8"),
                  "undecodable bytes: invalid UTF-8 at byte"),
    "garbage.txt": (bytes([0x80, 0xff, 0xfe, 0x81] * 100), "undecodable bytes"),
    "cut.html": (truncated_page(), "truncated HTML page"),
    "english.txt": (b"Hello, this is not a plan.\n", "no Chinese text found"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file(name, tmp_path, db_with_one_document):
    data, reason = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = db_snapshot(db_with_one_document)
    result = run("ingest", str(path))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {path}: {reason}")
    assert result.stderr.rstrip().endswith("Error: nothing was ingested")
    assert result.stdout == ""
    assert db_snapshot(db_with_one_document) == before


def test_missing_path(db_with_one_document):
    before = db_snapshot(db_with_one_document)
    result = run("ingest", "no/such/report.txt")
    assert result.exit_code == 1
    assert "error: no/such/report.txt: no such file or directory" in result.stderr.splitlines()
    assert db_snapshot(db_with_one_document) == before


def test_directory_with_no_documents(tmp_path, db_with_one_document):
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "report.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / ".hidden.txt").write_text(PLAN, encoding="utf-8")
    before = db_snapshot(db_with_one_document)
    result = run("ingest", str(folder))
    assert result.exit_code == 1
    assert (f"error: {folder}: directory holds no .txt, .md or .html documents, "
            "nor .docx or .pdf ones"
            in result.stderr.splitlines())
    assert db_snapshot(db_with_one_document) == before


def test_empty_stdin(db_with_one_document):
    result = run("ingest", "-", input=b"")
    assert result.exit_code == 1
    assert "error: <stdin>: empty file" in result.stderr.splitlines()


def test_bad_content_for_an_ingested_path_keeps_the_old_records(tmp_path,
                                                                 db_with_one_document):
    before = db_snapshot(db_with_one_document)
    (tmp_path / "good.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run("ingest", str(tmp_path / "good.txt"))
    assert result.exit_code == 1
    assert db_snapshot(db_with_one_document) == before


def test_good_files_go_in_and_bad_ones_are_reported(tmp_path, isolated_db):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.md").write_text("# 方案\n\n新建社区食堂30个。\n", encoding="utf-8")
    result = run("ingest", str(tmp_path), "missing.txt")
    assert result.exit_code == 1  # partly failed
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {tmp_path / 'b.txt'}: empty file",
                      "error: missing.txt: no such file or directory"]
    assert "2 documents: 2 added; 2 failed" in result.stderr
    assert "nothing was ingested" not in result.stderr
    assert [d["name"] for d in store.documents(store.open_db(str(isolated_db)))] == [
        "a.txt", "c.md"]


def test_unknown_encoding_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    result = run("ingest", "--encoding", "klingon", str(tmp_path / "a.txt"))
    assert result.exit_code == 2
    assert "Invalid value for --encoding: unknown encoding 'klingon'" in result.stderr


def test_wrong_encoding_override_names_the_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(PLAN.encode("gbk"))
    result = run("ingest", "--encoding", "utf-8", str(path))
    assert result.exit_code == 1
    assert f"error: {path}: undecodable bytes: invalid utf-8 at byte 0" in result.stderr


@pytest.mark.parametrize("args", [["ingest", "x.txt", "--year", "twenty"],
                                  ["ingest", "x.txt", "--type", "poem"],
                                  ["list", "--year", "abc"],
                                  ["list", "--year", "2025-2021"],
                                  ["list", "--year", "20245"],
                                  ["list", "--kind", "wish"],
                                  ["list", "--limit", "many"],
                                  ["show", "abc"],
                                  ["ingest"]])
def test_bad_option_values_are_usage_errors(args):
    result = run(*args)
    assert result.exit_code == 2
    assert "Error:" in result.stderr


def test_show_a_missing_record(seeds_db):
    result = run("--db", seeds_db, "show", "999999")
    assert result.exit_code == 1
    assert result.stderr == "Error: no commitment with id 999999\n"


# --- the database file ------------------------------------------------------------


def corrupt_copy(source: str, target) -> str:
    """A copy of a database with every page but the first overwritten: the schema page
    opens, every query of a table fails."""
    data = bytearray(open(source, "rb").read())
    page = int.from_bytes(data[16:18], "big") or 65536
    rest = len(data) - page
    data[page:] = (bytes(range(256)) * (rest // 256 + 1))[:rest]
    target.write_bytes(bytes(data))
    return str(target)


@pytest.mark.parametrize("command", [["list"], ["docs"], ["ingest", "-"]])
def test_a_file_that_is_not_a_database(tmp_path, command):
    junk = tmp_path / "notes.db"
    junk.write_text("这不是数据库" * 100, encoding="utf-8")
    for args in (["--db", str(junk), *command], [*command, "--db", str(junk)]):
        result = run(*args, input=PLAN.encode())
        assert result.exit_code == 1
        assert result.stderr == f"Error: cannot open database {junk}: file is not a database\n"


def test_a_database_corrupt_inside(tmp_path, seeds_db):
    bad = corrupt_copy(seeds_db, tmp_path / "bad.db")
    outcomes = [run("--db", bad, *args) for args in (
        ["list", "--limit", "0", "--statements"], ["list", "--search", "养老床位"], ["docs"])]
    for result in outcomes:
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: ")
        assert "malformed" in result.stderr or "not a database" in result.stderr
        assert len(result.stderr.splitlines()) == 1


def test_a_database_in_a_missing_directory(tmp_path):
    result = run("--db", str(tmp_path / "no" / "such" / "x.db"), "docs")
    assert result.exit_code == 1
    assert "no database" in result.stderr


def test_a_directory_as_the_database(tmp_path):
    result = run("--db", str(tmp_path), "list")
    assert result.exit_code == 2
    assert "is a directory" in result.stderr
