"""The pipeline on a small report: each stage's answer shows in the records."""

from __future__ import annotations

from plantool.model import CommitmentRecord, StatementRecord
from plantool.pipeline import process

REPORT = """大连市2024年政府工作报告
——2024年1月10日在大连市第十七届人民代表大会第三次会议上
各位代表：
一、2023年工作回顾
过去一年，全市经济稳中向好。地区生产总值增长6.5%。
新建家庭养老床位1000张。
二、2024年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。
新增城镇就业12万人，到2027年，高新技术企业达到3000家。
谢谢大家。
"""


def _by_value(result):
    return {c["value"]: c for c in result.commitments}


def test_review_paragraph_gives_last_years_achievements():
    found = _by_value(process(REPORT))
    assert (found[6.5]["period"], found[6.5]["kind"]) == ("2023", "achievement")
    assert (found[1000]["period"], found[1000]["kind"]) == ("2023", "achievement")


def test_this_years_paragraph_gives_its_targets():
    found = _by_value(process(REPORT))
    assert (found[6]["period"], found[6]["kind"], found[6]["qualifier"]) == \
        ("2024", "target", "左右")
    assert (found[120000]["period"], found[120000]["kind"]) == ("2024", "target")
    assert (found[3000]["period"], found[3000]["kind"]) == ("2027", "target")


def test_records_carry_the_schema_fields_in_order():
    result = process(REPORT)
    assert list(result.statements[0]) == [f for f in StatementRecord.__dataclass_fields__]
    assert list(result.commitments[0]) == [f for f in CommitmentRecord.__dataclass_fields__]
    ids = {s["id"] for s in result.statements}
    assert all(c["statement_id"] in ids for c in result.commitments)


def test_quotes_are_exact_slices_of_the_text():
    result = process(REPORT)
    for c in result.commitments:
        assert REPORT[c["start"]:c["end"]] == c["quote"]
    for s in result.statements:
        assert REPORT[s["start"]:s["end"]] == s["text"]


def test_addresses_and_short_lines_are_no_statements():
    texts = [s["text"] for s in process(REPORT).statements]
    assert "各位代表：" not in texts and "谢谢大家。" not in texts


def test_overrides_replace_detected_metadata():
    result = process(REPORT, overrides={"region": "辽宁省", "year": None})
    assert result.meta.region == "辽宁省" and result.meta.year == 2024


def test_a_metric_is_keyed_with_the_action_that_spells_its_indicator():
    report = REPORT.replace("稳中向好。", "稳中向好。全市新增就业11.5万人。")
    found = _by_value(process(report))
    assert (found[115000]["metric"], found[115000]["metric_key"]) == ("就业", "城镇新增就业")
    assert found[120000]["metric_key"] == "城镇新增就业"
