"""Attribution: region, period and kind of each statement and commitment.

Three layers, the nearer one winning:

1. the document (its region, year, type and horizon): :func:`document_context`;
2. the section headings it sits under: :data:`HEADING_RULES`, and, in a digest, the
   district block it belongs to;
3. the sentence (:data:`SENTENCE_RULES`, then a horizon such as 到2025年) and the
   clause of each commitment (:func:`clause_context`).

A time word opening a paragraph carries to the sentences after it: :class:`Carry`.
Each rule is a named function with a one-line docstring saying what kind of text it
handles; a table lists them in order and the first one that answers wins. The words
the rules look for are in ``data/attribution_words.tsv``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from plantool import clean, regions, vocab
from plantool.context import (  # noqa: F401 (Context, document_context: public here too)
    ACHIEVEMENT,
    AS_OF,
    SMALL_NUMBERS,
    TARGET,
    YEAR_SPAN,
    Context,
    document_context,
    first_horizon,
    has_word,
    horizon_period,
    n_years_pattern,
    span_bounds,
    target_horizon,
    word_pattern,
)
from plantool.headings import (  # noqa: F401 (the heading rules, public here too)
    HEADING_RULES,
    heading_context,
    heading_rule,
    section_context,
)
from plantool.metadata import DocumentMeta
from plantool.periods import PLAN_LABEL, YEAR, plan_span, year_of
from plantool.rules import first
from plantool.wordmatch import WordIndex

# --- sentences ---------------------------------------------------------------------

_YEAR_LEAD = re.compile(r"^(?:[^，。]{0,8}?[，,]?)(?<![到至])" + YEAR.pattern
                        + r"(?:\d{1,2}月(?:\d{1,2}日)?)?(以来)?(?:[，,]|"
                        + word_pattern("year_lead_next").pattern + ")")
_PLAN_LEAD = re.compile(r"^[“\"]?(" + PLAN_LABEL + r")[”\"]?(时期|期间|以来)")
_FIVE_YEAR_LEAD = re.compile(r"^(各位代表[，,！!]?)?(回首)?(过去的?五年|五年来|这五年|本届政府)")
_ADDRESS = r"(?:各位代表[，,：:！!]?)?"
_PAST_YEAR_LEAD = re.compile(r"^" + _ADDRESS + r"((?:刚刚)?过去的?一年|一年来|去年)([，,])?")
#: 刚刚过去的2015年 / 过去的2015年 near the start of a sentence (特别需要指出的是，刚刚过去的…).
_PAST_NAMED_YEAR = re.compile(r"^" + _ADDRESS + r"[^，。]{0,10}?[，,]?(?:刚刚)?过去的" + YEAR.pattern)
_LAST_YEAR = re.compile(r"(?<![比较与和同上])去年")
_DATED = re.compile(YEAR.pattern + r"\d{1,2}月")
#: 去年 or a year in a clause of a review (not a baseline: 比2015年, 是2015年的, 2016年以来).
_YEAR_IN_REVIEW = re.compile(r"(?<![比较是从由与同至到\-—–~～])(?:去年|" + YEAR.pattern
                             + r")(?![以的底末至到\-—–~～])")
_OVER_THE_SPAN = re.compile(r"年均|平均|累计|五年|期间")
_COMMITMENT_CLAUSE_END = re.compile("[" + re.escape(clean.COMMITMENT_CLAUSE_ENDS) + "]")
_FIRST_CLAUSE_END = re.compile("[" + re.escape(clean.CLAUSE_BREAKS) + "]")


@dataclass
class SentenceView:
    """A sentence as the sentence rules read it: its text, the document and the context it
    starts from (the carried one, else the section's)."""

    text: str
    meta: DocumentMeta
    ctx: Context

    @property
    def year(self) -> int | None:
        return self.meta.year

    @property
    def news(self) -> bool:
        return self.meta.doc_type == "news"

    @cached_property
    def year_lead(self) -> re.Match | None:
        return _YEAR_LEAD.match(self.text)


@dataclass(frozen=True)
class SentenceVerdict:
    period: str
    kind: str
    carries: bool  # the sentence opens a paragraph about this period: later ones inherit it


SentenceRule = Callable[[SentenceView], "SentenceVerdict | None"]


def span_of_years(s: SentenceView) -> SentenceVerdict | None:
    """A sentence naming a span of years (2021—2025年) is about that span."""
    span = YEAR_SPAN.search(s.text)
    return SentenceVerdict(f"{span.group(1)}-{span.group(2)}", s.ctx.kind, False) if span else None


def year_lead(s: SentenceView) -> SentenceVerdict | None:
    """A sentence opening with a year (2017年，…) is about it and, unless dated to the day,
    opens a paragraph about it; in news a past year is a result, in a work report its own
    year is one of targets."""
    lead = s.year_lead
    if lead is None or lead.group(3):
        return None
    named = year_of(lead)
    kind = ACHIEVEMENT if s.news and s.year and named < s.year else s.ctx.kind
    if s.meta.doc_type == "work_report" and named == s.year:
        kind = TARGET  # a work report's own year (2023年是…开局之年) is not over: its plans
    carries = s.news or not (lead.group(0).rstrip(clean.COMMAS).endswith("日")
                             or _flashback(s.ctx, named))
    return SentenceVerdict(str(named), kind, carries)


def _flashback(ctx: Context, named: int) -> bool:
    """In a review, a year before the reviewed period (2015年，… in a review of 2023) is an
    aside about history: the sentence is about it, the paragraph is not."""
    start, _ = span_bounds(ctx.period)
    return ctx.kind == ACHIEVEMENT and start is not None and named < start


def five_year_lead(s: SentenceView) -> SentenceVerdict | None:
    """A review sentence opening with the past five years opens a paragraph about them."""
    return ((SentenceVerdict(f"{s.year - 5}-{s.year - 1}", s.ctx.kind, True))
            if s.year and _FIVE_YEAR_LEAD.match(s.text) and s.ctx.kind == ACHIEVEMENT else None)


def past_year_lead(s: SentenceView) -> SentenceVerdict | None:
    """A sentence opening with the past year (过去一年，…) reviews it; 一年来/过去一年 carry on,
    and so does 去年， in a review."""
    lead = _PAST_YEAR_LEAD.match(s.text) if s.year else None
    if lead:
        # 去年，… leads a paragraph in a review; among tasks it is an aside
        carries = lead.group(1) != "去年" or (bool(lead.group(2)) and s.ctx.kind == ACHIEVEMENT)
        return SentenceVerdict(str(s.year - 1), ACHIEVEMENT, carries)
    return None


def past_named_year(s: SentenceView) -> SentenceVerdict | None:
    """A sentence opening on a past year named as just gone (刚刚过去的2015年，…) reviews
    that year and opens a paragraph about it, even inside a review of several years."""
    lead = _PAST_NAMED_YEAR.match(s.text) if s.year else None
    named = year_of(lead) if lead else None
    return SentenceVerdict(str(named), ACHIEVEMENT, True) if named and named < s.year else None


def this_year_targets(s: SentenceView) -> SentenceVerdict | None:
    """In a review, a 今年 sentence with words of plans or targets ends the review."""
    if not (s.year and "今年" in s.text and s.ctx.kind == ACHIEVEMENT):
        return None
    return ((SentenceVerdict(str(s.year), TARGET, not s.news))
            if has_word("plan_words", s.text) or ("目标" in s.text and not s.news) else None)


def this_year(s: SentenceView) -> SentenceVerdict | None:
    """A sentence about 今年 is about the document's year."""
    return (SentenceVerdict(str(s.year), s.ctx.kind, False)) if s.year and "今年" in s.text else None


def as_of_date(s: SentenceView) -> SentenceVerdict | None:
    """A state as of a date (截至2009年末) belongs to that year."""
    found = AS_OF.search(s.text)
    return SentenceVerdict(str(year_of(found)), s.ctx.kind, False) if found else None


def plan_lead(s: SentenceView) -> SentenceVerdict | None:
    """A sentence opening with a plan label (“十三五”时期，…) opens a paragraph about its span."""
    lead = _PLAN_LEAD.match(s.text) if s.year else None
    span = plan_span(lead.group(1)) if lead else None
    if span is None:
        return None
    kind = ACHIEVEMENT if span[1] < s.year else s.ctx.kind
    return SentenceVerdict(f"{span[0]}-{span[1]}", kind, True)


def plan_start_average(s: SentenceView) -> SentenceVerdict | None:
    """In a report of a plan's first year, an average or cumulative target is the plan's."""
    if s.year and s.ctx.kind == TARGET and s.meta.doc_type == "work_report" and \
            _plan_start(s.year) and has_word("annual_average", s.text):
        return SentenceVerdict(f"{s.year}-{s.year + 4}", s.ctx.kind, False)
    return None


def last_year(s: SentenceView) -> SentenceVerdict | None:
    """A sentence about 去年 (not 比去年) reviews last year; in news it opens a paragraph.
    Inside a review of several years only the clauses from 去年 on are last year's."""
    if not (s.year and _LAST_YEAR.search(s.text)) or _review_of_years(s.ctx):
        return None
    return SentenceVerdict(str(s.year - 1), ACHIEVEMENT, s.news)


def _review_of_years(ctx: Context) -> bool:
    start, end = span_bounds(ctx.period)
    return ctx.kind == ACHIEVEMENT and start is not None and start != end


def news_dated(s: SentenceView) -> SentenceVerdict | None:
    """In news, a sentence dated to a month (2024年3月) is about that year."""
    found = _DATED.search(s.text) if s.news else None
    return SentenceVerdict(str(year_of(found)), s.ctx.kind, False) if found else None


#: Sentence rules in order: the first that answers sets the period and kind.
SENTENCE_RULES: tuple[SentenceRule, ...] = (
    span_of_years, year_lead, past_named_year, five_year_lead, past_year_lead,
    this_year_targets, this_year,
    as_of_date, plan_lead, plan_start_average, last_year, news_dated,
)


def _plan_start(year: int) -> bool:
    """A five-year plan starts this year (2021, 2016, 2011 …)."""
    return year >= 1953 and (year - 2021) % 5 == 0


def sentence_rule(text: str, ctx: Context,
                  meta: DocumentMeta) -> tuple[str, SentenceVerdict | None]:
    """The name of the first sentence rule that answers, and its answer ("" and None if none)."""
    return first(SENTENCE_RULES, SentenceView(text, meta, ctx))


def sentence_context(text: str, base: Context, meta: DocumentMeta,
                     carried: Context | None = None) -> tuple[Context, Context, Context | None]:
    """The context of a sentence, the context its clauses start from, and the carry-over.

    The statement takes every time word of the sentence; a commitment inside it takes
    only those standing before or inside its own clause (see ``clause_context``).
    """
    ctx = carried or base
    region = regions.subject_region(text, meta.region) or ctx.region
    _, verdict = sentence_rule(text, ctx, meta)
    period, kind = (verdict.period, verdict.kind) if verdict else (ctx.period, ctx.kind)
    carry = Context(region, period, kind) if verdict and verdict.carries else carried
    clause_base = Context(region, period, kind)
    horizon = target_horizon(text, meta, clause_base)
    if horizon:
        period, kind = horizon[1], TARGET
    elif meta.doc_type == "news" and has_word("future_strong", text):
        kind = TARGET  # news about what is to come: a first clause so worded carries on
        if has_word("future_strong", _FIRST_CLAUSE_END.split(text, maxsplit=1)[0]):
            carry = Context(region, period, kind)
    return Context(region, period, kind), clause_base, carry


def clause_context(sentence: str, clause_start: int, clause_end: int, ctx: Context,
                   meta: DocumentMeta, measure: str = "", action: str = "") -> Context:
    """A commitment's context: time words before or inside its own clause count."""
    return SentenceClauses(sentence, ctx, meta).context(clause_start, clause_end, measure, action)


class SentenceClauses:
    """The clauses of one sentence as its commitments read them (:func:`clause_context`):
    where each clause ends and which time words stand before it, found once per sentence,
    so that a sentence of any length costs one pass however many figures it holds."""

    def __init__(self, sentence: str, ctx: Context, meta: DocumentMeta) -> None:
        self.sentence = sentence
        self.ctx = ctx
        self.meta = meta

    def end_after(self, pos: int) -> int:
        """Where the clause holding ``pos`` ends: the next ，；。 from it, else the sentence end."""
        found = bisect_left(self._ends, pos)
        return self._ends[found] if found < len(self._ends) else len(self.sentence)

    def context(self, clause_start: int, clause_end: int, measure: str = "",
                action: str = "") -> Context:
        """The context of a commitment whose clause is ``sentence[clause_start:clause_end]``."""
        ctx, meta = self.ctx, self.meta
        clause = self.sentence[clause_start:clause_end]
        horizon = self._horizon_before(clause_end)
        if horizon is not None:
            return Context(ctx.region, horizon_period(horizon, ctx), TARGET)
        one_year = self._year_within_review(clause_end, clause)
        if one_year:
            return Context(ctx.region, one_year, ctx.kind)
        if end_of_span_level(clause, ctx, measure, action):
            return Context(ctx.region, str(span_bounds(ctx.period)[1]), ctx.kind)
        n_years = n_years_pattern().search(clause)
        if n_years and ctx.kind == TARGET:
            start = int(ctx.period[:4]) if ctx.period[:4].isdigit() else meta.year
            if start:
                return Context(ctx.region, str(start + SMALL_NUMBERS[n_years.group(1)] - 1), TARGET)
        if meta.doc_type == "news" and ctx.kind == ACHIEVEMENT and self._future_before(clause_end):
            return Context(ctx.region, ctx.period, TARGET)
        return ctx

    def _at_a_break(self, end: int) -> bool:
        """Whether ``end`` is the sentence's end or a clause break: no year, horizon or 去年
        spans one, so the sentence's own matches ending by ``end`` are those of its text up
        to ``end``."""
        return end >= len(self.sentence) or self.sentence[end] in clean.COMMITMENT_CLAUSE_ENDS

    def _horizon_before(self, end: int) -> re.Match | None:
        if not self._at_a_break(end):
            return first_horizon(self.sentence, self.meta, end)
        found = self._first_horizon
        return found if found is not None and found.end() <= end else None

    def _year_within_review(self, end: int, clause: str) -> str:
        if not _review_of_years(self.ctx) or _over_the_span(clause):
            return ""
        if not self._at_a_break(end):
            return year_within_review(self.sentence[:end], clause, self.ctx, self.meta)
        ends, years = self._review_years
        before = bisect_right(ends, end)
        return years[before - 1] if before else ""

    def _future_before(self, end: int) -> bool:
        """A word of the future (将, 预计 …) in the text up to ``end``."""
        found = self._first_future
        if found is None or found.end() <= end:
            return found is not None
        return word_pattern("future_strong").search(self.sentence, 0, end) is not None

    @cached_property
    def _ends(self) -> list[int]:
        return [m.start() for m in _COMMITMENT_CLAUSE_END.finditer(self.sentence)]

    @cached_property
    def _first_horizon(self) -> re.Match | None:
        return first_horizon(self.sentence, self.meta)

    @cached_property
    def _first_future(self) -> re.Match | None:
        return word_pattern("future_strong").search(self.sentence)

    @cached_property
    def _review_years(self) -> tuple[list[int], list[str]]:
        """The ends of the years a review names (去年, 2019年) inside its span, in order."""
        ends, years = [], []
        for found in _YEAR_IN_REVIEW.finditer(self.sentence):
            named = _review_year(found, self.ctx, self.meta)
            if named:
                ends.append(found.end())
                years.append(named)
        return ends, years


def year_within_review(upto: str, clause: str, ctx: Context, meta: DocumentMeta) -> str:
    """In a review of several years, a clause after 去年 or a year of the span (…年均增长14%，
    去年达到1.8万亿元) is about that year; a baseline (比2015年, 是2015年的) is not, and a
    clause averaged or summed over the span (年均增长5.4%) keeps the span."""
    if not _review_of_years(ctx) or _over_the_span(clause):
        return ""
    for found in reversed(list(_YEAR_IN_REVIEW.finditer(upto))):
        named = _review_year(found, ctx, meta)
        if named:
            return named
    return ""


def _review_year(found: re.Match, ctx: Context, meta: DocumentMeta) -> str:
    """The year a 去年 or a named year of :data:`_YEAR_IN_REVIEW` means, if inside the span."""
    start, end = span_bounds(ctx.period)
    named = (meta.year - 1 if meta.year else None) if found.group(0) == "去年" else year_of(found)
    return str(named) if named is not None and start <= named <= end else ""


def end_of_span_level(clause: str, ctx: Context, measure: str, action: str) -> bool:
    """A level reached (达到3750亿元) in a review of several years is the level of the last one,
    unless the clause counts it over the span (累计, 年均化解率, 五年间)."""
    return bool(_review_of_years(ctx) and measure == "level" and action
                and word_pattern("end_level_verb").fullmatch(action)
                and not _over_the_span(clause))


def _over_the_span(clause: str) -> bool:
    return has_word("annual_average", clause) or _OVER_THE_SPAN.search(clause) is not None


# --- carry-over --------------------------------------------------------------------

class Carry:
    """A time word opening a paragraph ("2024年，…", "过去一年，…") carries to the end of
    the paragraph in news, and to the end of its section in reports."""

    def __init__(self, news: bool) -> None:
        self.news = news
        self.context: Context | None = None
        # news: the block index it is valid for; reports: the heading path, or None
        self.scope: int | tuple[str, ...] | None = -1

    def for_sentence(self, block: int, headings: list[str]) -> Context | None:
        """The carried context valid for a sentence of ``block`` under ``headings``."""
        if self.news:
            if block != self.scope:
                self.context, self.scope = None, block
        elif not (isinstance(self.scope, tuple)
                  and tuple(headings[:len(self.scope)]) == self.scope):
            self.context, self.scope = None, None
        return self.context

    def update(self, carried: Context | None, headings: list[str]) -> None:
        """Keep what a sentence carries on; a new carry in a report holds for its section."""
        if carried is not None and carried is not self.context and not self.news:
            self.scope = tuple(headings)
        self.context = carried


# --- one document ------------------------------------------------------------------

class Attribution:
    """The attribution state of one document: section contexts, district blocks, carry."""

    def __init__(self, meta: DocumentMeta) -> None:
        self.meta = meta
        self.base = document_context(meta)
        self.block_region = ""
        self.carry = Carry(meta.doc_type == "news")
        self._sections: dict[str, Context] = {}
        self._paths: dict[tuple[str, ...], Context] = {}  # heading path → its section's context

    def sentence(self, text: str, block: int, headings: list[str],
                 district_line: bool) -> tuple[Context, Context]:
        """A sentence's context and the context its clauses start from.

        ``district_line``: the sentence is a heading block that may name a digest's district.
        """
        if district_line:
            self.block_region = regions.region_line(text, self.meta.region) or self.block_region
        path = tuple(headings)
        ctx = self._paths.get(path)
        if ctx is None:
            ctx = self._paths[path] = section_context(headings, self.base, self.meta,
                                                      self._sections)
        if self.block_region:
            ctx = Context(self.block_region, ctx.period, ctx.kind)
        carried = self.carry.for_sentence(block, headings)
        sctx, clause_base, carried = sentence_context(text, ctx, self.meta, carried)
        self.carry.update(carried, headings)
        return sctx, clause_base


def sector_of(*texts: str) -> str:
    """The sector whose keywords best match the metric, then the sentence, then the section."""
    for text in texts:
        best = _best_sector(text) if text else ""
        if best:
            return best
    return "other"


@lru_cache(maxsize=4096)
def _best_sector(text: str) -> str:
    """The sector whose keywords found in a text are longest in total ("" if none); the
    first in ``data/sectors.tsv`` on a tie. One scan of the text, whatever its length."""
    sectors = vocab.sectors()
    index, owners = _sector_keywords()
    weights = [0] * len(sectors)
    for word in index.occurring(text):
        for owner in owners[word]:
            weights[owner] += len(word)
    best, best_weight = "", 0
    for (sector, _), weight in zip(sectors, weights, strict=True):
        if weight > best_weight:
            best, best_weight = sector, weight
    return best


@cache
def _sector_keywords() -> tuple[WordIndex, dict[str, tuple[int, ...]]]:
    """Every sector keyword, and for each the sectors listing it (once per listing)."""
    owners: dict[str, list[int]] = {}
    for number, (_, keywords) in enumerate(vocab.sectors()):
        for keyword in keywords:
            owners.setdefault(keyword, []).append(number)
    return WordIndex(owners), {k: tuple(v) for k, v in owners.items()}
