"""Metric alignment: keys, unit families, measures, similarity, aliases, assignment."""

from __future__ import annotations

import pytest

from plantool import align, matching, store


def record(metric: str, value: float = 1, unit: str = "个", measure: str = "amount",
           kind: str = "target", action: str = "", quote: str = "", **extra) -> dict:
    return {"metric": metric, "value": value, "unit": unit, "measure": measure, "kind": kind,
            "action": action, "quote": quote or metric, **extra}


@pytest.mark.parametrize("metric, key", [
    ("家庭养老床位", "家庭养老床位"),
    ("将新增家庭养老床位", "家庭养老床位"),
    ("全年新增家庭养老床位", "家庭养老床位"),
    ("“口袋公园”", "口袋公园"),
    ("地区生产总值预计", "地区生产总值"),
    ("大连市技术合同成交额", "技术合同成交额"),
    ("13个国考河流断面水质优良比例", "国考河流断面水质优良比例"),
    ("细颗粒物（PM2.5）浓度", "细颗粒物浓度"),
    ("居民人均可支配收入实际", "居民人均可支配收入"),
    ("城镇新增就业人数", "城镇新增就业"),
])
def test_metric_key_drops_words_that_do_not_change_what_is_counted(metric, key):
    assert align.metric_key(metric) == key


@pytest.mark.parametrize("a, b", [
    ("高企", "高新技术企业"),
    ("认定高新技术企业", "新认定高企"),
    ("GDP", "地区生产总值"),
    ("国内生产总值", "地区生产总值"),
    ("ＧＤＰ", "gdp"),
    ("CPI", "居民消费价格"),
    ("规上工业增加值", "规模以上工业增加值"),
    ("社零", "社会消费品零售总额"),
    ("占GDP比重", "占国内生产总值比重"),
    ("单位GDP能耗", "能耗强度"),
    ("瞪羚、雏鹰企业", "雏鹰瞪羚企业"),
    ("新增就业", "城镇新增就业"),
])
def test_aliases_and_abbreviations_give_one_key(a, b):
    assert align.metric_key(a) == align.metric_key(b)


@pytest.mark.parametrize("a, b", [
    ("城镇登记失业率", "城镇调查失业率"),
    ("高新技术企业", "科技型中小企业"),
    ("地区生产总值", "人均地区生产总值"),
    ("中央财政赤字", "地方财政赤字"),
])
def test_different_indicators_keep_different_keys(a, b):
    assert align.metric_key(a) != align.metric_key(b)


def test_metric_key_keeps_one_argument_form_and_empty_input():
    assert align.metric_key("") == ""
    assert align.metric_key(None) == ""  # type: ignore[arg-type]


def test_record_metric_puts_back_an_action_that_carries_the_noun():
    jobs = record("城镇", 125000, "人", action="新增就业", quote="完成城镇新增就业12.5万人")
    later = record("人数", 65000, "人", action="新增就业", quote="新增就业人数6.5万人")
    assert align.record_key(jobs) == "城镇新增就业"
    assert align.record_key(later) == "城镇新增就业"


def test_record_metric_puts_back_an_action_that_spells_a_known_indicator_with_the_noun():
    jobs = record("就业", 450000, "人", action="新增", quote="全省新增就业45万人")
    afforest = record("造林", 20000, "亩", action="新增", quote="新增造林2万亩")
    people = record("就业人数", 1100000, "人", action="新增", quote="新增就业人数110万人以上")
    assert align.record_key(jobs) == "城镇新增就业"
    assert align.record_key(people) == "城镇新增就业"
    assert align.record_metric(afforest) == "造林"


@pytest.mark.parametrize("a, b, same", [
    ("个", "处", True), ("座", "所", True), ("家", "项", True), ("张", "条", True),
    ("亩", "公顷", True), ("平方米", "亩", True), ("公里", "米", True),
    ("元", "美元", False), ("人", "人次", False), ("%", "百分点", False),
    ("人", "名", True), ("个", "元", False), ("户", "家", True), ("户", "人", False),
])
def test_unit_families(a, b, same):
    fa, fb = align.unit_family(a), align.unit_family(b)
    assert (fa == fb) is same


def test_a_bare_number_compares_with_counts_only():
    assert align.families_compatible("", align.unit_family("个"))
    assert not align.families_compatible("", align.unit_family("元"))


def test_convert_between_units_of_one_family():
    assert align.convert(1, "公顷", "亩") == pytest.approx(15, rel=1e-3)
    assert align.convert(2, "公里", "米") == 2000
    assert align.convert(6, "处", "个") == 6
    assert align.convert(1, "元", "美元") is None


