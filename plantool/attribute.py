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
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property

from plantool import clean, periods, regions, vocab
from plantool.metadata import DocumentMeta
from plantool.periods import PLAN_LABEL, YEAR, plan_span, year_of

ACHIEVEMENT, TARGET = "achievement", "target"


@dataclass
class Context:
    region: str
    period: str
    kind: str


@cache
def _words(role: str) -> re.Pattern:
    """A pattern matching any word of ``role`` in ``data/attribution_words.tsv``."""
    return re.compile("|".join(w for r, w in vocab.rows("attribution_words.tsv") if r == role))


def _has(role: str, text: str) -> bool:
    return _words(role).search(text) is not None


_LABEL = re.compile(r"[“\"]?(" + PLAN_LABEL + r")[”\"]?")
_HORIZON = re.compile(r"(?<!截)(?:到|至)" + YEAR.pattern + r"(?:底|末)?")
_AS_OF = re.compile(r"截至" + YEAR.pattern + r"(?:底|末)?")
# A span of years in a sentence. The sentence rules read the stored text, not the parse
# copy, so a span written with a full-width － or ～ (2023～2025年) is not read here:
# kept as it was; reading them is a change of output for its own commit.
_SPAN = re.compile(r"((?:19|20)\d{2})\s*[—–\-~至到]\s*((?:19|20)\d{2})年")
_BARE_YEAR = re.compile(r"\s*((?:19|20)\d{2})年\s*")
_NUMBERED = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_TERM = re.compile(r"五年|本届")
_SMALL = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5}


@cache
def _n_years() -> re.Pattern:
    """两年/三年内 before a verb of reaching: a horizon counted from the period's start."""
    return re.compile(r"([两二三四五])年(?:内|时间)?(?:" + _words("n_years_verb").pattern + ")")


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
        label = _LABEL.search(self.text)
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


def plan_opening_year(h: Heading) -> Verdict | None:
    """A heading about a running plan's start (为“十四五”开好局) is this year's work."""
    if h.plan and h.year and h.plan[0] <= h.year <= h.plan[1] and _has("plan_opening", h.text):
        return str(h.year), TARGET
    return None


def plan_review(h: Heading) -> Verdict | None:
    """A review heading naming a plan not yet begun is a review of the plan's span."""
    return ((h.plan_period, ACHIEVEMENT)
            if h.plan and _has("review", h.text) and not h.plan_started else None)


def plan_work(h: Heading) -> Verdict | None:
    """A heading about a plan's tasks, period or development sets targets for its span."""
    if h.plan and (_has("target", h.text) or "时期" in h.text or "发展" in h.text
                   or h.plan_started):
        return h.plan_period, TARGET
    return None


def past_five_years(h: Heading) -> Verdict | None:
    """A heading about the past five years or the outgoing government reviews them."""
    return ((f"{h.year - 5}-{h.year - 1}", ACHIEVEMENT)
            if h.year and _has("past_five_years", h.text) else None)


def past_year(h: Heading) -> Verdict | None:
    """A heading about the past year (过去一年…) reviews last year."""
    return (str(h.year - 1), ACHIEVEMENT) if h.year and _has("past_year", h.text) else None


def next_five_years(h: Heading) -> Verdict | None:
    """A heading about the coming five years sets targets for them."""
    return ((f"{h.year}-{h.year + 4}", TARGET)
            if h.year and _has("next_five_years", h.text) else None)


def bare_year(h: Heading) -> Verdict | None:
    """A heading that is only a year (a digest's 2025年 line) sets the period, not the kind."""
    return ((str(year_of(h.named_year)), h.base.kind)
            if h.named_year and _BARE_YEAR.fullmatch(h.text) else None)


def report_year_work(h: Heading) -> Verdict | None:
    """In a report or plan, a heading naming this year or a later one, not as a review, is work."""
    if not (h.named_year and h.year) or h.meta.doc_type not in ("work_report", "annual_plan"):
        return None
    named = year_of(h.named_year)
    return ((str(named), TARGET)
            if named >= h.year and not _has("strict_review", h.after_year) else None)


def year_review(h: Heading) -> Verdict | None:
    """A heading naming a past year, or a year and a review word, reviews that year."""
    if not h.named_year:
        return None
    named = year_of(h.named_year)
    return ((str(named), ACHIEVEMENT)
            if _has("review", h.after_year) or (h.year and named < h.year) else None)


def year_work(h: Heading) -> Verdict | None:
    """A heading naming a year and a word of tasks or targets sets that year's targets."""
    return ((str(year_of(h.named_year)), TARGET)
            if h.named_year and _has("target", h.after_year) else None)


def _numbered_review(h: Heading) -> bool:
    return bool(h.year and _NUMBERED.match(h.text) and _has("achievement_heading", h.text)
                and not _has("not_achievement_heading", h.text))


