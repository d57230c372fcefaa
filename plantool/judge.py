"""The status rule: which way a target points and whether a result meets it.

A target is a *floor* (at least: 增长6%以上, 新增1000张) or a *ceiling* (at most: 控制在3%
左右, 下降到5%以内), read from its qualifier, verb and metric by ``SENSE_RULES`` in order;
``judge`` compares a result with it under the tolerances of :class:`Rules`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from plantool import align, vocab

_EPS = 1e-9


@dataclass(frozen=True)
class Rules:
    """The tolerances of the status rule and the alignment threshold."""

    approx_floor: float = 0.97  # 左右/约 on a floor: met at this share of the target
    approx_ceiling: float = 1.03  # 左右/约 on a ceiling: met up to this share of it
    partly: float = 0.5  # a floor is partly met from this share of the target
    min_similarity: float = 80.0  # align.similarity (0-100) a result's metric needs


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
    """The record as alignment should see it: with its inherited metric, if any."""
    return {**row, "metric": metric_of(row)} if getattr(row, "inherited_metric", "") else row
