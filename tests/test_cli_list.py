"""plantool list (and docs, path): output formats, where the database is, search."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from wcwidth import wcswidth

from plantool import render, store
from plantool.cli import cli

from .conftest import ROOT


def run(*args: str, env: dict | None = None):
    result = CliRunner().invoke(cli, list(args), env=env)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def seeds(seeds_db, monkeypatch):
    """The seeds database as the default one ($PLANTOOL_DB)."""
    monkeypatch.setenv("PLANTOOL_DB", seeds_db)
    return seeds_db


# --- formats ------------------------------------------------------------------------


def test_json_is_utf8_with_the_schema_fields(seeds):
    result = run("list", "--json", "--limit", "5")
    assert result.exit_code == 0
    assert "\\u" not in result.stdout
    assert "家庭养老床位" in result.stdout_bytes.decode("utf-8")
    records = json.loads(result.stdout)
    assert len(records) == 5
    assert all(tuple(r) == store.COMMITMENT_FIELDS for r in records)
    assert records[0]["quote"] == "新增家庭养老床位超千张"


@pytest.mark.parametrize("args", [["--nl"], ["--format", "jsonl"], ["-f", "jsonl"]])
def test_jsonl(seeds, args):
    lines = run("list", "--limit", "3", *args).stdout.splitlines()
    assert len(lines) == 3
    assert [json.loads(line)["id"] for line in lines] == [1, 2, 3]
    assert "\\u" not in lines[0]


def test_statements_as_json(seeds):
    records = json.loads(run("list", "--statements", "--json", "--limit", "2").stdout)
    assert tuple(records[0]) == store.STATEMENT_FIELDS


@pytest.mark.parametrize("args, delimiter", [(["--csv"], ","), (["--format", "csv"], ","),
                                             (["--tsv"], "\t"), (["--format", "tsv"], "\t")])
def test_csv_and_tsv(seeds, args, delimiter):
    text = run("list", "--limit", "4", *args).stdout
    assert not text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0][:3] == ["id", "region", "period"]
    assert len(rows) == 5
    assert rows[1][rows[0].index("quote")] == "新增家庭养老床位超千张"
    assert rows[1][rows[0].index("value")] == "1000"  # an integer value prints as one


@pytest.mark.parametrize("fmt", ["--csv", "--tsv"])
def test_bom_for_excel(seeds, fmt):
    result = run("list", "--limit", "1", fmt, "--bom")
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfid")


def test_plain_table_when_piped_aligned_by_display_width(seeds):
    text = run("list", "--limit", "8").stdout
    lines = text.rstrip("\n").splitlines()
    assert lines[0].split()[:3] == ["id", "region", "period"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert "┃" not in text and "│" not in text  # not rich: plain text for pipes
    assert len({wcswidth(line.rstrip()) for line in lines[2:]} | {wcswidth(lines[1])}) == 1
    assert len({len(line.rstrip()) for line in lines[2:]}) > 1  # CJK: width != length
    # each column starts at the same display column on every line
    starts = [i for i, c in enumerate(lines[1]) if c == "-" and (i == 0 or lines[1][i - 1] == " ")]
    for line in lines[2:]:
        cells = "".join(c * wcswidth(c) for c in line)
        assert all(cells[i - 1] == " " for i in starts[1:])


def test_markdown_table(seeds):
    lines = run("list", "--limit", "3", "--format", "markdown").stdout.splitlines()
    assert lines[0].startswith("| id ") and set(lines[1]) <= {"|", "-", ":"}
    assert len({wcswidth(line) for line in lines}) == 1


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_rich_table_on_a_terminal():
    rows = [{"region": "沙河口区", "metric": "家庭养老床位", "value": 1000},
            {"region": "全国", "metric": "GDP", "value": 5.5}]
    terminal = FakeTerminal()
    render.render(rows, ["region", "metric", "value"], "table", stream=terminal)
    text = re.sub(r"\x1b\[[0-9;]*m", "", terminal.getvalue())  # colours
    assert "┃" in text or "│" in text
    assert "沙河口区" in text and "5.5" in text
    assert len({wcswidth(line) for line in text.splitlines() if line}) == 1


def test_machine_formats_are_utf8_whatever_the_locale():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    render.render([{"quote": "新增床位"}], ["quote"], "json", stream=stream)
    render.render([{"quote": "新增床位"}], ["quote"], "csv", stream=stream)
    assert stream.buffer.getvalue().decode("utf-8") == (
        '[\n  {\n    "quote": "新增床位"\n  }\n]\nquote\n新增床位\n')


def test_no_traceback_when_the_reader_goes_away(seeds):
    process = subprocess.Popen(
        [sys.executable, "-m", "plantool", "list", "--statements", "--limit", "0", "--nl"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
        env={**os.environ, "PLANTOOL_DB": seeds})
    first = process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)
    assert json.loads(first)["id"] == 1
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_docs_formats(seeds):
    docs = json.loads(run("docs", "--json").stdout)
    assert len(docs) == 5
    assert {d["title"] for d in docs} >= {"2024年大连市政府工作报告"}
    assert run("docs", "--csv").stdout.startswith("id,name,title,region,year")


def test_empty_result_says_so(seeds):
    result = run("list", "--region", "沈阳市")  # a region the seeds say nothing about
    assert result.exit_code == 0
    assert result.stderr == "no records match\n"


# --- which database -----------------------------------------------------------------


@pytest.fixture
def two_dbs(seeds_db, tmp_path):
    empty = tmp_path / "empty.db"
    store.open_db(str(empty))
    return seeds_db, str(empty)


def count(result) -> int:
    assert result.exit_code == 0, result.output
    return len(json.loads(result.stdout))


def test_db_before_and_after_the_command(two_dbs):
    full, empty = two_dbs
    assert count(run("--db", full, "list", "--json", "--limit", "0")) > 300
    assert count(run("list", "--db", full, "--json", "--limit", "0")) > 300
    assert count(run("--db", full, "list", "--json")) > 300  # exports are complete
    assert count(run("--db", empty, "list", "--json")) == 0
    # after the command wins over before it
    assert count(run("--db", empty, "list", "--db", full, "--json", "--limit", "1")) == 1
    assert count(run("--db", full, "docs", "--json")) == 5
    assert count(run("docs", "--db", full, "--json")) == 5


def test_db_from_the_environment_then_the_current_directory(two_dbs, tmp_path, monkeypatch):
    full, empty = two_dbs
    monkeypatch.setenv("PLANTOOL_DB", full)
    assert count(run("list", "--json", "--limit", "2")) == 2
    assert count(run("--db", empty, "list", "--json")) == 0  # --db beats the variable
    monkeypatch.delenv("PLANTOOL_DB")
    assert run("path").stdout.strip() == str(tmp_path / "plantool.db")
    shutil.copy(full, tmp_path / "plantool.db")
    assert count(run("list", "--json", "--limit", "2")) == 2


def test_path_command(two_dbs, tmp_path, monkeypatch):
    full, empty = two_dbs
    assert run("path").stdout.strip() == str(tmp_path / "plantool.db")  # $PLANTOOL_DB
    assert run("--db", "x.db", "path").stdout.strip() == str(tmp_path / "x.db")
    assert run("path", "--db", "y.db").stdout.strip() == str(tmp_path / "y.db")


# --- search -------------------------------------------------------------------------


def statements(*args: str) -> list[dict]:
    return json.loads(run("list", "--statements", "--json", "--limit", "0", *args).stdout)


def containing(db_path: str, text: str) -> set[int]:
    db = store.open_db(db_path)
    return {r[0] for r in db.execute("select id from statements where instr(text, ?)", [text])}


def test_search_three_characters_or_more_uses_the_trigram_index(seeds):
    db = store.open_db(seeds)
    docs = {r[0] for r in db.execute("select rowid from documents_fts where documents_fts "
                                     "match '\"养老床\" \"老床位\"'")}
    found = statements("--search", "养老床位")
    assert len(found) > 3 and {s["doc_id"] for s in found} <= docs
    assert {s["id"] for s in found} == containing(seeds, "养老床位")


@pytest.mark.parametrize("query", ["养老", "食堂", "养"])
def test_search_shorter_than_three_characters_scans(seeds, query):
    db = store.open_db(seeds)
    # the trigram index cannot answer it ...
    assert db.execute("select count(*) from documents_fts where documents_fts match ?",
                      [f'"{query}"']).fetchone()[0] == 0
    # ... so the substring scan does
    found = statements("--search", query)
    assert found and {s["id"] for s in found} == containing(seeds, query)


@pytest.mark.parametrize("query", ["养老", "养老床位"])
def test_search_combines_with_the_other_filters(seeds, query):
    everywhere = statements("--search", query)
    in_district = statements("--search", query, "--region", "沙河口区")
    assert 0 < len(in_district) < len(everywhere)
    assert {s["region"] for s in in_district} == {"沙河口区"}
    commitments = json.loads(run("list", "--json", "--limit", "0", "--search", query,
                                 "--region", "沙河口区").stdout)
    assert commitments and {c["region"] for c in commitments} == {"沙河口区"}


@pytest.mark.parametrize("query", ['"养老', "养老 OR", "NEAR(", "*", "'"])
def test_search_text_is_not_query_syntax(seeds, query):
    result = run("list", "--statements", "--search", query)
    assert result.exit_code == 0


@pytest.mark.parametrize("span", ["2021–2025", "2021—2025", "2021~2025", "2021至2025", "2021-2025年"])
def test_a_span_selects_the_same_records_whatever_its_dash(seeds, span):
    """--year 2021–2025 (en dash) once selected 16 records where 2021-2025 selected 298."""
    expected = run("list", "--year", "2021-2025", "--limit", "0", "--nl").stdout
    assert len(expected.splitlines()) > 100
    assert run("list", "--year", span, "--limit", "0", "--nl").stdout == expected


# --- sectors come from the data file ------------------------------------------------------


def test_sector_choices_are_the_sectors_of_the_data_file():
    from plantool import schema
    from plantool.cli import list_

    data = ROOT / "plantool" / "data" / "sectors.tsv"
    named = [line.split("\t")[0] for line in data.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    option = next(p for p in list_.params if p.name == "sector")
    assert tuple(option.type.choices) == (*named, "other") == schema.sectors()


def test_a_sector_added_to_the_data_can_be_chosen(seeds, monkeypatch):
    from plantool import schema, vocab

    real = vocab.sectors()
    monkeypatch.setattr(vocab, "sectors", lambda: (*real, ("tourism", ("旅游",))))
    schema.sectors.cache_clear()
    try:
        assert run("list", "--sector", "tourism").stderr == "no records match\n"
        assert run("list", "--sector", "astrology").exit_code == 2  # still a closed list
    finally:
        schema.sectors.cache_clear()


# --- one metric_key after an alias -------------------------------------------------------


def test_list_and_diff_show_the_same_metric_key_after_an_alias(seeds_copy):
    assert run("alias", "精品赛事", "大型演出、赛事活动").exit_code == 0
    listed = json.loads(run("list", "--metric", "大型演出", "--json").stdout)
    record = next(r for r in listed if r["metric"] == "大型演出、赛事活动")
    compared = json.loads(run("diff", "沙河口区", "甘井子区", "--year", "2025", "--json").stdout)
    row = next(r for r in compared
               if record["id"] in ((r["left"] or {}).get("id"), (r["right"] or {}).get("id")))
    assert row["metric_key"] == record["metric_key"]
