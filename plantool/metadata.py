"""Document metadata detected from the text: title, region, year, date and type.

Every field can be overridden from the command line (--title, --region, --year, --type).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from plantool import vocab
from plantool.periods import _CN_DIGIT, PLAN_LABELS, YEAR, plan_span, year_of  # noqa: F401
from plantool.segment import Block, heading_level

DOC_TYPES = {
    "work_report": "政府工作报告",
    "five_year_plan": "五年规划",
    "annual_plan": "年度计划",
    "implementation_opinions": "实施意见",
    "statistical_communique": "统计公报",
    "news": "新闻",
}
_TYPE_RULES = (
    ("statistical_communique", re.compile(r"统计公报|执行结果的公报|统计局.{0,20}公报")),
    ("work_report", re.compile(r"政府.{0,8}工作报告|向大会报告(政府)?工作|报告政府工作|"
                               r"在.{0,24}人民代表大会.{0,12}会议上")),
    ("five_year_plan",
     re.compile(r"五年规划|五年计划|[一二三四五六七八九十]{1,3}五(规划|计划)|规划纲要|计划纲要")),
    ("implementation_opinions", re.compile(r"实施意见|若干意见|指导意见|实施方案|行动方案")),
    ("annual_plan", re.compile(r"年度计划|国民经济和社会发展计划|年度工作计划|工作要点")),
)
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
        if re.search(r"报告|规划|纲要|计划|意见|方案|公报", plain) and len(plain) <= 60 \
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
        for doc_type, pattern in _TYPE_RULES:
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

        year = int("".join(_CN_DIGIT.get(c, c) for c in match.group(1)))
        month, day = (int(chinese_value(g) or 0) for g in match.groups()[1:])
    else:
        year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def region_mentions(text: str) -> list[tuple[int, vocab.Region]]:
    """Region names in a text, longest name first at each place, outside 《》 titles."""
    gaz = vocab.gazetteer()
    out = []
    names = _names_pattern()
    depth = 0
    for match in names.finditer(text):
        depth = text.count("《", 0, match.start()) - text.count("》", 0, match.start())
        if depth > 0:
            continue
        region = gaz.lookup(match.group(0))
        if region is not None:
            out.append((match.start(), region))
    return out


_NAMES: list[re.Pattern] = []


def _names_pattern() -> re.Pattern:
    if not _NAMES:
        gaz = vocab.gazetteer()
        words = sorted({n for n in gaz.by_name if len(n) >= 2}, key=len, reverse=True)
        _NAMES.append(re.compile("|".join(re.escape(w) for w in words)))
    return _NAMES[0]


def most_specific(regions: list[vocab.Region]) -> vocab.Region | None:
    gaz = vocab.gazetteer()
    best = None
    for region in regions:
        if best is None or best in gaz.ancestors(region):
            best = region
    return best


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
    gaz = vocab.gazetteer()
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
    labels = re.findall(r"(十[一二三四五]?五|[一二三四五六七八九]五)", meta.title + text[:400])
    if meta.doc_type == "five_year_plan" or re.search(r"第[十一二三四五六七八九]+个五年规划", meta.title):
        label = _plan_label(meta.title + text[:600])
        span = plan_span(label) if label else None
        if span:
            period = f"{span[0]}-{span[1]}"
            year = int(meta.published[:4]) if meta.published else span[0]
            return year, period
    if title_years:
        late = re.search(YEAR.pattern + r"(1[12])月", meta.title)
        if late and meta.doc_type == "work_report":
            return year_of(late) + 1, period  # delivered in December for the next year
        return title_years[0], period
    bare = re.search(r"[（(]((?:19|20)\d{2})[)）]", meta.title)
    if bare:
        return int(bare.group(1)), period
    if meta.published:
        year, month = int(meta.published[:4]), int(meta.published[5:7])
        if month >= 11 and meta.doc_type == "work_report":
            year += 1  # a report delivered in December is the next year's
        return year, period
    stem = PurePath(path).stem if path else ""
    match = re.match(r"((?:19|20)\d{2})", stem)
    if match:
        return int(match.group(1)), period
    horizons = [year_of(m) for m in re.finditer(r"到" + YEAR.pattern, text)]
    if horizons:
        return None, str(min(horizons))
    years = [year_of(m) for m in YEAR.finditer(text[:5000])]
    if labels and not years:
        span = plan_span(labels[0])
        if span:
            return span[0], f"{span[0]}-{span[1]}"
    return (max(years) if years else None), period


def _plan_label(text: str) -> str:
    match = re.search(r"第([一二三四五六七八九十]+)个五年", text)
    if match:
        number = {"十一": "十一", "十二": "十二", "十三": "十三", "十四": "十四", "十五": "十五"}
        n = match.group(1)
        return (number.get(n, n)) + "五"
    match = re.search(r"“?(十[一二三四五]?五|[一二三四五六七八九]五)”?(规划|计划)", text)
    return match.group(1) if match else ""
