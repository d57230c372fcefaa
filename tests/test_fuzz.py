"""Hostile text through the whole extraction: no exception escapes ``process()`` and every
record's quote is the stored text between its offsets.

The text is built from the pieces plan documents are made of — digits (ASCII and
full-width), multipliers and units, Chinese numerals, verbs, region names, years and
plan labels, punctuation, quotation marks, Markdown marks, line breaks — and from
numbers far beyond any real figure (hundreds of digits, decimals on 10^18). The run is
sized for CI; ``PLANTOOL_FUZZ_EXAMPLES=N`` runs N examples.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plantool import pipeline

_EXAMPLES = int(os.environ.get("PLANTOOL_FUZZ_EXAMPLES", "200"))

_PIECES = (
    # numbers: plain, grouped, decimal, full-width, Chinese, percent in words, huge
    "1", "20", "305", "6.5", "1,200", "0.5", "１２３", "４．５", "三千", "两", "十四五", "二○三五",
    "百分之七", "百分之八点五", "一", "万", "亿", "千", "万亿", "9" * 30, "1" * 320, "7" * 19 + ".5",
    "20072801493.072801493",
    # units, bounds and ranges
    "元", "亿元", "万元", "%", "％", "个百分点", "家", "个", "人", "万人", "张", "公里", "平方米",
    "倍", "年", "月", "日", "以上", "左右", "以内", "余", "多", "超过", "不低于", "—", "-", "～", "至",
    # verbs, nouns and time words
    "新增", "新建", "增长", "达到", "提高到", "下降", "控制在", "累计", "完成", "分别", "其中", "占",
    "地区生产总值", "城镇新增就业", "居民消费价格指数", "养老床位", "学位", "全年", "上半年", "力争",
    # regions and periods
    "大连市", "沙河口区", "广东省", "全国", "浙江省", "2025年", "2023年", "“十四五”", "今年",
    # punctuation, quotes, markup, breaks
    "，", "。", "；", "、", "：", "（", "）", "“", "”", "《", "》", "\n", "\n\n", " ", "**", "## ",
    "| ", "第", "每", "比上年", "由", "从", "大关", "台阶",
)
_NUMBERS = ("1", "20", "6.5", "1,200", "１２３", "三千", "百分之七", "9" * 30, "1" * 320,
            "7" * 19 + ".5", "20072801493.072801493", "0.000000000001")
_FIGURE = st.tuples(  # the shape of a figure: 新增 养老床位 1.5 万 张 以上
    st.sampled_from(("", "新增", "增长", "达到", "提高到", "控制在", "累计")),
    st.sampled_from(("", "地区生产总值", "养老床位", "居民消费价格指数", "城镇新增就业")),
    st.sampled_from(_NUMBERS), st.sampled_from(("", "万", "亿", "万亿", "千")),
    st.sampled_from(("", "元", "%", "个百分点", "张", "人", "倍")),
    st.sampled_from(("", "以上", "左右", "—3", "至8%", "，")),
).map("".join)
_TEXT = st.lists(st.one_of(st.sampled_from(_PIECES), _FIGURE, st.text(max_size=3)),
                 max_size=60).map("".join)


def _check(text: str) -> None:
    result = pipeline.process(text)
    for statement in result.statements:
        assert text[statement["start"]:statement["end"]] == statement["text"]
    for commitment in result.commitments:
        assert text[commitment["start"]:commitment["end"]] == commitment["quote"]
        assert commitment["value"] is not None


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_process_survives_and_quotes_reproduce(text):
    _check(text)


def test_the_shortest_fuzzed_failure_is_read():
    """A decimal figure of 10^18 and more (the fuzzer's 学万确20072801493.072801493亿)."""
    result = pipeline.process("学万确20072801493.072801493亿")
    assert [c["quote"] for c in result.commitments] == ["学万确20072801493.072801493亿"]
    assert result.commitments[0]["value"] == 2.0072801493072801e18


def test_a_number_of_hundreds_of_digits_is_read_whole():
    """A figure of 320 digits does not stop the document; its value keeps every digit (a
    fraction that no float could hold is rounded to the nearest whole)."""
    digits = "1" * 320
    text = f"全市新增养老床位{digits}张，增长{digits}.5%。"
    result = pipeline.process(text)
    _check(text)
    values = [c["value"] for c in result.commitments]
    assert values == [int(digits), int(digits) + 1]
