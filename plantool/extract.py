"""Extraction: the quantified commitments of one sentence.

One record per number (a number shared by an enumeration of rates gives one record per
rate). For each number the extractor reads, on the parse copy of the sentence:

* the value, a range's upper end, the multiplier and the unit after it;
* the qualifier around it (以上, 左右, 超过, 不低于 …);
* the counted thing (metric) and the verb acting on it (action), either before the
  number (新增家庭养老床位1000张) or after it (新增2160个学位);
* the measure: amount, level or change.

The stages: :mod:`plantool.numbers` reads the hits; :data:`plantool.skip.SKIP_RULES`
drops the numbers that are not commitments (dates, list numbers, names, versions,
slogan counts, thresholds that define a metric); the counted noun is read before or
after the number (:mod:`plantool.phrases`), completed by :data:`METRIC_PASSES`, and
measured by :data:`MEASURE_RULES`; enumerations of rates and 分别 lists are split last.
:func:`scan` returns the quantities with every dropped number and its reason;
:func:`extract` returns the quantities only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from plantool import numbers, phrases, vocab
from plantool.clean import LIST_DELIM
from plantool.numbers import Hit, before_qualifier
from plantool.phrases import (
    PERIOD_ALONE,
    clean_metric,
    metric_before,
    quote_from,
    strip_tail_words,
    strip_words,
    tidy_left,
    trailing_verb,
)
from plantool.phrasewords import trailing_state_verb
from plantool.skip import matching_rule

_JOINERS = "、和及与"
_DEPENDENT_NOUNS = {row[0]: tuple(row[1].split(",")) for row in vocab.rows("dependent_nouns.tsv")}


@dataclass
class Quantity:
    """One number with what it counts; offsets are relative to the sentence."""

    value: Decimal
    value_max: Decimal | None
    unit: str
    unit_family: str
    qualifier: str
    metric: str
    action: str
    measure: str
    num_start: int
    num_end: int  # end of unit and qualifier
    quote_start: int
    quote_end: int
    clause: int = 0
    notes: list[str] = field(default_factory=list)
    time_hint: str = ""  # an in-clause time word that sets the period (两年, 到2027年)


_COMPARED = re.compile(rf"(比|较)[^，,]{{0,8}}({vocab.alternation('comparison_verbs.txt')})[了]?$")
_STATUS = re.compile(r"(成为|跻身)[^，,；;]{0,12}(第[一二三四五六七八九十\d]{1,3}|首)个")


class _Measured(NamedTuple):
    """What decides the measure of a number."""

    action: str
    verb_measure: str  # the measure the verb signals (verbs.tsv), "" when none
    family: str  # the unit family
    left_raw: str  # the clause text before the number


class MeasureRule(NamedTuple):
    name: str
    applies: Callable[[_Measured], bool]
    measure: str


def points(m: _Measured) -> bool:
    """Percentage points (提高1个百分点): always a change."""
    return m.family == "points"


def change_verb_on_a_rate(m: _Measured) -> bool:
    """A change verb on a percent, ratio or per mille (增长6%): a change."""
    return m.verb_measure == "change" and m.family in ("percent", "ratio", "permille")


def raise_or_cut_by_an_amount(m: _Measured) -> bool:
    """减少/提高/提升 with a counted unit (减少20亿元): the amount moved."""
    return m.verb_measure == "change" and m.action in ("减少", "提高", "提升")


def change_verb(m: _Measured) -> bool:
    """Any other change verb (增加, 下降): a change."""
    return m.verb_measure == "change"


def level_verb(m: _Measured) -> bool:
    """A level verb (达到, 保持在, 控制在): a level."""
    return m.verb_measure == "level"


def percent_without_change_verb(m: _Measured) -> bool:
    """A percent or per mille without a change verb (覆盖率95%): a level."""
    return m.family in ("percent", "permille")


def against_a_baseline(m: _Measured) -> bool:
    """A rise against a baseline on the left (比年初增加N亿元): a change."""
    return bool(_COMPARED.search(m.left_raw))


def cumulative_stock(m: _Measured) -> bool:
    """累计 without an amount verb (累计N个): the stock reached, a level."""
    return "累计" in m.left_raw and m.verb_measure != "amount"


def amount_verb(m: _Measured) -> bool:
    """An amount verb (新建, 新增, 完成): an amount delivered."""
    return m.verb_measure == "amount"


def ratio_without_verb(m: _Measured) -> bool:
    """A ratio (倍) without a verb (是上年的1.2倍): a change."""
    return m.family == "ratio"


#: The measure rules in precedence order; a number no rule matches is a level.
MEASURE_RULES: tuple[MeasureRule, ...] = (
    MeasureRule("points", points, "change"),
    MeasureRule("change-verb-on-a-rate", change_verb_on_a_rate, "change"),
    MeasureRule("raise-or-cut-by-an-amount", raise_or_cut_by_an_amount, "amount"),
    MeasureRule("change-verb", change_verb, "change"),
    MeasureRule("level-verb", level_verb, "level"),
    MeasureRule("percent", percent_without_change_verb, "level"),
    MeasureRule("against-a-baseline", against_a_baseline, "change"),
    MeasureRule("cumulative", cumulative_stock, "level"),
    MeasureRule("amount-verb", amount_verb, "amount"),
    MeasureRule("ratio", ratio_without_verb, "change"),
)


def _measure(action: str, unit: vocab.Unit | None, metric: str, left_raw: str) -> str:
    """Amount, level or change: the first of :data:`MEASURE_RULES` that applies."""
    family = unit.family if unit else ""
    verb_measure = vocab.verbs().get(action, "")
    if not verb_measure and "新增" in metric and family not in ("percent", "points"):
        verb_measure = "amount"  # 城镇新增就业1100万人: the verb sits inside the indicator
    facts = _Measured(action, verb_measure, family, left_raw)
    return next((r.measure for r in MEASURE_RULES if r.applies(facts)), "level")


@dataclass
class Dropped:
    """A number read in a sentence but not kept as a quantity, and why."""

    start: int
    end: int
    text: str
    rule: str
    reason: str


@dataclass
class Extraction:
    """What one sentence gives: its quantities and the numbers dropped on the way."""

    quantities: list[Quantity]
    dropped: list[Dropped]


_OVERLAP = ("overlap", "part of the number before it")


_CROSSING_VERBS = tuple(sorted((r[1] for r in vocab.rows("milestones.tsv") if r[0] == "verb"),
                               key=len, reverse=True))
_MILESTONE = ("milestone", "a milestone crossed (突破N大关, 迈上N台阶), not the result")


def _kept_hits(parse: str, dropped: list[Dropped]) -> list[tuple[Hit, int]]:
    """The hits that survive the skip rules, each with the end of its milestone word (0 when
    it is no milestone: a milestone is kept to name the subject, never recorded); the
    others are added to ``dropped``."""
    hits: list[tuple[Hit, int]] = []
    for hit in numbers.scan(parse):
        if hits and hit.start < hits[-1][0].end:
            dropped.append(Dropped(hit.start, hit.end, parse[hit.start:hit.end], *_OVERLAP))
            continue
        end = phrases.milestone_end(parse, hit)
        if end:
            dropped.append(Dropped(hit.start, hit.end, parse[hit.start:hit.end], *_MILESTONE))
            hits.append((hit, end))
            continue
        rule = matching_rule(parse, hit)
        if rule is not None:
            dropped.append(Dropped(hit.start, hit.end, parse[hit.start:hit.end], rule.name,
                                   rule.reason))
            continue
        hits.append((hit, 0))
    return hits


def _milestone_subject(parse: str, hit: Hit, left_start: int, end: int) -> Quantity:
    """What a milestone tells the numbers after it: the subject that crossed it
    (全市生产总值突破N大关 → 生产总值), as a level record kept only when no later
    record of the sentence measures that subject (推动产业规模迈上千亿元台阶)."""
    left = _read_left(parse, hit, left_start)
    text = strip_tail_words(left.text.rstrip())
    verb = next((v for v in _CROSSING_VERBS if text.endswith(v)), "")
    metric = metric_before(strip_tail_words(text[: len(text) - len(verb)]))[0]
    metric = metric if len(metric) >= 2 else ""
    start = min(hit.start, quote_from(parse, left_start, hit.start, metric, verb, False))
    unit = None if parse[hit.unit_start:end] in phrases.MILESTONE_NOUNS else hit.unit  # 5万亿台阶
    return Quantity(hit.value, hit.value_max, unit.canonical if unit else "",
                    unit.family if unit else "", left.qualifier or "超过", metric, verb,
                    "level", hit.start, end, start, end)


def _kept_milestones(milestones: list[Quantity], found: list[Quantity]) -> list[Quantity]:
    """The milestones whose subject no later record of the sentence measures."""
    return [m for m in milestones if m.metric and not any(
        q.metric == m.metric and q.num_start > m.num_start for q in found)]


def scan(parse: str) -> Extraction:
    """The quantities of one sentence, given its parse copy, with the dropped numbers."""
    dropped: list[Dropped] = []
    hits = _kept_hits(parse, dropped)
    found: list[Quantity] = []
    milestones: list[Quantity] = []
    previous: Quantity | None = None
    last: Quantity | None = None
    previous_hit_end = 0
    for index, (hit, landmark_end) in enumerate(hits):
        clause_start, clause_end = phrases.clause_bounds(parse, hit.start)
        if previous is not None and previous.clause != clause_start:
            previous = None
        left_start = max(clause_start, previous_hit_end if previous else clause_start)
        if landmark_end:
            previous = last = _milestone_subject(parse, hit, left_start, landmark_end)
            previous.clause, previous_hit_end = clause_start, landmark_end
            milestones.append(previous)
            continue
        quantities = _describe(parse, hit, left_start, clause_end, previous,
                               [h for h, _ in hits[index + 1:]], last)
        if isinstance(quantities, tuple):
            dropped.append(Dropped(hit.start, hit.end, parse[hit.start:hit.end], *quantities))
            quantities = []
        for q in quantities:
            q.clause = clause_start
        found.extend(quantities)
        if quantities:
            previous = last = quantities[-1]
        previous_hit_end = max([hit.end] + [q.quote_end for q in quantities
                                            if q.quote_end > hit.end])
    _apply_respectively(parse, found)
    kept = _kept_milestones(milestones, found)
    dropped = [d for d in dropped if not any(d.start == m.num_start for m in kept)]
    return Extraction(sorted(found + kept, key=lambda q: q.num_start), dropped)


def extract(parse: str) -> list[Quantity]:
    """The quantities of one sentence, given its parse copy."""
    return scan(parse).quantities


@dataclass
class _Left:
    """The clause text before a number, read from the number outwards."""

    raw: str  # from the start of the left context to the number
    text: str  # without joiners, a bounding word, durations, baselines, per-unit phrases
    qualifier: str
    trailing: str  # a level, change or neutral verb right before the number (增长, 达到)
    noun: str  # the counted phrase (with its leading verb) before that verb
    amount_tail: str  # an amount verb ending the phrase (…6千亩 after 人工造林 is not one)


def _read_left(parse: str, hit: Hit, left_start: int) -> _Left:
    """Split the left context into qualifier, trailing verb and counted phrase."""
    raw = parse[left_start:hit.start]
    text = raw.lstrip(_JOINERS + " ").rstrip()
    qualifier, q_word = before_qualifier(text)
    if q_word:
        text = text[: -len(q_word)]
    text = tidy_left(text)
    body, trailing = trailing_state_verb(text)
    noun, amount_tail = phrases.split_amount_tail(strip_tail_words(body))
    return _Left(raw, text, hit.qualifier or qualifier, trailing, noun, amount_tail)


@dataclass
class _Slot:
    """What is known about one number while the metric passes run."""

    hit: Hit
    left: _Left
    right: str  # the clause text after the number, up to the next number
    previous: Quantity | None  # the record before it in the same clause
    last: Quantity | None  # the record before it in the sentence
    metric: str = ""
    action: str = ""
    after: bool = False  # the counted noun follows the number
    subject: tuple[str, int] = ("", 0)  # an indicator a clause without a figure names, where


def noun_before_number(slot: _Slot) -> None:
    """The counted noun stands before the number (新增家庭养老床位1000张)."""
    slot.metric, lead = metric_before(slot.left.noun)
    slot.action = slot.left.trailing or slot.left.amount_tail or lead


def noun_after_number(slot: _Slot) -> None:
    """The counted noun follows the number (新增2160个学位); a noun of one or two characters
    is completed by the phrase before the number (新建城市N个公园 → 城市公园)."""
    left = slot.left
    metric, verb_after = phrases.metric_after(slot.right)
    before, lead = metric_before(left.noun)
    action = left.amount_tail or left.trailing or lead or verb_after
    if left.noun.lstrip().startswith("对") and verb_after:
        action = verb_after  # 对N公里管道进行改造: the verb follows the noun
    if len(metric) <= 2 and before and lead and not phrases.region_like(before):
        metric = before + metric
    slot.metric, slot.action = metric, action


def money_itself(slot: _Slot) -> None:
    """An amount of money followed by its purpose (安排N亿元支持…): the money is counted."""
    unit = slot.hit.unit
    if not slot.metric and not slot.after and unit is not None and unit.family in phrases.MONEY_FAMILIES \
            and phrases.PURPOSE.match(slot.right):
        slot.metric = "资金"


_PART_WORDS = ("其中",)
_REFERENCE_NOUNS = vocab.words("reference_nouns.txt")


def reference_noun(slot: _Slot) -> None:
    """A noun that refers to the target or the figure before (控制在预期目标3%以内, 总量折合
    N美元) counts nothing itself: the number measures the subject before it."""
    if slot.metric in _REFERENCE_NOUNS:
        slot.metric = ""


def lead_subject_metric(slot: _Slot) -> None:
    """A figure naming nothing or only a period (达到N亿元, 一季度增长4.5%) after a clause
    that names an indicator without a figure (经济增速逐季回升，…) measures it, unless a
    figure of another metric stands between them."""
    (subject, at), last = slot.subject, slot.last
    if subject and (last is None or last.num_start < at or last.metric.endswith(subject)) \
            and (not slot.metric or PERIOD_ALONE.match(slot.metric)):
        slot.metric = slot.metric.replace("全年", "") + subject


def inherited_metric(slot: _Slot) -> None:
    """A bare number after another (新建N所、N所): it counts what the one before counts,
    unless it is announced as a part of it (其中67%) or the one before names only a period
    (上半年增长5%)."""
    source = slot.previous or slot.last
    if strip_words(slot.left.noun.strip(_JOINERS + " ")) in _PART_WORDS:
        return  # 其中67%: a part of the figure before it, not the same thing
    if source is not None and PERIOD_ALONE.match(source.metric):
        return  # 上半年增长5%，全年增长6%: a period alone is no subject to carry
    if not slot.metric and source is not None:
        slot.metric = source.metric
        family = slot.hit.unit.family if slot.hit.unit else ""
        if source is slot.previous or source.unit_family == family:
            slot.action = slot.action or source.action  # not 增长N%，折N美元: another family


def shared_list_verb(slot: _Slot) -> None:
    """A list item after 、 without its own verb (改造A N公里、B N公里) shares the amount verb."""
    previous = slot.previous
    if previous is not None and not slot.action and previous.action and \
            vocab.verbs().get(previous.action) == "amount" and slot.left.raw.startswith(LIST_DELIM):
        slot.action = previous.action


def share_of_previous(slot: _Slot) -> None:
    """A share (占…N%) after a figure: it is the share of the metric before it, whether 占
    is kept in the noun (占GDP比重) or read as the verb (，占规上工业比重45%)."""
    last = slot.last
    if last is None or not last.metric or slot.after:
        return
    if slot.metric.startswith("占"):
        slot.metric = last.metric + slot.metric
    elif slot.action == "占" and strip_words(slot.left.noun.lstrip(_JOINERS + " ")).startswith("占"):
        base = slot.left.noun[slot.left.noun.index("占") + 1:].rstrip("的 ")
        scope = base[: len(base) - len(strip_words(base))]  # 占全国…: the scope says of what
        slot.metric = last.metric + "占" + (scope + clean_metric(base) if clean_metric(base) else base)


def dependent_noun(slot: _Slot) -> None:
    """A noun that needs an owner (学位, 面积) after a figure whose metric owns it (幼儿园)."""
    last = slot.last
    for noun, owners in _DEPENDENT_NOUNS.items():
        if slot.metric == noun and last is not None and last.metric.endswith(owners):
            slot.metric = last.metric + noun


class MetricPass(NamedTuple):
    name: str
    apply: Callable[[_Slot], None]


#: Passes that complete the metric and action after the counted noun is read, in order.
METRIC_PASSES: tuple[MetricPass, ...] = (
    MetricPass("money-itself", money_itself),
    MetricPass("reference-noun", reference_noun),
    MetricPass("lead-subject", lead_subject_metric),
    MetricPass("inherited", inherited_metric),
    MetricPass("shared-list-verb", shared_list_verb),
    MetricPass("share-of-previous", share_of_previous),
    MetricPass("dependent-noun", dependent_noun),
)


def _not_a_commitment(slot: _Slot) -> tuple[str, str] | None:
    """(rule, reason) when the number, once described, is not a commitment."""
    if strip_words(slot.left.text.lstrip()).startswith(vocab.noncommitment_verbs()):
        return "implements-existing", "counts a package already decided (落实…N项措施)"
    if slot.after and not slot.action and "的" in slot.right[:12]:
        return "description", "a description, not a commitment (N亿多人口的…)"
    if _STATUS.search(slot.left.text):
        return "status", "a rank reached (成为全国第十个总量超万亿元城市), not a figure"
    return None


def _describe(parse: str, hit: Hit, left_start: int, clause_end: int,
              previous: Quantity | None, later: list[Hit],
              last: Quantity | None) -> list[Quantity] | tuple[str, str]:
    """The records of one number, or (rule, reason) when it is dropped."""
    left = _read_left(parse, hit, left_start)
    slot = _Slot(hit, left, phrases.right_context(parse, hit, later, clause_end), previous, last,
                 subject=phrases.lead_subject(parse, left_start))
    slot.after = phrases.noun_follows(slot.right, hit, left.noun, left.trailing)
    (noun_after_number if slot.after else noun_before_number)(slot)
    dropped = _not_a_commitment(slot)
    if dropped is not None:
        return dropped
    for metric_pass in METRIC_PASSES:
        metric_pass.apply(slot)
    return _records(parse, slot, left_start)


def _records(parse: str, slot: _Slot, left_start: int) -> list[Quantity]:
    """One record, or one per rate of an enumeration sharing the number."""
    hit, left = slot.hit, slot.left
    measure = _measure(left.trailing or slot.action, hit.unit, slot.metric, left.raw)
    unit = hit.unit.canonical if hit.unit else ""
    family = hit.unit.family if hit.unit else ""
    quote_start = min(hit.start, quote_from(parse, left_start, hit.start, slot.metric,
                                            slot.action, slot.after))
    quote_end = hit.end if hit.unit is not None else phrases.measure_word_end(parse, hit.end)
    if slot.after and slot.metric:
        quote_end = phrases.metric_end(parse, hit.end, slot.right, slot.metric)

    def record(metric: str, start: int) -> Quantity:
        return Quantity(hit.value, hit.value_max, unit, family, left.qualifier, metric,
                        slot.action, measure, hit.start, hit.end, start, quote_end)

    items = [] if slot.after or "分别" in left.raw else phrases.rate_enumeration(left.noun)
    if not items:
        return [record(slot.metric, quote_start)]
    records, cursor = [], quote_start
    for item in items:
        pos = parse.find(item, cursor)
        records.append(record(clean_metric(item), pos if pos >= 0 else quote_start))
        if pos >= 0:
            cursor = pos + len(item)
    return records


def _apply_respectively(parse: str, found: list[Quantity]) -> None:
    """A、B分别增长2%、20%: give the i-th number the i-th subject."""
    by_clause: dict[int, list[Quantity]] = {}
    for q in found:
        by_clause.setdefault(q.clause, []).append(q)
    for clause_start, group in by_clause.items():
        if len(group) >= 2:
            _respectively(parse, clause_start, group, [q for q in found if q.clause < clause_start])


def _respectively(parse: str, clause_start: int, group: list[Quantity], before: list[Quantity]) -> None:
    """Map the numbers of one clause to the subjects before its 分别; a clause opening on
    分别 (A N亿元，B N元，分别增长…) takes the subjects of the figures before it."""
    window = parse[clause_start:group[0].num_start]
    idx = window.find("分别")
    if idx < 0:
        return
    subject, tail = trailing_verb(window[:idx])
    if tail in vocab.noun_verbs() and strip_words(subject):
        subject = window[:idx]  # 固定资产投资分别…: after a noun, 投资 is the noun's own
    _, action = trailing_verb(window[idx + 2:].rstrip())
    subjects = phrases.respective_subjects(subject, len(group)) if subject.strip(" ，,") else \
        phrases.subjects_of_figures([(q.metric, q.clause) for q in before], len(group))
    if subjects is None:
        return
    shared, last = "", subjects[-1]
    if "占" in last:  # A、B占GDP比重分别为…: the share phrase belongs to every subject
        shared = last[last.index("占"):]
        subjects[-1] = last[: last.index("占")]
    for q, subj in zip(group, subjects, strict=True):
        q.metric = clean_metric(subj + shared)
        if action:
            q.action = action
        q.quote_start = min(q.quote_start, clause_start)
        q.quote_end = max(q.quote_end, group[-1].num_end)
