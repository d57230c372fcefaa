"""Document metadata detected from the text: title, region, year, date and type.

Every field can be overridden from the command line (--title, --region, --year, --type).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import PurePath

from plantool import regions, vocab
from plantool.periods import PLAN_LABEL, YEAR, chinese_year, plan_span, year_of
from plantool.regions import mentions as region_mentions
from plantool.regions import most_specific
from plantool.rules import first
from plantool.segment import Block, heading_level

DOC_TYPES = {
    "work_report": "政府工作报告",
    "five_year_plan": "五年规划",
    "annual_plan": "年度计划",
    "implementation_opinions": "实施意见",
    "statistical_communique": "统计公报",
    "news": "新闻",
}


@cache
def _type_rules() -> tuple[tuple[str, re.Pattern], ...]:
    """(doc_type, pattern) in the order of ``data/doc_types.tsv``: the first match wins."""
    alternatives: dict[str, list[str]] = {}
    for doc_type, pattern in vocab.rows("doc_types.tsv"):
        alternatives.setdefault(doc_type, []).append(pattern)
    return tuple((t, re.compile("|".join(p))) for t, p in alternatives.items())


@cache
def _title_words() -> re.Pattern:
    return re.compile(vocab.alternation("title_words.txt"))


_NOT_A_TITLE = re.compile(r"回顾|各位代表")  # a review heading or the address opening a speech
_DATE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_REPRESENT = re.compile(r"代表([\u4e00-\u9fff]{2,12}?)(?:人民政府|政府)")


def _speech_words(role: str) -> str:
    return "|".join(w for r, w in vocab.rows("speech_words.tsv") if r == role)


@cache
def _represent_level() -> re.Pattern:
    """我代表省人民政府 / 受市人民政府的委托: the tier spoken for, its name left out."""
    return re.compile(r"(?:我代表|受)(" + _speech_words("tier") + ")(?:人民)?政府")


@cache
def _review_heading() -> re.Pattern:
    """A short line of a work report opening the review of a year or the plan for one."""
    return re.compile(r"^[\W一二三四五六七八九十、]*(?:[^\n，。]{0,12}?[和及与])?(?P<year>(?:19|20)\d{2})年"
                      r"(?:(?P<review>(?:及[^\n，。]{0,6})?(?:主要)?工作回顾)"
                      r"|的?(?:主要|重点)?(?:" + _speech_words("plan_heading") + "))"
                      r"(?:[和及与][^\n，。]{0,16})?\W*$", re.M)


@dataclass
class DocumentMeta:
    title: str = ""
    region: str = ""
    year: int | None = None
    published: str = ""
    doc_type: str = "news"
    period: str = ""  # the document's own horizon (2021-2025 for a five-year plan)


def detect(text: str, found: list[Block], path: str = "", front: dict | None = None) -> DocumentMeta:
    front = front or {}
    meta = DocumentMeta()
    front_title = str(front.get("title") or "")
    meta.title = front_title if len(front_title) >= 8 else (_title(found) or front_title)
    head = text[:3000]
    meta.doc_type = _doc_type(meta.title, head)
    meta.published = _published(head)
    meta.region = _region(meta.title, text, path)
    meta.year, meta.period = _year(meta, text, path)
    if meta.title == str(front.get("title") or "") and meta.region and meta.region not in meta.title:
        better = _title(found)
        if better and meta.region[:2] in better and len(better) > len(meta.title):
            meta.title = better
    return meta


def _title(found: list[Block]) -> str:
    candidates = [b for b in found[:40] if b.kind != "chrome"]
    for block in candidates:
        plain = block.text.replace("**", "").strip("# ")
        if _title_words().search(plain) and len(plain) <= 60 \
                and not plain.startswith(("为", "根据", "现在")):
            return plain
    for block in candidates[:6]:
        plain = block.text.replace("**", "").strip("# ")
        if 6 <= len(plain) <= 60 and "。" not in plain and not heading_level(plain) \
                and not _NOT_A_TITLE.search(plain):
            return plain
    if not candidates:
        return ""
    first = candidates[0].text.replace("**", "")
    return first if len(first) <= 40 else first[:40] + "…"


def _doc_type(title: str, head: str) -> str:
    for source in (title, head):
        for doc_type, pattern in _type_rules():
            if pattern.search(source):
                return doc_type
    return "news"


_CN_DATE = re.compile(r"([一二][〇零○◯九][〇零○◯一二三四五六七八九]{2})年([一二三四五六七八九十]{1,2})月"
                      r"([一二三四五六七八九十]{1,3})日")


def _published(head: str) -> str:
    """The first date near the top (a byline or posting line), Arabic or Chinese."""
    head = head[:600]
    found = [m for m in (_DATE.search(head), _CN_DATE.search(head)) if m]
    if not found:
        return ""
    match = min(found, key=lambda m: m.start())
    if match.re is _CN_DATE:
        from plantool.numbers import chinese_value

        year = chinese_year(match.group(1))
        month, day = (int(chinese_value(g) or 0) for g in match.groups()[1:])
    else:
        year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass
class Source:
    """A document as the region and year rules read it: metadata found so far, text, path."""

    meta: DocumentMeta
    text: str
    path: str

    @cached_property
    def head(self) -> str:
        return self.text[:1500]

    @cached_property
    def national_mentions(self) -> int:
        return self.text.count("我国") + self.text.count("全国")


RegionRule = Callable[[Source], "str | None"]


def national_report(src: Source) -> str | None:
    """A State Council report, or a text headed 中华人民共和国, is national."""
    if _STATE_COUNCIL.search(src.head) or _PRC_TITLE.search(src.meta.title) or \
            _PRC_LINE.search(src.head[:200]):
        return "全国"
    return None


def session_line_region(src: Source) -> str | None:
    """A speech's session line names its congress (在黑龙江省第十四届人民代表大会第一次会议上)."""
    line = _session_line(src.head)
    found = [r for _, r in region_mentions(line.group("issuer"))] if line else []
    return most_specific(found).name if found else None


