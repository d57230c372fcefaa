"""What reaches a terminal: document text printed literally (never markup, never escape
sequences), and tables that fit 80 or 120 columns without losing the quote silently."""

from __future__ import annotations

import json

import pytest

from plantool import escape, render

from .conftest import cli_run as run

ESC_TITLE = "\x1b[31m红色\x1b[0m标题"


@pytest.fixture
def on_a_terminal(monkeypatch):
    monkeypatch.setattr(render, "is_terminal", lambda stream=None: True)


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    """A document whose title (given with --title: the reader refuses control characters
    in a text) and quote hold rich markup and an ESC sequence, in a file whose name holds
    an escape sequence too."""
    folder = tmp_path / "docs"
    folder.mkdir()
    name = folder / "plan\x1b]0;pwned\x07.md"
    name.write_text("到2025年，新建[bold]社区食堂[/red]20个。\n", encoding="utf-8")
    db = tmp_path / "hostile.db"
    result = run("--db", str(db), "ingest", "-q", "--title", ESC_TITLE + "[/red][bold]",
                 str(name))
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("PLANTOOL_DB", str(db))
    monkeypatch.setenv("COLUMNS", "300")  # the text in one piece, not folded
    return db


def no_escape(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text


@pytest.mark.parametrize("args", [["list"], ["list", "--statements"], ["docs"], ["show", "1"]])
def test_markup_and_escapes_in_document_text_print_literally(hostile, on_a_terminal, args):
    result = run(*args)
    assert result.exit_code == 0
    no_escape(result.stdout)
    no_escape(result.stderr)
    assert "[bold]" in result.stdout or "[/red]" in result.stdout


def test_show_prints_the_title_literally(hostile, on_a_terminal):
    out = run("show", "1").stdout
    assert "\\x1b[31m红色\\x1b[0m标题[/red][bold]" in out
    assert "新建[bold]社区食堂[/red]20个" in out


def test_exports_keep_the_text_as_stored(hostile):
    record = json.loads(run("docs", "--json").stdout)[0]
    assert record["title"] == ESC_TITLE + "[/red][bold]"
    assert "\x1b" in run("docs", "--csv").stdout  # data for programs stays exact


def test_a_piped_table_escapes_control_characters(hostile):
    out = run("docs").stdout
    no_escape(out)
    assert "\\x1b]0;pwned\\x07" in out


def test_printable_escapes_controls_and_bidi_overrides_only():
    assert escape.printable("a\x1b[2Jb\rc\u202ed\te\nf") == "a\\x1b[2Jb\\x0dc\\u202ed\te\nf"
    assert escape.printable("二〇二四年 GDP 增长6%") == "二〇二四年 GDP 增长6%"


def test_messages_on_stderr_are_escaped(capsys):
    render.message("error: bad\x1b[2Jname.txt: empty file")
    assert capsys.readouterr().err == "error: bad\\x1b[2Jname.txt: empty file\n"


# --- narrow terminals -----------------------------------------------------------------------


def header(out: str) -> list[str]:
    line = out.splitlines()[1]  # ┃ id ┃ region ┃ …
    return [cell.strip() for cell in line.strip("┃").split("┃")]


@pytest.mark.parametrize("width, kept, left_out", [
    (80, {"id", "region", "metric", "value", "unit", "quote"}, ["value_max", "qualifier", "doc"]),
    (120, {"id", "kind", "sector", "action", "quote", "doc_id"}, ["value_max", "qualifier", "doc"]),
])
def test_a_narrow_terminal_leaves_out_the_least_important_and_says_so(
        seeds, on_a_terminal, monkeypatch, width, kept, left_out):
    monkeypatch.setenv("COLUMNS", str(width))
    result = run("list", "--limit", "20")
    lines = result.stdout.splitlines()
    assert all(len(line) <= width for line in lines)
    shown = header(result.stdout)
    assert kept <= set(shown)
    assert not set(left_out) & set(shown)
    assert result.stderr.startswith(f"{width} columns: left out {', '.join(left_out)}")


def test_the_quote_is_never_left_out(seeds, on_a_terminal, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    assert "quote" in header(run("list", "--limit", "5").stdout)
    assert "text" in header(run("list", "--statements", "--limit", "5").stdout)


def test_a_wide_terminal_shows_every_column_and_says_nothing(seeds, on_a_terminal, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    result = run("list", "--limit", "5")
    assert header(result.stdout)[-3:] == ["quote", "doc_id", "doc"]
    assert "left out" not in result.stderr


def test_fit_columns_drops_empty_columns_first():
    rows = [{"a": "x" * 30, "b": "", "c": "yyyy"}]
    assert render.fit_columns(rows, ["a", "b", "c"], 24, ["c", "b"]) == (["a", "c"], ["b"])
    assert render.fit_columns(rows, ["a", "b", "c"], 20, ["c", "b"]) == (["a"], ["b", "c"])
    assert render.fit_columns(rows, ["a", "b", "c"], 10, ["c"]) == (["a", "b"], ["c"])
    assert render.fit_columns(rows, ["a", "b", "c"], 200, ["c", "b"]) == (["a", "b", "c"], [])


def test_a_file_name_in_gbk_bytes_prints(capsys):
    name = b"\xb9\xa4\xd7\xf7\xb1\xa8\xb8\xe6.txt".decode("utf-8", "surrogateescape")
    render.message(f"error: {name}: empty file")
    assert capsys.readouterr().err == ("error: \\xb9\\xa4\\xd7\\xf7\\xb1\\xa8"
                                       "\\xb8\\xe6.txt: empty file\n")
