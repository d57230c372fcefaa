"""The two answers that need no click: ``plantool --help`` and ``plantool path``.

Importing click costs about as much as starting Python itself, so the console script
answers these two command lines before ``plantool.cli`` imports it: the top-level help
from ``data/cli_help.txt`` (click's own text, written by ``python -m plantool.quick``
and valid only for the ``cli.py`` it was written from: its checksum is on the first
line, and a stale file is never served), and the path from :mod:`plantool.dbpath`.
Any other command line, a narrow terminal, or any doubt: click answers, as always.
"""

from __future__ import annotations

import os
import sys
import zlib

from plantool import dbpath

HERE = os.path.dirname(os.path.abspath(__file__))
HELP_FILE = os.path.join(HERE, "data", "cli_help.txt")
CLI_FILE = os.path.join(HERE, "cli.py")
PROG = "{prog}"  # the program name's place in the stored help
HELP_WIDTH = 80  # click wraps help at 78 columns from a terminal of 80 on


def cli_checksum() -> str:
    """The checksum of ``cli.py``, which the top-level help is made from."""
    with open(CLI_FILE, "rb") as handle:
        return f"{zlib.crc32(handle.read()):08x}"


def program_name() -> str | None:
    """``plantool`` when the console script runs (a script of that name is the main
    module); None for anything else (``python -m plantool``, a test runner, a program
    that imports plantool), which click answers."""
    main = sys.modules.get("__main__")
    script = getattr(main, "__file__", None) or ""
    if getattr(main, "__spec__", None) is None and os.path.basename(sys.argv[0]) == "plantool" \
            and os.path.basename(script) == "plantool":
        return "plantool"
    return None


def stored_help() -> str | None:
    """The stored top-level help, if it was written from this ``cli.py``."""
    try:
        with open(HELP_FILE, encoding="utf-8") as handle:
            first, _, text = handle.read().partition("\n")
    except OSError:
        return None
    return text if first == f"# cli.py {cli_checksum()}" else None


def _columns() -> int:
    """The terminal's width as click reads it ($COLUMNS, else the terminal, else 80)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


def path_option(args: list[str]) -> tuple[bool, str | None]:
    """(is this ``path`` with at most --db before or after it, the --db that applies):
    the last --db after ``path`` if not empty, else the last before it, as click reads them."""
    given: dict[bool, str | None] = {False: None, True: None}  # before / after the command
    command, rest = False, list(args)
    while rest:
        token = rest.pop(0)
        if token == "path" and not command:
            command = True
        elif token == "--db" and rest:
            given[command] = rest.pop(0)
        elif token.startswith("--db="):
            given[command] = token[len("--db="):]
        else:
            return False, None
    return command, given[True] or given[False]


def answer(args: list[str], prog: str) -> str | None:
    """What ``prog args`` prints, when it is the top-level help or ``path``; else None."""
    if args in (["--help"], ["-h"]):
        text = stored_help() if _columns() >= HELP_WIDTH else None
        return text.replace(PROG, prog) if text is not None else None
    is_path, explicit = path_option(args)
    return dbpath.resolved(explicit) + "\n" if is_path else None


def answer_without_click() -> None:
    """Print the answer and exit when the console script's command line is one of the
    two, before click is imported; otherwise return and let click run."""
    prog = program_name()
    if prog is None:
        return
    text = answer(sys.argv[1:], prog)
    if text is not None:
        sys.stdout.write(text)
        sys.stdout.flush()
        raise SystemExit(0)


def write_help() -> str:
    """Write ``data/cli_help.txt`` from click's own help of ``plantool.cli``."""
    from click.testing import CliRunner

    from plantool.cli import cli

    text = CliRunner().invoke(cli, ["--help"], prog_name=PROG, terminal_width=HELP_WIDTH).output
    with open(HELP_FILE, "w", encoding="utf-8") as handle:
        handle.write(f"# cli.py {cli_checksum()}\n{text}")
    return HELP_FILE


if __name__ == "__main__":
    print(write_help())
