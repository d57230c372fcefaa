"""Markdown tables (statistical communiqués): one record per number cell.

A table such as

    | 产品名称 | 单 位 | 产 量  | 比上年增长（%） |
    | 纱       | 万吨  | 3732.6 | 5.5             |

gives 纱 3732.6万吨 (a level) and 纱 +5.5% (a change). The unit comes from the row's unit
cell or from the column header's parentheses (年末数（万人）); the metric is the row name,
with the column name added when it says what is measured (比重). The quote is the row
from its name to the number, an exact substring of the stored text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from plantool import vocab
from plantool.extract import Quantity
from plantool.numbers import multiplier_at

_NUMBER_CELL = re.compile(r"^-?\d[\d,]*(\.\d+)?$")
_GROWTH = re.compile(r"增长|增速|比上年|同比|增减")
_GENERIC = frozenset(vocab.words("table_generic_columns.txt"))
_UNIT_HEADER = re.compile(r"单\s*位")


@dataclass
class Cell:
    start: int  # offset of the cleaned content in the document
    end: int
    text: str


@dataclass
class Row:
    start: int
    end: int
    cells: list[Cell]


def split_row(text: str, start: int, end: int) -> Row:
    cells, pos = [], start
    line = text[start:end]
    for raw in line.strip().strip("|").split("|"):
        at = text.find(raw, pos, end)
        content = raw.replace("<br>", " ").replace("**", " ")
        lead = len(content) - len(content.lstrip(" \u3000\t"))
        clean = content.strip(" \u3000\t")
        offset = at + raw.find(clean) if clean and clean in raw else at + lead
        cells.append(Cell(offset, offset + len(clean), clean))
        pos = at + len(raw)
    return Row(start, end, cells)


def _is_separator(row: Row) -> bool:
    return all(re.fullmatch(r":?-{2,}:?|", c.text) for c in row.cells)


def _number(text: str) -> Decimal | None:
    if not _NUMBER_CELL.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _unit_of(text: str) -> tuple[Decimal, vocab.Unit | None]:
    """万吨 → (10000, 吨); % → (1, %)."""
    text = re.sub(r"\s", "", text)
    mult, length = multiplier_at(text, 0)
    rest = text[length:]
    for unit in vocab.units():
        if rest == unit.word:
            return mult, unit
    return mult, None


def _header_unit(header: str) -> tuple[Decimal, vocab.Unit | None]:
    paren = re.search(r"[（(]([^）)]+)[)）]", header)
    return _unit_of(paren.group(1)) if paren else (Decimal(1), None)


def _header_name(header: str) -> str:
    return re.sub(r"[（(][^）)]*[)）]|\s", "", header)


def _row_name(text: str) -> str:
    text = re.sub(r"\[\d+\]|\s|\u3000|#", "", text)
    return re.sub(r"^(其中|内)[：:]", "", text)


def quantities(row: Row, header: Row | None, text: str) -> list[Quantity]:
    """The records of one data row, offsets relative to the row start."""
    if not row.cells or header is None:
        return []
    name = _row_name(row.cells[0].text)
    if not name or _number(name) is not None:
        return []
    unit_col = next((i for i, c in enumerate(header.cells) if _UNIT_HEADER.search(c.text)), None)
    found = []
    for index, cell in enumerate(row.cells[1:], start=1):
        value = _number(cell.text)
        if value is None or index >= len(header.cells) or index == unit_col:
            continue
        head = header.cells[index].text
        mult, unit = _header_unit(head)
        if unit is None and unit_col is not None and unit_col < len(row.cells):
            mult, unit = _unit_of(row.cells[unit_col].text)
        growth = bool(_GROWTH.search(head))
        column = _header_name(head)
        metric = name if growth or not column or column in _GENERIC or unit_col == index \
            else name + column
        found.append(Quantity(
            value=value * mult, value_max=None, unit=unit.canonical if unit else "",
            unit_family=unit.family if unit else "", qualifier="", metric=metric,
            action="增长" if growth else "", measure="change" if growth else "level",
            num_start=cell.start - row.start, num_end=cell.end - row.start,
            quote_start=row.cells[0].start - row.start, quote_end=cell.end - row.start))
    return found


class TableReader:
    """Reads a table row by row, keeping the header of the current table."""

    def __init__(self) -> None:
        self.header: Row | None = None
        self.last_end = -2

    def feed(self, text: str, start: int, end: int) -> list[Quantity]:
        row = split_row(text, start, end)
        if start > self.last_end + 1:
            self.header = None  # a new table
        self.last_end = end
        if _is_separator(row):
            return []
        numbers = sum(_number(c.text) is not None for c in row.cells[1:])
        if not numbers:
            if any(c.text for c in row.cells[1:]) and not re.match(r"表\s*\d", row.cells[0].text):
                self.header = row
            return []
        return quantities(row, self.header, text)
