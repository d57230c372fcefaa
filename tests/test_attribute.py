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


# --- rule tables: each heading and sentence rule with a text of the shape it handles ---

import pytest  # noqa: E402

from plantool import attribute  # noqa: E402
from plantool.attribute import Carry, Context  # noqa: E402
from plantool.metadata import DocumentMeta  # noqa: E402


def _meta(year=2024, doc_type="work_report", region="大连市"):
    return DocumentMeta(title="", region=region, year=year, doc_type=doc_type)


TARGET_2024 = Context("大连市", "2024", "target")
REVIEW_2023 = Context("大连市", "2023", "achievement")

HEADING_CASES = [
    # (rule, heading, document year, doc type, base, expected (period, kind))
    ("plan_over", "三、“十三五”时期主要成就", 2021, "work_report", TARGET_2024,
     ("2016-2020", "achievement")),
    ("plan_opening_review", "一、攻坚克难，“十四五”实现良好开局", 2022, "work_report", TARGET_2024,
     ("2021", "achievement")),
    ("plan_opening_year", "（二）确保“十四五”开好局", 2021, "work_report", TARGET_2024,
     ("2021", "target")),
    ("plan_opening_year", "三、今年工作：巩固“十四五”良好开局", 2022, "work_report", TARGET_2024,
     ("2022", "target")),
    ("plan_review", "“十四五”规划执行情况评估", 2020, "five_year_plan", TARGET_2024,
     ("2021-2025", "achievement")),
    ("plan_work", "二、“十四五”时期主要任务", 2022, "five_year_plan", TARGET_2024,
     ("2021-2025", "target")),
    ("past_five_years", "过去五年工作回顾", 2023, "work_report", TARGET_2024,
     ("2018-2022", "achievement")),
    ("past_year", "过去一年的主要工作", 2024, "work_report", TARGET_2024,
     ("2023", "achievement")),
    ("past_year", "一、关于去年和今年前4个月工作", 2020, "work_report", TARGET_2024,
     ("2019", "achievement")),
    ("this_year_work", "去年和今年重点工作安排", 2020, "work_report", TARGET_2024,
     ("2020", "target")),
    ("next_five_years", "今后五年的奋斗目标", 2023, "work_report", TARGET_2024,
     ("2023-2027", "target")),
    ("bare_year", "2025年", 2025, "news", REVIEW_2023, ("2025", "achievement")),
    ("report_year_work", "三、2011年主要工作", 2011, "work_report", REVIEW_2023,
     ("2011", "target")),
    # precedence: in a report of that year, a loose review word (进展) does not make a review
    ("report_year_work", "三、2024年重点工作进展", 2024, "work_report", REVIEW_2023,
     ("2024", "target")),
    ("year_review", "一、2023年工作回顾", 2024, "work_report", TARGET_2024,
     ("2023", "achievement")),
    ("year_review", "2025年工作成效", 2025, "news", TARGET_2024, ("2025", "achievement")),
    ("year_work", "2022年重点任务", 2021, "five_year_plan", TARGET_2024, ("2022", "target")),
    ("numbered_term_review", "一、近五年发展成就", 2024, "work_report", TARGET_2024,
     ("2019-2023", "achievement")),
    ("numbered_review", "二、主要工作成效", 2024, "work_report", TARGET_2024,
     ("2023", "achievement")),
    ("this_year_work", "今年工作总体安排", 2024, "work_report", REVIEW_2023,
     ("2024", "target")),
    ("heading_horizon", "展望到2035年", 2021, "five_year_plan", TARGET_2024, ("2035", "target")),
]


@pytest.mark.parametrize("rule,heading,year,doc_type,base,expected", HEADING_CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in HEADING_CASES])
def test_heading_rule(rule, heading, year, doc_type, base, expected):
    meta = _meta(year, doc_type)
    assert attribute.heading_rule(heading, base, meta) == (rule, expected)
    assert attribute.heading_context(heading, base, meta) == Context(base.region, *expected)


