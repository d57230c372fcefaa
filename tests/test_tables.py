"""Markdown tables of statistical communiqués: one record per number cell."""

from __future__ import annotations

from plantool.pipeline import process

TABLE = """中华人民共和国2016年国民经济和社会发展统计公报

| **表3  2016年主要工业产品产量及其增长速度** | | | |
| ---------- | -------- | -------- | ------------ |
| <br>产品名称 | <br>单 位 | <br>产 量 | <br>比上年增长（%） |
| <br>纱 | <br>万吨 | <br>3732.6 | <br>5.5 |
| <br>布 | <br>亿米 | <br>906.8 | <br>-1.6 |

| 指  标 | 年末数（万人） | 比重（%） |
| ---- | ---- | ---- |
| 全国总人口 | 138271 | 100.0 |
"""


def test_table_rows_give_levels_and_changes_with_units_from_the_row_or_header():
    result = process(TABLE)
    found = {(c["metric"], c["measure"]): c for c in result.commitments}
    assert found[("纱", "level")]["value"] == 37326000 and found[("纱", "level")]["unit"] == "吨"
    assert found[("纱", "change")]["value"] == 5.5 and found[("纱", "change")]["unit"] == "%"
    assert found[("布", "level")]["value"] == 90680000000 and found[("布", "level")]["unit"] == "米"
    assert found[("布", "change")]["value"] == -1.6
    assert found[("全国总人口", "level")]["value"] == 1382710000
    assert found[("全国总人口比重", "level")]["unit"] == "%"
    for c in result.commitments:
        assert (c["period"], c["kind"]) == ("2016", "achievement")


def test_table_quotes_are_exact_and_headers_are_not_statements():
    result = process(TABLE)
    for c in result.commitments:
        assert TABLE[c["start"]:c["end"]] == c["quote"]
    assert not any("产品名称" in s["text"] for s in result.statements)