def represented_government(src: Source) -> str | None:
    """A speech names the government it is delivered for (我代表…人民政府)."""
    represent = _REPRESENT.search(src.head)
    found = [r for _, r in region_mentions(represent.group(1))] if represent else []
    return most_specific(found).name if found else None


def title_region(src: Source) -> str | None:
    """The most specific region the title names (大连市沙河口区… → 沙河口区)."""
    found = [r for _, r in region_mentions(src.meta.title)]
    return most_specific(found).name if found else None


def represented_level(src: Source) -> str | None:
    """我代表省人民政府 (no name): the region of that tier the text mentions most, its places counting."""
    level = _represent_level().search(src.head)
    if not level:
        return None
    gaz = regions.gazetteer()
    counts: Counter[str] = Counter()
    for _, region in region_mentions(src.text):
        for candidate in (region, *gaz.ancestors(region)):
            if _at_tier(candidate, level.group(1)):
                counts[candidate.name] += 1
                break
    return counts.most_common(1)[0][0] if counts else None


def _at_tier(region: regions.Region, word: str) -> bool:
    """Whether a region is of the tier a speaker's 省/自治区/市/区/县 names."""
    if word in ("省", "自治区"):
        return region.level == "province" and region.name.endswith(word)
    if word == "市":
        return region.level == "city" or (region.level == "province" and region.name.endswith("市"))
    return region.level == "county" and region.name.endswith(word)


def folder_region(src: Source) -> str | None:
    """The nearest folder of the file's path that names a region (…/辽宁省/2020.md)."""
    gaz = regions.gazetteer()
    for part in reversed(PurePath(src.path).parts[:-1]) if src.path else ():
        region = gaz.lookup(part)
        if region is not None:
            return region.name
    return None


def most_mentioned(src: Source) -> str | None:
    """The region the text mentions most, if at least as often as 我国 and 全国 together."""
    counts = Counter(r.name for _, r in region_mentions(src.text))
    if counts and counts.most_common(1)[0][1] >= src.national_mentions:
        return counts.most_common(1)[0][0]
    return None


def national_mentions(src: Source) -> str | None:
    """Otherwise a text speaking of 我国 or 全国 is national, and any other has no region."""
    return "全国" if src.national_mentions else ""


#: Region rules in order: the first that answers is the document's region.
REGION_RULES: tuple[RegionRule, ...] = (
    national_report, session_line_region, represented_government, title_region, represented_level,
    folder_region, most_mentioned, national_mentions,
)

YearVerdict = tuple["int | None", str]  # (year, period)
YearRule = Callable[[Source], "YearVerdict | None"]


def plan_document_span(src: Source) -> YearVerdict | None:
    """A five-year plan takes its label's span; its year is the year published, else the first."""
    meta = src.meta
    if not (meta.doc_type == "five_year_plan" or _NTH_PLAN_TITLE.search(meta.title)):
        return None
    label = _plan_label(meta.title + src.text[:600])
    span = plan_span(label) if label else None
    if span is None:
        return None
    return (int(meta.published[:4]) if meta.published else span[0]), f"{span[0]}-{span[1]}"


def session_date_year(src: Source) -> YearVerdict | None:
    """A speech dated on its session line (2011年1月18日…会议上); November or December is next year's."""
    line = _session_line(src.head)
    date = _SESSION_DATE.search(line.string) if line else None
    if not date:
        return None
    from plantool.numbers import chinese_value

    year = year_of(date)
    month = int(date.group(3)) if date.group(3).isdigit() else int(chinese_value(date.group(3)) or 0)
    return (year + 1 if month >= 11 else year), ""


def _session_line(head: str) -> re.Match | None:
    """The session line of a speech: a short line of its own, not a session named in prose."""
    for line in head.splitlines():
        found = _SESSION.search(line) if len(line) <= 70 and "。" not in line else None
        if found:
            return found
    return None


def reviewed_year_heading(src: Source) -> YearVerdict | None:
    """A work report's review heading (2013年工作回顾) is the year before; 2014年工作安排 is the year."""
    if src.meta.doc_type != "work_report":
        return None
    found = _review_heading().search(src.text)
    if not found:
        return None
    return int(found.group("year")) + (1 if found.group("review") else 0), ""