def test_every_heading_rule_has_a_docstring_and_a_case():
    covered = {case[0] for case in HEADING_CASES}
    for rule in attribute.HEADING_RULES:
        assert rule.__doc__ and "\n" not in rule.__doc__.strip(), rule.__name__
        assert rule.__name__ in covered, rule.__name__


def test_a_heading_no_rule_reads_keeps_the_section_context():
    meta = _meta()
    assert attribute.heading_rule("**坚持稳中求进**", TARGET_2024, meta) == ("", None)
    assert attribute.heading_context("坚持稳中求进", REVIEW_2023, meta) is REVIEW_2023


def test_heading_rules_in_order_a_plan_over_wins_over_its_review_words():
    # “十三五”回顾 in 2021 is caught by plan_over before plan_review is asked.
    assert attribute.heading_rule("“十三五”回顾", TARGET_2024, _meta(2021))[0] == "plan_over"


def test_section_context_applies_headings_outermost_first_and_memoises():
    cache: dict = {}
    meta = _meta(2024)
    ctx = attribute.section_context(["一、2023年工作回顾", "（一）坚持稳中求进"], TARGET_2024,
                                    meta, cache)
    assert (ctx.period, ctx.kind) == ("2023", "achievement")
    assert len(cache) == 2


SENTENCE_CASES = [
    # (rule, sentence, document year, doc type, starting kind, (period, kind, carries))
    ("span_of_years", "2021—2025年，全市累计新增就业30万人。", 2024, "work_report", "target",
     ("2021-2025", "target", False)),
    ("year_lead", "2023年，全市地区生产总值增长5%。", 2024, "work_report", "target",
     ("2023", "target", True)),
    ("year_lead", "2023年是实施规划承上启下的关键一年。", 2023, "work_report", "achievement",
     ("2023", "target", True)),
    ("year_lead", "2023年5月10日，全市召开推进大会。", 2024, "work_report", "target",
     ("2023", "target", False)),
    ("year_lead", "2023年，全区新建公园5个。", 2024, "news", "target",
     ("2023", "achievement", True)),
    ("year_lead", "2015年，全市经济总量破万亿元。", 2024, "work_report", "achievement",
     ("2015", "achievement", False)),
    ("year_lead", "2019年，全市经济总量破万亿元。", 2024, "work_report", "achievement-span",
     ("2019", "achievement", True)),
    ("five_year_lead", "过去五年，我们砥砺前行，攻坚克难。", 2024, "work_report", "achievement",
     ("2019-2023", "achievement", True)),
    ("past_year_lead", "过去一年，全市经济稳中向好。", 2024, "work_report", "target",
     ("2023", "achievement", True)),
    ("past_year_lead", "去年全市新增就业1万人。", 2024, "work_report", "target",
     ("2023", "achievement", False)),
    ("past_year_lead", "刚刚过去的一年，困难比预料的多。", 2021, "work_report", "achievement",
     ("2020", "achievement", True)),
    ("past_year_lead", "各位代表，去年，全省稳增长、调结构取得成效。", 2016, "work_report",
     "achievement-span", ("2015", "achievement", True)),
    ("past_year_lead", "去年，在控制人口增长方面取得了一定成绩。", 2016, "work_report", "target",
     ("2015", "achievement", False)),
    ("past_year_lead", "各位代表：过去一年，我们攻坚克难。", 2016, "work_report",
     "achievement-span", ("2015", "achievement", True)),
    ("past_named_year", "特别需要指出的是，刚刚过去的2015年，全省经济稳中有进。", 2016,
     "work_report", "achievement-span", ("2015", "achievement", True)),
    ("past_named_year", "各位代表：刚刚过去的2019年，是极不平凡的一年。", 2020, "work_report",
     "target", ("2019", "achievement", True)),
    ("this_year_targets", "今年经济社会发展的主要预期目标是：", 2024, "work_report",
     "achievement", ("2024", "target", True)),
    ("this_year", "今年是全面贯彻落实的关键之年。", 2024, "work_report", "target",
     ("2024", "target", False)),
    ("as_of_date", "截至2023年末，常住人口达到750万人。", 2024, "work_report", "target",
     ("2023", "target", False)),
    ("plan_lead", "“十三五”时期，全市经济总量跃上新台阶。", 2021, "work_report", "target",
     ("2016-2020", "achievement", True)),
    ("plan_start_average", "地区生产总值年均增长6%以上。", 2021, "work_report", "target",
     ("2021-2025", "target", False)),
    ("last_year", "全市去年新增就业1.2万人。", 2024, "work_report", "target",
     ("2023", "achievement", False)),
    ("last_year", "全市去年新增就业1.2万人。", 2024, "news", "target",
     ("2023", "achievement", True)),
    ("", "进出口总额年均增长16.4%，去年达到45.8亿美元。", 2024, "work_report", "achievement-span",
     None),
    ("news_dated", "全市于2024年3月启动改造工程。", 2025, "news", "achievement",
     ("2024", "achievement", False)),
]


