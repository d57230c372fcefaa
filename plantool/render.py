"""Rendering: one output layer for every command.

A command builds rows (dicts) and names the columns to show; this module prints them
as a rich table on a terminal, or as plain, stable text when piped: csv, tsv, json,
jsonl (UTF-8, no \\u escapes), markdown or a plain table aligned by display width.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

from plantool.errors import FormatError
from plantool.escape import printable
from plantool.schema import FLAT_FORMATS, FORMATS, JSON_FORMATS


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


#: Characters a terminal acts on instead of showing: C0/C1 controls (ESC, BEL, CR …) but
#: tab and newline, DEL, the bidirectional overrides that reorder what is shown; and lone
#: surrogates (the undecodable bytes of a file name), which no stream can encode.
def _shown(value) -> str:
    """A cell for people to read: as :func:`_cell`, control characters escaped."""
    return printable(_cell(value))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def render(rows: Sequence[dict], columns: Sequence[str], fmt: str = "table",
           stream: TextIO | None = None, records: Sequence[dict] | None = None,
           title: str = "", bom: bool = False, styles: dict[str, str] | None = None,
           row_style: Iterable[str] | None = None, drop_order: Sequence[str] = ()) -> None:
    """Print ``rows`` in ``fmt``. JSON formats print ``records`` (full objects) when given.
    A rich table too wide for the terminal leaves out empty columns, then those of
    ``drop_order`` in turn, and says which on stderr."""
    stream = stream or sys.stdout
    if fmt in JSON_FORMATS:
        payload = list(records if records is not None else rows)
        if fmt == "json":
            text = json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n"
        else:
            text = "".join(json.dumps(item, ensure_ascii=False, default=str) + "\n"
                           for item in payload)
        _write(stream, text, utf8=True)
        return
    if fmt in FLAT_FORMATS:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        _write(stream, ("\ufeff" if bom else "") + buffer.getvalue(), utf8=True)
        return
    if fmt == "markdown":
        _write(stream, _tabulate(rows, columns, "github") + "\n")
        return
    if fmt == "table" and is_terminal(stream):
        _rich_table(rows, columns, title, styles or {}, list(row_style or []), stream,
                    drop_order)
        return
    if fmt == "table":
        _write(stream, _tabulate(rows, columns, "simple") + "\n")
        return
    raise FormatError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def show(view, fmt: str = "table", bom: bool = False, stream: TextIO | None = None) -> None:
    """Print a :class:`plantool.views.View`: its lead notes, its rows, then its notes."""
    for line in view.lead:
        message(line)
    if view.gap:
        _write(stream or sys.stdout, "\n")
    if not view.quiet:
        flat = fmt in FLAT_FORMATS and view.flat_columns
        render(view.rows, view.flat_columns if flat else view.columns, fmt, stream=stream,
               records=view.records,
               title=view.title, bom=bom, styles=view.styles, row_style=view.row_style,
               drop_order=view.drop_order)
    for line in view.notes:
        message(line)


def print_lines(lines: Iterable, color: bool = False) -> None:
    """Lines of plain text or ``rich.text.Text`` on stdout, coloured on a terminal only.

    Plain text is shown as it is, never read as markup, control characters escaped; a Text
    is printed as built (escape its parts with :func:`printable`).
    """
    from rich.console import Console
    from rich.text import Text

    console = Console(no_color=not color, highlight=False, soft_wrap=True, emoji=False)
    for line in lines:
        console.print(line if isinstance(line, Text) else Text(printable(str(line))))


def _write(stream: TextIO, text: str, utf8: bool = False) -> None:
    """Write and flush; machine formats (``utf8``) as UTF-8 whatever the locale says.

    A reader that goes away (``plantool list | head``) ends the program quietly.
    """
    try:
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        buffer = getattr(stream, "buffer", None)
        if utf8 and buffer is not None and encoding not in ("utf-8", "utf8"):
            stream.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        else:
            stream.write(text)
            stream.flush()
    except BrokenPipeError:
        _closed_pipe(stream)


def _closed_pipe(stream: TextIO) -> None:
    """The reader of a pipe went away: no traceback, no error at exit (Python docs' recipe)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass
    raise SystemExit(141)  # 128 + SIGPIPE, as a shell reports a process a pipe killed


def _tabulate(rows: Sequence[dict], columns: Sequence[str], style: str) -> str:
    from tabulate import tabulate  # wcwidth installed: CJK aligned by display width

    body = [[_shown(row.get(c)) for c in columns] for row in rows]
    return tabulate(body, headers=[printable(c) for c in columns], tablefmt=style,
                    disable_numparse=True)


FOLDED_WIDTH = 12  # a column of longer text folds down to this width, never narrower


def _widths(rows: Sequence[dict], columns: Sequence[str]) -> dict[str, int]:
    """The widest cell (or header) of each column, in terminal cells."""
    from rich.cells import cell_len

    return {c: max([cell_len(_shown(row.get(c))) for row in rows] + [cell_len(c)])
            for c in columns}


def fit_columns(rows: Sequence[dict], columns: Sequence[str], width: int,
                drop_order: Sequence[str]) -> tuple[list[str], list[str]]:
    """The columns that fit ``width`` cells, long text folded, and those left out: first
    the columns empty in every row, then those of ``drop_order`` in turn (only those)."""
    widest = _widths(rows, columns)
    kept, dropped = list(columns), []

    def needed() -> int:  # each column: its cells, a space either side and a rule
        return sum(min(widest[c], FOLDED_WIDTH) + 3 for c in kept) + 1

    empty = [c for c in drop_order if not any(_cell(row.get(c)) for row in rows)]
    for column in empty + [c for c in drop_order if c not in empty]:
        if needed() <= width:
            break
        if column in kept:
            kept.remove(column)
            dropped.append(column)
    return kept, dropped


def _rich_table(rows: Sequence[dict], columns: Sequence[str], title: str,
                styles: dict[str, str], row_style: list[str], stream: TextIO | None = None,
                drop_order: Sequence[str] = ()) -> None:
    """A rich table; every cell a Text, so that document text is never read as markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, emoji=False)
    columns, dropped = fit_columns(rows, columns, console.width, drop_order)
    if dropped:
        message(f"{console.width} columns: left out {', '.join(dropped)} "
                "(a wider terminal, or --csv/--json, shows every column)")
    widest = _widths(rows, columns)
    table = Table(title=Text(printable(title)) if title else None, show_lines=False,
                  header_style="bold")
    for column in columns:
        # Short columns (ids, years, units) never wrap; long text (quotes) folds instead.
        table.add_column(Text(printable(column)), style=styles.get(column), overflow="fold",
                         no_wrap=widest[column] <= FOLDED_WIDTH,
                         min_width=min(widest[column], FOLDED_WIDTH))
    for index, row in enumerate(rows):
        style = row_style[index] if index < len(row_style) else None
        table.add_row(*[Text(_shown(row.get(c))) for c in columns], style=style)
    console.print(table)


def message(text: str, err: bool = True) -> None:
    """A line for the person at the terminal: on stderr, so that pipes stay clean."""
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(printable(text) + "\n")
        stream.flush()
    except BrokenPipeError:
        if not err:
            _closed_pipe(stream)


def progress_bar(total: int, description: str, enabled: bool):
    """A rich progress bar on stderr when it is a terminal; a no-op otherwise."""
    if not enabled or not sys.stderr.isatty():
        return _NoProgress()
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        console=Console(stderr=True), transient=True)
    return _RichProgress(progress, total, description)


class _NoProgress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def advance(self, description: str = "") -> None:
        pass


class _RichProgress:
    def __init__(self, progress, total: int, description: str):
        self.progress = progress
        self.total = total
        self.description = description

    def __enter__(self):
        self.progress.__enter__()
        self.task = self.progress.add_task(self.description, total=self.total)
        return self

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

    def advance(self, description: str = "") -> None:
        self.progress.update(self.task, advance=1, description=description or self.description)