def numbered_term_review(h: Heading) -> Verdict | None:
    """A numbered heading about the achievements of five years or a term reviews the term."""
    return ((f"{h.year - 5}-{h.year - 1}", ACHIEVEMENT)
            if _numbered_review(h) and _TERM.search(h.text) else None)


def numbered_review(h: Heading) -> Verdict | None:
    """A numbered heading about achievements, with no year, reviews last year."""
    return (str(h.year - 1), ACHIEVEMENT) if _numbered_review(h) else None


def this_year_work(h: Heading) -> Verdict | None:
    """A heading about this year's tasks or targets (今年工作安排) sets this year's targets."""
    return ((str(h.year), TARGET)
            if h.year and _has("this_year", h.text) and _has("target", h.text) else None)


def heading_horizon(h: Heading) -> Verdict | None:
    """A heading with a target year (到2035年…) sets targets for that year."""
    horizon = _horizon(h.text, h.meta, h.base)
    return (horizon[1], TARGET) if horizon else None


#: Heading rules in order: the first that answers sets the period and kind.
HEADING_RULES: tuple[HeadingRule, ...] = (
    plan_over, plan_opening_year, plan_review, plan_work,
    past_five_years, past_year, next_five_years,
    bare_year, report_year_work, year_review, year_work,
    numbered_term_review, numbered_review, this_year_work, heading_horizon,
)


def heading_rule(heading: str, base: Context, meta: DocumentMeta) -> tuple[str, Verdict | None]:
    """The name of the first heading rule that answers, and its answer ("" and None if none)."""
    return _first(HEADING_RULES, Heading(heading.replace("**", ""), meta, base))


def _first(rules: tuple[Callable, ...], view: object) -> tuple[str, object]:
    """The name and answer of the first rule that answers (not ``None``); else "" and None."""
    for rule in rules:
        verdict = rule(view)
        if verdict is not None:
            return rule.__name__, verdict
    return "", None


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


def _horizon(text: str, meta: DocumentMeta, ctx: Context) -> tuple[int, str] | None:
    """A target year set in the text (到2025年): its position and the period it gives.

    A past year (恢复至2019年的水平) is no horizon; a horizon at the end of a five-year
    plan's span keeps the span (到2025年 in a 2021-2025 plan means the plan period).
    """
    for match in _HORIZON.finditer(text):
        year = year_of(match)
        if meta.year and year < meta.year:
            continue
        start, end = periods.bounds(ctx.period)
        if start is not None and start != end and year == end:
            return match.start(), ctx.period
        return match.start(), str(year)
    return None


# --- sentences ---------------------------------------------------------------------

_YEAR_LEAD = re.compile(r"^(?:[^，。]{0,8}?[，,]?)(?<![到至])" + YEAR.pattern
                        + r"(?:\d{1,2}月(?:\d{1,2}日)?)?(以来)?(?:[，,]|是|全年|我们|全省|全市|全区)")
_PLAN_LEAD = re.compile(r"^[“\"]?(" + PLAN_LABEL + r")[”\"]?(时期|期间|以来)")
_FIVE_YEAR_LEAD = re.compile(r"^(各位代表[，,！!]?)?(回首)?(过去的?五年|五年来|这五年|本届政府)")
_PAST_YEAR_LEAD = re.compile(r"^(各位代表[，,！!]?)?(过去一年|一年来|去年)")
_LAST_YEAR = re.compile(r"(?<![比较与和同上])去年")
_DATED = re.compile(YEAR.pattern + r"\d{1,2}月")
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
    span = _SPAN.search(s.text)
    return SentenceVerdict(f"{span.group(1)}-{span.group(2)}", s.ctx.kind, False) if span else None


def year_lead(s: SentenceView) -> SentenceVerdict | None:
    """A sentence opening with a year (2017年，…) is about it and, unless dated to the day,
    opens a paragraph about it; in news a past year is a result."""
    lead = s.year_lead
    if lead is None or lead.group(3):
        return None
    named = year_of(lead)
    kind = ACHIEVEMENT if s.news and s.year and named < s.year else s.ctx.kind
    carries = s.news or not lead.group(0).rstrip(clean.COMMAS).endswith("日")
    return SentenceVerdict(str(named), kind, carries)


def five_year_lead(s: SentenceView) -> SentenceVerdict | None:
    """A review sentence opening with the past five years opens a paragraph about them."""
    return ((SentenceVerdict(f"{s.year - 5}-{s.year - 1}", s.ctx.kind, True))
            if s.year and _FIVE_YEAR_LEAD.match(s.text) and s.ctx.kind == ACHIEVEMENT else None)


def past_year_lead(s: SentenceView) -> SentenceVerdict | None:
    """A sentence opening with the past year (过去一年，…) reviews it; 一年来/过去一年 carry on."""
    if s.year and _PAST_YEAR_LEAD.match(s.text):
        carries = not s.text.lstrip("各位代表，,！!").startswith("去年")
        return SentenceVerdict(str(s.year - 1), ACHIEVEMENT, carries)
    return None


