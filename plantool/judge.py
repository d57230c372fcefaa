"""The status rule: which way a target points and whether a result meets it.

A target is a *floor* (at least: 增长6%以上, 新增1000张) or a *ceiling* (at most: 控制在3%
左右, 下降到5%以内), read from its qualifier, verb and metric by ``SENSE_RULES`` in order;
``judge`` compares a result with it under the tolerances of :class:`Rules`.
``CANDIDATE_RULES`` keep out results that may not stand for a target however alike
their metrics (a quarter's figure, a per-head figure of a total, a yearly average, a
share of a total); ``RANK_RULES`` order the comparable ones. ``combine`` makes one
result of several over a span (a sum, the latest level, compounded changes) and
``rate`` gives one target its :class:`Rating` from its candidates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from plantool import align, matching, numbers, periods, vocab
from plantool.schema import commitment_record

_EPS = 1e-9


@dataclass(frozen=True)
class Rules:
    """The tolerances of the status rule and the alignment threshold."""

    approx_floor: float = 0.97  # 左右/约 on a floor: met at this share of the target
    approx_ceiling: float = 1.03  # 左右/约 on a ceiling: met up to this share of it
    partly: float = 0.5  # a floor is partly met from this share of the target
    min_similarity: float = 80.0  # align.similarity (0-100) a result's metric needs


@dataclass
class Candidate:
    """One result considered for a target."""

    record: dict
    similarity: float
    comparable: bool
    note: str = ""
    chosen: bool = False
    aside: bool = False  # kept out by a CANDIDATE_RULES rule, not by measure or unit


@dataclass
class Rating:
    """A target's status, the result it was judged on and every candidate considered."""

    target: dict
    status: str
    sense: str  # floor | ceiling
    approx: bool
    due: bool
    result: dict | None = None
    value: float | None = None  # the result in the target's unit and direction
    ratio: float | None = None
    basis: str = ""
    why: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    result_doc_id: int | None = None  # the result's document (None: none, or several)
    target_path: str = ""  # the documents' paths, filled in by the queries
    result_path: str = ""
    brief: bool = False  # read with its target's id, region and sector only (see progress.complete)


class Compared(dict):
    """A stored commitment row being rated: the row's own fields, untouched (so that it
    prints as stored), and, as attributes, what rating works out about it."""

    __slots__ = ("inherited_metric", "inherited_from")

    def __init__(self, row: dict, inherited_metric: str = "",
                 inherited_from: int | None = None) -> None:
        super().__init__(row)
        self.inherited_metric = inherited_metric  # the metric of the number before it
        self.inherited_from = inherited_from  # the id of that number's record


def metric_of(row: dict) -> str:
    """The metric a record counts, or the one it inherits (see ``fill_elliptical``)."""
    return getattr(row, "inherited_metric", "") or row.get("metric") or ""


# --- vocabularies -------------------------------------------------------------------


@cache
def direction_words(role: str) -> tuple[str, ...]:
    """Words of ``data/direction.tsv`` with a role: lower, fall or ceiling."""
    return tuple(row[0] for row in vocab.rows("direction.tsv") if row[1] == role)


def is_fall(action: str | None) -> bool:
    """Does the verb state a decline (下降, 累计下降, 减少)? 下降到/降至 reach a level."""
    action = action or ""
    return any(action.endswith(word) for word in direction_words("fall"))


def falls(row: dict) -> bool:
    """Is the record's number a decline? Its verb says so, or its metric ends with one
    (国内生产总值能耗下降 5.6%)."""
    return is_fall(row.get("action")) or is_fall(metric_of(row))


def _capped_by_qualifier(target: dict) -> str | None:
    """A qualifier that caps the number (以下, 以内 — stored for 不超过, 低于 …): a ceiling."""
    return "ceiling" if vocab.qualifier_direction(target.get("qualifier") or "") == "ceiling" \
        else None