def test_comparable_needs_same_measure_and_unit_family():
    new_firms = record("高新技术企业", 900, "家", "amount")
    total = record("高新技术企业", 5300, "家", "level")
    growth = record("地区生产总值", 6, "%", "change")
    level = record("地区生产总值", 126000000000, "元", "level")
    assert align.comparable(record("口袋公园", 6, "处"), record("口袋公园", 13, "座"))
    assert not align.comparable(new_firms, total)
    assert not align.comparable(growth, level)
    assert not align.comparable(record("外资", 1, "元"), record("外资", 1, "美元"))


def test_a_rate_named_as_a_change_is_a_change():
    capped = record("居民消费价格涨幅", 3, "%", "level", action="控制在")
    risen = record("居民消费价格", 0.6, "%", "change", action="上涨")
    assert align.effective_measure(capped) == "change"
    assert align.comparable(capped, risen)


def test_similarity():
    a, b = record("新认定高企"), record("认定高新技术企业")
    assert align.similarity(a, b) == 100
    near = align.similarity(record("国家高新技术企业研发"), record("高新技术企业研发"))
    assert 80 <= near < 100
    assert align.similarity(record("城镇登记失业率"), record("城镇调查失业率")) == 0
    assert align.similarity(record("学位"), record("岗位")) < align.DEFAULT_THRESHOLD
    assert align.similarity(record(""), record("")) == 0


def test_assign_is_one_to_one_and_prefers_comparable_same_unit():
    left = [record("家庭养老床位", 1000, "张", quote="全年新增家庭养老床位1000张以上")]
    right = [record("家庭养老床位", 5, "个"), record("家庭养老床位", 140, "张")]
    pairs = matching.assign(left, right)
    assert len(pairs) == 2
    paired = [(a, b, s) for a, b, s in pairs if a and b]
    assert len(paired) == 1
    assert paired[0][1]["value"] == 140 and paired[0][2] == 100
    assert [b["value"] for a, b, _ in pairs if a is None] == [5]


def test_assign_pairs_repeated_metrics_in_order_and_by_context():
    left = [record("学位", 3180, context="新开办公办幼儿园13所，增加学位3180个"),
            record("学位", 8000, context="新建、改扩建义务教育学校7所，增加学位8000个")]
    right = [record("学位", 5000, context="新改扩建中小学5所、增加学位5000个"),
             record("学位", 2500, context="新开公办幼儿园10所、增加学位2500个")]
    pairs = {a["value"]: b["value"] for a, b, _ in matching.assign(left, right) if a and b}
    assert pairs == {3180: 2500, 8000: 5000}


def test_assign_prefers_same_measure_when_a_metric_appears_twice():
    left = [record("国内生产总值", 67.7e12, "元", "level"),
            record("国内生产总值", 6.9, "%", "change")]
    right = [record("国内生产总值", 6.5, "%", "change", kind="target"),
             record("国内生产总值", 74.4e12, "元", "level")]
    pairs = {a["value"]: b["value"] for a, b, _ in matching.assign(left, right) if a and b}
    assert pairs == {67.7e12: 74.4e12, 6.9: 6.5}


def test_assign_leaves_unmatched_records_alone():
    pairs = matching.assign([record("口袋公园")], [record("背街小巷")])
    assert [(a is None, b is None, s) for a, b, s in pairs] == [(False, True, 0), (True, False, 0)]
    assert matching.assign([], []) == []


def test_assign_threshold_controls_fuzzy_pairs():
    left, right = [record("全社会研发投入经费")], [record("全社会研发经费")]
    score = align.similarity(left[0], right[0])
    assert 0 < score < 100
    assert any(a and b for a, b, _ in matching.assign(left, right, threshold=score))
    assert not any(a and b for a, b, _ in matching.assign(left, right, threshold=score + 1))


def test_database_aliases_override_and_chain(tmp_path):
    db = store.open_db(str(tmp_path / "a.db"))
    assert align.load_aliases(db)["高企"] == "高新技术企业"
    align.add_aliases(db, "高新技术企业", ["国高企"])
    align.add_aliases(db, "口袋公园", ["街心公园", "“小微”公园"])
    aliases = align.load_aliases(db)
    assert align.metric_key("新认定国高企", aliases) == "高新技术企业"
    assert align.metric_key("街心公园", aliases) == "口袋公园"
    assert align.metric_key("街心公园") == "街心公园"  # package aliases only
    assert [r["alias"] for r in align.list_aliases(db)] == ["小微公园", "街心公园", "国高企"]
    assert align.remove_aliases(db, ["街心公园", "不存在"]) == ["街心公园"]
    assert align.metric_key("街心公园", align.load_aliases(db)) == "街心公园"


def test_add_alias_rejects_alias_equal_to_canonical(tmp_path):
    db = store.open_db(str(tmp_path / "a.db"))
    with pytest.raises(ValueError):
        align.add_aliases(db, "口袋公园", ["口袋公园"])


