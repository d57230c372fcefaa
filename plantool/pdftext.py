"""PDF documents with a text layer → text, one paragraph a line.

Text is taken with pypdf (pure Python) in its layout mode. Measured on 12 corpus
reports written as text PDFs (``tests/fixtures/formats/compare_pdf_readers.py``):
with a ToUnicode map (as Word and WPS export) pypdf and pdfplumber both give back
every character; with the predefined Adobe-GB1 CMap pypdf is still exact in 12 of
12 where pdfplumber is in 5 of 12; pypdf's layout mode takes 0.17 to 0.39 of
pdfplumber's time, and unlike its plain mode keeps indentation and blank lines.

A PDF breaks paragraphs into lines at the right margin; the stored text gets the
paragraphs back: a line that reaches the margin runs on into the next one unless the
next one visibly opens a paragraph (indented, after a blank line) or is a numbered
heading after a full stop. Lines holding only a page number are dropped. On those 12
reports 931 of 1,008 paragraphs come back whole and 2,074 of 2,178 commitments are
those of the text. A PDF whose pages carry no text (a scan) is refused: it needs OCR.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterator

from plantool.errors import ReadError

_PAGE_NUMBER = re.compile(r"^[\s\-—–－_·]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*\d{1,4})?"
                          r"[\s\-—–－_·]*$")
_HEADING_START = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[.、．]\D"
                            r"|第[一二三四五六七八九十百\d]+[章节篇部分条])")
_HAN = re.compile(r"[\u3400-\u9fff]")
_RUNS_OF_SPACES = re.compile(r"[ \t\u3000]{2,}")
#: Lines at least this wide (in half-width cells) are measured for the full line width.
_MEASURED = 20
#: A broken line ends short of the full width by less than a character (two cells)…
_SLACK = 2
#: …and the first line of a paragraph starts two characters in.
_INDENT = 4
#: Where no line is seen to open a paragraph, an opening line short of the full width
#: that ends a sentence ends its paragraph.
_PARAGRAPH_ENDS = ("。", "！", "？", "”", "：")


def pdf_text(data: bytes, path: str) -> str:
    """The text of a PDF's pages, paragraphs rejoined; ReadError when it has none."""
    lines, opens = page_lines(_page_texts(data, path))
    if not any(_HAN.search(line) for line in lines):
        raise ReadError(path, "no text layer: the PDF holds page images only (a scan?); "
                              "run OCR on it first")
    return "\n".join(join_wrapped(lines, opens)) + "\n"


def page_lines(pages: list[str]) -> tuple[list[str], list[bool]]:
    """The text lines of pages laid out as on paper, and whether each visibly opens a
    paragraph (indented, or after a blank line); page numbers dropped."""
    lines: list[str] = []
    opens: list[bool] = []
    for page in pages:
        gap = False  # a page's first line may go on with the last page's paragraph…
        first = len(lines)  # …unless it is a numbered heading
        for raw in page.splitlines():
            text = _RUNS_OF_SPACES.sub(" ", raw.strip(" \t\u3000"))
            if not text:
                gap = bool(lines)
                continue
            if _PAGE_NUMBER.match(text):
                continue
            indent = len(raw) - len(raw.lstrip(" \t\u3000"))
            page_top = len(opens) == first
            opens.append(gap or indent >= _INDENT // 2
                         or (page_top and bool(_HEADING_START.match(text))))
            lines.append(text)
            gap = False
    return lines, opens


def _page_texts(data: bytes, path: str) -> list[str]:
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        with _quiet():
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise ReadError(path, "encrypted PDF: it needs a password to be read")
            return [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            RecursionError, NotImplementedError) as error:
        raise ReadError(path, f"binary file (a PDF document) that cannot be read: damaged or "
                              f"truncated ({_short(error)})") from None


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """pypdf's log lines and warnings about damaged files kept off the terminal: the
    ReadError says what matters in one line."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


def _short(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 80 else text[:77] + "…"


def display_width(text: str) -> int:
    """Width in half-width cells: a Chinese character or a sign of ambiguous width (“ ” —,
    full width in Chinese fonts) counts two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def full_width(widths: list[int]) -> int:
    """The width of a full line: the commonest width among the long lines."""
    counts = Counter(w for w in widths if w >= _MEASURED)
    if not counts:
        return 0
    top = max(counts.values())
    return max(w for w, n in counts.items() if n == top)


def join_wrapped(lines: list[str], opens: list[bool] | None = None) -> list[str]:
    """Paragraphs from lines broken at the right margin.

    A line runs on when it ends within a character of the full width, or, opening a
    paragraph (indented two characters, as Chinese paragraphs are), within three. A
    line that visibly opens a paragraph (``opens``) never continues the one before, nor
    does a numbered heading after the end of a sentence. Where the layout shows no
    openings at all, a numbered heading neither continues nor runs on, and an opening
    line short of the full width that ends a sentence ends its paragraph.
    """
    opens = opens if opens is not None else [False] * len(lines)
    marked = any(opens[1:])
    widths = [display_width(line) for line in lines]
    full = full_width(widths)
    out: list[str] = []
    runs_on = False
    for line, width, opening in zip(lines, widths, opens, strict=True):
        heading = bool(_HEADING_START.match(line)) and (
            not marked or not out or out[-1].endswith(_PARAGRAPH_ENDS))
        if runs_on and not opening and not heading:
            out[-1] = _glue(out[-1], line)
            runs_on = bool(full) and width >= full - _SLACK
        else:
            out.append(line)
            runs_on = bool(full) and (width >= full - _SLACK or (
                width >= full - _SLACK - _INDENT and not heading
                and (marked or not line.endswith(_PARAGRAPH_ENDS))))
    return out


def _glue(left: str, right: str) -> str:
    """Two pieces of a broken line; a space only between two Latin words."""
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalpha():
        return f"{left} {right}"
    return left + right