def december_report_title(src: Source) -> YearVerdict | None:
    """A work report whose title is dated November or December is for the next year."""
    late = _LATE_IN_YEAR.search(src.meta.title) if YEAR.search(src.meta.title) else None
    return (year_of(late) + 1, "") if late and src.meta.doc_type == "work_report" else None


def title_year(src: Source) -> YearVerdict | None:
    """The first year the title names (2024年政府工作报告)."""
    found = YEAR.search(src.meta.title)
    return (year_of(found), "") if found else None


def bracketed_year(src: Source) -> YearVerdict | None:
    """A bare year in brackets in the title (…公告（2024）)."""
    bare = _YEAR_IN_BRACKETS.search(src.meta.title)
    return (int(bare.group(1)), "") if bare else None


def published_year(src: Source) -> YearVerdict | None:
    """The year published; a report delivered in November or December is the next year's."""
    if not src.meta.published:
        return None
    year, month = int(src.meta.published[:4]), int(src.meta.published[5:7])
    late = month >= 11 and src.meta.doc_type == "work_report"
    return (year + 1 if late else year), ""


def file_name_year(src: Source) -> YearVerdict | None:
    """A file named by its year (2024.md, 2024-report.txt)."""
    match = _LEADING_YEAR.match(PurePath(src.path).stem if src.path else "")
    return (int(match.group(1)), "") if match else None


def horizon_only(src: Source) -> YearVerdict | None:
    """An undated text with a horizon (到2025年) has the nearest one as its period, no year."""
    horizons = [year_of(m) for m in _HORIZON.finditer(src.text)]
    return (None, str(min(horizons))) if horizons else None


def plan_label_only(src: Source) -> YearVerdict | None:
    """A text naming a plan label near the top and no calendar year takes the plan's span."""
    labels = _LABELS.findall(src.meta.title + src.text[:400])
    span = plan_span(labels[0]) if labels and not YEAR.search(src.text[:5000]) else None
    return (span[0], f"{span[0]}-{span[1]}") if span else None


def latest_year(src: Source) -> YearVerdict | None:
    """Otherwise the latest year the opening names, if any."""
    years = [year_of(m) for m in YEAR.finditer(src.text[:5000])]
    return (max(years) if years else None), ""


#: Year rules in order: the first that answers sets the document's year and period.
YEAR_RULES: tuple[YearRule, ...] = (
    plan_document_span, session_date_year, reviewed_year_heading,
    december_report_title, title_year, bracketed_year, published_year,
    file_name_year, horizon_only, plan_label_only, latest_year,
)


def first_rule(rules: tuple[Callable, ...], src: Source) -> tuple[str, object]:
    """The name and answer of the first rule that answers (not ``None``)."""
    name, verdict = first(rules, src)
    assert verdict is not None, "the last rule of a table answers every document"
    return name, verdict


def _region(title: str, text: str, path: str) -> str:
    return first_rule(REGION_RULES, Source(DocumentMeta(title=title), text, path))[1]


def _year(meta: DocumentMeta, text: str, path: str) -> tuple[int | None, str]:
    return first_rule(YEAR_RULES, Source(meta, text, path))[1]


def _plan_label(text: str) -> str:
    match = _NTH_PLAN.search(text)
    if match:
        return match.group(1) + "五"  # 第十四个五年 → 十四五
    match = _LABEL_PLAN.search(text) or _LABELS.search(text)
    return match.group(1) if match else ""


_LABELS = re.compile("(" + PLAN_LABEL + ")")
_NTH_PLAN = re.compile(r"第([一二三四五六七八九十]+)个五年")
_LABEL_PLAN = re.compile(r"“?(" + PLAN_LABEL + r")”?(规划|计划)")
_NTH_PLAN_TITLE = re.compile(r"第[十一二三四五六七八九]+个五年规划")
_LATE_IN_YEAR = re.compile(YEAR.pattern + r"(1[12])月")
_YEAR_IN_BRACKETS = re.compile(r"[（(]((?:19|20)\d{2})[)）]")
_LEADING_YEAR = re.compile(r"((?:19|20)\d{2})")
_HORIZON = re.compile(r"到" + YEAR.pattern)
_CN_NUM = "[一二三四五六七八九十]"
#: A congress session line: issuer, term and session (…在四川省第十二届人民代表大会第二次会议上).
_SESSION = re.compile(r"(?P<issuer>[\u4e00-\u9fff]{2,16}?)(?:第" + _CN_NUM + r"{1,3}届)?"
                      r"人民代表大会(?:第" + _CN_NUM + r"{1,2}次)?会议")
_SESSION_DATE = re.compile(YEAR.pattern + r"(\d{1,2}|" + _CN_NUM + r"{1,2})月")
_STATE_COUNCIL = re.compile(r"代表国务院|国务院总理|全国人民代表大会第.{1,4}次会议上")
_PRC_TITLE = re.compile(r"^(\*\*)?中华人民共和国")
_PRC_LINE = re.compile(r"^\W*中华人民共和国\W*$", re.M)