@pytest.mark.parametrize("rule,text,year,doc_type,kind,expected", SENTENCE_CASES,
                         ids=[f"{c[0]}-{c[1][:12]}" for c in SENTENCE_CASES])
def test_sentence_rule(rule, text, year, doc_type, kind, expected):
    # kind "achievement-span": the sentence sits in a review of the past five years
    ctx = Context("大连市", f"{year - 5}-{year - 1}", "achievement") if kind == "achievement-span" \
        else Context("大连市", str(year), kind)
    name, verdict = attribute.sentence_rule(text, ctx, _meta(year, doc_type))
    assert name == rule
    if expected is None:
        assert verdict is None
        return
    assert (verdict.period, verdict.kind, verdict.carries) == expected


def test_every_sentence_rule_has_a_docstring_and_a_case():
    covered = {case[0] for case in SENTENCE_CASES}
    for rule in attribute.SENTENCE_RULES:
        assert rule.__doc__, rule.__name__
        assert rule.__name__ in covered, rule.__name__


def test_a_since_year_lead_is_not_a_year_lead():
    ctx = Context("大连市", "2024", "target")
    name, _ = attribute.sentence_rule("2020年以来，全市累计新建学校20所。", ctx, _meta())
    assert name != "year_lead"


def test_a_plain_sentence_keeps_its_context():
    ctx = Context("大连市", "2024", "target")
    assert attribute.sentence_rule("坚持稳中求进工作总基调。", ctx, _meta()) == ("", None)
    sctx, clause_base, carry = attribute.sentence_context("坚持稳中求进工作总基调。", ctx, _meta())
    assert sctx == clause_base == ctx and carry is None


def test_sentence_context_a_horizon_makes_the_sentence_a_target_not_its_clauses():
    ctx = Context("大连市", "2023", "achievement")
    text = "新建学校5所，到2027年，高新技术企业达到3000家。"
    sctx, clause_base, _ = attribute.sentence_context(text, ctx, _meta())
    assert (sctx.period, sctx.kind) == ("2027", "target")
    assert (clause_base.period, clause_base.kind) == ("2023", "achievement")


def test_sentence_context_news_future_words_make_a_target_and_carry_from_the_first_clause():
    ctx = Context("大连市", "2025", "achievement")
    sctx, _, carry = attribute.sentence_context("全市将新建公园10个，改造道路20条。", ctx,
                                                _meta(2025, "news"))
    assert sctx.kind == "target" and carry == Context("大连市", "2025", "target")
    _, _, carry = attribute.sentence_context("新建公园10个，全市将改造道路20条。", ctx,
                                             _meta(2025, "news"))
    assert carry is None


def test_sentence_context_takes_a_district_subject():
    ctx = Context("大连市", "2024", "target")
    sctx, _, _ = attribute.sentence_context("中山区新建公园3个。", ctx, _meta())
    assert sctx.region == "中山区"