def test_replaced_wording_is_a_weaker_match_than_added_wording():
    added = align.key_similarity("中央财政扶贫资金", "中央财政专项扶贫资金")
    replaced = align.key_similarity("消费对经济增长的贡献率", "对全球经济增长的贡献率")
    assert added >= align.DEFAULT_THRESHOLD > replaced


def test_vague_keys_pair_with_nothing():
    assert align.similarity(record("企业"), record("企业")) == 0
    assert align.similarity(record("提高到", 40, "元"), record("提高到", 30, "元")) == 0
    assert not any(a and b for a, b, _ in matching.assign([record("项目")], [record("项目")]))


def test_a_verb_left_in_the_metric_gives_the_measure():
    reduced = record("农村贫困人口", 14420000, "人", "amount", action="减少")
    planned = record("再减少农村贫困人口", 10000000, "", "level")
    assert align.effective_measure(planned) == "amount"
    assert align.comparable(reduced, planned)


# ---------------------------------------------------------------------------- strip rules

@pytest.mark.parametrize("rule, text, result", [
    ("change word", "粮食播种面积涨幅", ("粮食播种面积", True)),
    ("trailing word", "粮食播种面积预计", ("粮食播种面积", False)),
    ("trailing comparison", "单位产值水耗较", ("单位产值水耗", False)),
    ("indicator kept whole", "城镇新增就业", ("城镇新增就业", False)),
    ("trailing verb", "乡村道路建设", ("乡村道路", False)),
    ("trailing verb", "乡村道路建设工程", ("乡村道路", False)),
    ("actor of 把", "市政府把乡村道路", ("乡村道路", False)),
    ("leading word", "新造乡村道路", ("乡村道路", False)),
    ("leading word", "全年乡村道路", ("乡村道路", False)),
    ("plan label", "“十四五”时期乡村道路", ("乡村道路", False)),
    ("leading number", "5个乡村道路", ("乡村道路", False)),
])
def test_each_strip_rule_drops_the_word_it_names(rule, text, result):
    rules = dict(align.STRIP_RULES)
    assert rules[rule](text) == result
    first = next(name for name, r in align.STRIP_RULES if r(text) is not None)
    assert first == rule, "an earlier rule takes this text"


@pytest.mark.parametrize("text", ["乡村道路", "涨幅", "较", "5个", "十四五", "建设"])
def test_strip_rules_leave_a_bare_indicator_and_too_short_text_alone(text):
    assert all(rule(text) is None or rule(text)[0] == text for _, rule in align.STRIP_RULES)


def test_a_growth_target_set_by_an_actor_keys_as_the_indicator_and_a_change():
    assert align.metric_key("市委市政府把全市生产总值增长目标确定") == "地区生产总值"
    assert align.marks_change("全市生产总值增长目标确定")
    assert align.metric_key("质量把关") != "关"


def test_strip_rules_apply_in_table_order():
    # 涨幅 is a change word and a trailing word would not apply; the change wins
    assert align.marks_change("全年粮食播种面积涨幅")
    assert align.metric_key("全年粮食播种面积涨幅") == "粮食播种面积"
    # a plan label ahead of a number: the label goes first, then the number
    assert align.metric_key("十三五期间3个乡村道路") == "乡村道路"


def test_a_plan_label_at_the_start_is_dropped():
    assert align.metric_key("十五五时期青年人才") == "青年人才"
    assert align.metric_key("“十三五”期间青年人才") == "青年人才"


def test_key_of_reads_the_stored_key_and_computes_only_without_one():
    stored = record("将新增乡村道路", metric_key="分析员的键")
    assert align.key_of(stored) == "分析员的键"
    assert align.key_of(record("将新增乡村道路")) == "乡村道路"
    assert align.key_of(record("街心公园"), {"街心公园": "口袋公园"}) == "口袋公园"


def test_contrast_words_keep_apart_otherwise_alike_keys():
    assert align.key_similarity("农村居民人均收入", "城镇居民人均收入") == 0
    assert align.key_similarity("城镇居民人均可支配收入", "城镇居民人均收入") > 82
    assert align.key_similarity("居民人均收入", "城镇居民人均收入") == 0  # 居民 is a group word


# ---------------------------------------------------------------------------- stored keys

