"""Cleaning: the parse copy is a one-for-one map of the stored text."""

from __future__ import annotations

import pytest

from plantool import clean


@pytest.mark.parametrize("text", [
    "２０２４年增长６．５％", "二○三五年，基本实现", "投资1,200亿元", "（一）稳增长：", "a\u3000b",
])
def test_parse_copy_keeps_the_length(text):
    assert len(clean.parse_copy(text)) == len(text)


def test_full_width_digits_and_signs_become_ascii():
    assert clean.parse_copy("２０２４年增长６．５％") == "2024年增长6.5%"


def test_half_width_punctuation_becomes_full_width():
    assert clean.parse_copy("目标:增长5%,就业(城镇);") == "目标：增长5%，就业（城镇）；"


def test_white_circle_inside_a_year_is_a_zero():
    assert clean.parse_copy("到二○三五年") == "到二〇三五年"
    assert clean.parse_copy("二○二○年") == "二〇二〇年"


def test_a_circle_outside_a_numeral_stays():
    assert clean.parse_copy("○ 要点") == "○ 要点"


def test_a_comma_between_digits_is_a_thousands_separator():
    assert clean.parse_copy("投资1，200亿元") == "投资1,200亿元"
    assert clean.parse_copy("投资1,200亿元") == "投资1,200亿元"


def test_a_comma_before_other_digits_separates_clauses():
    assert clean.parse_copy("增长5，2025年达到") == "增长5，2025年达到"
    assert clean.parse_copy("新建3，12345个") == "新建3，12345个"


def test_normalise_newlines():
    assert clean.normalise_newlines("\ufeff一\r\n二  \r三\n\n") == "一\n二\n三\n"


def test_delimiter_sets_are_consistent():
    assert set(clean.COMMAS) <= set(clean.CLAUSE_DELIMS)
    assert set(clean.CLAUSE_BREAKS) <= set(clean.CLAUSE_DELIMS)
    assert set(clean.COMMITMENT_CLAUSE_ENDS) <= set(clean.CLAUSE_DELIMS)
    assert "。" not in clean.CLAUSE_BREAKS
    assert clean.LINE_ENDS_NOT_TITLE.startswith(clean.SENTENCE_ENDS)