def test_clause_context_counts_two_years_from_the_period_start():
    meta = _meta(2025, "news")
    ctx = Context("甘井子区", "2025", "target")
    sentence = "新认定高企200家，两年突破1000家。"
    assert attribute.clause_context(sentence, 10, len(sentence), ctx, meta).period == "2026"
    assert attribute.clause_context(sentence, 0, 9, ctx, meta) is ctx


def test_clause_context_horizon_before_the_clause_counts():
    meta = _meta(2024)
    ctx = Context("大连市", "2024", "target")
    sentence = "到2027年，新建学校5所。"
    assert attribute.clause_context(sentence, 6, len(sentence), ctx, meta).period == "2027"


def test_clause_context_a_level_reached_in_a_term_review_is_the_last_years():
    meta = _meta(2021)
    review = Context("某市", "2016-2020", "achievement")
    sentence = "全市生产总值达到3750亿元，固定资产投资累计达到1万亿元，新建学校50所。"
    assert attribute.clause_context(sentence, 0, 13, review, meta, "level", "达到").period == "2020"
    # counted over the span, or delivered over it: the span stays
    assert attribute.clause_context(sentence, 14, 29, review, meta, "level", "达到") is review
    assert attribute.clause_context(sentence, 30, 37, review, meta, "amount", "新建") is review
    average = "案件年均化解率达100%。"
    assert attribute.clause_context(average, 0, 12, review, meta, "level", "达") is review
    # a one-year review, or a target: nothing to narrow
    year = Context("某市", "2020", "achievement")
    assert attribute.clause_context(sentence, 0, 13, year, meta, "level", "达到") is year
    plan = Context("某市", "2021-2025", "target")
    assert attribute.clause_context(sentence, 0, 13, plan, meta, "level", "达到") is plan


def test_clause_context_a_clause_after_last_year_in_a_term_review_is_last_years():
    meta = _meta(2011)
    review = Context("某省", "2006-2010", "achievement")
    sentence = "全省生产总值年均增长14%，去年达到18278亿元，比2005年翻了一番多。"
    assert attribute.clause_context(sentence, 0, 13, review, meta, "change", "年均增长") is review
    assert attribute.clause_context(sentence, 14, 26, review, meta, "level", "达到").period == "2010"
    named = "财政收入年均增长20%，2008年突破1000亿元，是2005年的2倍。"
    assert attribute.clause_context(named, 12, 25, review, meta, "level", "突破").period == "2008"
    assert attribute.clause_context(named, 26, 35, review, meta, "change", "是").period == "2008"
    # a baseline year is no year of the clause; a single-year context is left alone
    base = "财政收入是2005年的2倍。"
    assert attribute.clause_context(base, 0, 13, review, meta, "change", "是") is review
    later = "全省生产总值2010年达到1.8万亿元，年均增长14%。"
    assert attribute.clause_context(later, 0, 18, review, meta, "level", "达到").period == "2010"
    assert attribute.clause_context(later, 19, 26, review, meta, "change", "年均增长") is review
    span = "2006年至2010年，财政收入累计达到5000亿元。"
    assert attribute.clause_context(span, 12, 28, review, meta, "level", "达到") is review
    year = Context("某省", "2010", "achievement")
    assert attribute.clause_context(sentence, 14, 26, year, meta, "level", "达到") is year


def test_a_one_year_paragraph_inside_a_term_review_is_that_year():
    text = ("某市2021年政府工作报告\n一、“十三五”时期及2020年工作回顾\n"
            "过去五年，全市生产总值达到3750亿元，年均增长7.5%。\n"
            "刚刚过去的一年，困难比预料的多。\n这一年，全市新增就业3万人。\n")
    found = by_value(process(text))
    assert (found[7.5]["period"], found[7.5]["kind"]) == ("2016-2020", "achievement")
    assert (found[375000000000]["period"], found[375000000000]["kind"]) == ("2020", "achievement")
    assert (found[30000]["period"], found[30000]["kind"]) == ("2020", "achievement")