def _floor_or_decline(target: dict) -> str | None:
    """A qualifier that bounds it from below (以上, 不低于), or a stated decline
    (下降16%: the decline is the promise): a floor."""
    floor = vocab.qualifier_direction(target.get("qualifier") or "") == "floor"
    return "floor" if floor or falls(target) else None


def _capped_by_verb_or_metric(target: dict) -> str | None:
    """A verb that caps (控制在), or a metric where less is the promise (失业率, 能耗): a ceiling."""
    metric = metric_of(target)
    if (target.get("action") or "") in direction_words("ceiling") or \
            any(w in metric for w in direction_words("lower")):
        return "ceiling"
    return None


#: Which way a target bounds its promise: the first rule that answers decides; a target
#: none of them answers for is a floor (plain amounts and growth).
SENSE_RULES: tuple[tuple[str, Callable[[dict], str | None]], ...] = (
    ("qualifier caps", _capped_by_qualifier),
    ("floor or decline", _floor_or_decline),
    ("verb or metric caps", _capped_by_verb_or_metric),
)


def sense_of(target: dict) -> tuple[str, bool]:
    """(floor | ceiling, approximate?) of a target, from qualifier, verb and metric."""
    approx = vocab.qualifier_direction(target.get("qualifier") or "") == "approx"
    for _, rule in SENSE_RULES:
        sense = rule(target)
        if sense:
            return sense, approx
    return "floor", approx


# --- which results may stand for a target -----------------------------------------------


def _role_words(role: str) -> tuple[str, ...]:
    return align.metric_words(role)


_MONTHS = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[-—–~～至到]\s*"
                     r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月|前[\d一二三四五六七八九十]{1,2}个?月")


def _own_words(row: dict) -> str:
    """What a record itself says of what it counts: its stored metric and its quote (not
    a metric it inherits)."""
    return (row.get("metric") or "") + "|" + (row.get("quote") or "")


def _names_part_of_year(text: str) -> bool:
    return any(w in text for w in _role_words("part-year")) or bool(_MONTHS.search(text))


def _part_of_year(target: dict, result: dict) -> str | None:
    """A figure for part of a year (一季度地区生产总值下降3%, 1-5月, 上半年) stands for no
    target of a whole year."""
    if _names_part_of_year(_own_words(result)) and not _names_part_of_year(_own_words(target)):
        return "a figure for part of a year"
    return None


def _without_per_head(key: str) -> str:
    for word in _role_words("per-head"):
        key = key.replace(word, "")
    return key


def _per_head_of_total(target: dict, result: dict) -> str | None:
    """A per-head figure (人均地区生产总值) is another indicator than its total (地区生产总值),
    and the other way round — except people's incomes and spending, per head unsaid."""
    keys = [metric_of(target), metric_of(result)]
    heads = [any(w in k for w in _role_words("per-head")) for k in keys]
    if heads[0] == heads[1] or any(w in k for k in keys for w in _role_words("per-head-implied")):
        return None
    per_head, total = (keys[1], keys[0]) if heads[1] else (keys[0], keys[1])
    stripped, key = _without_per_head(per_head), align.metric_key(total)
    if total and (stripped.endswith(key) or align.metric_key(stripped) == key):
        return "a per-head figure" if heads[1] else "a total, not the per-head figure"
    return None


def _says_average(row: dict) -> bool:
    text = (row.get("action") or "") + (row.get("metric") or "")
    return any(w in text for w in _role_words("average"))


def _average_over_years(target: dict, result: dict) -> str | None:
    """A yearly average over several years (年均增长4.7%) is no one year's result."""
    one_year = target.get("period_start") == target.get("period_end")
    if one_year and _says_average(result) and not _says_average(target):
        return "a yearly average over several years"
    return None


def _names_share(row: dict) -> bool:
    return any(w in metric_of(row) for w in _role_words("share"))


def _share_of_total(target: dict, result: dict) -> str | None:
    """A share of a total (占地区生产总值比重22.5%, 贡献率) is not the total itself — unless
    aliases name the two one indicator (研发经费投入强度 = 研发经费支出与GDP之比)."""
    same = align.metric_key(metric_of(target)) == align.metric_key(metric_of(result))
    if _names_share(result) and not _names_share(target) and not same:
        return "a share of a total"
    return None


