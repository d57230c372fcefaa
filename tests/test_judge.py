"""judge: a price index stated on a base of 100 compared with results stated in %."""

from __future__ import annotations

import pytest

from plantool import align, extract, judge, progress
from plantool.clean import parse_copy


def row(**fields) -> dict:
    """A commitment row with the fields the judge reads."""
    base = {"id": 1, "kind": "target", "metric": "居民消费价格指数", "action": "控制在",
            "measure": "level", "value": 3, "value_max": None, "unit": "%", "qualifier": "左右",
            "region": "某省", "period": "2024", "period_start": 2024, "period_end": 2024,
            "quote": "", "doc_type": "work_report", "doc_date": 2024}
    base.update(fields)
    return base


@pytest.mark.parametrize("fields, is_change, measure", [
    ({}, True, "change"),                                              # 价格指数控制在103左右
    ({"metric": "物价指数"}, True, "change"),                            # 物价指数104以内
    ({"metric": "工业生产者出厂价格指数", "qualifier": "以内"}, True, "change"),
    ({"metric": "居民消费价格涨幅"}, False, "change"),   # a change already by its own words
    ({"measure": "change"}, False, "change"),            # stated as a change
    ({"unit": ""}, False, "level"),                      # an index figure not read as %
    ({"metric": "发展指数"}, False, "level"),            # no price index: a level in %
    ({"metric": "营商环境指数", "value": 85}, False, "level"),
])
def test_a_price_index_level_in_percent_is_a_change(fields, is_change, measure):
    assert judge.index_change(row(**fields)) is is_change
    assert judge.measure(row(**fields)) == measure


def quantity(sentence: str):
    found = extract.extract(parse_copy(sentence))
    assert found, sentence
    return found[0]


def test_an_index_target_is_compared_with_a_rise_in_percent():
    target = quantity("居民消费价格指数控制在103.5左右。")
    assert (float(target.value), target.unit, target.qualifier) == (3.5, "%", "左右")
    t = row(metric=target.metric, action=target.action, measure=target.measure,
            value=float(target.value), unit=target.unit, qualifier=target.qualifier)
    r = row(id=2, kind="achievement", metric="居民消费价格", action="上涨", measure="change",
            value=2.1, unit="%", qualifier="")
    assert align.comparable(judge.with_metric(t), judge.with_metric(r))
    assert progress.sense_of(t) == ("ceiling", True)
    status, _ = judge.judge(2.1, 3.5, "ceiling", True)
    assert status == "met"


@pytest.mark.parametrize("sentence, sense", [
    ("城乡居民收入比缩小到2.3。", "ceiling"),
    ("收入倍差缩小至2.1以内。", "ceiling"),
    ("审批时间压缩至3个工作日。", "ceiling"),
    ("贫困发生率降低至1%。", "ceiling"),
    ("研发投入强度提高到2.5%。", "floor"),
])
def test_a_verb_down_to_a_level_is_a_ceiling(sentence, sense):
    q = quantity(sentence)
    assert q.measure == "level"
    t = row(metric=q.metric, action=q.action, measure=q.measure, value=float(q.value),
            unit=q.unit, qualifier="" if q.qualifier == "以内" else q.qualifier)
    assert progress.sense_of(t)[0] == sense