def test_review_figures_under_a_plan_opening_heading_are_results():
    text = ("2022年政府工作报告\n一、攻坚克难，“十四五”实现良好开局\n"
            "完成地区生产总值2.71万亿元、增长7.3%。\n二、2022年工作安排\n地区生产总值增长7%左右。\n")
    found = by_value(process(text))
    assert (found[7.3]["period"], found[7.3]["kind"]) == ("2021", "achievement")
    assert (found[7]["period"], found[7]["kind"]) == ("2022", "target")


def test_carry_in_a_report_holds_for_its_section_and_subsections():
    carry = Carry(news=False)
    assert carry.for_sentence(0, ["一、回顾"]) is None
    opened = Context("大连市", "2023", "achievement")
    carry.update(opened, ["一、回顾"])
    assert carry.for_sentence(1, ["一、回顾"]) is opened
    assert carry.for_sentence(2, ["一、回顾", "（一）经济"]) is opened
    assert carry.for_sentence(3, ["二、任务"]) is None
    assert carry.for_sentence(4, ["一、回顾"]) is None  # once reset, gone


def test_carry_in_news_holds_for_its_paragraph():
    carry = Carry(news=True)
    assert carry.for_sentence(0, []) is None
    opened = Context("大连市", "2024", "achievement")
    carry.update(opened, [])
    assert carry.for_sentence(0, []) is opened
    assert carry.for_sentence(1, []) is None


def test_document_context_by_type():
    plan = DocumentMeta(region="大连市", year=2021, doc_type="five_year_plan", period="2021-2025")
    assert attribute.document_context(plan) == Context("大连市", "2021-2025", "target")
    news = DocumentMeta(region="大连市", year=2025, doc_type="news")
    assert attribute.document_context(news) == Context("大连市", "2025", "achievement")
    communique = DocumentMeta(region="全国", year=2023, doc_type="statistical_communique")
    assert attribute.document_context(communique).kind == "achievement"
    report = DocumentMeta(region="大连市", year=2024, doc_type="work_report")
    assert attribute.document_context(report) == Context("大连市", "2024", "target")


def test_sector_of_prefers_the_metric_then_the_sentence():
    assert attribute.sector_of("家庭养老床位", "") != "other"
    assert attribute.sector_of("", "") == "other"
    assert attribute.sector_of("口袋公园", "新建家庭养老床位") == attribute.sector_of("口袋公园")


def test_attribution_a_district_line_sets_the_region_of_the_block_after_it():
    attribution = attribute.Attribution(_meta(2025, "news"))
    attribution.sentence("沙河口区", 0, [], district_line=True)
    sctx, _ = attribution.sentence("全年新增床位1000张。", 1, ["沙河口区"], district_line=False)
    assert sctx.region == "沙河口区"
    attribution.sentence("朝阳区", 2, [], district_line=True)  # not in 大连市: no change
    sctx, _ = attribution.sentence("建设公园13座。", 3, ["朝阳区"], district_line=False)
    assert sctx.region == "沙河口区"


def test_attribution_a_year_lead_carries_through_its_section_in_a_report():
    attribution = attribute.Attribution(_meta(2024, "work_report"))
    first, _ = attribution.sentence("2023年，全市新建学校5所。", 0, ["一、回顾"], False)
    second, _ = attribution.sentence("新建公园3个。", 1, ["一、回顾"], False)
    other, _ = attribution.sentence("新建公园3个。", 2, ["二、任务"], False)
    assert first.period == second.period == "2023"
    assert other.period == "2024"


@pytest.mark.parametrize("dash", ["-", "—", "～", "－", "至"])
def test_a_span_of_years_in_a_sentence_is_read_with_any_separator(dash):
    """2023～2025年 (full-width tilde or minus, 41 corpus files) was once read as 2023."""
    ctx = attribute.Context("大连市", "2023", "target")
    sctx, _, _ = attribute.sentence_context(f"保证铁路2023{dash}2025年货运量增长率达到20%。", ctx,
                                            _meta(year=2023))
    assert sctx.period == "2023-2025"
