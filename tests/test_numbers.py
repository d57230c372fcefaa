"""Numbers: numeral spans read into hits (value, range, multiplier, unit, qualifier)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from plantool import numbers
from plantool.clean import parse_copy


def hits(text: str) -> list[numbers.Hit]:
    return numbers.scan(parse_copy(text))


def first(text: str) -> numbers.Hit:
    found = hits(text)
    assert found, text
    return found[0]


def unit_of(hit: numbers.Hit) -> str:
    return hit.unit.canonical if hit.unit is not None else ""


@pytest.mark.parametrize("text, value, value_max, unit", [
    ("新增2—3家", 2, 3, "家"),
    ("新增2-3家", 2, 3, "家"),
    ("新增2~3家", 2, 3, "家"),
    ("新增2至3家", 2, 3, "家"),
    ("增长6%-6.5%", 6, Decimal("6.5"), "%"),
    ("覆盖1万—1.5万户", 10000, 15000, "户"),
    ("投资2至3亿元", 200000000, 300000000, "元"),
    ("出口增长4.5%—5%", Decimal("4.5"), 5, "%"),
    ("利润增长3%～3.5%", 3, Decimal("3.5"), "%"),
    ("收入增长5-5.5%", 5, Decimal("5.5"), "%"),
    ("增速保持在6%-6.5%区间", 6, Decimal("6.5"), "%"),
    ("投资增长9%到10%之间", 9, 10, "%"),
])
def test_a_range_keeps_both_ends(text, value, value_max, unit):
    hit = first(text)
    assert (hit.value, hit.value_max, unit_of(hit)) == (value, value_max, unit)


def test_a_range_needs_a_larger_upper_end_and_the_same_unit():
    assert first("排名5—3家").value_max is None
    assert first("新增5个-3家").value_max is None


def test_a_year_span_is_not_a_range():
    hit = first("2021—2025年")
    assert (hit.value, hit.value_max, hit.unit) == (2021, None, None)


@pytest.mark.parametrize("text, value, multiplied", [
    ("接待1.36亿人次", Decimal("136000000"), True),
    ("新增两千个", 2000, True),
    ("存栏11891 万头", 118910000, True),
    ("投入1,200万元", 12000000, True),
    ("新建18所", 18, False),
])
def test_values_fold_multipliers_and_read_chinese_numerals(text, value, multiplied):
    hit = first(text)
    assert (hit.value, hit.multiplied) == (value, multiplied)


def test_chinese_numerals_are_marked_chinese():
    assert first("三千多人").chinese and not first("3000人").chinese


def test_qian_before_wa_is_a_unit_not_a_multiplier():
    hit = first("装机480万千瓦")
    assert (hit.value, unit_of(hit)) == (4800000, "千瓦")


@pytest.mark.parametrize("text, qualifier, end", [
    ("帮扶5万余户", "超过", "户"),
    ("服务300多家", "超过", "家"),
    ("三千多人", "超过", "人"),
    ("新增1000个以上", "以上", "上"),
    ("种植3.5万亩左右", "左右", "右"),
])
def test_qualifiers_after_the_number(text, qualifier, end):
    hit = first(text)
    assert hit.qualifier == qualifier
    assert parse_copy(text)[hit.end - 1] == end


def test_duo_yuan_is_not_more_than():
    assert first("培育300多元化主体").qualifier == ""


@pytest.mark.parametrize("left, canonical, word", [
    ("服务企业近", "约", "近"),
    ("成交额超过", "超过", "超过"),
    ("收入", "", ""),
    ("办理时限最多", "以内", "最多"),
    ("物价涨幅不超过", "以内", "不超过"),
    ("平均浓度低于", "以下", "低于"),
])
def test_bounding_words_before_the_number(left, canonical, word):
    assert numbers.before_qualifier(left) == (canonical, word)


def test_a_space_before_the_unit_is_skipped():
    hit = first("增长10 %")
    assert (hit.value, unit_of(hit), hit.end) == (10, "%", 6)


def test_unit_at_prefers_the_longest_unit():
    assert numbers.unit_at("提高1个百分点", 3).canonical == "百分点"
    assert numbers.unit_at("新增", 0) is None


def test_scan_reads_every_number_in_order():
    assert [h.value for h in hits("新建18所、改造20所，投入3亿元")] == [18, 20, 300000000]
    assert hits("多元化发展") == []


def test_unit_start_is_where_the_unit_stands():
    text = "新增1000个以上"
    hit = first(text)
    assert text[hit.start:hit.unit_start] == "1000" and hit.unit.word == "个"


@pytest.mark.parametrize("text, value, qualifier", [
    ("税收增长百分之六左右", 6, "左右"),
    ("收入增长百分之八点五", Decimal("8.5"), ""),
    ("覆盖率达到百分之四十以上", 40, "以上"),
    ("增长百分之5", 5, ""),
])
def test_a_percent_written_in_words(text, value, qualifier):
    hit = first(text)
    assert (hit.value, unit_of(hit), hit.qualifier, hit.chinese) == (value, "%", qualifier, False)
    assert parse_copy(text)[hit.start:hit.start + 3] == "百分之"


def test_a_concentration_keeps_its_denominator():
    after = first("年均浓度降到38微克/立方米以下")
    assert (after.value, unit_of(after), after.qualifier, after.unit.family) == \
        (38, "微克/立方米", "以下", "concentration")
    text = "臭氧浓度低于每立方米160微克"
    before = first(text)
    assert (before.value, unit_of(before)) == (160, "微克/立方米")
    assert text[before.start:before.end] == "每立方米160微克"


def test_a_denominator_before_needs_a_compound_unit():
    text = "每万人拥有医生30名"
    hit = next(h for h in hits(text) if h.value == 30)
    assert (unit_of(hit), text[hit.start:hit.start + 2]) == ("名", "30")


@pytest.mark.parametrize("text, qualifiers", [
    ("比率分别控制在4.5%和3%以内", ["以内", "以内"]),
    ("收入分别增长7%、6%、5%左右", ["左右", "左右", "左右"]),
    ("产值增长8%、利润增长5%左右", ["", "左右"]),  # not a bare list: each bound is its own
    ("新建3所、5个以上", ["", "以上"]),  # another unit: another count
    ("分别增长2%、3%多", ["", "超过"]),  # 多 bounds its own number only
])
def test_a_bound_after_a_list_bounds_every_number(text, qualifiers):
    found = [h for h in hits(text) if h.unit is not None]
    assert [h.qualifier for h in found] == qualifiers


@pytest.mark.parametrize("text, expected", [
    ("比率分别提高0.8和1.5个百分点", [("0.8", "百分点"), ("1.5", "百分点")]),
    ("分别高于全省0.3、0.6和0.9个百分点", [("0.3", "百分点"), ("0.6", "百分点"), ("0.9", "百分点")]),
    ("新建3和5万人", [("3", ""), ("50000", "人")]),  # a multiplier in play: 3 stays bare
    ("第2、3和4个", [("2", ""), ("3", ""), ("4", "个")]),  # ordinals listed, not counts
    ("2020、2021年", [("2020", ""), ("2021", "")]),  # no unit at the end: nothing to share
])
def test_a_unit_after_a_list_is_shared_by_the_list(text, expected):
    kept: list[numbers.Hit] = []
    for hit in hits(text):
        if not kept or hit.start >= kept[-1].end:  # 百 of 百分点 is read again: skip it
            kept.append(hit)
    assert [(str(h.value), unit_of(h)) for h in kept] == expected


@pytest.mark.parametrize("text, value, counted", [
    ("劳动年龄人口平均受教育年限达到11.2年", Decimal("11.2"), True),
    ("人均受教育年限提高到12年以上", 12, True),
    ("用1.5年时间完成改造", Decimal("1.5"), False),  # a time frame
    ("2026年开工建设", 2026, False),  # a year
])
def test_years_are_counted_after_a_span_of_years(text, value, counted):
    hit = first(text)
    assert hit.value == value
    assert (unit_of(hit) == "年") is counted


def test_a_bound_inside_a_list_is_its_number_only():
    found = [h for h in hits("能耗、水耗和排放分别下降3.5%、3%左右和4%") if h.unit is not None]
    assert [(str(h.value), h.qualifier) for h in found] == [("3.5", ""), ("3", "左右"), ("4", "")]


@pytest.mark.parametrize("text, value, qualifier", [
    ("居民消费价格指数控制在103左右", "3", "左右"),
    ("居民消费价格指数调控目标控制在103.5左右", "3.5", "左右"),
    ("物价指数104以内", "4", "以内"),
    ("工业生产者出厂价格指数为102.5", "2.5", ""),
    ("居民消费价格指数（市辖区）控制在103以内", "3", "以内"),
])
def test_a_price_index_on_a_base_of_100_is_read_as_a_change_in_percent(text, value, qualifier):
    hit = first(text)
    assert (hit.value, unit_of(hit), hit.qualifier) == (Decimal(value), "%", qualifier)
    assert hit.end == len(text)  # the quote keeps the figure as written


@pytest.mark.parametrize("text, value, unit", [
    ("居民消费价格指数控制在3%左右", "3", "%"),   # already in %
    ("综合发展指数达到103", "103", ""),            # not a price index
    ("价格指数监测点达到105个", "105", "个"),      # a count, with its unit
    ("价格指数采集点1200", "1200", ""),            # outside the span of an index figure
    ("居民消费价格指数（以上年为100）", "100", ""),  # the base itself
])
def test_other_figures_near_an_index_are_left_as_written(text, value, unit):
    hit = first(text)
    assert (hit.value, unit_of(hit)) == (Decimal(value), unit)


# phrases._DURATION: a span of years on the left is dropped from the metric; digits of a
# name (PM2.5) before 年 are no span of years.
@pytest.mark.parametrize("left, tidy", [
    ("PM2.5年均浓度下降到", "PM2.5年均浓度下降到"),
    ("PM10年均浓度控制在", "PM10年均浓度控制在"),
    ("用2.5年时间改造", "用改造"),
    ("三年内新建", "新建"),
    ("5年来累计新增", "累计新增"),
])
def test_a_number_inside_a_name_is_no_duration(left, tidy):
    from plantool import phrases

    assert phrases.tidy_left(left) == tidy


@pytest.mark.parametrize("text, unit", [
    ("清淤300万方", "立方米"),
    ("年供气量10亿方", "立方米"),
    ("集装箱吞吐量300万标箱", "标准箱"),
    ("发放消费券10万份", "份"),
    ("查处案件30起", "起"),
    ("压缩至3个工作日", "工作日"),
    ("缩短到5工作日", "工作日"),
])
def test_counting_units_of_plan_texts(text, unit):
    assert unit_of(next(h for h in hits(text) if h.unit is not None)) == unit


@pytest.mark.parametrize("text, after", [
    ("迈上5万亿台阶", "台阶"),      # a milestone step, not 台 machines
    ("落实10方面民生实事", "方面"),  # aspects, not cubic metres
    ("15方成员", "方成员"),          # parties
])
def test_a_word_that_starts_with_a_unit_is_no_unit(text, after):
    hit = first(text)
    assert hit.unit is None and text[hit.end:].startswith(after)


@pytest.mark.parametrize("text, value, value_max, qualifier", [
    ("增长百分之七至百分之八", 7, 8, ""),
    ("增长百分之六点五到百分之七左右", Decimal("6.5"), 7, "左右"),
    ("增长百分之七到八", 7, 8, ""),
    ("增长百分之七至2025年", 7, None, ""),       # a year, not the upper end
    ("增长百分之八至百分之七", 8, None, ""),      # no range downwards
])
def test_a_range_of_percents_in_words(text, value, value_max, qualifier):
    hit = first(text)
    assert (hit.value, hit.value_max, unit_of(hit), hit.qualifier) == (value, value_max, "%", qualifier)


@pytest.mark.parametrize("text, qualifier, end", [
    ("审批时限压缩到90个工作日内", "以内", "内"),
    ("3天内办结", "以内", "内"),
    ("2小时内到达", "以内", "内"),
    ("覆盖3个区内的学校", "", "个"),   # a place, not a bound
])
def test_nei_after_a_span_of_time_is_within(text, qualifier, end):
    hit = next(h for h in hits(text) if h.unit is not None)
    assert hit.qualifier == qualifier
    assert parse_copy(text)[:hit.end].endswith(end)
