"""Periods: years, spans, plan labels, years in Chinese digits."""

from __future__ import annotations

import re

import pytest

from plantool import periods
from plantool.errors import PeriodError


@pytest.mark.parametrize("text,expected", [
    ("2024", (2024, 2024)), ("2024年", (2024, 2024)), ("2021-2025", (2021, 2025)),
    ("2021–2025", (2021, 2025)), ("2021—2025年", (2021, 2025)), ("2021~2025", (2021, 2025)),
    ("2021～2025", (2021, 2025)), ("2021至2025年", (2021, 2025)), ("2021年到2025年", (2021, 2025)),
    (" 2021 - 2025 ", (2021, 2025)),
])
def test_parse_reads_every_span_form(text, expected):
    found = periods.parse(text)
    assert (found.start, found.end) == expected
    assert found.label == (str(expected[0]) if expected[0] == expected[1]
                           else f"{expected[0]}-{expected[1]}")


@pytest.mark.parametrize("text", ["", None, "十四五", "2024年底", "24"])
def test_parse_returns_none_for_no_period(text):
    assert periods.parse(text) is None


@pytest.mark.parametrize("text", ["2025-2021", "1850", "2021-2200"])
def test_parse_rejects_impossible_periods(text):
    with pytest.raises(PeriodError):
        periods.parse(text)


def test_parse_strict_rejects_text_that_is_no_period():
    with pytest.raises(PeriodError):
        periods.parse_strict("十四五")
    assert periods.parse_strict("2024").years == 1


def test_bounds_and_span_length():
    assert periods.bounds("2021-2025") == (2021, 2025)
    assert periods.bounds("") == (None, None)
    assert periods.bounds("2025-2021") == (None, None)
    assert periods.span_length("2021-2025") == 5
    assert periods.span_length("") == 1


def test_overlap():
    assert periods.Period(2021, 2025).overlaps(periods.Period(2025, 2025))
    assert not periods.Period(2021, 2025).overlaps(periods.Period(2026, 2030))


@pytest.mark.parametrize("label,span", [
    ("十四五", (2021, 2025)), ("十三五", (2016, 2020)), ("十五", (2001, 2005)),
    ("九五", (1996, 2000)), ("三五", (1966, 1970)), ("十六五", None),
])
def test_plan_span(label, span):
    assert periods.plan_span(label) == span


def test_plan_label_pattern_finds_labels_not_other_words():
    pattern = re.compile(periods.PLAN_LABEL)
    assert pattern.findall("“十三五”回顾与“十四五”展望") == ["十三五", "十四五"]
    assert pattern.search("五年来") is None


@pytest.mark.parametrize("text,year", [
    ("2024年", 2024), ("二〇二四年", 2024), ("二○三五年", 2035), ("一九九八年", 1998),
])
def test_year_of_reads_arabic_and_chinese_years(text, year):
    assert periods.year_of(periods.YEAR.search(text)) == year


def test_chinese_year():
    assert periods.chinese_year("二零二五") == 2025
