"""Periods: one home for years, spans of years and five-year-plan labels.

A stored period is ``"2024"`` or ``"2021-2025"``. What a user types or a document says
may use any dash (``-`` ``–`` ``—`` ``~`` ``～``), ``至`` or ``到``, and may end in 年;
:func:`parse` reads every form into one :class:`Period`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plantool.errors import PeriodError

#: The separators of a span of years, in user input and in documents.
SPAN_SEPARATORS = "-–—~～至到"
FIRST_YEAR, LAST_YEAR = 1900, 2100

_USER_SPAN = re.compile(r"\s*(\d{4})\s*年?\s*(?:[" + SPAN_SEPARATORS + r"]{1,2}\s*(\d{4})\s*年?)?\s*")

#: Five-year plans by label: 一五 … 十五五 (the 1960s plans are irregular, hence a table).
PLAN_LABELS = {"一五": 1953, "二五": 1958, "三五": 1966, "四五": 1971, "五五": 1976,
               "六五": 1981, "七五": 1986, "八五": 1991, "九五": 1996, "十五": 2001,
               "十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}
#: A plan label as it stands in text (十三五, 九五); quotes around it are the caller's.
PLAN_LABEL = r"(?:十[一二三四五]?五|[一二三四五六七八九]五)"

#: The plan labels of the reform era only (十五 … 十五五): read inside metrics, where the
#: older 一五 … 九五 would also match inside written years (二〇三五).
RECENT_PLAN_LABEL = r"十[一二三四五]?五"


def plan_words(*roles: str) -> str:
    """The words of ``data/plan_period_words.tsv`` with these roles, as an alternation."""
    from plantool import vocab

    return "|".join(w for role, w in vocab.rows("plan_period_words.tsv") if role in roles)


_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}
_CN_DIGIT.update({"零": "0", "○": "0", "◯": "0", "Ｏ": "0"})
#: A calendar year in text: 2024年 or 二〇二四年 (group 1 Arabic, group 2 Chinese digits).
YEAR = re.compile(r"(?:((?:19|20)\d{2})年|([一二][〇零○◯九][〇零○◯一二三四五六七八九]{2})年)")


@dataclass(frozen=True, order=True)
class Period:
    start: int
    end: int

    @property
    def label(self) -> str:
        """The stored form: ``2024`` or ``2021-2025``."""
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    @property
    def years(self) -> int:
        return self.end - self.start + 1

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        return self.label


def parse(text: str | None) -> Period | None:
    """A year (``2024``, ``2024年``) or span (``2021-2025``, ``2021–2025``, ``2021至2025年``).

    ``None`` when ``text`` is no period at all; :class:`PeriodError` when it is one that
    cannot be (a span that ends before it starts, a year outside 1900–2100).
    """
    match = _USER_SPAN.fullmatch(text or "")
    if not match:
        return None
    start = int(match.group(1))
    end = int(match.group(2) or start)
    for year in (start, end):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise PeriodError(f"year {year} is outside {FIRST_YEAR}-{LAST_YEAR}")
    if end < start:
        raise PeriodError(f"span {text.strip()!r} ends before it starts")
    return Period(start, end)


def parse_strict(text: str) -> Period:
    """Like :func:`parse`, but a text that is no period is an error too."""
    period = parse(text)
    if period is None:
        raise PeriodError(f"expected a year (2024) or a span of years (2021-2025), not {text!r}")
    return period


def bounds(period: str | None) -> tuple[int | None, int | None]:
    """First and last year of a stored period; ``(None, None)`` for none."""
    try:
        found = parse(period)
    except PeriodError:
        return None, None
    return (found.start, found.end) if found else (None, None)


def span_length(period: str | None) -> int:
    """Years a stored period covers; 1 for a single year or no period."""
    start, end = bounds(period)
    return end - start + 1 if start is not None else 1


def plan_span(label: str) -> tuple[int, int] | None:
    """The years of a five-year plan label (十四五 → 2021, 2025)."""
    start = PLAN_LABELS.get(label)
    return (start, start + 4) if start else None


def year_of(match: re.Match) -> int:
    """The year a :data:`YEAR` match names."""
    if match.group(1):
        return int(match.group(1))
    return chinese_year(match.group(2))


def chinese_year(digits: str) -> int:
    """A year written in Chinese digits (二〇二四, 二○三五) as a number."""
    return int("".join(_CN_DIGIT.get(c, c) for c in digits))