def this_year_targets(s: SentenceView) -> SentenceVerdict | None:
    """In a review, a 今年 sentence with words of plans or targets ends the review."""
    if not (s.year and "今年" in s.text and s.ctx.kind == ACHIEVEMENT):
        return None
    return ((SentenceVerdict(str(s.year), TARGET, not s.news))
            if _has("plan_words", s.text) or ("目标" in s.text and not s.news) else None)


def this_year(s: SentenceView) -> SentenceVerdict | None:
    """A sentence about 今年 is about the document's year."""
    return (SentenceVerdict(str(s.year), s.ctx.kind, False)) if s.year and "今年" in s.text else None


def as_of_date(s: SentenceView) -> SentenceVerdict | None:
    """A state as of a date (截至2009年末) belongs to that year."""
    found = _AS_OF.search(s.text)
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
            _plan_start(s.year) and _has("annual_average", s.text):
        return SentenceVerdict(f"{s.year}-{s.year + 4}", s.ctx.kind, False)
    return None


def last_year(s: SentenceView) -> SentenceVerdict | None:
    """A sentence about 去年 (not 比去年) reviews last year; in news it opens a paragraph."""
    return ((SentenceVerdict(str(s.year - 1), ACHIEVEMENT, s.news))
            if s.year and _LAST_YEAR.search(s.text) else None)


def news_dated(s: SentenceView) -> SentenceVerdict | None:
    """In news, a sentence dated to a month (2024年3月) is about that year."""
    found = _DATED.search(s.text) if s.news else None
    return SentenceVerdict(str(year_of(found)), s.ctx.kind, False) if found else None


#: Sentence rules in order: the first that answers sets the period and kind.
SENTENCE_RULES: tuple[SentenceRule, ...] = (
    span_of_years, year_lead, five_year_lead, past_year_lead, this_year_targets, this_year,
    as_of_date, plan_lead, plan_start_average, last_year, news_dated,
)


def _plan_start(year: int) -> bool:
    """A five-year plan starts this year (2021, 2016, 2011 …)."""
    return year >= 1953 and (year - 2021) % 5 == 0


def sentence_rule(text: str, ctx: Context,
                  meta: DocumentMeta) -> tuple[str, SentenceVerdict | None]:
    """The name of the first sentence rule that answers, and its answer ("" and None if none)."""
    return _first(SENTENCE_RULES, SentenceView(text, meta, ctx))


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
    horizon = _horizon(text, meta, clause_base)
    if horizon:
        period, kind = horizon[1], TARGET
    elif meta.doc_type == "news" and _has("future_strong", text):
        kind = TARGET  # news about what is to come: a first clause so worded carries on
        if _has("future_strong", _FIRST_CLAUSE_END.split(text, maxsplit=1)[0]):
            carry = Context(region, period, kind)
    return Context(region, period, kind), clause_base, carry


def clause_context(sentence: str, clause_start: int, clause_end: int, ctx: Context,
                   meta: DocumentMeta) -> Context:
    """A commitment's context: time words before or inside its own clause count."""
    upto = sentence[:clause_end]
    clause = sentence[clause_start:clause_end]
    horizon = _horizon(upto, meta, ctx)
    if horizon:
        return Context(ctx.region, horizon[1], TARGET)
    n_years = _n_years().search(clause)
    if n_years and ctx.kind == TARGET:
        start = int(ctx.period[:4]) if ctx.period[:4].isdigit() else meta.year
        if start:
            return Context(ctx.region, str(start + _SMALL[n_years.group(1)] - 1), TARGET)
    if meta.doc_type == "news" and ctx.kind == ACHIEVEMENT and _has("future_strong", upto):
        return Context(ctx.region, ctx.period, TARGET)
    return ctx


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

    def sentence(self, text: str, block: int, headings: list[str],
                 district_line: bool) -> tuple[Context, Context]:
        """A sentence's context and the context its clauses start from.

        ``district_line``: the sentence is a heading block that may name a digest's district.
        """
        if district_line:
            self.block_region = regions.region_line(text, self.meta.region) or self.block_region
        ctx = section_context(headings, self.base, self.meta, self._sections)
        if self.block_region:
            ctx = Context(self.block_region, ctx.period, ctx.kind)
        carried = self.carry.for_sentence(block, headings)
        sctx, clause_base, carried = sentence_context(text, ctx, self.meta, carried)
        self.carry.update(carried, headings)
        return sctx, clause_base


def sector_of(*texts: str) -> str:
    """The sector whose keywords best match the metric, then the sentence, then the section."""
    for text in texts:
        if not text:
            continue
        best, best_hits = "", 0
        for sector, keywords in vocab.sectors():
            hits = sum(len(k) for k in keywords if k in text)
            if hits > best_hits:
                best, best_hits = sector, hits
        if best:
            return best
    return "other"