def _tiny_db(path, metrics: list[tuple[str, str]]):
    """A database of one document with one statement and a commitment per (metric, action)."""
    from plantool import align as _align

    db = store.open_db(str(path))
    statement = {"id": 0, "text": "、".join(m for m, _ in metrics), "start": 0, "end": 10,
                 "section": "", "region": "甲市", "period": "2024", "kind": "target",
                 "sector": "other"}
    commitments = [{"statement_id": 0, "quote": metric, "start": 0, "end": len(metric),
                    "region": "甲市", "period": "2024", "kind": "target", "metric": metric,
                    "metric_key": _align.metric_key(metric), "action": action,
                    "measure": "amount", "value": 1, "value_max": None, "unit": "个",
                    "unit_family": "count", "qualifier": "", "sector": "other"}
                   for metric, action in metrics]
    store.save_document(db, path="a.txt", name="a.txt", text=statement["text"], meta={},
                        statements=[statement], commitments=commitments)
    return db


def _stored_keys(db) -> dict[str, str]:
    return {r["metric"]: r["metric_key"] for r in store.commitment_metrics(db)}


def test_adding_and_removing_an_alias_rekeys_the_stored_commitments(tmp_path):
    db = _tiny_db(tmp_path / "t.db", [("街心公园", "新建"), ("街心公园", "改造"), ("停车泊位", "")])
    assert _stored_keys(db) == {"街心公园": "街心公园", "停车泊位": "停车泊位"}
    align.add_aliases(db, "口袋公园", ["街心公园"])
    assert _stored_keys(db) == {"街心公园": "口袋公园", "停车泊位": "停车泊位"}
    assert {r["metric_key"] for r in store.commitment_metrics(db)} == {"口袋公园", "停车泊位"}
    align.remove_aliases(db, ["街心公园"])
    assert _stored_keys(db) == {"街心公园": "街心公园", "停车泊位": "停车泊位"}


def test_refresh_changes_only_keys_that_differ(tmp_path):
    from plantool import aliases

    db = _tiny_db(tmp_path / "t.db", [("街心公园", ""), ("停车泊位", "")])
    assert aliases.refresh_metric_keys(db) == 0
    store.save_aliases(db, "口袋公园", ["街心公园"], "2024-01-01")  # stored, not yet applied
    assert _stored_keys(db)["街心公园"] == "街心公园"
    assert aliases.current_aliases(db)["街心公园"] == "口袋公园"
    assert _stored_keys(db)["街心公园"] == "街心公园"  # reading the aliases never writes
    assert aliases.refresh_metric_keys(db) == 1
    assert _stored_keys(db)["街心公园"] == "口袋公园"
    assert aliases.refresh_metric_keys(db) == 0


def test_alias_queries_of_the_store(tmp_path):
    db = store.open_db(str(tmp_path / "t.db"))
    assert store.analyst_aliases(db) == []
    store.save_aliases(db, "口袋公园", ["街心公园", "小微公园"], "2024-01-01")
    assert [r["alias"] for r in store.analyst_aliases(db)] == ["小微公园", "街心公园"]
    assert store.delete_aliases(db, ["街心公园", "不存在", "街心公园"]) == ["街心公园"]


@pytest.mark.parametrize("metric, key", [
    ("二十五项重点工程", "二十五项重点工程"),
    ("三十五岁以下青年人才", "三十五岁以下青年人才"),
    ("十五个重点项目", "十五个重点项目"),
    ("九五期间粮食产量", "粮食产量"),
])
def test_a_count_ending_in_five_is_no_plan_label(metric, key):
    """二十五项/三十五岁 once lost their numbers as if they were the label 十五/三五."""
    assert align.metric_key(metric) == key


@pytest.mark.parametrize("a, b", [
    ("农村公路大中修工程", "农村公路大中修"),  # a verb of delivery and its project noun
    ("乡村道路建设工程", "乡村道路建设"),
    ("新造红树林", "新增红树林"),  # planting is adding
    ("新植红树林", "红树林"),
    ("实际到位内资", "内资"),
    ("引进内资", "实际利用内资"),
    ("全社会研发经费支出", "全社会研发投入"),
    ("研发投入强度", "全社会研发经费支出占GDP比重"),
])
def test_one_count_in_other_words_gives_one_key(a, b):
    assert align.metric_key(a) == align.metric_key(b)


@pytest.mark.parametrize("metric", ["民生工程", "水利工程", "重点项目", "新造林"])
def test_a_project_noun_without_a_verb_before_it_stays(metric):
    assert align.metric_key(metric) == metric


def test_an_amount_lead_word_makes_a_bare_number_an_amount():
    planted = record("新造红树林", 1100, "亩", "level")
    added = record("红树林", 1100, "亩", "amount", action="新增")
    assert align.effective_measure(planted) == "amount"
    assert align.comparable(planted, added)
    assert align.effective_measure(record("红树林面积", 1100, "亩", "level")) == "level"


def test_dirty_places_and_scattered_firms_stay_apart():
    """脏乱差 (dirty, messy places) and 低散乱 (low-end, scattered firms) are not one thing."""
    assert align.similarity(record("脏乱差", 10, "处", "amount"),
                            record("低散乱", 10, "处", "amount")) < 80
