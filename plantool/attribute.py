"""Attribution: region, period, kind and sector of each statement and commitment.

Three layers, the nearer one winning:

1. the document (its region, year, type and horizon);
2. the section headings it sits under (…年工作回顾 → results of that year,
   …年工作目标/主要任务 → targets; 十三五…回顾 → 2016-2020 results) and, in a digest,
   the district block it belongs to;
3. the sentence and the clause (到2025年, 到二〇三五年, 今年, 去年, 两年, 将/力争 vs 已).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plantool import periods, vocab
from plantool.metadata import YEAR, DocumentMeta, plan_span, region_mentions, year_of

_REVIEW = re.compile(r"回顾|成绩|总结|工作情况|执行情况|取得|进展|成就|成效|评估")
_STRICT_REVIEW = re.compile(r"回顾|总结|执行情况|成绩|成就")
_TARGET = re.compile(r"目标|任务|安排|要求|部署|重点|思路|计划|展望|建议|举措|工作")
_LABEL = re.compile(r"[“\"]?(十[一二三四五]?五|[一二三四五六七八九]五)[”\"]?")
_FUTURE = re.compile(r"将|要|力争|争取|预计|计划|拟|目标|确保|努力|推动|推进|加快|支持|鼓励")
_PAST = re.compile(r"已|了|完成|实现了|建成了|取得|获评|入选|成功")
_HORIZON = re.compile(r"(?<!截)(?:到|至)" + YEAR.pattern + r"(?:底|末)?")
_AS_OF = re.compile(r"截至" + YEAR.pattern + r"(?:底|末)?")
_SPAN = re.compile(r"((?:19|20)\d{2})\s*[—–\-~至到]\s*((?:19|20)\d{2})年")
_N_YEARS = re.compile(r"([两二三四五])年(?:内|时间)?(?:突破|达到|达|实现|超过|新增|增加|累计)")
_SMALL = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5}


@dataclass
class Context:
    region: str
    period: str
    kind: str


period_bounds = periods.bounds


def document_context(meta: DocumentMeta) -> Context:
    year = meta.year
    if meta.doc_type == "five_year_plan" and meta.period:
        return Context(meta.region, meta.period, "target")
    if meta.doc_type == "implementation_opinions" and meta.period:
        return Context(meta.region, meta.period, "target")
    if meta.doc_type == "statistical_communique":
        return Context(meta.region, str(year or ""), "achievement")
    if meta.doc_type == "news":
        return Context(meta.region, str(year or meta.period or ""), "achievement")
    return Context(meta.region, str(year or meta.period or ""), "target")


def heading_context(heading: str, base: Context, meta: DocumentMeta) -> Context:
    """What a heading says about the period and kind of the text beneath it."""
    text = heading.replace("**", "")
    year = meta.year
    label = _LABEL.search(text)
    if label and plan_span(label.group(1)) and not YEAR.search(text):
        start, end = plan_span(label.group(1))
        if year and end < year:
            return Context(base.region, f"{start}-{end}", "achievement")  # a plan that is over
        if year and start <= year <= end and re.search(r"今年|开局|开好局|起步|开端", text):
            return Context(base.region, str(year), "target")  # 为“十四五”开好局: this year's work
        if _REVIEW.search(text) and not (year and start <= year):
            return Context(base.region, f"{start}-{end}", "achievement")
        if _TARGET.search(text) or "时期" in text or "发展" in text or (year and start <= year):
            return Context(base.region, f"{start}-{end}", "target")
    if year and re.search(r"过去五年|五年来|本届政府", text):
        return Context(base.region, f"{year - 5}-{year - 1}", "achievement")
    if year and re.search(r"过去一年|一年来|去年工作", text):
        return Context(base.region, str(year - 1), "achievement")
    if year and re.search(r"今后五年|未来五年", text):
        return Context(base.region, f"{year}-{year + 4}", "target")
    found = YEAR.search(text)
    if found:
        y = year_of(found)
        rest = text[found.end():]
        if re.fullmatch(r"\s*((?:19|20)\d{2})年\s*", text):
            return Context(base.region, str(y), base.kind)
        if year and y >= year and not _STRICT_REVIEW.search(rest) and \
                meta.doc_type in ("work_report", "annual_plan"):
            return Context(base.region, str(y), "target")  # 三、2011年主要工作
        if _REVIEW.search(rest) or (year and y < year):
            return Context(base.region, str(y), "achievement")
        if _TARGET.search(rest):
            return Context(base.region, str(y), "target")
    if year and re.match(r"^[一二三四五六七八九十]{1,3}、", text) and \
            re.search(r"成就|成效|成绩|回顾", text) and not re.search(r"目标|任务|今后|要求", text):
        if re.search(r"五年|本届", text):
            return Context(base.region, f"{year - 5}-{year - 1}", "achievement")
        return Context(base.region, str(year - 1), "achievement")
    if year and re.search(r"今年|本年度", text) and _TARGET.search(text):
        return Context(base.region, str(year), "target")
    horizon = _horizon(text, meta, base)
    if horizon:
        return Context(base.region, horizon[1], "target")
    return base


def region_line(text: str, scope: str) -> str:
    """A digest's district line (沙河口区): the region it opens, inside ``scope``."""
    plain = text.replace("**", "").strip()
    gaz = vocab.gazetteer()
    scope_region = gaz.lookup(scope) if scope else None
    region = gaz.lookup(plain, scope_region)
    if region is None:
        return ""
    if scope_region is not None and region is not scope_region and \
            scope_region not in gaz.ancestors(region):
        return ""
    return region.name


