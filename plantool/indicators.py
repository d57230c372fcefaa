"""Headline indicators: the dozen figures every work report sets and reviews.

The table lives in ``data/headline_indicators.tsv`` (id, label, measures, unit families,
metric keys). A commitment belongs to an indicator when its normalised metric key is one
of the indicator's keys, its unit is of one of its families and its measure is one of its
measures (GDP *growth* is a change in percent; the GDP *level* in 亿元 is not it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from plantool import vocab


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    measures: frozenset[str]
    families: frozenset[str]
    keys: frozenset[str]

    def matches(self, metric_key: str, measure: str, family: str) -> bool:
        return metric_key in self.keys and measure in self.measures and family in self.families


@cache
def headline() -> tuple[Indicator, ...]:
    """The headline indicators in panel order, their keys normalised like stored keys."""
    from plantool.align import metric_key

    found = []
    for row in vocab.rows("headline_indicators.tsv"):
        ident, label, measures, families, keys = row[:5]
        normalised = {metric_key(k) for k in keys.split("|")} | set(keys.split("|"))
        found.append(Indicator(ident, label, frozenset(measures.split("|")),
                               frozenset(families.split("|")), frozenset(normalised)))
    return tuple(found)


def by_id(ident: str) -> Indicator | None:
    return next((i for i in headline() if i.id == ident), None)


def classify(metric_key: str, measure: str, family: str) -> Indicator | None:
    """The headline indicator a commitment reports, or None."""
    for indicator in headline():
        if indicator.matches(metric_key or "", measure or "", family or ""):
            return indicator
    return None


def family_of(metric_key: str) -> Indicator | None:
    """The indicator whose metric this is, whatever the measure (GDP level → gdp_growth)."""
    return next((i for i in headline() if metric_key in i.keys), None)
