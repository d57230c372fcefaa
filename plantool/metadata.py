"""Document metadata detected from the text: title, region, year, date and type.

Every field can be overridden from the command line (--title, --region, --year, --type).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath

from plantool import regions, vocab
from plantool.periods import PLAN_LABEL, YEAR, chinese_year, plan_span, year_of
from plantool.regions import mentions as region_mentions
from plantool.regions import most_specific
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


_DATE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_REPRESENT = re.compile(r"代表([\u4e00-\u9fff]{2,12}?)(?:人民政府|政府)")


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
                and not re.search(r"回顾|各位代表", plain):
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


def _region(title: str, text: str, path: str) -> str:
    head = text[:1500]
    if re.search(r"代表国务院|国务院总理|全国人民代表大会第.{1,4}次会议上", head) or \
            re.search(r"^(\*\*)?中华人民共和国", title) or \
            re.search(r"^\W*中华人民共和国\W*$", head[:200], re.M):
        return "全国"
    represent = _REPRESENT.search(head)
    if represent:
        found = [r for _, r in region_mentions(represent.group(1))]
        if found:
            return most_specific(found).name
    in_title = [r for _, r in region_mentions(title)]
    if in_title:
        return most_specific(in_title).name
    gaz = regions.gazetteer()
    for part in reversed(PurePath(path).parts[:-1]) if path else ():
        region = gaz.lookup(part)
        if region is not None:
            return region.name
    counts = Counter(r.name for _, r in region_mentions(text))
    national = text.count("我国") + text.count("全国")
    if counts and counts.most_common(1)[0][1] >= national:
        return counts.most_common(1)[0][0]
    return "全国" if national else ""


def _year(meta: DocumentMeta, text: str, path: str) -> tuple[int | None, str]:
    period = ""
    title_years = [year_of(m) for m in YEAR.finditer(meta.title)]
    labels = _LABELS.findall(meta.title + text[:400])
    if meta.doc_type == "five_year_plan" or _NTH_PLAN_TITLE.search(meta.title):
        label = _plan_label(meta.title + text[:600])
        span = plan_span(label) if label else None
        if span:
            period = f"{span[0]}-{span[1]}"
            year = int(meta.published[:4]) if meta.published else span[0]
            return year, period
    if title_years:
        late = _LATE_IN_YEAR.search(meta.title)
        if late and meta.doc_type == "work_report":
            return year_of(late) + 1, period  # delivered in December for the next year
        return title_years[0], period
    bare = _YEAR_IN_BRACKETS.search(meta.title)
    if bare:
        return int(bare.group(1)), period
    if meta.published:
        year, month = int(meta.published[:4]), int(meta.published[5:7])
        if month >= 11 and meta.doc_type == "work_report":
            year += 1  # a report delivered in December is the next year's
        return year, period
    stem = PurePath(path).stem if path else ""
    match = _LEADING_YEAR.match(stem)
    if match:
        return int(match.group(1)), period
    horizons = [year_of(m) for m in _HORIZON.finditer(text)]
    if horizons:
        return None, str(min(horizons))
    years = [year_of(m) for m in YEAR.finditer(text[:5000])]
    if labels and not years:
        span = plan_span(labels[0])
        if span:
            return span[0], f"{span[0]}-{span[1]}"
    return (max(years) if years else None), period


def _plan_label(text: str) -> str:
    match = _NTH_PLAN.search(text)
    if match:
        return match.group(1) + "五"  # 第十四个五年 → 十四五
    match = _LABEL_PLAN.search(text)
    return match.group(1) if match else ""


_LABELS = re.compile("(" + PLAN_LABEL + ")")
_NTH_PLAN = re.compile(r"第([一二三四五六七八九十]+)个五年")
_LABEL_PLAN = re.compile(r"“?(" + PLAN_LABEL + r")”?(规划|计划)")
_NTH_PLAN_TITLE = re.compile(r"第[十一二三四五六七八九]+个五年规划")
_LATE_IN_YEAR = re.compile(YEAR.pattern + r"(1[12])月")
_YEAR_IN_BRACKETS = re.compile(r"[（(]((?:19|20)\d{2})[)）]")
_LEADING_YEAR = re.compile(r"((?:19|20)\d{2})")
_HORIZON = re.compile(r"到" + YEAR.pattern)