def subject_region(text: str, scope: str) -> str:
    """A sentence whose subject is a district of the document's region (中山区被评为…)."""
    mentions = region_mentions(text[:12])
    if not mentions or mentions[0][0] != 0:
        return ""
    gaz = vocab.gazetteer()
    scope_region = gaz.lookup(scope) if scope else None
    region = mentions[0][1]
    if scope_region is None or region is scope_region:
        return ""
    after = text[len(region.name):len(region.name) + 1] if text.startswith(region.name) else ""
    if after in ("、", "等", "和", "与"):
        return ""  # 中山区、甘井子区等地区: several districts, no single subject
    if scope_region in gaz.ancestors(region):
        return region.name
    return ""


def _horizon(text: str, meta: DocumentMeta, ctx: Context) -> tuple[int, str] | None:
    """A target year set in the text (到2025年): its position and the period it gives.

    A past year (恢复至2019年的148%) is no horizon; a horizon at the end of a five-year
    plan's span keeps the span (到2025年 in a 2021-2025 plan means the plan period).
    """
    for match in _HORIZON.finditer(text):
        year = year_of(match)
        if meta.year and year < meta.year:
            continue
        start, end = period_bounds(ctx.period)
        if start is not None and start != end and year == end:
            return match.start(), ctx.period
        return match.start(), str(year)
    return None


