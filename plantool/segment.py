"""Segmentation: lines → blocks (headings, paragraphs, chrome) → sentences.

Headings at every level (一、 （一） 1. ## **…** and short title-like lines) build a
section path; each sentence carries the path and the headings it sits under, so that
attribution can read periods and kinds from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, cached_property

from plantool import regions, rules, vocab
from plantool.clean import COMMAS, LINE_ENDS_NOT_TITLE, SENTENCE_ENDS

_CN = "一二三四五六七八九十"
_HEADING_PATTERNS = (
    (re.compile(rf"^[{_CN}]{{1,3}}、"), 1),
    (re.compile(rf"^[（(][{_CN}]{{1,3}}[)）]"), 2),
    (re.compile(r"^\d{1,2}[.．、](?![\d%])"), 3),
    (re.compile(r"^[（(]\d{1,2}[)）]"), 4),
    (re.compile(r"^第[一二三四五六七八九十]{1,3}[章节篇部分]"), 1),
)
_MARKERS = re.compile(r"^(?:[#]{1,6}\s*|[●•·▪■□◆◇★☆▶►✔✓√※>]\s*|[\-\*+]\s+(?!\*))+")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_SENTENCE_END = re.compile("(?<=[" + re.escape(SENTENCE_ENDS) + "])")
_TERMINAL = tuple(LINE_ENDS_NOT_TITLE)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_COMMA = re.compile("[" + re.escape(COMMAS) + "]")
_DASH_NUMBER = re.compile(r"^-\s*\d")  # -5% opens a figure, not a bullet
_FULL_STOP = re.compile(r"[。！？]")
_IMAGE_FILE = re.compile(r"\.(jpe?g|png|gif|webp)$", re.I)


@cache
def _part() -> re.Pattern:
    """A part heading above 一、二、: a known ending (data/part_headings.txt) or a year's work."""
    return re.compile("(?:" + vocab.alternation("part_headings.txt") + r")$"
                      r"|^(19|20)\d{2}年.{0,12}(工作|目标|任务)")


@cache
def _chrome() -> re.Pattern:
    """Every pattern of data/chrome.tsv as one alternation: a line is chrome if any matches."""
    return re.compile("|".join(f"(?:{row[0]})" for row in vocab.rows("chrome.tsv")))


def is_chrome(line: str) -> bool:
    return _chrome().match(line) is not None


@dataclass
class Block:
    """One line of the document: a heading, a paragraph (or bullet) or page chrome."""

    start: int  # offset of the first kept character in the stored text
    end: int
    text: str  # original characters, markers stripped
    kind: str  # heading | para | table | chrome
    level: int = 0  # heading level: 1 (一、) … 4; 8 for markdown-less short title lines
    bullet: bool = False
    lead_end: int = 0  # for a paragraph that opens with an inline heading: where it ends


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    block: int  # index of its block
    headings: list[str] = field(default_factory=list)  # enclosing headings, outermost first
    is_heading: bool = False
    paragraph_index: int = 0  # position of the sentence inside its paragraph
    is_table: bool = False  # a Markdown table row

    @cached_property
    def section(self) -> str:
        return " > ".join(self.headings)


def _strip(line: str, start: int) -> tuple[str, int]:
    """Strip markers and blanks from a line; return the kept text and its offset."""
    lstripped = line.lstrip(" \t\u3000\ufeff")
    start += len(line) - len(lstripped)
    marker = _MARKERS.match(lstripped)
    if marker and not _DASH_NUMBER.match(lstripped):
        start += marker.end()
        lstripped = lstripped[marker.end():]
    kept = lstripped.rstrip(" \t\u3000#")
    return kept, start


#: The heading patterns as one alternation, tried in their order: group ``h<i>`` is pattern i.
_HEADING = re.compile("|".join(f"(?P<h{i}>{p.pattern})" for i, (p, _) in enumerate(_HEADING_PATTERNS)))
_HEADING_LEVELS = {f"h{i}": level for i, (_, level) in enumerate(_HEADING_PATTERNS)}


def heading_level(text: str) -> int:
    """The level of a numbered heading (一、 → 1, （一） → 2, 1. → 3, （1） → 4, 第一章 → 1), else 0."""
    found = _HEADING.match(text)
    return _HEADING_LEVELS[found.lastgroup] if found else 0


def _looks_like_title(text: str) -> bool:
    """A short line with no sentence punctuation: a heading of a digest or news page."""
    plain = text.replace("**", "").strip()
    return (0 < len(plain) <= 26 and not plain.endswith(_TERMINAL)
            and "。" not in plain and bool(_HAN.search(plain)))