#: Results set aside before rating, whatever their similarity: the first rule that gives
#: a reason keeps the result out of the comparable ones (``show`` lists it, with why).
CANDIDATE_RULES: tuple[tuple[str, Callable[[dict, dict], str | None]], ...] = (
    ("part of a year", _part_of_year),
    ("per head of a total", _per_head_of_total),
    ("average over years", _average_over_years),
    ("share of a total", _share_of_total),
)


def set_aside(target: dict, result: dict) -> str | None:
    """Why ``result`` may not stand for ``target`` (``CANDIDATE_RULES``), or None."""
    for _, rule in CANDIDATE_RULES:
        reason = rule(target, result)
        if reason:
            return reason
    return None


# --- how comparable results are ranked ----------------------------------------------

DOC_RANK = {"statistical_communique": 3, "work_report": 2}
DOC_LABEL = {3: "a statistical communiqué", 2: "a work report", 1: "another document"}


def _by_similarity(c, target: dict) -> float:
    """The metric more like the target's (100: the same key after aliases)."""
    return round(c.similarity, 1)


def _by_exact_period(c, target: dict) -> bool:
    """The period exactly the target's (2024, not a span ending in 2024)."""
    return (c.record.get("period_start"), c.record.get("period_end")) == (
        target.get("period_start"), target.get("period_end"))


def _by_source(c, target: dict) -> int:
    """The more authoritative document: statistical communiqué, work report, other."""
    return DOC_RANK.get(c.record.get("doc_type"), 1)


def _by_later_document(c, target: dict) -> int:
    """The later document (a revised figure replaces the preliminary one)."""
    return c.record.get("doc_date") or 0


def _by_first_mention(c, target: dict) -> int:
    """The first mention (the headline figure comes before its parts)."""
    return -(c.record.get("id") or 0)


#: How comparable candidates are ranked: by the first of these that tells them apart.
#: Each entry: name, key (higher wins), and the words ``why_chosen`` says of the winner.
RANK_RULES: tuple[tuple[str, Callable[[object, dict], object], str], ...] = (
    ("metric similarity", _by_similarity, "higher metric similarity ({a:g} vs {b:g})"),
    ("exact period", _by_exact_period, "its period is exactly the target's"),
    ("authoritative source", _by_source, "more authoritative source ({label})"),
    ("later document", _by_later_document, "later document ({a} vs {b})"),
    ("first mention", _by_first_mention, "first mention"),
)


def rank(candidate, target: dict) -> tuple:
    """The candidate's sort key: its value under each of ``RANK_RULES``, in order."""
    return tuple(key(candidate, target) for _, key, _ in RANK_RULES)


# --- the status rule ------------------------------------------------------------------


def judge(result: float, target: float, sense: str, approx: bool = False,
          target_max: float | None = None, rules: Rules = Rules()) -> tuple[str, float | None]:
    """Status (met | partly_met | missed) and ratio result/target of one comparison."""
    if sense == "ceiling":
        limit = target_max if target_max is not None else target
        bound = limit * rules.approx_ceiling if approx and limit > 0 else limit
        ratio = result / limit if limit else None
        return ("met" if result <= bound + _EPS * abs(bound) else "missed"), ratio
    bound = target * rules.approx_floor if approx and target > 0 else target
    ratio = result / target if target else None
    if result >= bound - _EPS * abs(bound):
        return "met", ratio
    if target > 0 and result >= target * rules.partly - _EPS * target:
        return "partly_met", ratio
    return "missed", ratio


def oriented(result: dict, target: dict) -> float:
    """The result's value, negative when it changes the other way from the target."""
    value = float(result["value"])
    if measure(result) == "change" and falls(result) != falls(target):
        return -value
    return value


def measure(row: dict) -> str:
    """The measure alignment reads (a 涨幅 level is a change), with the inherited metric."""
    return align.effective_measure(with_metric(row))


