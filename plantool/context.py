"""The attribution context (region, period, kind) and what every attribution rule reads:
the word roles of ``data/attribution_words.tsv`` and the horizon a text sets (到2025年)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from plantool import periods, vocab
from plantool.metadata import DocumentMeta
from plantool.periods import PLAN_LABEL, YEAR, year_of

ACHIEVEMENT, TARGET = "achievement", "target"


@dataclass
class Context:
    region: str
    period: str
    kind: str


@cache
def word_pattern(role: str) -> re.Pattern:
    """A pattern matching any word of ``role`` in ``data/attribution_words.tsv``."""
    return re.compile("|".join(w for r, w in vocab.rows("attribution_words.tsv") if r == role))


def has_word(role: str, text: str) -> bool:
    return word_pattern(role).search(text) is not None


@cache
def span_bounds(period: str) -> tuple[int | None, int | None]:
    """First and last year of a period (:func:`periods.bounds`), each period parsed once."""
    return periods.bounds(period)


PLAN_LABEL_QUOTED = re.compile(r"[“\"]?(" + PLAN_LABEL + r")[”\"]?")
HORIZON = re.compile(r"(?<!截)(?:到|至)" + YEAR.pattern + r"(?:底|末)?")
AS_OF = re.compile(r"截至" + YEAR.pattern + r"(?:底|末)?")
# A span of years in a sentence (2021—2025年, 2023～2025年): the sentence rules read the
# stored text, so every separator of periods.SPAN_SEPARATORS and its full-width forms count.
YEAR_SPAN = re.compile(r"((?:19|20)\d{2})\s*[" + re.escape(periods.SPAN_SEPARATORS) + r"－]\s*"
                       r"((?:19|20)\d{2})年")
BARE_YEAR = re.compile(r"\s*((?:19|20)\d{2})年\s*")
NUMBERED_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、")
TERM_WORDS = re.compile(r"五年|本届")
SMALL_NUMBERS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5}


@cache
def n_years_pattern() -> re.Pattern:
    """两年/三年内 before a verb of reaching: a horizon counted from the period's start."""
    return re.compile(r"([两二三四五])年(?:内|时间)?(?:" + word_pattern("n_years_verb").pattern + ")")


def document_context(meta: DocumentMeta) -> Context:
    """The document's own region, period and kind, which headings and sentences refine."""
    year = meta.year
    if meta.doc_type in ("five_year_plan", "implementation_opinions") and meta.period:
        return Context(meta.region, meta.period, TARGET)
    if meta.doc_type == "statistical_communique":
        return Context(meta.region, str(year or ""), ACHIEVEMENT)
    if meta.doc_type == "news":
        return Context(meta.region, str(year or meta.period or ""), ACHIEVEMENT)
    return Context(meta.region, str(year or meta.period or ""), TARGET)


def first_horizon(text: str, meta: DocumentMeta, end: int | None = None) -> re.Match | None:
    """The first target year set in ``text[:end]`` (到2025年) that is not a past year
    (恢复至2019年的水平 in a 2023 report is no horizon)."""
    for match in HORIZON.finditer(text, 0, len(text) if end is None else end):
        if not (meta.year and year_of(match) < meta.year):
            return match
    return None


def horizon_period(match: re.Match, ctx: Context) -> str:
    """The period a horizon gives: its year, or the span of a five-year plan it ends
    (到2025年 in a 2021-2025 plan means the plan period)."""
    year = year_of(match)
    start, end = span_bounds(ctx.period)
    return ctx.period if start is not None and start != end and year == end else str(year)


def target_horizon(text: str, meta: DocumentMeta, ctx: Context) -> tuple[int, str] | None:
    """A target year set in the text (到2025年): its position and the period it gives."""
    match = first_horizon(text, meta)
    return (match.start(), horizon_period(match, ctx)) if match else None
