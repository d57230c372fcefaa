"""Heading rules: what a section heading says about the period and kind of the text
beneath it (…年工作回顾 → that year's results; 十四五…目标 → the plan's targets).

:data:`HEADING_RULES` is read in order; the first rule that answers wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from plantool.context import (
    ACHIEVEMENT,
    BARE_YEAR,
    NUMBERED_HEADING,
    PLAN_LABEL_QUOTED,
    TARGET,
    TERM_WORDS,
    Context,
    has_word,
    target_horizon,
)
from plantool.metadata import DocumentMeta
from plantool.periods import YEAR, plan_span, year_of
from plantool.rules import first

# --- headings ----------------------------------------------------------------------

@dataclass
class Heading:
    """A heading as the heading rules read it: its text (without ``**``), the document
    and the context of the section it sits in."""

    text: str
    meta: DocumentMeta
    base: Context

    @property
    def year(self) -> int | None:
        return self.meta.year

    @cached_property
    def plan(self) -> tuple[int, int] | None:
        """The span of a plan label the heading names, when it names no calendar year."""
        label = PLAN_LABEL_QUOTED.search(self.text)
        if label is None or YEAR.search(self.text):
            return None
        return plan_span(label.group(1))

    @property
    def plan_period(self) -> str:
        assert self.plan is not None
        return f"{self.plan[0]}-{self.plan[1]}"

    @property
    def plan_started(self) -> bool:
        """The plan has begun by the document's year."""
        return bool(self.year and self.plan and self.plan[0] <= self.year)

    @cached_property
    def named_year(self) -> re.Match | None:
        return YEAR.search(self.text)

    @property
    def after_year(self) -> str:
        """The words after the year the heading names (2023年 → 工作回顾)."""
        return self.text[self.named_year.end():] if self.named_year else ""


Verdict = tuple[str, str]  # (period, kind)
HeadingRule = Callable[[Heading], "Verdict | None"]


def plan_over(h: Heading) -> Verdict | None:
    """A heading naming a plan that is over (“十三五”…) is a review of its span."""
    return (h.plan_period, ACHIEVEMENT) if h.plan and h.year and h.plan[1] < h.year else None


def plan_opening_review(h: Heading) -> Verdict | None:
    """A heading on a running plan's start (“十四五”实现良好开局) a year on reviews its first year."""
    if h.plan and h.year and h.year - 1 == h.plan[0] and has_word("plan_opening", h.text) \
            and not has_word("this_year", h.text):
        return str(h.plan[0]), ACHIEVEMENT
    return None


def plan_opening_year(h: Heading) -> Verdict | None:
    """A heading about a running plan's start (为“十四五”开好局) is this year's work."""
    if h.plan and h.year and h.plan[0] <= h.year <= h.plan[1] and has_word("plan_opening", h.text):
        return str(h.year), TARGET
    return None


def plan_review(h: Heading) -> Verdict | None:
    """A review heading naming a plan not yet begun is a review of the plan's span."""
    return ((h.plan_period, ACHIEVEMENT)
            if h.plan and has_word("review", h.text) and not h.plan_started else None)


def plan_work(h: Heading) -> Verdict | None:
    """A heading about a plan's tasks, period or development sets targets for its span."""
    if h.plan and (has_word("target", h.text) or "时期" in h.text or "发展" in h.text
                   or h.plan_started):
        return h.plan_period, TARGET
    return None


def past_five_years(h: Heading) -> Verdict | None:
    """A heading about the past five years or the outgoing government reviews them."""
    return ((f"{h.year - 5}-{h.year - 1}", ACHIEVEMENT)
            if h.year and has_word("past_five_years", h.text) else None)


def past_year(h: Heading) -> Verdict | None:
    """A heading about the past year (过去一年…) reviews last year."""
    return (str(h.year - 1), ACHIEVEMENT) if h.year and has_word("past_year", h.text) else None


