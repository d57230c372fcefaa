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
from functools import lru_cache

from plantool import vocab
from plantool.numbers import NUMBER, RANGE_SEP, multiplier_at, read_numeral

HARD_DELIMS = "，；。！？：,;!?\n"
_LIST_DELIM = "、"
_QUOTES = "“”\"‘’'「」『』《》〈〉"
_DE_CUT = re.compile(r"^.*的")
_COMPARISON = re.compile(r"(比|较|同比|环比|比上年|较上年)(\d{4}年|上年|去年|上一年|同期|\d{4}年同期)?")
_BASELINE = re.compile(r"(比|较)(\d{4}年|上年|去年|同期|上年同期|“[^”]{1,8}”期末)(末)?")
_RATE_SUFFIX = ("率", "比例", "比重", "占比", "指数", "覆盖率")
_R_STOPS = ("进行", "确定", "实现", "获评", "入选", "列入", "投入使用", "全部", "全面", "顺利",
            "成功", "基本", "高质量", "集中", "稳妥", "正式", "分别", "均", "已", "建成", "完成",
            "整治", "签约", "落地", "开工", "当选", "提供", "达到", "达", "入驻", "上市", "挂牌")
_TRAILING_NOUN_VERBS = ("建设", "改造", "工程建设", "项目建设", "创建", "提升")
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


@lru_cache(maxsize=None)
def _unit_words() -> tuple[vocab.Unit, ...]:
    return vocab.units()


def _unit_at(parse: str, pos: int) -> vocab.Unit | None:
    for unit in _unit_words():
        if parse.startswith(unit.word, pos):
            return unit
    return None


def _after_qualifier(parse: str, pos: int) -> tuple[str, int]:
    for q in vocab.qualifiers():
        if q.position == "after" and q.word not in ("余", "多") and parse.startswith(q.word, pos):
            return q.canonical, len(q.word)
    return "", 0


def _before_qualifier(left: str) -> tuple[str, str]:
    """A bounding word that ends ``left`` (超过, 不低于 …): (canonical, word)."""
    for q in vocab.qualifiers():
        if q.position == "before" and left.endswith(q.word):
            return q.canonical, q.word
    return "", ""


@dataclass
class _Hit:
    start: int
    end: int  # after unit and after-qualifier
    value: Decimal
    value_max: Decimal | None
    unit: vocab.Unit | None
    qualifier: str
    chinese: bool
    multiplied: bool
    unit_start: int


def _read_hit(parse: str, match: re.Match) -> _Hit | None:
    numeral = read_numeral(parse, match)
    if numeral is None:
        return None
    pos = numeral.end
    value, value_max = numeral.value, None
    multiplied = numeral.has_multiplier
    qualifier = ""
    if parse.startswith(("余", "多"), pos) and not parse.startswith("多元", pos):
        qualifier, pos = "超过", pos + 1
    mult, length = multiplier_at(parse, pos)
    if length and not numeral.chinese:
        value, pos, multiplied = value * mult, pos + length, True
    if not qualifier and parse.startswith(("余", "多"), pos) and not parse.startswith("多元", pos):
        qualifier, pos = "超过", pos + 1
    unit = _unit_at(parse, pos)
    # A range: 2—3家, 6%-6.5%, 1万—1.5万户, 2至3亿元.
    after_first_unit = pos + (len(unit.word) if unit and unit.canonical in ("%",) else 0)
    sep = RANGE_SEP.match(parse, after_first_unit)
    if sep and sep.end() < len(parse):
        second = NUMBER.match(parse, sep.end())
        if second and second.group("ar") and (unit is None or unit.canonical == "%"):
            upper = read_numeral(parse, second)
            if upper is not None:
                upos = upper.end
                umult, ulen = multiplier_at(parse, upos)
                if ulen:
                    upper.value *= umult
                    upos += ulen
                    if not multiplied:
                        value *= umult
                        multiplied = True
                upper_unit = _unit_at(parse, upos)
                if upper_unit is not None and (unit is None or upper_unit.canonical == unit.canonical):
                    if upper.value > value:
                        value_max, unit, pos = upper.value, upper_unit, upos
    unit_start = pos
    if unit is not None:
        pos += len(unit.word)
    if not qualifier and parse.startswith(("余", "多"), pos) and not parse.startswith("多元", pos):
        qualifier, pos = "超过", pos + 1
    after, length = _after_qualifier(parse, pos)
    if after:
        qualifier, pos = after, pos + length
    return _Hit(numeral.start, pos, value, value_max, unit, qualifier, numeral.chinese,
                multiplied, unit_start)


def _inside_quotes(parse: str, pos: int) -> bool:
    before = parse[:pos]
    return (before.count("“") > before.count("”") or before.count("《") > before.count("》")
            or before.count("「") > before.count("」"))


