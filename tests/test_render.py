"""render: each writer on small rows — json, jsonl, csv, tsv (and the BOM), markdown, the
plain table aligned by display width, the rich table on a terminal — and View printing."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from wcwidth import wcswidth

from plantool import render, views
from plantool.errors import FormatError, PlantoolError

ROWS = [{"id": 1, "region": "沙河口区", "value": 1000, "ratio": 0.5, "note": None},
        {"id": 2, "region": "全国", "value": 5.5, "ratio": 1e16, "note": {"a": "甲"}}]
COLUMNS = ["id", "region", "value", "ratio", "note"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def written(fmt: str, **options) -> str:
    stream = io.StringIO()
    render.render(ROWS, COLUMNS, fmt, stream=stream, **options)
    return stream.getvalue()


def test_json_prints_the_records_when_given_else_the_rows():
    assert json.loads(written("json")) == ROWS
    assert json.loads(written("json", records=[{"x": "全"}])) == [{"x": "全"}]
    assert "\\u" not in written("json") and "沙河口区" in written("json")


def test_jsonl_is_one_object_a_line():
    lines = written("jsonl").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [1, 2]


@pytest.mark.parametrize("fmt,delimiter", [("csv", ","), ("tsv", "\t")])
def test_csv_and_tsv_cells(fmt, delimiter):
    rows = list(csv.reader(io.StringIO(written(fmt)), delimiter=delimiter))
    assert rows[0] == COLUMNS
    assert rows[1] == ["1", "沙河口区", "1000", "0.5", ""]  # None is an empty cell
    assert rows[2] == ["2", "全国", "5.5", "10000000000000000", '{"a": "甲"}']


def test_bom_only_when_asked():
    assert written("csv", bom=True).startswith("\ufeffid,")
    assert not written("csv").startswith("\ufeff")


def test_markdown_lines_have_one_display_width():
    lines = written("markdown").splitlines()
    assert lines[0].startswith("| id ") and set(lines[1]) <= {"|", "-", ":"}
    assert len({wcswidth(line) for line in lines}) == 1


def test_plain_table_is_aligned_by_display_width_not_length():
    lines = written("table").rstrip("\n").splitlines()
    assert lines[0].split() == COLUMNS
    starts = [m.start() for m in re.finditer(r"\S+", lines[0])]
    for line in lines[2:]:
        cells = "".join(c * wcswidth(c) for c in line)  # one character per display column
        assert all(cells[i - 1] == " " and cells[i] != " " for i in starts[1:4])
    assert len(lines[2].split("1000")[0]) < starts[2]  # CJK: fewer characters than columns


def test_rich_table_on_a_terminal_only():
    terminal = Terminal()
    render.render(ROWS, COLUMNS, "table", stream=terminal, title="标题")
    text = re.sub(r"\x1b\[[0-9;]*m", "", terminal.getvalue())
    assert "│" in text or "┃" in text
    assert "标题" in text and "沙河口区" in text
    assert "│" not in written("table")


def test_unknown_format_is_a_plantool_error():
    with pytest.raises(FormatError, match="unknown format 'xml'") as caught:
        written("xml")
    assert isinstance(caught.value, PlantoolError)


def test_show_prints_lead_rows_then_notes(capsys):
    view = views.View([{"a": 1}], ["a"], lead=["first"], notes=["last"])
    render.show(view, "csv")
    out, err = capsys.readouterr()
    assert out == "a\n1\n" and err == "first\nlast\n"


def test_a_quiet_view_prints_only_its_notes_and_a_gap_is_a_blank_line(capsys):
    render.show(views.View([], ["a"], lead=["nothing to compare"], quiet=True), "table")
    assert capsys.readouterr() == ("", "nothing to compare\n")
    render.show(views.View([{"a": 1}], ["a"], gap=True), "csv")
    assert capsys.readouterr().out == "\na\n1\n"


def test_print_lines_without_colour(capsys):
    from rich.text import Text

    render.print_lines([Text.assemble(("commitment 1", "bold"), "  标题"), "plain"], color=False)
    assert capsys.readouterr().out == "commitment 1  标题\nplain\n"


def test_print_lines_never_reads_text_as_markup(capsys):
    render.print_lines(["标题[/red] [bold]粗体", "a\x1b[2Jb"], color=True)
    assert capsys.readouterr().out == "标题[/red] [bold]粗体\na\\x1b[2Jb\n"
