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
    ("session_line_region", "政府工作报告",
     "——2023年1月12日在黑龙江省第十四届人民代表大会第一次会议上\n我代表省人民政府向大会报告工作。"
     "哈尔滨市新建公园，哈尔滨市新增就业。", "/downloads/report.md", "黑龙江省"),
    ("represented_government", "政府工作报告", "现在，我代表辽宁省人民政府，向大会报告工作。", "",
     "辽宁省"),
    ("title_region", "大连市沙河口区2025年工作要点", "", "", "沙河口区"),
    ("represented_level", "政府工作报告",
     "我代表省人民政府，向大会报告工作。兰州市新建公园，兰州新区扩容，甘肃省经济增长，天水市、"
     "酒泉市、甘肃全省新增就业。", "/downloads/report.md", "甘肃省"),
    ("represented_level", "1981年政府工作报告", "我受省人民政府的委托，向大会报告工作。杭州新建公园，"
     "浙江省经济增长，宁波市、温州市新增就业。", "", "浙江省"),
    ("represented_level", "政府工作报告", "现在，我代表市政府向大会报告工作。沙河口区新建公园，"
     "大连市经济增长，金州区、甘井子区新增就业，辽宁省领先。", "", "大连市"),
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
    ("session_date_year", "2010年四川省人民政府工作报告",
     "**政府工作报告**\n在四川省第十一届人民代表大会第四次会议上（2011年1月18日）\n各位代表：",
     "/c/2010.md", "work_report", "2011-01-18", (2011, "")),
    ("session_date_year", "政府工作报告", "——二〇一四年一月十六日在河南省第十二届人民代表大会第三次会议上",
     "", "work_report", "", (2014, "")),
    ("session_date_year", "政府工作报告", "——2016年11月25日在西宁市第十六届人民代表大会第一次会议上",
     "", "work_report", "", (2017, "")),
    ("reviewed_year_heading", "2013年四川省人民政府工作报告",
     "在四川省第十二届人民代表大会第二次会议上\n各位代表：\n**2013年工作回顾**\n过去一年，……",
     "/c/2013.md", "work_report", "", (2014, "")),
    ("reviewed_year_heading", "政府工作报告", "各位代表：\n**一、过去五年工作回顾**\n五年来……\n"
     "**三、2023年重点工作安排**\n", "", "work_report", "", (2023, "")),
    ("reviewed_year_heading", "政府工作报告", "**一、2020年工作回顾及“十三五”主要成就**\n", "",
     "work_report", "", (2021, "")),
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


def test_a_session_named_in_prose_is_no_session_line():
    # an earlier session recalled in the text dates nothing: the title does
    text = "各位代表：\n省五届人民代表大会第二次会议，是一九七九年十二月召开的，到现在快一年半了。\n"
    src = _source("1981年政府工作报告", text, "", "work_report")
    assert metadata.first_rule(metadata.YEAR_RULES, src) == ("title_year", (1981, ""))


def test_a_plan_label_not_right_before_its_plan_word_is_a_five_year_plan():
    meta = detect("大连市“十四五”养老服务发展规划\n为推进养老服务发展，制定本规划。\n")
    assert (meta.doc_type, meta.period, meta.year) == ("five_year_plan", "2021-2025", 2021)
    assert detect("市长出席“十四五”开局之年工作会议\n").doc_type == "news"


@pytest.mark.parametrize("parts,region,year", [
    (("政府工作报告-省自治区", "四川省", "2010.md"), "四川省", 2011),  # named by the year it reviews
    (("政府工作报告-省自治区", "四川省", "2013.md"), "四川省", 2014),  # undated: its review heading
    (("政府工作报告-省自治区", "四川省", "2018.md"), "四川省", 2019),
    (("政府工作报告-省自治区", "黑龙江省", "2023.md"), "黑龙江省", 2023),
    (("政府工作报告-省自治区", "甘肃省", "2013.md"), "甘肃省", 2013),
    (("政府工作报告-省自治区", "河南省", "2024.md"), "河南省", 2024),
])
def test_a_provincial_report_in_a_flat_folder_takes_region_and_year_from_its_text(
        tmp_path, parts, region, year):
    from plantool import read

    from .conftest import corpus_file

    copy = tmp_path / "report.md"
    copy.write_bytes(corpus_file(*parts).read_bytes())
    source = read.read(str(copy))
    meta = metadata.detect(source.text, segment.blocks(source.text, clean.parse_copy(source.text)),
                           str(copy), source.front)
    assert (meta.region, meta.year, meta.doc_type) == (region, year, "work_report")


def test_every_region_and_year_rule_has_a_docstring_and_a_case():
    for rules, cases in ((metadata.REGION_RULES, REGION_CASES), (metadata.YEAR_RULES, YEAR_CASES)):
        covered = {case[0] for case in cases}
        for rule in rules:
            assert rule.__doc__ and rule.__name__ in covered, rule.__name__