def _skip_reason(parse: str, hit: _Hit) -> str:
    """Why a number is not a commitment, or "" when it may be one."""
    before = parse[max(0, hit.start - 3):hit.start]
    after = parse[hit.unit_start:hit.unit_start + 4]
    unit = hit.unit
    if _inside_quotes(parse, hit.start):
        return "name: inside quotation marks"
    if before.endswith("第") or after.startswith(("号", "届", "次会议", "版", "代", "期", "号线")):
        return "name: ordinal or identifier"
    if re.match(r"[A-Za-z]", parse[hit.end:hit.end + 1] if unit is None else "") or \
            re.search(r"[A-Za-z\-]$", before):
        return "name: alphanumeric code"
    if re.match(r"[A-Za-z]", parse[hit.unit_start:hit.unit_start + 1]):
        return "name: alphanumeric code"
    if after.startswith(("年", "月", "日", "周年", "世纪", "时", "点")) and unit is None:
        return "date"
    if unit is not None and unit.canonical in ("月",) and not hit.multiplied:
        return "date"
    if re.match(r"\d{1,2}[-/.]\d{1,2}", parse[hit.unit_start:hit.unit_start + 1] + ""):
        return "date"
    if unit is None and not hit.multiplied:
        return "no unit"
    if hit.chinese:
        if not _chinese_is_quantity(parse, hit):
            return "slogan-count or indefinite"
    if unit is not None and parse.startswith("大", hit.end):
        return "slogan-count"
    if re.match(r"[\u4e00-\u9fff]", parse[hit.end:hit.end + 1] or "") and hit.qualifier in (
            "以上", "以下") and not parse.startswith(("和", "与", "及", "、"), hit.end):
        return "threshold that defines the metric"
    if _is_scope_count(parse, hit):
        return "scope of a rate"
    return ""


def _chinese_is_quantity(parse: str, hit: _Hit) -> bool:
    span = parse[hit.start:hit.unit_start]
    before = parse[max(0, hit.start - 2):hit.start]
    if any(w in span for w in ("十四五", "十三五", "十五五", "十二五")) or "五" in span and \
            parse[hit.start - 1:hit.start] == "“":
        return False
    bounded = before.endswith(("超", "近", "逾", "上"))
    if not (hit.multiplied or bounded):
        return False
    return not span.startswith("一") or bounded or len(span) > 2


def _is_scope_count(parse: str, hit: _Hit) -> bool:
    """13个国考河流断面水质优良比例达100%: the count names the scope of the rate."""
    rest = parse[hit.end:]
    cut = min([i for i in (rest.find(d) for d in HARD_DELIMS + "、") if i >= 0] or [len(rest)])
    clause = rest[:cut]
    nxt = NUMBER.search(clause)
    if not nxt or nxt.start() == 0:
        return False
    return any(s in clause[:nxt.start()] for s in _RATE_SUFFIX)


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
    """Split a verb off the front of a phrase: (verb, rest)."""
    for verb in vocab.verbs_longest_first():
        if text.startswith(verb) and len(text) > len(verb):
            return verb, text[len(verb):]
    return "", text


def _trailing_verb(text: str) -> tuple[str, str]:
    """Split a verb off the end of a phrase: (rest, verb)."""
    for verb in vocab.verbs_longest_first():
        if text.endswith(verb):
            return text[: -len(verb)], verb
    return text, ""


def _clean_metric(text: str) -> str:
    text = _BASELINE.sub("", text)
    text = re.sub(r"按[^，、]{1,8}(标准|比例)", "", text)
    text = _strip_words(text.strip(" 、，的"))
    text = re.sub(r"(数量|总数|个数|规模)$", "", text) if len(text) > 4 else text
    for ch in _QUOTES:
        text = text.replace(ch, "")
    return text.strip(" 、，的")


def _metric_after(right: str) -> tuple[str, str]:
    """Counted noun after the number (新增2160个学位): (metric, verb found after it)."""
    text = right
    for ch in _QUOTES:
        text = text.replace(ch, "")
    text = text.lstrip("的")
    verb = ""
    cut = len(text)
    for stop in _R_STOPS + vocab.verbs_longest_first():
        idx = text.find(stop)
        if 0 < idx < cut:
            cut = idx
            verb = stop
    metric = text[:cut]
    if verb in ("进行",):
        verb, _ = _leading_verb(text[cut + 2:])
    elif verb and verb not in vocab.verbs():
        rest_verb, _ = _leading_verb(text[cut + len(verb):])
        verb = rest_verb or ""
    if "的" in metric:
        metric = _DE_CUT.sub("", metric)
    for tail in _TRAILING_NOUN_VERBS:
        if metric.endswith(tail) and len(metric) > len(tail) + 1:
            metric = metric[: -len(tail)]
            break
    return _clean_metric(metric), verb


def _split_enumeration(left: str) -> list[str]:
    items = [i for i in left.split(_LIST_DELIM) if i]
    return items


def _measure(action: str, unit: vocab.Unit | None, metric: str, left_raw: str) -> str:
    family = unit.family if unit else ""
    verb_measure = vocab.verbs().get(action, "")
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
    if "累计" in left_raw and verb_measure != "amount":
        return "level"
    if verb_measure == "amount":
        return "amount"
    if family == "ratio":
        return "change"
    return "level"


