"""Options of ingest, progress and diff do what they say: exports of progress are complete,
thresholds refuse nan and inf, years stay in range, --max-bytes limits what is read."""

from __future__ import annotations

import csv
import io
import sqlite3

import pytest

from plantool import render

from .conftest import cli_run as run

PLAN = "某市养老服务实施方案\n到2025年，新增养老床位1000张，新建社区食堂20个。\n"


def targets(db: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("select count(*) from commitments where kind = 'target'").fetchone()[0]


def test_a_progress_export_holds_every_target(seeds):
    rows = list(csv.DictReader(io.StringIO(run("progress", "--csv").stdout)))
    assert len(rows) == targets(seeds) > 100
    assert len(list(csv.DictReader(io.StringIO(run("progress", "--csv", "--limit", "7")
                                               .stdout)))) == 7


def test_progress_on_a_terminal_shows_a_page(seeds, monkeypatch):
    monkeypatch.setattr(render, "is_terminal", lambda stream=None: True)
    result = run("progress")
    assert f"100 of {targets(seeds)} targets shown; --limit 0 for all" in result.output


@pytest.mark.parametrize("args", [
    ["progress", "--approx-floor", "nan"],
    ["progress", "--partly", "inf"],
    ["progress", "--min-similarity", "nan"],
    ["progress", "--approx-ceiling", "inf"],
    ["diff", "2023", "2024", "--threshold", "nan"],
    ["progress", "--limit", "-1"],
])
def test_numeric_options_refuse_what_is_not_a_number_in_range(seeds, args):
    result = run(*args)
    assert result.exit_code == 2
    assert "Invalid value" in result.output


def test_ingest_refuses_a_year_out_of_range(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    result = run("--db", str(tmp_path / "x.db"), "ingest", str(plan), "--year", "99999")
    assert result.exit_code == 2 and "99999" in result.output
    assert not (tmp_path / "x.db").exists()


def test_max_bytes_refuses_a_larger_file_and_lets_the_others_in(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANTOOL_MAX_BYTES", "32M")  # restored after the test: --max-bytes sets it
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text(PLAN, encoding="utf-8")
    large.write_text(PLAN * 40, encoding="utf-8")
    db = str(tmp_path / "x.db")
    result = run("--db", db, "ingest", str(small), str(large), "--max-bytes", "1K", "-j", "1")
    assert result.exit_code == 1
    assert any(line.startswith(f"error: {large}") for line in result.stderr.splitlines())
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("select name from documents")] == ["small.txt"]


def test_max_bytes_refuses_a_size_it_cannot_read(tmp_path):
    result = run("--db", str(tmp_path / "x.db"), "ingest", str(tmp_path), "--max-bytes", "lots")
    assert result.exit_code == 2 and "--max-bytes" in result.output