@dataclass
class Line:
    """A line as the line rules read it: the kept text (markers stripped) and its marks."""

    kept: str
    parse_line: str  # the whole line of the parse copy
    bullet: bool  # it opened with a bullet marker (●, -, …)

    @cached_property
    def inner(self) -> str:
        return self.kept.strip("*").strip()

    @cached_property
    def level(self) -> int:
        """Its numbering's heading level (一、 → 1 …), 0 when unnumbered."""
        return heading_level(self.inner)

    @property
    def whole_bold(self) -> bool:
        return self.kept.startswith("**") and self.kept.endswith("**") and self.kept.count("**") == 2


LineVerdict = tuple[str, int, "int | None"]  # kind, level, end of an inline heading (or None)


def markdown_heading(line: Line) -> LineVerdict | None:
    """A line opening with # is a heading at its numbering's level, else its #-depth."""
    marks = line.parse_line.lstrip()
    if not marks.startswith("#"):
        return None
    return "heading", line.level or len(marks) - len(marks.lstrip("#")), None


def part_heading(line: Line) -> LineVerdict | None:
    """An unnumbered bold or title-like line ending as a part (…年工作回顾) heads a part."""
    if (line.whole_bold or _looks_like_title(line.kept)) and not line.level \
            and _part().search(line.inner) and not line.bullet and len(line.inner) <= 40:
        return "heading", 0, None
    return None


def bold_heading(line: Line) -> LineVerdict | None:
    """A line that is bold as a whole and not long is a heading (level 1 if unnumbered)."""
    return ("heading", line.level or 1, None) if line.whole_bold and len(line.inner) <= 60 \
        else None


def numbered_heading(line: Line) -> LineVerdict | None:
    """A short numbered line (一、… （二）…) with no full stop inside is a heading."""
    if line.level and len(line.inner) <= 40 and "。" not in line.inner[:-1]:
        return "heading", line.level, None
    return None


def inline_heading(line: Line) -> LineVerdict | None:
    """A numbered or bold-led long line (**（一）稳增长。**正文) is a paragraph led by a heading."""
    if line.level or line.kept.startswith("**"):
        return "para", line.level or 5, _inline_heading_end(line.kept)
    return None


def title_line(line: Line) -> LineVerdict | None:
    """A short unbulleted line without sentence punctuation is a low heading (a digest's)."""
    return ("heading", 8, None) if not line.bullet and _looks_like_title(line.kept) else None


def paragraph(line: Line) -> LineVerdict | None:
    """Any other line is a paragraph."""
    return "para", 0, None


#: Line rules in order: the first that answers sets the block's kind and level.
LINE_RULES = (markdown_heading, part_heading, bold_heading, numbered_heading, inline_heading,
              title_line, paragraph)


def line_rule(line: Line) -> tuple[str, LineVerdict]:
    """The name and answer of the first line rule that answers."""
    name, verdict = rules.first(LINE_RULES, line)
    assert verdict is not None, "paragraph answers every line"
    return name, verdict


def blocks(text: str, parse: str) -> list[Block]:
    out: list[Block] = []
    offset = 0
    for raw_line in text.split("\n"):
        line_start = offset
        offset += len(raw_line) + 1
        parse_line = parse[line_start:line_start + len(raw_line)]
        kept, start = _strip(parse_line, line_start)
        if not kept:
            continue
        end = start + len(kept)
        if parse_line.lstrip().startswith("|") and parse_line.rstrip().endswith("|"):
            out.append(_table_row(text, parse_line, line_start))
        elif is_chrome(kept.replace("**", "").strip()):
            out.append(Block(start, end, text[start:end], "chrome"))
        else:
            bullet = start > line_start and parse[line_start:start].strip() != ""
            _, (kind, level, lead) = line_rule(Line(kept, parse_line, bullet))
            out.append(Block(start, end, text[start:end], kind, level,
                             bullet and kind == "para", start + lead if lead is not None else 0))
    return _drop_captions(out)


def _table_row(text: str, parse_line: str, line_start: int) -> Block:
    row_start = line_start + len(parse_line) - len(parse_line.lstrip())
    row_end = line_start + len(parse_line.rstrip())
    return Block(row_start, row_end, text[row_start:row_end], "table")


def _inline_heading_end(kept: str) -> int:
    bold = _BOLD.match(kept)
    if bold:
        return bold.end()
    first = _FULL_STOP.search(kept)
    return first.end() if first and first.end() <= 60 else 0


def _drop_captions(found: list[Block]) -> list[Block]:
    """A short title-like line right after an image file name is its caption."""
    for i in range(1, len(found)):
        prev, block = found[i - 1], found[i]
        if (prev.kind == "chrome" and _IMAGE_FILE.search(prev.text)
                and block.kind == "heading" and block.level == 8):
            block.kind = "chrome"
    return found


