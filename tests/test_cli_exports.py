"""A user's day with list and show: complete exports, paging, the database that must exist,
documents named by id or path, records that carry their document."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from plantool import render

from .conftest import cli_run as run


def stored(db: str, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


# --- exports are complete -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["--csv", "--tsv", "--nl", "--json"])
def test_an_export_holds_every_commitment_and_says_nothing(seeds, fmt):
    result = run("list", fmt)
    total = stored(seeds, "commitments")
    assert total > 100
    text = result.stdout
    if fmt == "--json":
        assert len(json.loads(text)) == total
    else:
        assert len(text.splitlines()) == total + (fmt != "--nl")  # a header line
    assert "shown" not in result.stderr


def test_a_piped_table_holds_every_statement(seeds):
    lines = run("list", "--statements").stdout.splitlines()
    assert len(lines) == stored(seeds, "statements") + 2  # header and rule


def test_a_terminal_shows_a_page_and_says_how_many_match(seeds, monkeypatch):
    monkeypatch.setattr(render, "is_terminal", lambda stream=None: True)
    result = run("list")
    total = stored(seeds, "commitments")
    assert result.stderr.splitlines()[-1] == f"100 of {total:,} shown — --limit 0 for all"
    assert result.stdout.count("│") > 100  # a rich table, a page of it


def test_an_explicit_limit_that_cuts_says_so(seeds):
    result = run("list", "--limit", "5", "--nl")
    assert len(result.stdout.splitlines()) == 5
    assert result.stderr.startswith("5 of ")


def test_pages_with_offset_add_up_to_everything(seeds):
    everything = [r["id"] for r in json.loads(run("list", "--json").stdout)]
    pages = []
    for offset in range(0, len(everything), 150):
        page = json.loads(run("list", "--json", "--limit", "150", "--offset", str(offset)).stdout)
        pages += [r["id"] for r in page]
    assert pages == everything
    beyond = run("list", "--json", "--offset", str(len(everything) + 5))
    assert json.loads(beyond.stdout) == []
    assert f"{len(everything):,} match" in beyond.stderr


@pytest.mark.parametrize("args", [["--limit", "-1"], ["--offset", "-3"], ["--limit", "nan"],
                                  ["--offset", "inf"]])
def test_a_negative_or_not_a_number_limit_is_refused(seeds, args):
    result = run("list", *args)
    assert result.exit_code == 2
    assert "Invalid value" in result.stderr


# --- what an analyst computes with ---------------------------------------------------------


def test_csv_carries_measure_keys_and_the_document(seeds):
    rows = list(csv.DictReader(io.StringIO(run("list", "--csv", "--limit", "3").stdout)))
    for column in ("measure", "metric_key", "statement_id", "doc_id", "path", "start", "end"):
        assert all(row[column] for row in rows), column
    assert rows[0]["path"].endswith("/seeds/" + rows[0]["doc"])


def test_json_records_carry_the_document_id_and_path(seeds):
    for args in (["list"], ["list", "--statements"]):
        record = json.loads(run(*args, "--json", "--limit", "1").stdout)[0]
        assert record["doc_id"] == 1
        assert record["path"].endswith(record["doc"])


def test_display_units_for_reading_base_units_for_export(make_db, monkeypatch):
    db = make_db({"plan.txt": "2024年，全市地区生产总值达到1500亿元，常住人口增加12.5万人。"})
    monkeypatch.setenv("PLANTOOL_DB", str(db))
    exported = json.loads(run("list", "--json").stdout)
    assert {(r["value"], r["unit"]) for r in exported} >= {(150000000000, "元"), (125000, "人")}
    table = run("list").stdout
    assert "亿元" in table and "万人" in table and "150000000000" not in table
    shown = json.loads(run("list", "--json", "--units", "display").stdout)
    assert {(r["value"], r["unit"]) for r in shown} >= {(1500, "亿元"), (12.5, "万人")}
    assert "150000000000" in run("list", "--units", "base").stdout


# --- the database must exist for reading ----------------------------------------------------


@pytest.mark.parametrize("args", [["list"], ["docs"], ["show", "1"], ["alias"],
                                  ["progress"], ["diff", "2023", "2024"], ["eval", "."]])
def test_a_read_command_on_a_missing_database_says_so(tmp_path, args):
    missing = tmp_path / "typo.db"
    result = run("--db", str(missing), *args)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: no database {missing}: ingest documents first "
                             "(plantool ingest PATH) or name one with --db\n")
    assert not missing.exists()


def test_ingest_still_creates_the_database(tmp_path):
    (tmp_path / "plan.txt").write_text("到2025年，新建社区食堂20个。", encoding="utf-8")
    db = tmp_path / "new.db"
    assert run("--db", str(db), "ingest", "-q", str(tmp_path / "plan.txt")).exit_code == 0
    assert db.exists()


# --- documents by id, path or the end of a path ---------------------------------------------


@pytest.fixture
def same_names(tmp_path, monkeypatch):
    """Two documents named 2020.md in different folders, one 2021.md."""
    for folder, year in (("dalian", 2020), ("shenyang", 2020), ("dalian", 2021)):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / f"{year}.md").write_text(
            f"# {folder}\n\n{year}年，新建社区食堂{year - 2000}个。\n", encoding="utf-8")
    db = tmp_path / "names.db"
    assert run("--db", str(db), "ingest", "-q", str(tmp_path / "dalian"),
               str(tmp_path / "shenyang")).exit_code == 0
    monkeypatch.setenv("PLANTOOL_DB", str(db))
    return tmp_path


def ids(result) -> set[int]:
    assert result.exit_code == 0, result.output
    return {r["doc_id"] for r in json.loads(result.stdout)}


def test_an_ambiguous_file_name_lists_the_candidates(same_names):
    result = run("list", "--doc", "2020.md")
    assert result.exit_code == 1
    assert "ambiguous: 2 documents match" in result.stderr
    assert str(same_names / "dalian" / "2020.md") in result.stderr
    assert str(same_names / "shenyang" / "2020.md") in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_document_by_id_path_or_path_suffix(same_names, monkeypatch):
    docs = {d["path"]: d["id"] for d in json.loads(run("docs", "--json").stdout)}
    wanted = docs[str(same_names / "shenyang" / "2020.md")]
    assert ids(run("list", "--json", "--doc", str(wanted))) == {wanted}
    assert ids(run("list", "--json", "--doc", "shenyang/2020.md")) == {wanted}
    assert ids(run("list", "--json", "--doc", str(same_names / "shenyang" / "2020.md"))) \
        == {wanted}
    monkeypatch.chdir(same_names)
    assert ids(run("list", "--json", "--doc", "./shenyang/2020.md")) == {wanted}
    assert len(ids(run("list", "--json", "--doc", "2021.md"))) == 1


@pytest.mark.parametrize("name", ["2099.md", "9223372036854775808", "99"])
def test_a_document_that_is_not_there_is_an_error(same_names, name):
    result = run("list", "--doc", name)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no document '{name}'")


# --- show -----------------------------------------------------------------------------------


@pytest.mark.parametrize("record_id", ["99999999999999999999", "²", "+1", "1.5", "١"])
def test_an_id_that_cannot_be_is_refused_before_any_query(tmp_path, record_id):
    result = run("--db", str(tmp_path / "none.db"), "show", record_id)
    assert result.exit_code == 2
    assert "an id is a whole number" in result.stderr


def test_an_id_beyond_the_records_is_one_line(seeds):
    result = run("show", "9223372036854775807")
    assert result.exit_code == 1
    assert result.stderr == "Error: no commitment with id 9223372036854775807\n"


@pytest.mark.parametrize("fmt, delimiter", [("--csv", ","), ("--tsv", "\t")])
def test_show_as_one_row(seeds, fmt, delimiter):
    result = run("show", "6", fmt, "--bom")
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfid")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")),
                               delimiter=delimiter))
    assert len(rows) == 1 and rows[0]["id"] == "6"
    assert rows[0]["quote"] and rows[0]["doc_id"] == "1" and rows[0]["title"]


def test_show_as_markdown(seeds):
    lines = run("show", "6", "--format", "markdown").stdout.splitlines()
    assert lines[0].startswith("| id ") and len(lines) == 3


@pytest.mark.parametrize("args", [["show", "6"], ["list", "--json"], ["docs"],
                                  ["show", "6", "--format", "markdown"]])
def test_bom_outside_csv_is_refused(seeds, args):
    result = run(*args, "--bom")
    assert result.exit_code == 2
    assert "--bom applies to CSV and TSV only" in result.stderr


def test_show_json_carries_the_document(seeds):
    record = json.loads(run("show", "6", "--json").stdout)[0]["record"]
    assert record["doc_id"] == 1 and record["path"].endswith(record["doc"])


# --- alias and eval -------------------------------------------------------------------------


def test_alias_remove_reports_what_it_removed(seeds_copy):
    assert run("alias", "高新技术企业", "gqy").exit_code == 0  # stored as GQY
    result = run("alias", "--remove", "gqy", "nosuch")
    assert result.exit_code == 0
    assert result.stderr == "removed 1 alias(es); not found: nosuch\n"


def test_eval_on_a_folder_without_gold_fails_in_one_line(seeds, tmp_path):
    result = run("eval", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr == f"Error: no gold files (<doc>.jsonl) in {tmp_path}\n"


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "NaN"])
def test_a_finite_float_range_refuses_nan_and_inf(text):
    import click

    from plantool.options import FiniteFloatRange

    with pytest.raises(click.BadParameter, match="not a finite number"):
        FiniteFloatRange().convert(text, None, None)  # no bound to catch inf
    with pytest.raises(click.BadParameter):
        FiniteFloatRange(0, 1).convert(text, None, None)
    assert FiniteFloatRange(0, 1).convert("0.5", None, None) == 0.5


def test_diff_csv_carries_each_sides_document(seeds):
    rows = list(csv.DictReader(io.StringIO(run("diff", "2023", "2024", "--region", "大连",
                                               "--csv").stdout)))
    assert rows
    paired = [r for r in rows if r["left_id"] and r["right_id"]]
    assert paired and all(r["left_doc_id"] and r["left_path"].endswith(r["left_doc"])
                          for r in paired)


def test_a_file_stem_an_id_and_id_prefix(make_db, monkeypatch):
    db = make_db({"a.txt": "2020年，新建社区食堂1个。", "b.txt": "2020年，新建社区食堂2个。",
                  "2.txt": "2020年，新建社区食堂3个。"})
    monkeypatch.setenv("PLANTOOL_DB", str(db))
    ambiguous = run("list", "--doc", "2")  # document 2 (b.txt) and the file 2.txt
    assert ambiguous.exit_code == 1
    assert "ambiguous: 2 documents match (id 2 " in ambiguous.stderr
    assert "id:N" in ambiguous.stderr
    assert ids(run("list", "--json", "--doc", "id:2")) == {2}
    assert ids(run("list", "--json", "--doc", "2.txt")) == {3}
    assert ids(run("list", "--json", "--doc", "a")) == {1}
    assert run("list", "--doc", "id:99999999999999999999").exit_code == 1


@pytest.mark.parametrize("args, says", [
    (["list", "--statements", "--sort", "value"], "--sort value sorts commitments"),
    (["list", "--statements", "--units", "display"], "--units applies to commitments"),
    (["alias", "--remove", "gqy", "--all"], "--all and the output formats apply to listing"),
    (["alias", "高新技术企业", "gqy", "--csv"], "--all and the output formats apply to listing"),
])
def test_an_option_that_would_do_nothing_is_refused(seeds, args, says):
    result = run(*args)
    assert result.exit_code == 2
    assert says in result.stderr


@pytest.mark.parametrize("year", ["99999", "1066", "2030-2020", "nan"])
def test_a_year_that_cannot_be_is_refused(seeds, year):
    result = run("list", "--year", year)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("Error: Invalid value for '--year'")


@pytest.mark.parametrize("args", [["--statements", "--search", "养老"], ["--metric", "高企"],
                                  ["--search", "家庭养老床位"], ["--region", "大连", "--children"]])
def test_the_count_in_the_note_is_what_an_export_holds(seeds, args):
    everything = len(json.loads(run("list", "--json", *args).stdout))
    assert everything > 1
    assert run("list", "--json", "--limit", "1", *args).stderr == \
        f"1 of {everything:,} shown — --limit 0 for all\n"


def test_a_search_page_counts_its_matches_only_up_to_a_cap(seeds, monkeypatch):
    from plantool.store import queries

    monkeypatch.setattr(render, "is_terminal", lambda stream=None: True)
    monkeypatch.setattr(queries, "SEARCH_COUNT_CAP", 3)
    result = run("list", "--statements", "--search", "养老", "--limit", "2")
    assert result.stderr.splitlines()[-1] == "2 of more than 3 shown — --limit 0 for all"
    monkeypatch.setattr(queries, "SEARCH_COUNT_CAP", 10_000)
    exact = run("list", "--statements", "--search", "养老", "--limit", "2")
    total = len(run("list", "--statements", "--search", "养老", "--nl").stdout.splitlines())
    assert exact.stderr.splitlines()[-1] == f"2 of {total} shown — --limit 0 for all"
