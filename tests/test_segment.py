"""Segmentation: blocks, heading levels and paths, sentences, table rows, district clauses."""

from __future__ import annotations

import pytest

from plantool import clean, segment


def _blocks(text):
    return segment.blocks(text, clean.parse_copy(text))


def _sentences(text):
    parse = clean.parse_copy(text)
    return segment.sentences(text, parse, segment.blocks(text, parse))


@pytest.mark.parametrize("line,level", [
    ("一、总体要求", 1), ("（二）重点任务", 2), ("(二)重点任务", 2), ("3.加快发展", 3),
    ("（4）扩大开放", 4), ("第二章 发展环境", 1), ("2.5%的增长", 0), ("全市经济", 0),
])
def test_heading_level(line, level):
    assert segment.heading_level(line) == level


def test_numbered_short_lines_are_headings_and_long_ones_open_paragraphs():
    found = _blocks("一、总体要求\n（一）稳增长。全年地区生产总值增长5%左右，就业稳定。\n")
    assert (found[0].kind, found[0].level) == ("heading", 1)
    assert found[1].kind == "para" and found[1].lead_end > found[1].start


def test_bold_and_markdown_headings():
    found = _blocks("## 发展环境\n**坚持创新驱动**\n正文内容很长很长，没有标题的样子。\n")
    assert [(b.kind, b.level) for b in found] == [("heading", 2), ("heading", 1), ("para", 0)]


def test_bullets_are_stripped_and_marked():
    found = _blocks("● 全年新增家庭养老床位1000张以上。\n- 建设口袋公园13座。\n")
    assert [b.bullet for b in found] == [True, True]
    assert found[0].text == "全年新增家庭养老床位1000张以上。"
    assert found[1].text == "建设口袋公园13座。"


def test_a_part_heading_sits_above_numbered_sections():
    found = _blocks("2023年工作回顾\n一、经济运行\n")
    assert (found[0].kind, found[0].level) == ("heading", 0)
    path = _sentences("2023年工作回顾\n一、经济运行\n地区生产总值增长5%，就业稳定。\n")
    assert path[-1].headings == ["2023年工作回顾", "一、经济运行"]


def test_a_short_title_line_is_a_low_heading_and_a_sentence_line_is_not():
    found = _blocks("沙河口区\n全年新增家庭养老床位1000张以上。\n")
    assert (found[0].kind, found[0].level) == ("heading", 8)
    assert found[1].kind == "para"


def test_sentences_split_at_sentence_ends_but_not_inside_quotes():
    found = _sentences("新建学校5所；改造道路10条。他说：“要快。要好。”然后结束。\n")
    assert [s.text for s in found] == ["新建学校5所；", "改造道路10条。",
                                       "他说：“要快。要好。”然后结束。"]
    assert [s.paragraph_index for s in found] == [0, 1, 2]


def test_headings_build_the_section_path():
    text = "一、2023年工作回顾\n（一）经济\n增长5%，稳中向好。\n二、2024年目标\n增长6%，稳中求进。\n"
    found = [s for s in _sentences(text) if not s.is_heading]
    assert found[0].section == "一、2023年工作回顾 > （一）经济"
    assert found[1].headings == ["二、2024年目标"]


def test_table_rows_are_their_own_sentences():
    found = _sentences("| 指标 | 目标 |\n| --- | --- |\n| 地区生产总值增长 | 6% |\n")
    assert all(s.is_table for s in found) and len(found) == 3


def _district_clauses(text: str, scope: str = "大连市") -> list:
    parse = clean.parse_copy(text)
    sentences = segment.sentences(text, parse, segment.blocks(text, parse))
    return list(segment.district_clauses(sentences, parse, scope))


def test_district_clauses_split_before_a_district_subject():
    text = "全市新建家庭养老床位1000张，普兰店区获评示范区，全市新建公园5个。"
    found = _district_clauses(text)
    assert [s.text for s in found] == ["全市新建家庭养老床位1000张", "普兰店区获评示范区",
                                       "全市新建公园5个。"]
    assert [s.paragraph_index for s in found] == [0, 1, 2]


def test_district_clauses_keep_a_sentence_without_a_district_subject():
    text = "全市新建公园5个，改造道路10条。"
    found = _district_clauses(text)
    assert [s.text for s in found] == [text]


LINE_CASES = [
    # (rule, kept text, whole line, bullet, (kind, level, inline heading end))
    ("markdown_heading", "发展环境", "## 发展环境", False, ("heading", 2, None)),
    ("markdown_heading", "一、发展环境", "### 一、发展环境", False, ("heading", 1, None)),
    ("part_heading", "2024年工作安排", "2024年工作安排", False, ("heading", 0, None)),
    ("part_heading", "**主要任务**", "**主要任务**", False, ("heading", 0, None)),
    ("bold_heading", "**坚持创新驱动**", "**坚持创新驱动**", False, ("heading", 1, None)),
    ("bold_heading", "**（三）扩大开放**", "**（三）扩大开放**", False, ("heading", 2, None)),
    ("numbered_heading", "（二）推动产业升级", "（二）推动产业升级", False, ("heading", 2, None)),
    ("inline_heading", "（一）稳增长。全年地区生产总值增长5%左右，就业稳定，物价平稳，收支平衡。",
     "（一）稳增长。全年地区生产总值增长5%左右，就业稳定，物价平稳，收支平衡。", False,
     ("para", 2, 7)),
    ("inline_heading", "**稳增长。**全年增长5%。", "**稳增长。**全年增长5%。", False, ("para", 5, 8)),
    ("title_line", "甘井子区", "甘井子区", False, ("heading", 8, None)),
    ("paragraph", "全市新建口袋公园13座。", "全市新建口袋公园13座。", False, ("para", 0, None)),
    ("paragraph", "甘井子区", "● 甘井子区", True, ("para", 0, None)),
]


@pytest.mark.parametrize("rule,kept,whole,bullet,expected", LINE_CASES,
                         ids=[f"{c[0]}-{c[1][:10]}" for c in LINE_CASES])
def test_line_rule(rule, kept, whole, bullet, expected):
    assert segment.line_rule(segment.Line(kept, whole, bullet)) == (rule, expected)


def test_every_line_rule_has_a_docstring_and_a_case():
    covered = {case[0] for case in LINE_CASES}
    for rule in segment.LINE_RULES:
        assert rule.__doc__ and rule.__name__ in covered, rule.__name__
