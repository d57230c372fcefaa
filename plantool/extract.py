"""Extraction: the quantified commitments of one sentence.

One record per number (a number shared by an enumeration of rates gives one record per
rate). For each number the extractor reads, on the parse copy of the sentence:

* the value, a range's upper end, the multiplier and the unit after it;
* the qualifier around it (以上, 左右, 超过, 不低于 …);
* the counted thing (metric) and the verb acting on it (action), either before the
  number (新增家庭养老床位1000张) or after it (新增2160个学位);
* the measure: amount, level or change.

Numbers that are not commitments (dates, list numbers, names, versions, slogan
counts, thresholds that define a metric) are dropped by the rules in ``_skip_reason``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from plantool import numbers, vocab
from plantool.numbers import Hit, before_qualifier
from plantool.skip import matching_rule

HARD_DELIMS = "，；。！？：,;!?\n"
_LIST_DELIM = "、"
_QUOTES = "“”\"‘’'「」『』《》〈〉"
_DE_CUT = re.compile(r"^.*的")
_NOUN_TAILS = "值额量率"
_PLACE_END = "区市县省镇园港岛湾城"
_PAREN = re.compile(r"[（(][^）)]{0,12}[)）]")
_BASELINE = re.compile(r"(比|较|在)(\d{4}年|上年度?|去年|同期|上年同期|年初|上年末|“[^”]{1,8}”期末)"
                       r"(末|底|的基础上)?")
_RATE_SUFFIX = ("率", "比例", "比重", "占比", "指数", "覆盖率", "浓度", "强度")
_R_STOPS = ("进行", "确定", "实现", "获评", "入选", "列入", "投入使用", "全部", "全面", "顺利",
            "成功", "基本", "高质量", "集中", "稳妥", "正式", "分别", "均", "已", "建成", "完成",
            "整治", "签约", "落地", "开工", "当选", "提供", "达到", "入驻", "上市", "挂牌", "获得",
            "实施", "纳入", "通过", "被", "成为", "获", "参与", "助力", "覆盖", "提前", "出列",
            "竣工", "投产", "动工", "受到", "脱贫", "摘帽", "退出", "达标", "验收", "尽快")
_TRAILING_NOUN_VERBS = ("工程建设", "项目建设", "建设")
_DEPENDENT_NOUNS = {"学位": ("园", "学校", "中小学", "校"), "面积": ("小区", "房", "园")}


@dataclass
class Quantity:
    """One number with what it counts; offsets are relative to the sentence."""

    value: Decimal
    value_max: Decimal | None
    unit: str
    unit_family: str
    qualifier: str
    metric: str
    action: str
    measure: str
    num_start: int
    num_end: int  # end of unit and qualifier
    quote_start: int
    quote_end: int
    clause: int = 0
    notes: list[str] = field(default_factory=list)
    time_hint: str = ""  # an in-clause time word that sets the period (两年, 到2027年)


def _clause_bounds(parse: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and parse[start - 1] not in HARD_DELIMS:
        start -= 1
    end = pos
    while end < len(parse) and parse[end] not in HARD_DELIMS:
        end += 1
    return start, end


def _strip_words(text: str) -> str:
    """Drop time and scope words and quotation marks that do not change what is counted."""
    for ch in _QUOTES:
        text = text.replace(ch, "")
    changed = True
    while changed:
        changed = False
        for word in vocab.time_words():
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word):], True
    return text


def _leading_verb(text: str) -> tuple[str, str]:
    """Split verbs off the front of a phrase (新建、改扩建 …): (verbs, rest)."""
    verb, rest = _one_leading_verb(text)
    while verb:
        joined = re.match(r"[、和及与]?", rest).group(0)
        more, after = _one_leading_verb(rest[len(joined):])
        if not more or len(after) < 2:
            break
        verb, rest = verb + joined + more, after
    return verb, rest


def _one_leading_verb(text: str) -> tuple[str, str]:
    for verb in vocab.verbs_longest_first():
        if text.startswith(verb) and len(text) > len(verb) and text[len(verb)] not in _NOUN_TAILS:
            return verb, text[len(verb):]
    return "", text


def _trailing_verb(text: str) -> tuple[str, str]:
    """Split a verb off the end of a phrase: (rest, verb)."""
    for verb in vocab.verbs_longest_first():
        if text.endswith(verb):
            return text[: -len(verb)], verb
    return text, ""


_TIME_IN_METRIC = re.compile(r"[“\"]?十[一二三四五]?五[”\"]?(时期|期间|期末|末)?|(?:19|20)\d{2}年(末|底)?|"
                             r"年内|年末|年底|全年")


def _clean_metric(text: str) -> str:
    text = text.replace("<br>", "").split("|")[-1].strip()  # a Markdown table cell
    text = _TIME_IN_METRIC.sub("", text)
    text = re.sub(r"^\d{1,2}[.、．]", "", text)  # a list number glued to the noun
    text = _PAREN.sub("", _BASELINE.sub("", re.sub(r"\[\d+\]", "", text)))
    text = re.sub(r"按[^，、]{1,8}(标准|比例)", "", text)
    text = _strip_words(text.strip(" 、，的"))
    text = re.sub(r"(数量|总数|个数|规模)$", "", text) if len(text) > 4 else text
    for ch in _QUOTES:
        text = text.replace(ch, "")
    cut = text.rfind("等")
    if 0 < cut < len(text) - 2 and text[cut + 1] != "级" and "、" in text[:cut]:
        text = text[cut + 1:]
    return text.strip(" 、，的和及与")


def _metric_after(right: str) -> tuple[str, str]:
    """Counted noun after the number (新增2160个学位): (metric, verb found after it)."""
    text = _PAREN.sub("", right)
    for ch in _QUOTES:
        text = text.replace(ch, "")
    text = text.lstrip("的")
    verb, cut = "", len(text)
    for stop in _R_STOPS:
        idx = text.find(stop)
        if 2 <= idx < cut:
            cut, verb = idx, stop
    metric = text[:cut]
    if verb == "进行":
        verb, _ = _leading_verb(text[cut + 2:])
    elif verb and vocab.verbs().get(verb) is None:
        verb, _ = _leading_verb(text[cut + len(verb):])
    if "的" in metric:
        metric = _DE_CUT.sub("", metric)
    for tail in _TRAILING_NOUN_VERBS:
        if metric.endswith(tail) and len(metric) > len(tail) + 1:
            metric = metric[: -len(tail)]
            break
    return _clean_metric(metric.rstrip("和及与")), verb


def _split_enumeration(left: str) -> list[str]:
    items = [i for i in left.split(_LIST_DELIM) if i]
    return items


def _measure(action: str, unit: vocab.Unit | None, metric: str, left_raw: str) -> str:
    family = unit.family if unit else ""
    verb_measure = vocab.verbs().get(action, "")
    if not verb_measure and "新增" in metric and family not in ("percent", "points"):
        verb_measure = "amount"  # 城镇新增就业1100万人: the verb sits inside the indicator
    if family == "points":
        return "change"
    if verb_measure == "change" and family in ("percent", "ratio", "permille"):
        return "change"
    if verb_measure == "change":
        return "amount" if action in ("减少", "提高", "提升") and family not in ("percent",) \
            else "change"
    if verb_measure == "level":
        return "level"
    if family in ("percent", "permille"):
        return "level"
    if re.search(r"(比|较)[^，,]{0,8}(增加|减少|提高|降低|增长|下降|扩大|缩小)[了]?$", left_raw):
        return "change"  # 比年初增加10012亿元: a rise against a baseline
    if "累计" in left_raw and verb_measure != "amount":
        return "level"
    if verb_measure == "amount":
        return "amount"
    if family == "ratio":
        return "change"
    return "level"


@dataclass
class Dropped:
    """A number read in a sentence but not kept as a quantity, and why."""

    start: int
    end: int
    text: str
    rule: str
    reason: str


@dataclass
class Extraction:
    """What one sentence gives: its quantities and the numbers dropped on the way."""

    quantities: list[Quantity]
    dropped: list[Dropped]


_OVERLAP = ("overlap", "part of the number before it")


def _kept_hits(parse: str, dropped: list[Dropped]) -> list[Hit]:
    """The hits that survive the skip rules; the others are added to ``dropped``."""
    hits: list[Hit] = []
    for hit in numbers.scan(parse):
        if hits and hit.start < hits[-1].end:
            dropped.append(Dropped(hit.start, hit.end, parse[hit.start:hit.end], *_OVERLAP))
            continue
        rule = matching_rule(parse, hit)
        if rule is not None:
            dropped.append(Dropped(hit.start, hit.end, parse[hit.start:hit.end], rule.name,
                                   rule.reason))
            continue
        hits.append(hit)
    return hits


def scan(parse: str) -> Extraction:
    """The quantities of one sentence, given its parse copy, with the dropped numbers."""
    dropped: list[Dropped] = []
    hits = _kept_hits(parse, dropped)
    found: list[Quantity] = []
    previous: Quantity | None = None
    previous_hit_end = 0
    for index, hit in enumerate(hits):
        clause_start, clause_end = _clause_bounds(parse, hit.start)
        if previous is not None and previous.clause != clause_start:
            previous = None
        left_start = max(clause_start, previous_hit_end if previous else clause_start)
        quantities = _describe(parse, hit, left_start, clause_end, previous,
                               hits[index + 1:], found[-1] if found else None)
        for q in quantities:
            q.clause = clause_start
        found.extend(quantities)
        if quantities:
            previous = quantities[-1]
        previous_hit_end = max([hit.end] + [q.quote_end for q in quantities
                                            if q.quote_end > hit.end])
    _apply_respectively(parse, found)
    return Extraction(found, dropped)


def extract(parse: str) -> list[Quantity]:
    """The quantities of one sentence, given its parse copy."""
    return scan(parse).quantities


def _describe(parse: str, hit: Hit, left_start: int, clause_end: int,
              previous: Quantity | None, later: list[Hit],
              last: Quantity | None) -> list[Quantity]:
    left_raw = parse[left_start:hit.start]
    left = left_raw.lstrip("、和及与 ").rstrip()
    qualifier, q_word = before_qualifier(left)
    if q_word:
        left = left[: -len(q_word)]
    qualifier = hit.qualifier or qualifier
    left = _tidy_left(left)
    body, trailing = _trailing_state_verb(left)
    body = _strip_tail_words(body)
    body_no_tail, amount_tail = _trailing_verb(body)
    body_no_tail = _strip_tail_words(body_no_tail)
    if not amount_tail or _protected_end(body):
        body_no_tail, amount_tail = body, ""
    elif amount_tail in vocab.noun_verbs() and _strip_words(body_no_tail):
        # 固定资产投资2万亿元: after a noun, 投资 names what is counted
        body_no_tail, amount_tail = body, ""
    elif all(_leading_verb(_strip_words(body))):
        # 完成人工造林6千亩: the verb in front leads; the tail belongs to the noun.
        body_no_tail, amount_tail = body, ""
    right = _right_context(parse, hit, later, clause_end)
    pattern_after = _takes_after(right, hit, body_no_tail, trailing, amount_tail)
    if pattern_after:
        metric, verb_after = _metric_after(right)
        _, lead = _metric_before(body_no_tail)
        action = amount_tail or trailing or lead or verb_after
        if body_no_tail.lstrip().startswith("对") and verb_after:
            action = verb_after
        before, _ = _metric_before(body_no_tail)
        if len(metric) <= 2 and before and lead and not _region_like(before):
            metric = before + metric
    else:
        metric, lead = _metric_before(body_no_tail)
        action = trailing or amount_tail or lead
    if _strip_words(left.lstrip()).startswith(vocab.noncommitment_verbs()):
        return []
    if pattern_after and not action and "的" in right[:12]:
        return []  # 13亿多人口的发展中大国: a description, not a commitment
    if not metric and not pattern_after and hit.unit is not None and \
            hit.unit.family in ("cny", "usd", "eur") and _PURPOSE.match(right):
        metric = "资金"  # 安排14.6亿元支持各地…: the money itself
    source = previous or last
    if not metric and source is not None:
        metric = source.metric
        action = action or source.action
    elif previous is not None and not action and previous.action and \
            vocab.verbs().get(previous.action) == "amount" and left_raw.startswith("、"):
        action = previous.action
    if metric.startswith("占") and last is not None:
        metric = last.metric + metric
    for noun, owners in _DEPENDENT_NOUNS.items():
        if metric == noun and last is not None and last.metric.endswith(owners):
            metric = last.metric + noun
    measure = _measure(trailing or action, hit.unit, metric, left_raw)
    unit = hit.unit.canonical if hit.unit else ""
    family = hit.unit.family if hit.unit else ""
    quote_start = _quote_start(parse, left_start, hit.start, metric, action, pattern_after)
    quote_end = hit.end
    if pattern_after and metric:
        quote_end = _metric_end(parse, hit.end, right, metric)
    if quote_start >= hit.start:
        quote_start = hit.start
    items = [] if pattern_after else _rate_enumeration(body_no_tail)
    if items:
        records = []
        cursor = quote_start
        for item in items:
            pos = parse.find(item, cursor)
            records.append(Quantity(hit.value, hit.value_max, unit, family, qualifier,
                                    _clean_metric(item), action, measure, hit.start, hit.end,
                                    pos if pos >= 0 else quote_start, quote_end))
            if pos >= 0:
                cursor = pos + len(item)
        return records
    return [Quantity(hit.value, hit.value_max, unit, family, qualifier, metric, action,
                     measure, hit.start, hit.end, quote_start, quote_end)]


_DURATION = re.compile(r"[两二三四五六七八九十\d]+年(内|来|间|时间)?")
_PER_UNIT = re.compile(r"(每人每月|每人每年|每人每天|每月|每年|人均|每户)$")
_FROM_TO = re.compile(r"(由|从)[^，,；由从]{0,24}?"
                      r"(?=(提高|增加|上升|下降|降低|减少|扩大|提升|增长|降|升|调整为)"
                      r"(到|至|为)?$)")
_FROM = re.compile(r"由[^由]{0,12}?的$")


_TAIL_WORDS = re.compile(r"(均|分别|都|合计|共|全部|已|将|年均|平均|每年|实现了|了|累计|预计|实际|名义|"
                         r"继续|持续|进一步|稳定|再|又|仍|在|要|需|拟|计划|为|均为|是|有|同比|环比)+$")


def _strip_tail_words(text: str) -> str:
    """Adverbs and modals between a metric and its verb (均, 分别, 拟, 继续 …)."""
    return _TAIL_WORDS.sub("", text)


def _tidy_left(left: str) -> str:
    """Drop durations, baselines, per-unit phrases and a trailing 了 from the left side."""
    left = _FROM_TO.sub("", left)
    left = _DURATION.sub("", left)
    left = _BASELINE.sub("", left)
    left = _FROM.sub("", left) if "由" in left else left
    left = left.rstrip("了的 ")
    left = _PER_UNIT.sub("", left)
    return left.rstrip("了 ")


def _trailing_state_verb(text: str) -> tuple[str, str]:
    """A level, change or neutral verb ending the left side (增长, 达到, 控制在)."""
    for verb in vocab.verbs_longest_first():
        if text.endswith(verb) and vocab.verbs()[verb] != "amount":
            rest = text[: -len(verb)]
            if verb in ("占", "是") and rest:
                continue
            return rest, verb
    return text, ""


def _protected_end(text: str) -> bool:
    return any(text.endswith(ind) for ind in vocab.indicators())


def _right_context(parse: str, hit: Hit, later: list[Hit], clause_end: int) -> str:
    stop = later[0].start if later and later[0].start < clause_end else clause_end
    if stop == hit.end and later:
        # 推出28项70条升级举措: the noun after the last number counts both.
        return _right_context(parse, later[0], later[1:], clause_end)
    right = parse[hit.end:stop].strip()
    if right.startswith("、"):
        return ""
    return right.rstrip("、和及与 ")


_PURPOSE = re.compile(r"(用于|支持|实施|推进|建设|开展|奖补|补助|补贴|扶持|保障|带动|撬动)")


def _takes_after(right: str, hit: Hit, body: str, trailing: str, amount_tail: str) -> bool:
    """Whether the counted noun follows the number (新增2160个学位)."""
    plain_right = right.lstrip("“\"")
    if not plain_right or not re.match(r"[\u4e00-\u9fffA-Za-z]", plain_right):
        return False
    if plain_right.startswith(("以上", "以下", "以内", "左右", "的比例", "的水平", "的目标")):
        return False
    family = hit.unit.family if hit.unit else ""
    if family in ("percent", "points", "permille") and body:
        return False
    if family in ("cny", "usd", "eur") and (_metric_before(body)[0] or _PURPOSE.match(plain_right)):
        return False  # 统筹财政资金2041亿元支持…: money is counted before, its use follows
    if trailing and family in ("percent", "points", "ratio"):
        return False
    if plain_right.startswith("的") and family in ("cny", "usd", "percent"):
        return False
    return True


def _metric_before(text: str) -> tuple[str, str]:
    """Counted noun before the number: (metric, the verb that leads it)."""
    text = _strip_words(text.strip(" 、，"))
    text = re.sub(r"^在[\u4e00-\u9fff]{1,6}?(市|区|县|省)?(?=[\u4e00-\u9fff]{2})", "", text) \
        if text.startswith("在") else text
    for indicator in vocab.indicators():
        if text.endswith(indicator):
            head = text[: -len(indicator)]
            verb, _ = _leading_verb(_strip_words(head)) if head else ("", "")
            return _clean_metric(indicator), verb
    verb, rest = _leading_verb(text)
    if not verb:
        verb, rest = _inner_verb(text)
    if rest.startswith("占") and not verb:
        return _clean_metric(rest), ""
    return _clean_metric(rest if verb else text), verb


def _inner_verb(text: str) -> tuple[str, str]:
    """A subject before the verb (星海湾金融商务区全年引进…企业): split at the first verb."""
    best = None
    for verb in vocab.verbs_longest_first():
        if len(verb) < 2 or vocab.verbs()[verb] == "neutral":
            continue
        idx = text.find(verb)
        if idx > 0 and len(text) - idx - len(verb) >= 2 and (best is None or idx < best[0]) \
                and text[idx + len(verb)] not in _NOUN_TAILS and _subject_before(text[:idx]):
            best = (idx, verb)
    if best is None:
        return "", text
    idx, verb = best
    return verb, _strip_words(text[idx + len(verb):])


def _quote_start(parse: str, left_start: int, number_start: int, metric: str, action: str,
                 metric_after: bool) -> int:
    """The shortest start that keeps the verb and (when it comes first) the counted noun."""
    window = parse[left_start:number_start]
    starts = []
    if action:
        idx = window.rfind(action)
        if idx >= 0:
            starts.append(idx)
    if metric and not metric_after:
        head = metric[:2]
        idx = window.find(head)
        if idx >= 0:
            starts.append(idx)
    if not starts:
        stripped = len(window) - len(window.lstrip("、和及与 "))
        return left_start + stripped if window.strip() and not metric_after else number_start
    start = left_start + min(starts)
    # keep an opening quotation mark with the noun it opens
    if start > left_start and parse[start - 1] in "“\"《":
        start -= 1
    return start


def _subject_before(text: str) -> bool:
    """Text before a verb that reads as a subject: a place, a time word or a region."""
    if text.endswith(tuple(vocab.time_words())) or text[-1] in _PLACE_END:
        return True
    return _region_like(text)


def _region_like(text: str) -> bool:
    from plantool.metadata import region_mentions

    mentions = region_mentions(text)
    return bool(mentions) and mentions[-1][0] + 2 >= len(text) - 3


def _metric_end(parse: str, start: int, right: str, metric: str) -> int:
    """Where the counted noun after the number ends in the sentence."""
    pos = parse.find(right, start) if right else -1
    if pos < 0:
        return start
    tail = metric[-2:] if len(metric) >= 2 else metric
    idx = parse.find(tail, pos)
    end = idx + len(tail) if 0 <= idx <= pos + len(right) else pos + len(right)
    while end < len(parse) and parse[end] in "”\"》」）)":
        end += 1
    return end


def _rate_enumeration(body: str) -> list[str]:
    """A、B、C均达到100%: several rates sharing one number → one record per rate."""
    items = [i.strip() for i in body.split(_LIST_DELIM) if i.strip()]
    if len(items) < 2:
        return []
    if all(i.endswith(_RATE_SUFFIX) for i in items):
        first_verb, rest = _leading_verb(_strip_words(items[0]))
        if first_verb:
            items[0] = rest
        return [_strip_words(i) for i in items]
    return []


def _share_head(subjects: list[str]) -> list[str]:
    """城镇和农村居民人均可支配收入: contrast words before a head shared by both."""
    last = subjects[-1]
    for group in vocab.contrast_groups():
        words = sorted(group, key=len, reverse=True)
        lead = next((w for w in words if last.startswith(w) and len(last) > len(w) + 1), "")
        if lead and all(s in group for s in subjects[:-1]):
            head = last[len(lead):]
            return [s + head for s in subjects[:-1]] + [last]
    return subjects


def _apply_respectively(parse: str, found: list[Quantity]) -> None:
    """A、B分别增长2%、20%: give the i-th number the i-th subject."""
    by_clause: dict[int, list[Quantity]] = {}
    for q in found:
        by_clause.setdefault(q.clause, []).append(q)
    for clause_start, group in by_clause.items():
        if len(group) < 2:
            continue
        first = group[0]
        window = parse[clause_start:first.num_start]
        idx = window.find("分别")
        if idx < 0:
            continue
        subject = window[:idx]
        subject, verb = _trailing_verb(subject) if not subject.endswith("分别") else (subject, "")
        verb_after = window[idx + 2:]
        _, action = _trailing_verb(verb_after.rstrip())
        subjects = [s for s in subject.split(_LIST_DELIM) if s.strip()]
        if len(subjects) < len(group):
            subjects = [s for s in re.split(r"[、和及与]", subject) if s.strip()]
        if len(subjects) != len(group):
            continue
        lead_verb, first_rest = _leading_verb(_strip_words(subjects[0]))
        subjects[0] = first_rest
        subjects = _share_head(subjects)
        shared = ""
        last = subjects[-1]
        if "占" in last:
            shared = last[last.index("占"):]
            subjects[-1] = last[: last.index("占")]
        for q, subj in zip(group, subjects, strict=True):
            q.metric = _clean_metric(subj + shared)
            if action:
                q.action = action
            q.quote_start = min(q.quote_start, clause_start)
            q.quote_end = max(q.quote_end, group[-1].num_end)