def with_metric(row: dict) -> dict:
    """The record as alignment should see it: with its inherited metric, if any, and a
    price index's level in % read as the change it is (see :func:`index_change`)."""
    seen = {**row, "metric": metric_of(row)} if getattr(row, "inherited_metric", "") else row
    return {**seen, "measure": "change"} if index_change(seen) else seen


def index_change(row: dict) -> bool:
    """A price index stated as a level in % (居民消费价格指数控制在103左右, read as 3% by
    :func:`numbers.index_as_change`; 物价指数控制在3%左右): an index on a base of 100
    has no level in %, the figure is its change, like 居民消费价格上涨2.1%."""
    return (row.get("measure") == "level" and (row.get("unit") or "") == "%"
            and bool(numbers.PRICE_INDEX.search(row.get("metric") or "")))


# --- combining results over a span ------------------------------------------------------


def _value(c, target: dict) -> float:
    value = align.convert(oriented(c.record, target), c.record.get("unit") or "",
                          target.get("unit") or "")
    return float(value if value is not None else math.nan)


def span_of(c) -> tuple[int, int]:
    """The first and last year of a candidate's record."""
    return c.record["period_start"], c.record["period_end"]


def _cover(comparable: Sequence) -> list:
    """Non-overlapping results, widest and best first: one per year or sub-span."""
    widest = sorted(comparable, key=lambda c: -(span_of(c)[1] - span_of(c)[0]))
    taken = matching.greedy_pick(widest, lambda c: range(span_of(c)[0], span_of(c)[1] + 1))
    return sorted(taken, key=span_of)


def combine(target: dict, comparable: Sequence) -> tuple[float, list, str]:
    """The result value for a target from its comparable candidates (best first)."""
    ts, tend = target["period_start"], target["period_end"]
    if ts == tend:
        return _value(comparable[0], target), [comparable[0]], "one result"
    whole = [c for c in comparable if span_of(c) == (ts, tend)]
    if whole:
        return _value(whole[0], target), [whole[0]], "reported for the whole span"
    kind = measure(target)
    if kind == "level":
        latest = max(comparable, key=lambda c: (span_of(c)[1], rank(c, target)))
        return _value(latest, target), [latest], f"latest level ({latest.record['period']})"
    parts = _cover(comparable)
    values = [_value(c, target) for c in parts]
    covered = sum(e - s + 1 for s, e in map(span_of, parts))
    of = f"{covered} of {tend - ts + 1} years"
    if kind == "change":
        return _compound(target, values), parts, _change_basis(target, len(parts), of)
    return sum(values), parts, f"sum of {len(parts)} results covering {of}"


def _average(target: dict) -> bool:
    return "年均" in "".join(target.get(k) or "" for k in ("metric", "action", "quote"))


def _compound(target: dict, values: list[float]) -> float:
    if _average(target):
        return sum(values) / len(values)
    if (target.get("unit") or "") != "%":
        return sum(values)
    if falls(target):
        return (1 - math.prod(1 - v / 100 for v in values)) * 100
    return (math.prod(1 + v / 100 for v in values) - 1) * 100


def _change_basis(target: dict, n: int, of: str) -> str:
    how = "mean" if _average(target) else "compound"
    return f"{how} of {n} changes covering {of}"


def aggregate_record(target: dict, parts: list, value: float) -> dict:
    """A result built from several records: the sum, latest or compound over a span."""
    records = [p.record for p in parts]
    start = min(r["period_start"] for r in records)
    end = max(r["period_end"] for r in records)
    record = commitment_record(records[-1])
    record.update({"id": None, "period": periods.Period(start, end).label,
                   "value": _number(value), "value_max": None, "unit": target.get("unit"),
                   "qualifier": "", "doc": "; ".join(dict.fromkeys(r["doc"] for r in records)),
                   "quote": "；".join(r["quote"] for r in records),
                   "parts": [r["id"] for r in records]})
    return record


def _number(value: float) -> float | int:
    rounded = round(value, 6)
    return int(rounded) if float(rounded).is_integer() else rounded


