"""Sectors: the keyword automaton weighs a text exactly as the keyword list reads."""

from __future__ import annotations

import pytest

from plantool import attribute, vocab


def _by_the_list(text: str) -> str:
    """The rule as data/sectors.tsv states it: the sector whose keywords present in the
    text are longest in total, the first on a tie."""
    best, best_hits = "", 0
    for sector, keywords in vocab.sectors():
        hits = sum(len(k) for k in keywords if k in text)
        if hits > best_hits:
            best, best_hits = sector, hits
    return best


@pytest.mark.parametrize("text", [
    "新建家庭养老床位2000张", "新建幼儿园和中小学12所", "轨道交通运营里程达到300公里",
    "农村乡村城中村改造", "营商环境持续优化，数字经济增加值增长10%", "口袋公园", "",
    "进出口总额增长5%，消费品零售总额增长8%", "辽宁好人、中国好人评选",
])
def test_the_automaton_weighs_like_the_keyword_list(text):
    assert attribute._best_sector(text) == _by_the_list(text)


def test_a_long_line_is_weighed_in_one_scan():
    text = "全市新建学校5所，改造老旧小区120个，" * 20000
    assert attribute.sector_of("", text) == (_by_the_list(text) or "other")