def next_five_years(h: Heading) -> Verdict | None:
    """A heading about the coming five years sets targets for them."""
    return ((f"{h.year}-{h.year + 4}", TARGET)
            if h.year and has_word("next_five_years", h.text) else None)


def bare_year(h: Heading) -> Verdict | None:
    """A heading that is only a year (a digest's 2025年 line) sets the period, not the kind."""
    return ((str(year_of(h.named_year)), h.base.kind)
            if h.named_year and BARE_YEAR.fullmatch(h.text) else None)


def report_year_work(h: Heading) -> Verdict | None:
    """In a report or plan, a heading naming this year or a later one, not as a review, is work."""
    if not (h.named_year and h.year) or h.meta.doc_type not in ("work_report", "annual_plan"):
        return None
    named = year_of(h.named_year)
    return ((str(named), TARGET)
            if named >= h.year and not has_word("strict_review", h.after_year) else None)


def year_review(h: Heading) -> Verdict | None:
    """A heading naming a past year, or a year and a review word, reviews that year."""
    if not h.named_year:
        return None
    named = year_of(h.named_year)
    return ((str(named), ACHIEVEMENT)
            if has_word("review", h.after_year) or (h.year and named < h.year) else None)


def year_work(h: Heading) -> Verdict | None:
    """A heading naming a year and a word of tasks or targets sets that year's targets."""
    return ((str(year_of(h.named_year)), TARGET)
            if h.named_year and has_word("target", h.after_year) else None)


def _numbered_review(h: Heading) -> bool:
    return bool(h.year and NUMBERED_HEADING.match(h.text) and has_word("achievement_heading", h.text)
                and not has_word("not_achievement_heading", h.text))


def numbered_term_review(h: Heading) -> Verdict | None:
    """A numbered heading about the achievements of five years or a term reviews the term."""
    return ((f"{h.year - 5}-{h.year - 1}", ACHIEVEMENT)
            if _numbered_review(h) and TERM_WORDS.search(h.text) else None)


def numbered_review(h: Heading) -> Verdict | None:
    """A numbered heading about achievements, with no year, reviews last year."""
    return (str(h.year - 1), ACHIEVEMENT) if _numbered_review(h) else None


def this_year_work(h: Heading) -> Verdict | None:
    """A heading about this year's tasks or targets (今年工作安排) sets this year's targets."""
    return ((str(h.year), TARGET)
            if h.year and has_word("this_year", h.text) and has_word("target", h.text) else None)


def heading_horizon(h: Heading) -> Verdict | None:
    """A heading with a target year (到2035年…) sets targets for that year."""
    horizon = target_horizon(h.text, h.meta, h.base)
    return (horizon[1], TARGET) if horizon else None


#: Heading rules in order: the first that answers sets the period and kind.
HEADING_RULES: tuple[HeadingRule, ...] = (
    plan_over, plan_opening_review, plan_opening_year, plan_review, plan_work,
    past_five_years, past_year, next_five_years,
    bare_year, report_year_work, year_review, year_work,
    numbered_term_review, numbered_review, this_year_work, heading_horizon,
)


def heading_rule(heading: str, base: Context, meta: DocumentMeta) -> tuple[str, Verdict | None]:
    """The name of the first heading rule that answers, and its answer ("" and None if none)."""
    return first(HEADING_RULES, Heading(heading.replace("**", ""), meta, base))


def heading_context(heading: str, base: Context, meta: DocumentMeta) -> Context:
    """What a heading says about the period and kind of the text beneath it."""
    _, verdict = heading_rule(heading, base, meta)
    return Context(base.region, *verdict) if verdict else base


def section_context(headings: list[str], base: Context, meta: DocumentMeta,
                    cache: dict[str, Context]) -> Context:
    """The context under a path of headings, outermost first (memoised in ``cache``)."""
    ctx = base
    for heading in headings:
        key = f"{ctx.period}|{ctx.kind}|{heading}"
        if key not in cache:
            cache[key] = heading_context(heading, ctx, meta)
        ctx = cache[key]
    return ctx


