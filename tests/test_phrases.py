"""Phrase helpers and the garbled-metric shapes they clean (markup, scope words, baselines)."""

from __future__ import annotations

import pytest

from plantool import phrases
from tests.test_extract import records


@pytest.mark.parametrize("raw, metric", [
    ("**12.建成口袋公园", "建成口袋公园"),
    ("## 污水处理率", "污水处理率"),
    ("其中", ""),
    ("全年", ""),
    ("其中地方财政收入", "地方财政收入"),
    ("公交线路各", "公交线路"),
    ("各类保障性住房", "保障性住房"),
    ("3.5G基站", "3.5G基站"),
])
def test_clean_metric_drops_markup_and_lone_scope_words(raw, metric):
    assert phrases.clean_metric(raw) == metric


@pytest.mark.parametrize("sentence, metric, action", [
    ("**8.建成社区食堂30个。", "社区食堂", "建成"),
    ("新制定地方标准40项。", "地方标准", "制定"),
    ("新制定40项。", "", "制定"),
    ("新开工90万套。", "", "新开工"),
    ("接待游客3.2万家次。", "游客", "接待"),
])
def test_a_metric_is_the_counted_noun_or_honestly_empty(sentence, metric, action):
    found = records(sentence)
    assert [(r["metric"], r["action"]) for r in found] == [(metric, action)]


def test_a_baseline_with_a_year_is_no_metric():
    found = records("森林覆盖率达到42%，比2015年提高3个百分点。")
    assert [r["metric"] for r in found] == ["森林覆盖率", "森林覆盖率"]
    found = records("农村居民收入增长8%，比“十三五”末提高2个百分点。")
    assert [r["metric"] for r in found] == ["农村居民收入", "农村居民收入"]


def test_a_part_announced_by_qizhong_does_not_inherit():
    found = records("城镇新增就业6万人，其中40%。")
    assert [r["metric"] for r in found] == ["城镇新增就业", ""]


@pytest.mark.parametrize("text, end", [
    ("突破2万亿元大关", 8),
    ("迈上1万亿台阶", 7),
    ("完成2万亿元", 0),
])
def test_milestone_end(text, end):
    from plantool.clean import parse_copy
    from plantool.numbers import scan

    parse = parse_copy(text)
    assert phrases.milestone_end(parse, scan(parse)[0]) == end


@pytest.mark.parametrize("subject, count, subjects", [
    ("城乡居民人均可支配收入", 2, ["城镇居民人均可支配收入", "农村居民人均可支配收入"]),
    ("进出口", 2, ["进口", "出口"]),
    ("城乡居民人均可支配收入", 3, None),
    ("中小学", 2, None),
    ("工业、服务业增加值", 2, ["工业增加值", "服务业增加值"]),
    ("工业用电量、营业收入", 2, ["工业用电量", "营业收入"]),
    ("城乡居民收入年均", 2, ["城镇居民收入", "农村居民收入"]),
    ("企业和机关退休人员养老金年人均", 2, ["企业", "机关退休人员养老金年人均"]),
])
def test_respective_subjects(subject, count, subjects):
    assert phrases.respective_subjects(subject, count) == subjects


@pytest.mark.parametrize("sentence, metric, action", [
    ("又化解钢铁产能300万吨。", "钢铁产能", "化解"),
    ("再新增就业岗位800个。", "就业岗位", "新增"),
    ("均衡发展县达到12个。", "均衡发展县", "达到"),
])
def test_an_adverb_before_the_verb_is_not_the_metric(sentence, metric, action):
    assert [(r["metric"], r["action"]) for r in records(sentence)] == [(metric, action)]


def test_a_reference_to_the_target_measures_the_subject_before_it():
    found = records("居民消费价格指数上涨2.1%，控制在预期目标3%以内。")
    assert [r["metric"] for r in found] == ["居民消费价格指数", "居民消费价格指数"]


@pytest.mark.parametrize("subject, subjects", [
    ("甲区、乙区、丙区工业总产值", ["甲区工业总产值", "乙区工业总产值", "丙区工业总产值"]),
    ("接待游客人次和旅游收入", ["游客人次", "旅游收入"]),
])
def test_places_share_what_follows_and_counted_nouns_keep_their_own(subject, subjects):
    assert phrases.respective_subjects(subject, len(subjects)) == subjects


@pytest.mark.parametrize("sentence, metric, quote", [
    ("天然气储气能力达到2000万方。", "天然气储气能力", "天然气储气能力达到2000万方"),
    ("集装箱吞吐量150万标箱、居全省首位。", "集装箱吞吐量", "集装箱吞吐量150万标箱"),
    ("制定3个方案。", "方案", "制定3个方案"),
])
def test_a_measure_word_missing_from_the_units_is_no_metric(sentence, metric, quote):
    found = records(sentence)
    assert [(r["metric"], r["quote"]) for r in found] == [(metric, quote)]


def test_items_sharing_one_number_with_each_give_one_record_each():
    found = records("**新引育创新团队、青年人才各300名。")
    assert [(r["metric"], r["value"], r["action"]) for r in found] == \
        [("创新团队", 300, "引育"), ("青年人才", 300, "引育")]
    found = records("国家级孵化器、众创空间各新增3家。")
    assert [r["metric"] for r in found] == ["国家级孵化器", "众创空间"]


@pytest.mark.parametrize("text, alone", [
    ("一季度", True), ("前三季度", True), ("上半年", True), ("1-10月", True), ("前5个月", True),
    ("一季度地区生产总值", False), ("月饼", False),
])
def test_period_alone(text, alone):
    assert bool(phrases.PERIOD_ALONE.match(text)) == alone


def test_tidy_left_drops_a_target_stated_as_set_after_its_verb():
    assert phrases.tidy_left("全市生产总值增长目标确定为") == "全市生产总值增长"
    assert phrases.tidy_left("地区生产总值增速预期目标为") == "地区生产总值增速"
    assert phrases.tidy_left("完成年度目标") == "完成年度目标"