def sentences(text: str, parse: str, found: list[Block]) -> list[Sentence]:
    out: list[Sentence] = []
    stack: list[tuple[int, str]] = []
    for index, block in enumerate(found):
        if block.kind == "chrome":
            continue
        if block.kind == "table":
            out.append(Sentence(block.start, block.end, block.text, index,
                                [t for _, t in stack], is_table=True))
            continue
        if block.kind == "heading":
            title = block.text.replace("**", "").strip().lstrip("#").strip()
            stack = [(lvl, t) for lvl, t in stack if lvl < block.level]
            headings = [t for _, t in stack]
            out.append(Sentence(block.start, block.end, block.text, index, headings, True))
            stack.append((block.level, title))
            continue
        headings = [t for _, t in stack]
        start = block.start
        if block.lead_end > block.start:
            lead = text[block.start:block.lead_end]
            title = lead.replace("**", "").strip()
            if block.level < 5:
                stack = [(lvl, t) for lvl, t in stack if lvl < block.level]
                stack.append((block.level, title.rstrip("。")))
            out.append(Sentence(block.start, block.lead_end, lead, index, headings, True))
            headings = [t for _, t in stack]
            start = block.lead_end
        out.extend(_split(text, parse, start, block.end, index, headings))
    return out


def _split(text: str, parse: str, start: int, end: int, block: int,
           headings: list[str]) -> list[Sentence]:
    out = []
    piece_start = start
    position = 0
    quotes = _OpenQuotes(parse, start)
    for match in _SENTENCE_END.finditer(parse, start, end):
        cut = match.end()
        if quotes.open_at(cut):
            continue
        position = _add(out, text, piece_start, cut, block, headings, position)
        piece_start = cut
        quotes = _OpenQuotes(parse, cut)
    _add(out, text, piece_start, end, block, headings, position)
    return out


class _OpenQuotes:
    """Whether a quotation (“…” or 《…》) opened since ``start`` is still open at a cut,
    counting each character once however many cuts are asked about."""

    def __init__(self, parse: str, start: int) -> None:
        self.parse = parse
        self.counted = start
        self.quotes = 0  # “ minus ”
        self.titles = 0  # 《 minus 》

    def open_at(self, cut: int) -> bool:
        parse, counted = self.parse, self.counted
        self.quotes += parse.count("“", counted, cut) - parse.count("”", counted, cut)
        self.titles += parse.count("《", counted, cut) - parse.count("》", counted, cut)
        self.counted = cut
        return self.quotes > 0 or self.titles > 0


def _add(out: list[Sentence], text: str, start: int, end: int, block: int,
         headings: list[str], position: int) -> int:
    raw = text[start:end]
    stripped = raw.strip().strip("*").strip()
    if not stripped or not _HAN.search(stripped):
        return position
    offset = start + raw.index(stripped)
    out.append(Sentence(offset, offset + len(stripped), stripped, block, headings,
                        paragraph_index=position))
    return position + 1


def district_clauses(found: Iterable[Sentence], parse: str, scope: str) -> Iterator[Sentence]:
    """Split a sentence before a clause whose subject is a district of the document's region
    (…新建学校5所，某某区获评示范区…): that clause is its own statement."""
    for sentence in found:
        if sentence.is_heading or sentence.is_table:
            yield sentence
            continue
        cuts = _district_cuts(parse[sentence.start:sentence.end], scope)
        if not cuts:
            yield sentence
            continue
        piece_length = sentence.end - sentence.start
        bounds = [0, *sorted(cuts), piece_length]
        for index, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            part = parse[sentence.start + a:sentence.start + b].rstrip(COMMAS + " ")
            yield replace(sentence, start=sentence.start + a, end=sentence.start + a + len(part),
                          text=sentence.text[a:a + len(part)], paragraph_index=index)


def _district_cuts(piece: str, scope: str) -> set[int]:
    """Where a district's clause starts (after a comma) and ends (after the next comma)."""
    cuts: set[int] = set()
    if not scope:
        return cuts  # a district is a subject only inside the document's region
    name_starts = regions.names_index().lengths  # no name starts here: no district either
    for comma in _COMMA.finditer(piece, 0, len(piece) - 1):
        pos = comma.end()
        if piece[pos] in name_starts and \
                regions.subject_region(piece[pos:pos + regions.SUBJECT_WINDOW], scope):
            cuts.add(pos)
            after = _COMMA.search(piece, pos)
            cuts.add(after.end() if after else len(piece))
    cuts.discard(len(piece))
    return cuts