def extract(parse: str) -> list[Quantity]:
    """The quantities of one sentence, given its parse copy."""
    hits = []
    for match in NUMBER.finditer(parse):
        hit = _read_hit(parse, match)
        if hit is None:
            continue
        if hits and hit.start < hits[-1].end:
            continue
        if _skip_reason(parse, hit):
            continue
        hits.append(hit)
    found: list[Quantity] = []
    previous: Quantity | None = None
    previous_hit_end = 0
    for index, hit in enumerate(hits):
        clause_start, clause_end = _clause_bounds(parse, hit.start)
        if previous is not None and previous.clause != clause_start:
            previous = None
        left_start = max(clause_start, previous_hit_end if previous else clause_start)
        quantities = _describe(parse, hit, left_start, clause_start, clause_end, previous,
                               hits[index + 1:])
        for q in quantities:
            q.clause = clause_start
        found.extend(quantities)
        if quantities:
            previous = quantities[-1]
        previous_hit_end = hit.end
    _apply_respectively(parse, found)
    return found


def _describe(parse: str, hit: _Hit, left_start: int, clause_start: int, clause_end: int,
              previous: Quantity | None, later: list[_Hit]) -> list[Quantity]:
    left_raw = parse[left_start:hit.start]
    left = left_raw.lstrip("、和及与").strip()
    qualifier, q_word = "", ""
    if not hit.qualifier:
        qualifier, q_word = _before_qualifier(left)
    else:
        # 超过500亿元以上 is rare; keep the after-qualifier and drop a before-word.
        _, q_word = _before_qualifier(left)
    if q_word:
        left = left[: -len(q_word)]
    qualifier = hit.qualifier or qualifier
    body, trailing = _trailing_verb(left)
    body = re.sub(r"(均|分别|都|合计|累计|共|全部|已|将|年均|平均|每年)+$", "", body)
    if not trailing:
        body2, trailing2 = _trailing_verb(body)
        if trailing2 and vocab.verbs()[trailing2] != "amount":
            body, trailing = body2, trailing2
    next_start = later[0].start if later and later[0].start < clause_end else clause_end
    right = parse[hit.end:next_start]
    right_text = right.strip()
    stripped_body = _strip_words(body.strip(" 、"))
    lead_verb, rest = _leading_verb(stripped_body)
    metric_before = _clean_metric(rest)
    takes_after = bool(right_text) and re.match(r"[\u4e00-\u9fff“\"A-Za-z]", right_text) and (
        not metric_before or stripped_body.endswith(("等", "对", "为", "首批", "其中", "个"))
        or (not rest and lead_verb) or metric_before in ("辖区", "全市", "全区")
        or re.search(r"(等|对辖区|对|为|首批)$", stripped_body) is not None)
    action = trailing or lead_verb
    metric = metric_before
    if takes_after:
        metric, verb_after = _metric_after(right_text)
        if not action:
            action = verb_after
        elif verb_after and stripped_body.startswith(("对",)):
            action = verb_after
    if not metric and previous is not None:
        metric = previous.metric
        if not action:
            action = previous.action
    if not action and previous is not None and metric_before and not trailing and \
            previous.action and vocab.verbs().get(previous.action) == "amount":
        action = previous.action
    if metric.startswith("占") and previous is not None:
        metric = previous.metric + metric
    for noun, owners in _DEPENDENT_NOUNS.items():
        if metric == noun and previous is not None and previous.metric.endswith(owners):
            metric = previous.metric + noun
    if qualifier in ("突破", "超过") and q_word and not trailing and action == lead_verb == "":
        action = ""
    measure = _measure(trailing or action, hit.unit, metric, left_raw)
    unit = hit.unit.canonical if hit.unit else ""
    family = hit.unit.family if hit.unit else ""
    # Quote: from the start of what the record rests on to the end of the number's tail.
    quote_start = left_start + (len(left_raw) - len(left_raw.lstrip("、和及与 ")))
    if takes_after and metric:
        metric_pos = parse.find(metric[:2], hit.end)
        quote_end = max(hit.end, metric_pos + len(metric)) if metric_pos >= 0 else hit.end
        quote_end = _extend_to(parse, quote_end, metric)
    else:
        quote_end = hit.end
    if quote_start >= hit.start:
        quote_start = hit.start
    records = []
    items = _rate_enumeration(body, trailing)
    if items and not takes_after:
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


def _extend_to(parse: str, end: int, metric: str) -> int:
    """Stretch a quote end over the counted noun, quotes included."""
    stop = end
    while stop < len(parse) and parse[stop] in "”\"》」":
        stop += 1
    return stop


def _rate_enumeration(body: str, trailing: str) -> list[str]:
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
        if len(subjects) != len(group):
            continue
        lead_verb, first_rest = _leading_verb(_strip_words(subjects[0]))
        subjects[0] = first_rest
        shared = ""
        last = subjects[-1]
        if "占" in last:
            shared = last[last.index("占"):]
            subjects[-1] = last[: last.index("占")]
        for q, subj in zip(group, subjects):
            q.metric = _clean_metric(subj + shared)
            if action:
                q.action = action
            q.quote_start = min(q.quote_start, clause_start)
            q.quote_end = max(q.quote_end, group[-1].num_end)
