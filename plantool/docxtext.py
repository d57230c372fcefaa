"""Word documents (.docx) → text in the shape the text reader understands.

Paragraphs become lines; a paragraph in a heading style (Heading 1…9, 标题 1…9, or
Title) becomes a Markdown heading line (``# …`` at its level), so that headings build
section paths as they do in a Markdown report; tables become Markdown table rows (a
header row, its ``---`` rule, then one row a line), which the statistical table reader
reads cell by cell. Text in the body keeps its order: paragraphs and tables as they
alternate.
"""

from __future__ import annotations

import io
import re
import zipfile

from plantool.errors import ReadError

#: The main part of a Word document inside its zip package.
DOCUMENT_PART = "word/document.xml"
#: A larger uncompressed document part than this is refused (a zip bomb, not a report:
#: the longest corpus report makes about 3 MB of WordprocessingML).
MAX_PART_BYTES = 256 * 2**20
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TITLE_STYLES = {"title", "标题"}
_SPACES = re.compile(r"[ \t\r\n\xa0\u3000]+")


def is_docx(data: bytes) -> bool:
    """Whether ``data`` is a zip package holding a Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return DOCUMENT_PART in package.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def docx_text(data: bytes, path: str) -> str:
    """The text of a Word document: headings as ``#`` lines, tables as ``|`` rows."""
    document = _open(data, path)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines.extend(table_rows(block))
        else:
            line = paragraph_line(block)
            if line:
                lines.append(line)
    return "\n".join(lines) + "\n"


def _open(data: bytes, path: str):
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if package.getinfo(DOCUMENT_PART).file_size > MAX_PART_BYTES:
            raise ReadError(path, "Word document too large once unpacked (a zip bomb?)")
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises lxml, KeyError, ValueError …
        raise ReadError(path, f"binary file (a Word document) that cannot be read: "
                              f"{type(error).__name__}: {error}"[:200]) from None


def heading_level(style_name: str) -> int:
    """The heading level a paragraph style gives (Title: 1), 0 for body styles."""
    name = style_name.strip()
    if name.lower() in _TITLE_STYLES:
        return 1
    match = _HEADING_STYLE.match(name)
    return int(match.group(1)) if match else 0


def paragraph_line(paragraph) -> str:
    """One paragraph as a line: ``#``-marked at its heading level, else its text."""
    text = _SPACES.sub(" ", paragraph.text).strip()
    if not text:
        return ""
    style = paragraph.style.name if paragraph.style is not None else ""
    level = heading_level(style or "")
    return f"{'#' * level} {text}" if level else text


def _cell_text(cell) -> str:
    return _SPACES.sub(" ", cell.text).strip().replace("|", "｜")


def table_rows(table) -> list[str]:
    """A Word table as Markdown rows; cells merged across columns are given once."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:  # a merged cell repeats
                continue
            previous = cell._tc
            cells.append(_cell_text(cell))
        if any(cells):
            rows.append(cells)
    if not rows:
        return []
    lines = ["| " + " | ".join(cells) + " |" for cells in rows]
    rule = "| " + " | ".join("---" for _ in rows[0]) + " |"
    return lines[:1] + [rule] + lines[1:]
