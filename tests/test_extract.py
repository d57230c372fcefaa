"""Extraction rules on generic sentences: values, units, qualifiers, metrics, skips."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plantool import extract as extract_module
from plantool import phrases, vocab
from plantool.clean import parse_copy
from plantool.extract import extract, scan
from plantool.numbers import plain


def records(sentence: str) -> list[dict]:
    return [
        {"value": plain(q.value), "max": plain(q.value_max) if q.value_max is not None else None,
         "unit": q.unit, "qualifier": q.qualifier, "metric": q.metric, "action": q.action,
         "measure": q.measure, "quote": sentence[q.quote_start:q.quote_end]}
        for q in extract(parse_copy(sentence))
    ]


def one(sentence: str) -> dict:
    found = records(sentence)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("sentence, value, unit, qualifier, metric", [
    ("全年新增城市书房1000个以上。", 1000, "个", "以上", "城市书房"),
    ("新建18所公办幼儿园。", 18, "所", "", "公办幼儿园"),
    ("地区生产总值增长5.5%左右。", 5.5, "%", "左右", "地区生产总值"),
    ("城镇调查失业率控制在5.5%以内。", 5.5, "%", "以内", "城镇调查失业率"),
    ("接待游客1.36亿人次。", 136000000, "人次", "", "游客"),
    ("完成植树造林6千亩。", 6000, "亩", "", "植树造林"),
    ("新增就业岗位超千个。", 1000, "个", "超过", "就业岗位"),
    ("累计帮扶困难家庭5万余户。", 50000, "户", "超过", "困难家庭"),
    ("服务企业近3000家。", 3000, "家", "约", "服务企业"),
    ("研发投入强度提高0.3个百分点。", 0.3, "百分点", "", "研发投入强度"),
    ("技术合同成交额超过500亿元。", 50000000000, "元", "超过", "技术合同成交额"),
    ("对１０１.４公里老旧燃气管道进行更新改造。", 101.4, "公里", "", "老旧燃气管道"),
    ("粮食产量稳定在1.3万亿斤以上。", 1300000000000, "斤", "以上", "粮食产量"),
])
def test_value_unit_qualifier_metric(sentence, value, unit, qualifier, metric):
    found = one(sentence)
    assert (found["value"], found["unit"], found["qualifier"], found["metric"]) == \
        (value, unit, qualifier, metric)


def test_percentage_points_are_not_percent():
    assert one("城镇化率提高1.2个百分点。")["unit"] == "百分点"


def test_range_keeps_both_ends_never_a_mean():
    found = one("力争新增省级创新平台2—3家。")
    assert (found["value"], found["max"], found["unit"]) == (2, 3, "家")
    found = one("经济增长6%-6.5%。")
    assert (found["value"], found["max"], found["unit"]) == (6, 6.5, "%")


def test_range_multiplier_applies_to_lower_bound():
    found = one("带动就业2—3万人。")
    assert (found["value"], found["max"]) == (20000, 30000)


def test_two_numbers_in_a_clause_give_two_records():
    found = records("新开公办幼儿园10所、增加学位2500个。")
    assert [(r["value"], r["unit"]) for r in found] == [(10, "所"), (2500, "个")]


def test_list_items_share_the_verb():
    found = records("改造燃气管网1350公里、老旧供热管网276公里。")
    assert [r["metric"] for r in found] == ["燃气管网", "老旧供热管网"]
    assert [r["action"] for r in found] == ["改造", "改造"]


def test_rates_sharing_one_number_give_one_record_each():
    found = records("矛盾纠纷化解率、信访案件化解率保持在95%以上。")
    assert [r["metric"] for r in found] == ["矛盾纠纷化解率", "信访案件化解率"]
    assert all(r["value"] == 95 for r in found)


def test_respectively_maps_numbers_to_subjects():
    found = records("事故起数、死亡人数分别下降23.4%、20.3%。")
    assert [(r["metric"], r["value"]) for r in found] == [("事故起数", 23.4), ("死亡人数", 20.3)]


def test_measures():
    assert one("地区生产总值增长6%。")["measure"] == "change"
    assert one("高新技术企业达到5300家。")["measure"] == "level"
    assert one("新增家庭养老床位1000张。")["measure"] == "amount"
    assert one("上升至87.2%。")["measure"] == "level"


@pytest.mark.parametrize("sentence", [
    "2025年是十四五规划收官之年。",
    "深入贯彻党的二十大精神。",
    "地铁5号线建成通车。",
    "出台优化营商环境措施7.0版。",
    "锚定“两先区”“三个中心”战略定位。",
    "推进四大创新中心建设。",
    "一批重大项目开工建设。",
    "3月30日是国际无废日。",
    "大连数谷完成DeepSeek-R1全系列模型本地部署。",
    "打造15分钟便民生活圈。",
    "落实稳就业18项措施。",
    "总投资500万元以上项目开工建设。",
])
def test_numbers_that_are_not_commitments(sentence):
    assert records(sentence) == []


def test_chinese_numeral_spans_are_converted_not_the_sentence():
    found = one("新增学位两千个。")
    assert found["value"] == 2000
    assert records("推动两三家企业上市。") == []


def test_quote_is_an_exact_substring_with_the_number():
    sentence = "星海湾金融商务区全年引进期货、银行、保险等金融产业链企业10家以上。"
    found = one(sentence)
    assert found["quote"] in sentence and "10家以上" in found["quote"]
    assert found["metric"] == "金融产业链企业"
    assert found["action"] == "引进"


@pytest.mark.parametrize("sentence, value, unit, metric", [
    ("新培育30户以上智能工厂。", 30, "户", "智能工厂"),
    ("产量突破百万吨。", 1000000, "吨", "产量"),
    ("第一产业投资13302亿元。", 1330200000000, "元", "第一产业投资"),
    ("城镇登记失业率为4.02%。", 4.02, "%", "城镇登记失业率"),
    ("装机容量达到480万千瓦。", 4800000, "千瓦", "装机容量"),
    ("增长10 %。", 10, "%", ""),
])
def test_corpus_shapes(sentence, value, unit, metric):
    found = one(sentence)
    assert (found["value"], found["unit"], found["metric"]) == (value, unit, metric)


def test_respectively_shares_the_head_across_contrast_words():
    found = records("城镇和农村常住居民人均可支配收入分别增长9%左右、9.5%左右。")
    assert [r["metric"] for r in found] == ["城镇常住居民人均可支配收入", "农村常住居民人均可支配收入"]


def test_baseline_of_a_change_is_not_a_record():
    found = records("城乡居民基础养老金最低标准由70元提高到88元。")
    assert [(r["value"], r["metric"]) for r in found] == [(88, "城乡居民基础养老金最低标准")]


@pytest.mark.parametrize("sentence", [
    "突破一批核心技术。", "大连万达集团投资建设。", "千方百计稳就业。", "建设500千伏变电站。",
    "65岁以上老人免费体检。", "进入全国百强县前10位。",
])
def test_more_numbers_that_are_not_commitments(sentence):
    assert records(sentence) == []


# Stage tests: the passes that read the metric, the action and the measure of one number.

def describe(sentence: str) -> list[tuple[str, str]]:
    return [(q.metric, q.action) for q in extract(parse_copy(sentence))]


def test_noun_before_number_reads_metric_and_leading_verb():
    assert describe("新建社区食堂12个。") == [("社区食堂", "新建")]


def test_noun_after_number_reads_the_noun_that_follows():
    assert describe("新增2160个学位。") == [("学位", "新增")]


def test_noun_after_number_completes_a_short_noun_with_the_phrase_before():
    assert describe("新建城市10个公园。") == [("城市公园", "新建")]


def test_money_itself_is_counted_when_its_purpose_follows():
    assert describe("安排3亿元支持企业技术改造。") == [("资金", "安排")]


def test_inherited_metric_for_a_bare_number_after_another():
    assert describe("新建公办幼儿园10所、20所。") == [("公办幼儿园", "新建"), ("公办幼儿园", "新建")]


def test_lead_subject_measures_the_figures_after_a_lead_clause_without_one():
    assert describe("经济总量稳居全省前列，达到8000亿元，同比增长5%。") == \
        [("经济总量", "达到"), ("经济总量", "同比增长")]
    assert [m for m, _ in describe("经济增速稳步回升，一季度增长4%，上半年增长5%，全年增长6%。")] == \
        ["一季度经济增速", "上半年经济增速", "经济增速"]


def test_lead_subject_gives_way_to_the_metric_of_the_figure_before():
    assert describe("经济总量稳居前列，财政收入100亿元、增长8%。") == \
        [("财政收入", ""), ("财政收入", "增长")]
    assert phrases.lead_subject("地区生产总值5000亿元，增长6%。", 15) == ("", 0)


def test_lead_subject_may_open_a_later_clause_of_the_sentence():
    sentence = "在一季度工业增加值下降20%的情况下，稳住基本盘，经济总量重回全省第一，达到9000亿元。"
    assert describe(sentence)[-1] == ("经济总量", "达到")
    assert phrases.lead_subject(sentence, sentence.index("达到")) == ("经济总量", sentence.index("经济"))


def test_a_clause_opening_on_respectively_takes_the_subjects_of_the_figures_before():
    assert describe("全市生产总值800亿元，人均生产总值9万元，分别增长6%、5.5%。") == \
        [("生产总值", ""), ("人均生产总值", ""), ("生产总值", "增长"), ("人均生产总值", "增长")]
    assert phrases.subjects_of_figures([("生产总值", 0)], 2) is None
    assert phrases.subjects_of_figures([("生产总值", 0), ("人均生产总值", 0)], 2) is None


def test_a_rank_reached_between_a_level_and_its_growth_leaves_the_subject_to_the_growth():
    assert describe("全市生产总值1200亿元，成为全省首个总量超千亿元城市，比上年增长7%。") == \
        [("生产总值", ""), ("生产总值", "增长")]


def test_a_growth_target_stated_as_set_is_a_change():
    assert describe("市政府把全市生产总值增长目标确定为6.5%左右。") == [("市政府把全市生产总值", "增长")]


def test_shared_list_verb_for_list_items_without_their_own_verb():
    assert describe("改造燃气管网100公里、供热管网50公里。") == \
        [("燃气管网", "改造"), ("供热管网", "改造")]


def test_share_of_previous_prefixes_the_metric_before_it():
    assert describe("全市税收收入200亿元，占额30%。")[-1] == ("税收收入占额", "")


def test_dependent_noun_takes_its_owner_from_the_metric_before():
    assert describe("新建幼儿园5所，新增学位2000个。")[-1] == ("幼儿园学位", "新增")
    assert describe("新建养老院5所，新增学位2000个。")[-1] == ("学位", "新增")


def test_metric_passes_are_named_and_documented():
    names = [p.name for p in extract_module.METRIC_PASSES]
    assert len(set(names)) == len(names)
    assert all((p.apply.__doc__ or "").strip() for p in extract_module.METRIC_PASSES)


@pytest.mark.parametrize("sentence, rule", [
    ("落实减税降费20项措施。", "implements-existing"),
    ("作为14亿多人口的大国。", "description"),
    ("全市成为全省首个生产总值超千亿元的县市。", "status"),
])
def test_numbers_dropped_once_described_keep_their_reason(sentence, rule):
    result = scan(parse_copy(sentence))
    assert result.quantities == []
    assert [d.rule for d in result.dropped] == [rule] and result.dropped[0].reason


@pytest.mark.parametrize("rule, sentence, measure", [
    ("points", "研发投入强度提高0.5个百分点。", "change"),
    ("change-verb-on-a-rate", "居民收入增长8%。", "change"),
    ("raise-or-cut-by-an-amount", "财政支出减少20亿元。", "amount"),
    ("change-verb", "单位产品能耗下降200吨。", "change"),
    ("level-verb", "森林覆盖率达到45%。", "level"),
    ("percent", "优良天数比例85%。", "level"),
    ("against-a-baseline", "各项贷款比年初增加500亿元。", "change"),
    ("cumulative", "累计3000个基站。", "level"),
    ("amount-verb", "累计建成基站3000个。", "amount"),
    ("ratio", "营业收入为上年的1.2倍。", "change"),
    ("", "全市常住人口750万人。", "level"),
])
def test_measure(rule, sentence, measure):
    found = extract(parse_copy(sentence))
    assert found and found[0].measure == measure, [(q.metric, q.action, q.measure) for q in found]
    q = found[0]
    verb_measure = vocab.verbs().get(q.action, "")
    left = sentence[:q.num_start]  # one clause: its left context starts the sentence
    facts = extract_module._Measured(q.action, verb_measure, q.unit_family, left)
    first = next((r.name for r in extract_module.MEASURE_RULES if r.applies(facts)), "")
    assert first == rule


def test_every_measure_rule_is_tested_and_documented():
    tested = {case[0] for case in test_measure.pytestmark[0].args[1]}
    assert {r.name for r in extract_module.MEASURE_RULES} <= tested
    assert all((r.applies.__doc__ or "").strip() for r in extract_module.MEASURE_RULES)


def test_the_extraction_exposes_overlapping_numbers_as_dropped():
    result = scan(parse_copy("经济增长6%-6.5%。"))
    assert [(q.value, q.value_max) for q in result.quantities] == [(6, Decimal("6.5"))]
    assert [d.rule for d in result.dropped] == ["overlap"]


def test_respectively_shares_a_share_phrase_with_every_subject():
    found = records("高新技术产业、战略性新兴产业增加值占GDP比重分别达到20%、15%。")
    assert [r["value"] for r in found] == [20, 15]
    assert all(r["metric"].endswith("占GDP比重") for r in found)
    assert all(r["action"] == "达到" for r in found)


@pytest.mark.parametrize("rule, right, family, noun, trailing", [
    ("nothing-after", "", "percent", "", "增长"),
    ("bound-or-share-after", "以上", "count", "新增城市书房", ""),
    ("rate-with-noun-before", "带动就业", "percent", "研发投入强度", ""),
    ("money-counted-before", "支持企业创新", "cny", "安排", ""),
    ("money-counted-before", "用于改造", "cny", "统筹财政资金", ""),
    ("rate-after-state-verb", "带动消费", "ratio", "", "增长"),
    ("description-after", "的项目", "usd", "", ""),
    ("measure-word-after", "方", "", "油品储存能力达到", ""),
    ("measure-word-after", "标箱、居全省首位", "", "集装箱吞吐量", ""),
    ("", "方案", "count", "制定", ""),
    ("", "个学位", "count", "新增", ""),
])
def test_noun_before_rules(rule, right, family, noun, trailing):
    assert phrases.noun_before_rule(phrases.AfterNumber(right, family, noun, trailing)) == rule


def test_every_noun_before_rule_is_tested_and_documented():
    tested = {case[0] for case in test_noun_before_rules.pytestmark[0].args[1]}
    assert {r.name for r in phrases.NOUN_BEFORE_RULES} <= tested
    assert all((r.applies.__doc__ or "").strip() for r in phrases.NOUN_BEFORE_RULES)


@pytest.mark.parametrize("sentence, expected", [
    ("全市生产总值突破3万亿元大关，达到3.1万亿元，增长6.5%。",
     [("生产总值", 3.1e12), ("生产总值", 6.5)]),
    ("全省地区生产总值迈上8万亿台阶，达8.2万亿元、增长5.1%。",
     [("地区生产总值", 8.2e12), ("地区生产总值", 5.1)]),
    ("全年地区生产总值突破900亿元大关、达935亿元，增长7%。",
     [("地区生产总值", 9.35e10), ("地区生产总值", 7)]),
    ("外贸进出口总额1200亿元，增长9%。", [("进出口总额", 1.2e11), ("进出口总额", 9)]),
    ("粮食产量突破200亿斤大关，人均生产总值达到9万元。", [("粮食产量", 2e10), ("人均生产总值", 90000)]),
])
def test_a_chain_of_clauses_carries_its_subject(sentence, expected):
    found = records(sentence)
    assert [(r["metric"], r["value"]) for r in found] == expected


def test_a_milestone_is_dropped_with_its_reason_when_the_result_follows():
    result = scan(parse_copy("全市生产总值突破2万亿元大关，达到2.1万亿元。"))
    assert [q.metric for q in result.quantities] == ["生产总值"]
    assert [d.rule for d in result.dropped] == ["milestone"]
    assert records("增长6.5%。")[0]["metric"] == ""  # a new sentence starts fresh


def test_a_milestone_alone_is_a_floor_of_its_subject():
    found = records("推动数字经济核心产业营业收入迈上5000亿元台阶。")
    assert [(r["metric"], r["value"], r["unit"], r["qualifier"], r["measure"]) for r in found] \
        == [("数字经济核心产业营业收入", 500000000000, "元", "超过", "level")]
    assert one("全市生产总值迈上2万亿台阶。")["unit"] == ""


@pytest.mark.parametrize("sentence, expected", [
    ("城乡居民人均可支配收入分别增长6%、7.5%。",
     [("城镇居民人均可支配收入", 6), ("农村居民人均可支配收入", 7.5)]),
    ("全市城乡居民收入分别达到5万元和2.5万元。",
     [("城镇居民收入", 50000), ("农村居民收入", 25000)]),
    ("城镇、农村居民人均可支配收入分别增长5%和6%。",
     [("城镇居民人均可支配收入", 5), ("农村居民人均可支配收入", 6)]),
    ("中小学分别新建3所、5所。", [("中小学", 3), ("中小学", 5)]),
])
def test_respectively_splits_a_joint_head(sentence, expected):
    assert [(r["metric"], r["value"]) for r in records(sentence)] == expected


def test_respectively_gives_the_shared_head_to_the_first_subject():
    found = records("工业、服务业增加值分别增长6%、8%。")
    assert [r["metric"] for r in found] == ["工业增加值", "服务业增加值"]
    found = records("数字经济、海洋经济增加值占GDP比重分别达到12%、9%。")
    assert [r["metric"] for r in found] == ["数字经济增加值占GDP比重", "海洋经济增加值占GDP比重"]
    found = records("工业用电量、营业收入分别增长3%、4%。")
    assert [r["metric"] for r in found] == ["工业用电量", "营业收入"]


def test_a_share_after_a_figure_is_its_share():
    found = records("数字经济核心产业增加值600亿元，占地区生产总值比重12%。")
    assert found[1]["metric"] == "数字经济核心产业增加值占地区生产总值比重"
    assert found[1]["value"] == 12


def test_rates_listed_before_respectively_are_not_an_enumeration_of_one_number():
    found = records("项目履约率、开工率、资金到位率分别达90%、80%、30%以上。")
    assert [(r["metric"], r["value"]) for r in found] == \
        [("项目履约率", 90), ("开工率", 80), ("资金到位率", 30)]


def test_a_share_of_a_wider_scope_keeps_the_scope():
    found = records("实际到位内资80亿元，占全省的12%。")
    assert found[1]["metric"] == "实际到位内资占全省"
    found = records("交通投资300亿元，占全国交通投资的5%。")
    assert found[1]["metric"] == "交通投资占全国交通投资"


def test_a_noun_with_a_one_character_head_is_kept_before_a_verb():
    assert one("总投资85亿元。")["metric"] == "总投资"


def test_respectively_keeps_a_verb_that_is_part_of_the_last_noun():
    found = records("工业总产值、固定资产投资分别增长7%和9%。")
    assert [r["metric"] for r in found] == ["工业总产值", "固定资产投资"]
    found = records("固定资产投资、社会消费品零售总额分别增长6%、8%。")
    assert [r["metric"] for r in found] == ["固定资产投资", "社会消费品零售总额"]


def test_a_bare_number_in_a_new_clause_takes_the_subject_but_not_its_verb():
    found = records("实际使用外资900亿元，增长8%，折130亿美元。")
    assert (found[2]["metric"], found[2]["action"], found[2]["measure"]) == \
        ("实际使用外资", "", "level")


def test_a_noun_referring_to_the_figure_before_measures_its_subject():
    found = records("实现地区生产总值3.2万亿元，总量折合超过5000亿美元，比上年增长6%。")
    assert [r["metric"] for r in found] == ["地区生产总值"] * 3


def test_a_period_alone_is_no_subject_to_carry():
    found = records("前三季度增长5.5%，全年增长5.9%。")
    assert [r["metric"] for r in found] == ["前三季度", ""]


def test_a_bare_number_of_the_same_family_in_a_new_clause_keeps_the_verb():
    found = records("新认定专精特新企业80家，三年突破300家。")
    assert [(r["metric"], r["action"], r["measure"]) for r in found] == \
        [("专精特新企业", "新认定", "amount")] * 2
