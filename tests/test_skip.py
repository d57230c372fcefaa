"""Skip rules: one test per rule on a sentence of its shape, and a score against the
labelled non-commitments of the seeds (tests/gold/*.skipped.jsonl)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

import pytest

from plantool import numbers, segment, skip
from plantool.clean import normalise_newlines, parse_copy
from plantool.extract import scan

from .conftest import GOLD, SEEDS


def first_hit(sentence: str, number: str) -> tuple[str, numbers.Hit]:
    """The parse copy of ``sentence`` and the hit that starts at ``number``."""
    parse = parse_copy(sentence)
    start = sentence.index(number)
    hit = next(h for h in numbers.scan(parse) if h.start == start)
    return parse, hit


def rule_for(sentence: str, number: str) -> str:
    parse, hit = first_hit(sentence, number)
    rule = skip.matching_rule(parse, hit)
    return rule.name if rule is not None else ""


# One sentence of each shape, written for the test: (rule, sentence, the number it drops).
RULE_CASES = [
    ("quoted-name", "启动“百城千县”专项行动。", "百城"),
    ("quoted-name", "出版《城市发展的10个问题》一书。", "10"),
    ("footnote-or-per-unit", "每10万人口拥有医生30名。", "10万"),
    ("footnote-or-per-unit", "全市人口增长[3]明显。", "3"),
    ("ordinal-or-identifier", "召开第5届博览会。", "5"),
    ("ordinal-or-identifier", "开通地铁12号线。", "12"),
    ("code-letters", "部署R1模型服务。", "1"),
    ("code-letters", "建成5G基站。", "5"),
    ("code-letters", "创建5A级旅游景区。", "5"),
    ("date-word", "2030年前实现碳达峰。", "2030"),
    ("date-word", "庆祝建校70周年。", "70"),
    ("month", "于6月启动招生。", "6"),
    ("change-baseline", "补助标准由每人300元提高到360元。", "300"),
    ("no-unit", "综合指数达到105.3。", "105.3"),
    ("no-unit", "景气指数超过105。", "105"),
    ("no-unit", "景气指数回升到105。", "105"),
    ("no-unit", "推进三大行动。", "三"),
    ("duration-name", "建设10分钟健身圈。", "10"),
    ("chinese-slogan", "完善三项机制。", "三"),
    ("chinese-slogan", "建设一批示范工程。", "一"),
    ("chinese-slogan", "向群众交上一份满意答卷。", "一"),
    ("big-slogan", "聚焦6个大产业集群。", "6"),
    ("defining-threshold", "年营收2000万元以上企业纳入统计。", "2000万"),
    ("scope-of-rate", "12个监测断面达标率保持100%。", "12"),
    ("age", "为80岁老人发放补贴。", "80"),
    ("ranking", "跻身全国前20位。", "20"),
    ("ranking", "经济总量排名全国12位。", "12"),
    ("ranking", "吞吐量位居全球最繁忙机场26位。", "26"),
    ("ranking", "考核排名上升6位。", "6"),
    ("ranking", "建设30万吨级码头。", "30万"),
    ("ranking", "培育产值10亿级企业。", "10亿"),
]


@pytest.mark.parametrize("rule, sentence, number", RULE_CASES)
def test_each_rule_drops_a_number_of_its_shape(rule, sentence, number):
    assert rule_for(sentence, number) == rule


def test_every_rule_has_a_case_and_a_docstring():
    names = [r.name for r in skip.SKIP_RULES]
    assert len(set(names)) == len(names)
    assert set(names) == {rule for rule, _, _ in RULE_CASES}
    for rule in skip.SKIP_RULES:
        assert rule.reason and (rule.predicate.__doc__ or "").strip()


@pytest.mark.parametrize("sentence, number", [
    ("新建公办幼儿园18所。", "18"),
    ("地区生产总值增长6%左右。", "6"),
    ("城镇新增就业超过百万人。", "百万"),
    ("新培育30户以上智能工厂。", "30"),
    ("居民消费价格指数控制在103左右。", "103"),
    ("物价指数104以内。", "104"),
    ("城乡居民收入倍差缩小到2.3以内。", "2.3"),
    ("城乡居民收入比缩小至2.25。", "2.25"),
    ("工业品出厂价格指数控制在104。", "104"),
    ("平均预期寿命达到80岁左右。", "80"),
    ("工业产值突破500亿元大关。", "500亿"),
    ("引进高端人才35位。", "35"),
    ("新增两院院士3位。", "3"),
    ("带动上千家企业转型。", "千"),
])
def test_commitments_pass_every_rule(sentence, number):
    assert rule_for(sentence, number) == ""
    assert skip.skip_reason(*first_hit(sentence, number)) == ""


def test_precedence_is_table_order():
    # A date inside quotation marks is a quoted name: the first rule wins.
    assert rule_for("开展“2025年服务月”活动。", "2025") == "quoted-name"
    assert skip.skip_reason(*first_hit("开展“2025年服务月”活动。", "2025")) == \
        "name: inside quotation marks"


def test_the_extraction_keeps_dropped_numbers_with_their_reason():
    sentence = "2025年新建公办幼儿园18所。"
    result = scan(parse_copy(sentence))
    assert [(q.value, q.unit) for q in result.quantities] == [(18, "所")]
    assert [(d.text, d.rule, d.reason) for d in result.dropped] == [("2025", "date-word", "date")]


def test_a_number_described_as_an_existing_package_is_dropped_with_a_reason():
    result = scan(parse_copy("落实稳就业20项措施。"))
    assert result.quantities == []
    assert [d.rule for d in result.dropped] == ["implements-existing"]


# Scoring against the gold labels of the seeds.

#: The share of labelled quotes whose numbers the current code drops (measured: 539 of 539),
#: and how many of them a rule drops with its reason (measured: 486; the others are
#: never read as numbers or stand outside any sentence, in page chrome).
GOLD_FLOOR = 1.0
GOLD_RULE_DROPS = 486


@dataclass
class Outcome:
    reason: str  # the gold label's kind (date, name, list-number …)
    verdict: str  # dropped | not a number hit | outside any sentence | extracted
    rules: tuple[str, ...] = ()


def _gold_kind(reason: str) -> str:
    return reason.split(":")[0].strip()


def _sentence_spans(text: str) -> list[segment.Sentence]:
    parse = parse_copy(text)
    return segment.sentences(text, parse, segment.blocks(text, parse))


def _judge(text: str, sentences: list[segment.Sentence], start: int, end: int) -> tuple[str, tuple]:
    """Whether the numbers in text[start:end] are dropped by the extraction of their sentence."""
    around = [s for s in sentences if s.start < end and start < s.end]
    if not around:
        return "outside any sentence", ()
    verdict, rules = "not a number hit", []
    for sentence in around:
        parse = parse_copy(text[sentence.start:sentence.end])
        lo, hi = start - sentence.start, end - sentence.start
        result = scan(parse)
        if any(q.num_start < hi and lo < q.num_end for q in result.quantities):
            return "extracted", ()
        for dropped in result.dropped:
            if dropped.start < hi and lo < dropped.end:
                assert dropped.reason, dropped
                verdict = "dropped"
                rules.append(dropped.rule)
    return verdict, tuple(rules)


def _outcomes() -> list[Outcome]:
    found = []
    for gold in sorted(GOLD.glob("*.skipped.jsonl")):
        stem = gold.name.removesuffix(".skipped.jsonl")
        text = normalise_newlines((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"))
        sentences = _sentence_spans(text)
        cursor: dict[str, int] = {}
        for line in gold.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            label = json.loads(line)
            quote = label["quote"]
            start = text.find(quote, cursor.get(quote, 0))
            if start < 0:
                start = text.find(quote)
            assert start >= 0, (gold.name, quote)
            cursor[quote] = start + len(quote)  # the same quote again: its next occurrence
            verdict, rules = _judge(text, sentences, start, start + len(quote))
            found.append(Outcome(_gold_kind(label["reason"]), verdict, rules))
    return found


def test_gold_non_commitments_are_dropped_with_a_reason(capsys):
    outcomes = _outcomes()
    assert len(outcomes) == 539
    verdicts = Counter(o.verdict for o in outcomes)
    confusion = Counter((o.reason, rule) for o in outcomes for rule in o.rules)
    with capsys.disabled():
        print(f"\ngold non-commitments: {len(outcomes)}; " +
              ", ".join(f"{v}: {n}" for v, n in verdicts.most_common()))
        for (reason, rule), n in sorted(confusion.items()):
            print(f"  {reason:<14} {rule:<22} {n}")
    dropped = len(outcomes) - verdicts["extracted"]
    assert dropped / len(outcomes) >= GOLD_FLOOR
    assert verdicts["dropped"] >= GOLD_RULE_DROPS