def join_notes(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


# --- rating ------------------------------------------------------------------------------


def rate(target: dict, candidates: list[Candidate], as_of: int | None,
         rules: Rules = Rules()) -> Rating:
    """The status of one target, given its candidates and the region's latest year."""
    sense, approx = sense_of(target)
    end = target.get("period_end")
    due = end is not None and as_of is not None and end < as_of
    rating = Rating(target, "", sense, approx, due, candidates=candidates)
    comparable = [c for c in candidates if c.comparable]
    if comparable and target.get("value") is not None:
        value, used, basis = combine(target, comparable)
        status, ratio = judge(value, float(target["value"]), sense, approx,
                              target.get("value_max"), rules)
        years_in, years = years_reported(target, used)
        early = status == "met" and _early(target, sense)
        if years_in < years and not early:
            status = "in_progress"
        elif not due and not early:
            status = "not_due"
        for c in used:
            c.chosen = True
        docs = {c.record.get("doc_id") for c in used}
        rating.result_doc_id = docs.pop() if len(docs) == 1 else None
        rating.result = (commitment_record(used[0].record) if len(used) == 1
                         else aggregate_record(target, used, value))
        rating.value, rating.ratio, rating.basis = value, ratio, basis
        rating.status = status
        rating.why = why_chosen(target, comparable, used)
        if years_in < years:
            rating.why = join_notes(f"{years_in} of {years} years reported", rating.why)
        if status == "met" and (not due or years_in < years):
            rating.why = join_notes(rating.why, "reached before the period ended")
    elif any(not c.aside for c in candidates):
        shown = next(c for c in candidates if not c.aside)
        rating.result = commitment_record(shown.record)
        rating.result_doc_id = shown.record.get("doc_id")
        rating.status = "not_comparable" if due else "not_due"
        rating.why = shown.note
    elif candidates:
        rating.status = "not_reported" if due else "not_due"
        rating.why = candidates[0].note
    else:
        rating.status = "not_reported" if due else "not_due"
    if rating.status == "not_due" and not rating.why:
        rating.why = f"the period ends {end}; the latest document of {target.get('region')} " \
                     f"is of {as_of}"
    return rating


def years_reported(target: dict, used: Sequence[Candidate]) -> tuple[int, int]:
    """(years of the target's span the chosen results cover, years in the span).

    A level counts up to the year of the latest one (a level of 2023 tells how far a
    2021-2025 target has come by 2023); an amount or a change counts the years its
    results cover."""
    ts, tend = target["period_start"], target["period_end"]
    years = tend - ts + 1
    if measure(target) == "level":
        latest = max(span_of(c)[1] for c in used)
        return min(latest, tend) - ts + 1, years
    covered = {y for c in used for y in range(span_of(c)[0], span_of(c)[1] + 1) if ts <= y <= tend}
    return len(covered), years


def _early(target: dict, sense: str) -> bool:
    """Can the target be met before its period ends? A floor on an amount or a level can
    (the count or level is already reached); a ceiling or a rate of change cannot."""
    return sense == "floor" and measure(target) != "change"


def why_chosen(target: dict, comparable: list[Candidate], used: list[Candidate]) -> str:
    """Why the chosen result won over the next comparable one."""
    if len(used) > 1:
        return f"{len(used)} results combined"
    winner = used[0]
    others = [c for c in comparable if c is not winner]
    if not others:
        return "the only comparable result"
    span = (target.get("period_start"), target.get("period_end"))
    if span[0] != span[1] and span_of(winner) == span:
        return "reported for the whole span"
    if span[0] != span[1] and measure(target) == "level":
        return f"the latest of {len(comparable)} comparable results"
    for name, key, words in RANK_RULES:
        a, b = key(winner, target), key(others[0], target)
        if a != b:
            label = DOC_LABEL.get(a, "") if name == "authoritative source" else ""
            return f"{words.format(a=a, b=b, label=label)}, over #{others[0].record['id']}"
    return "equal rank; first found"
