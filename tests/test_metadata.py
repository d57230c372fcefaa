"""Metadata: title, type, year, published date and region from a document's text."""

from __future__ import annotations

import pytest

from plantool import clean, metadata, segment


def detect(text, path="", front=None):
    parse = clean.parse_copy(text)
    return metadata.detect(text, segment.blocks(text, parse), path, front)


def test_title_is_the_first_line_naming_a_report():
    meta = detect("首页 > 政务公开\n2024年政府工作报告\n——2024年1月10日在大连市第十七届人民代表大会"
                  "第三次会议上\n各位代表：\n")
    assert meta.title == "2024年政府工作报告"


def test_a_long_front_matter_title_wins():
    meta = detect("正文第一行\n", front={"title": "大连市2024年国民经济和社会发展计划"})
    assert meta.title == "大连市2024年国民经济和社会发展计划"


@pytest.mark.parametrize("text,doc_type", [
    ("2023年大连市国民经济和社会发展统计公报\n", "statistical_communique"),
    ("2024年政府工作报告\n", "work_report"),
    ("现在，我代表市人民政府，向大会报告政府工作，请予审议。\n", "work_report"),
    ("大连市国民经济和社会发展第十四个五年规划纲要\n", "five_year_plan"),
    ("关于加快发展养老服务业的实施意见\n", "implementation_opinions"),
    ("2024年工作要点\n", "annual_plan"),
    ("全市新建公园5个\n", "news"),
])
def test_doc_type_by_the_first_matching_rule(text, doc_type):
    assert detect(text).doc_type == doc_type


def test_type_rules_come_in_file_order():
    # a title naming a communique and a plan is a communique: its rule comes first
    assert detect("关于十四五规划执行结果的公报\n").doc_type == "statistical_communique"


def test_year_from_the_title_and_a_december_report_is_for_next_year():
    assert detect("2024年政府工作报告\n").year == 2024
    meta = detect("大连市政府工作报告\n2023年12月28日\n各位代表：\n")
    assert meta.published == "2023-12-28" and meta.year == 2024


def test_published_date_in_chinese_digits():
    assert detect("某某通知\n二〇二四年三月五日\n").published == "2024-03-05"


def test_five_year_plan_takes_the_span_of_its_label():
    meta = detect("大连市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要\n")
    assert meta.period == "2021-2025" and meta.year == 2021
    quoted = detect("沙河口区十三五规划\n")
    assert quoted.doc_type == "five_year_plan" and quoted.period == "2016-2020"


def test_region_from_the_government_the_speaker_represents():
    meta = detect("政府工作报告\n现在，我代表大连市人民政府，向大会报告政府工作。\n")
    assert meta.region == "大连市"


def test_region_of_a_state_council_report_is_national():
    assert detect("政府工作报告\n——2017年3月5日在第十二届全国人民代表大会第五次会议上\n"
                  ).region == "全国"
    assert detect("政府工作报告\n代表国务院，向大会报告政府工作\n").region == "全国"


def test_region_from_the_title_most_specific_first():
    assert detect("大连市沙河口区2024年政府工作报告\n").region == "沙河口区"


def test_region_from_the_folder_path():
    assert detect("政府工作报告\n各位代表：\n", path="/x/辽宁省/2020.md").region == "辽宁省"


def test_region_mentions_is_still_importable_from_metadata():
    assert [r.name for _, r in metadata.region_mentions("大连市")] == ["大连市"]


def _source(title="", text="", path="", doc_type="news", published=""):
    meta = metadata.DocumentMeta(title=title, doc_type=doc_type, published=published)
    return metadata.Source(meta, text, path)


REGION_CASES = [
    # (rule, title, text, path, region)
    ("national_report", "政府工作报告", "——在第十四届全国人民代表大会第一次会议上\n", "", "全国"),
    ("national_report", "中华人民共和国2023年国民经济和社会发展统计公报", "", "", "全国"),
    ("represented_government", "政府工作报告", "现在，我代表辽宁省人民政府，向大会报告工作。", "",
     "辽宁省"),
    ("title_region", "大连市沙河口区2025年工作要点", "", "", "沙河口区"),
    ("folder_region", "政府工作报告", "各位代表：", "/corpus/辽宁省/2020.md", "辽宁省"),
    ("most_mentioned", "工作要点", "大连市推进改造，大连市新建公园，全国领先。", "", "大连市"),
    ("national_mentions", "工作要点", "全国推进改造，我国新建公园，大连市领先。", "", "全国"),
    ("national_mentions", "工作要点", "推进改造。", "", ""),
]


@pytest.mark.parametrize("rule,title,text,path,region", REGION_CASES,
                         ids=[f"{c[0]}-{c[4]}" for c in REGION_CASES])
def test_region_rule(rule, title, text, path, region):
    assert metadata.first_rule(metadata.REGION_RULES, _source(title, text, path)) == (rule, region)


YEAR_CASES = [
    # (rule, title, text, path, doc type, published, (year, period))
    ("plan_document_span", "大连市国民经济和社会发展第十四个五年规划纲要", "", "", "five_year_plan",
     "2021-04-02", (2021, "2021-2025")),
    ("plan_document_span", "沙河口区“十三五”规划", "", "", "five_year_plan", "", (2016, "2016-2020")),
    ("december_report_title", "政府工作报告（2023年12月28日）", "", "", "work_report", "",
     (2024, "")),
    ("title_year", "2024年政府工作报告", "", "", "work_report", "", (2024, "")),
    ("bracketed_year", "统计公报（2022）", "", "", "statistical_communique", "", (2022, "")),
    ("published_year", "政府工作报告", "", "", "work_report", "2023-12-20", (2024, "")),
    ("published_year", "新闻", "", "", "news", "2023-12-20", (2023, "")),
    ("file_name_year", "政府工作报告", "", "/c/2019.md", "work_report", "", (2019, "")),
    ("horizon_only", "养老服务方案", "到2027年，床位达到1万张。到2025年，达到8000张。", "", "news",
     "", (None, "2025")),
    ("plan_label_only", "十四五养老服务方案", "全面推进。", "", "news", "", (2021, "2021-2025")),
    ("latest_year", "养老服务方案", "2022年建成1000张，2023年建成2000张。", "", "news", "",
     (2023, "")),
    ("latest_year", "养老服务方案", "全面推进。", "", "news", "", (None, "")),
]


@pytest.mark.parametrize("rule,title,text,path,doc_type,published,expected", YEAR_CASES,
                         ids=[f"{c[0]}-{c[1][:8]}" for c in YEAR_CASES])
def test_year_rule(rule, title, text, path, doc_type, published, expected):
    src = _source(title, text, path, doc_type, published)
    assert metadata.first_rule(metadata.YEAR_RULES, src) == (rule, expected)


def test_every_region_and_year_rule_has_a_docstring_and_a_case():
    for rules, cases in ((metadata.REGION_RULES, REGION_CASES), (metadata.YEAR_RULES, YEAR_CASES)):
        covered = {case[0] for case in cases}
        for rule in rules:
            assert rule.__doc__ and rule.__name__ in covered, rule.__name__
