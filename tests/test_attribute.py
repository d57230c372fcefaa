"""Attribution of region, period and kind; document metadata detection."""

from __future__ import annotations

from plantool.pipeline import process

from .conftest import corpus_file

WORK_REPORT = """2024年某某市政府工作报告

一、2023年工作回顾
地区生产总值增长6%以上。新建家庭养老床位1000张。
二、2024年政府工作目标和主要任务
地区生产总值增长6%左右。到2027年，高新技术企业达到3000家。
去年建成口袋公园116处。
"""

DIGEST = """大连多区公布年度计划
沙河口区
2025年
● 全年新增家庭养老床位1000张以上。
甘井子区
2025年
● 建设13座口袋公园。
● 新认定高企200家，两年突破1000家。
"""


def by_value(result):
    return {c["value"]: c for c in result.commitments}


def test_review_and_plan_sections_set_period_and_kind():
    result = process(WORK_REPORT.replace("某某市", "大连市"))
    assert result.meta.region == "大连市" and result.meta.year == 2024
    assert result.meta.doc_type == "work_report"
    found = by_value(result)
    assert (found[1000]["period"], found[1000]["kind"]) == ("2023", "achievement")
    assert (found[6]["period"], found[6]["kind"], found[6]["qualifier"]) == \
        ("2024", "target", "左右")
    assert (found[3000]["period"], found[3000]["kind"]) == ("2027", "target")
    assert (found[116]["period"], found[116]["kind"]) == ("2023", "achievement")


def test_digest_blocks_belong_to_their_district():
    result = process(DIGEST)
    found = by_value(result)
    assert found[1000.0 if 1000.0 in found else 1000]["region"] in ("沙河口区", "甘井子区")
    regions = {(c["metric"], c["region"]) for c in result.commitments}
    assert ("家庭养老床位", "沙河口区") in regions
    assert ("口袋公园", "甘井子区") in regions
    two_years = [c for c in result.commitments if c["quote"].endswith("1000家")][0]
    assert two_years["period"] == "2026" and two_years["region"] == "甘井子区"


def test_five_year_plan_targets_take_the_plan_span():
    text = ("某某区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要\n"
            "一、“十三五”经济社会发展回顾\n固定资产投资完成256.6亿元。\n"
            "二、“十四五”时期重点任务\n到2025年，新增就业人数6.5万人。\n"
            "到二〇三五年，基本实现现代化。\n").replace("某某区", "大连市沙河口区")
    result = process(text)
    assert result.meta.doc_type == "five_year_plan" and result.meta.period == "2021-2025"
    assert result.meta.region == "沙河口区"
    found = by_value(result)
    assert (found[25660000000]["period"], found[25660000000]["kind"]) == \
        ("2016-2020", "achievement")
    assert (found[65000]["period"], found[65000]["kind"]) == ("2021-2025", "target")
    vision = [s for s in result.statements if "二〇三五年" in s["text"]][-1]
    assert vision["period"] == "2035"


def test_ideographic_circle_year_is_a_year():
    result = process("某市发展规划\n到二○三五年，全市人口达到1000万人。\n".replace("某市", "大连市"))
    assert result.commitments[0]["period"] == "2035"


def test_news_future_words_make_targets():
    text = ("大连日报 2025-03-01\n"
            "去年全市建成建筑垃圾资源化利用项目3个。\n"
            "今年将实施低空经济重点任务30项。\n")
    result = process(text)
    found = by_value(result)
    assert (found[3]["period"], found[3]["kind"]) == ("2024", "achievement")
    assert (found[30]["period"], found[30]["kind"]) == ("2025", "target")


def test_national_report_is_national():
    path = corpus_file("政府工作报告-国务院", "2017.md")
    from plantool.read import read

    source = read(str(path))
    result = process(source.text, str(path), source.front)
    assert result.meta.region == "全国" and result.meta.year == 2017
    gdp = [c for c in result.commitments if c["metric"] == "国内生产总值" and c["unit"] == "%"]
    assert any(c["period"] == "2016" and c["kind"] == "achievement" for c in gdp)
    assert any(c["period"] == "2017" and c["kind"] == "target" for c in gdp)


def test_provincial_report_region_from_text():
    path = corpus_file("政府工作报告-省自治区", "辽宁省", "2020.md")
    from plantool.read import read

    source = read(str(path))
    result = process(source.text, "", source.front)
    assert result.meta.region == "辽宁省" and result.meta.year == 2020