def sentence_context(text: str, base: Context, meta: DocumentMeta,
                     carried: Context | None = None) -> tuple[Context, Context, Context | None]:
    """The context of a sentence, the context its clauses start from, and the carry-over.

    The statement takes every time word of the sentence; a commitment inside it takes
    only those standing before or inside its own clause (see ``clause_context``).
    """
    ctx = carried or base
    year = meta.year
    region = subject_region(text, meta.region) or ctx.region
    period, kind = ctx.period, ctx.kind
    carry = carried
    span = _SPAN.search(text)
    lead = re.match(r"^(?:[^，。]{0,8}?[，,]?)(?<![到至])" + YEAR.pattern
                    + r"(?:\d{1,2}月(?:\d{1,2}日)?)?(以来)?(?:[，,]|是|全年|我们|全省|全市|全区)", text)
    if span and "年" in text[span.end() - 1:span.end()]:
        period = f"{span.group(1)}-{span.group(2)}"
    elif lead and not lead.group(3):
        period = str(year_of(lead))
        if meta.doc_type == "news" and year and int(period) < year:
            kind = "achievement"
        if meta.doc_type == "news" or not lead.group(0).rstrip("，,").endswith("日"):
            carry = Context(region, period, kind)  # "2017年，…" opens a paragraph about 2017
    elif year and _FIVE_YEAR_LEAD.match(text) and kind == "achievement":
        period = f"{year - 5}-{year - 1}"
        carry = Context(region, period, kind)
    elif year and _PAST_YEAR_LEAD.match(text):
        period, kind = str(year - 1), "achievement"
        if not text.lstrip("各位代表，,！!").startswith("去年"):
            carry = Context(region, period, kind)
    elif year and "今年" in text:
        period = str(year)
        if kind == "achievement" and (_PLAN_WORDS.search(text) or (
                "目标" in text and meta.doc_type != "news")):
            kind = "target"
            if meta.doc_type != "news":
                carry = Context(region, period, kind)  # 今年…主要预期目标是：… ends a review
    elif _AS_OF.search(text):
        period = str(year_of(_AS_OF.search(text)))  # 截至2009年末: a state on that date
    elif year and _PLAN_LEAD.match(text):
        start, end = plan_span(_PLAN_LEAD.match(text).group(1))
        period = f"{start}-{end}"
        kind = "achievement" if end < year else kind
        carry = Context(region, period, kind)
    elif year and _ANNUAL_AVERAGE.search(text) and kind == "target" and \
            meta.doc_type == "work_report" and _plan_start(year):
        period = f"{year}-{year + 4}"
    elif year and _LAST_YEAR.search(text):
        period, kind = str(year - 1), "achievement"
        if meta.doc_type == "news":
            carry = Context(region, period, kind)
    elif meta.doc_type == "news" and _DATED.search(text):
        period = str(year_of(_DATED.search(text)))
    clause_base = Context(region, period, kind)
    horizon = _horizon(text, meta, clause_base)
    if horizon:
        period, kind = horizon[1], "target"
    elif meta.doc_type == "news" and _FUTURE_STRONG.search(text):
        kind = "target"
        first_clause = re.split(r"[，,；;]", text, maxsplit=1)[0]
        if _FUTURE_STRONG.search(first_clause):
            carry = Context(region, period, kind)
    return Context(region, period, kind), clause_base, carry


_PLAN_LEAD = re.compile(r"^[“\"]?(十[一二三四五]?五|[一二三四五六七八九]五)[”\"]?(时期|期间|以来)")
_FIVE_YEAR_LEAD = re.compile(r"^(各位代表[，,！!]?)?(回首)?(过去的?五年|五年来|这五年|本届政府)")
_PAST_YEAR_LEAD = re.compile(r"^(各位代表[，,！!]?)?(过去一年|一年来|去年)")
_PLAN_WORDS = re.compile(r"拟|安排|预期|将|要|力争|确保")
_ANNUAL_AVERAGE = re.compile(r"年均增长|年均下降|年均提高|累计")


def _plan_start(year: int) -> bool:
    """A five-year plan starts this year (2021, 2016, 2011 …)."""
    return year >= 1953 and (year - 2021) % 5 == 0


_LAST_YEAR = re.compile(r"(?<![比较与和同上])去年")
_DATED = re.compile(YEAR.pattern + r"\d{1,2}月")
_FUTURE_STRONG = re.compile(r"正在|将|力争|争取|预计|计划|拟|目标是|提出[，,]?要|明确[，,]?要|^要|还要|需要")


def clause_context(sentence: str, clause_start: int, clause_end: int, ctx: Context,
                   meta: DocumentMeta) -> Context:
    """A commitment's context: time words before or inside its own clause count."""
    upto = sentence[:clause_end]
    clause = sentence[clause_start:clause_end]
    horizon = _horizon(upto, meta, ctx)
    if horizon:
        return Context(ctx.region, horizon[1], "target")
    n_years = _N_YEARS.search(clause)
    if n_years and ctx.kind == "target":
        start = int(ctx.period[:4]) if ctx.period[:4].isdigit() else meta.year
        if start:
            return Context(ctx.region, str(start + _SMALL[n_years.group(1)] - 1), "target")
    if meta.doc_type == "news" and ctx.kind == "achievement" and _FUTURE_STRONG.search(upto):
        return Context(ctx.region, ctx.period, "target")
    return ctx


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
