"""Skip rules: numbers that are not commitments, each dropped with its reason.

A hit (see :mod:`plantool.numbers`) is kept as a quantity unless one of
:data:`SKIP_RULES` matches it. The rules are tried in table order and the first match
gives the reason; the order is behaviour (a date inside quotation marks is a name, a
count without a unit is dropped before it is tested as a slogan), so a new rule goes in
the place where it must win.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import NamedTuple

from plantool import vocab
from plantool.clean import CLAUSE_DELIMS, LIST_DELIM, QUOTE_SCOPE_DELIMS
from plantool.numbers import NUMBER, Hit
from plantool.wordmatch import WordList

Predicate = Callable[[str, Hit], bool]


class SkipRule(NamedTuple):
    name: str
    reason: str
    predicate: Predicate


_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_FOOTNOTE_OPEN = re.compile(r"\[\d*$")
_CODE_BEFORE = re.compile(r"[A-Za-z\-]$")
_CLAUSE_SPLIT = re.compile(r"[，,；;。]")
_CLAUSE_OR_LIST_SPLIT = re.compile(r"[，,；;。、]")
_CLAUSE_OR_ITEM_END = re.compile("[" + re.escape(CLAUSE_DELIMS + LIST_DELIM) + "]")
_FROM_BEFORE = re.compile(r"(由|从)[^由从]{0,10}$")
#: Five-year-plan labels that read as Chinese numerals (十四五 is not 145).
_PLAN_LABELS = ("十四五", "十三五", "十五五", "十二五")
#: Bounds that follow a duration used as a quantity (30分钟以内), not as a name.
_DURATION_BOUNDS = ("以上", "以下", "以内", "左右")
#: Words that join a threshold to the next item (100人以上和…): the number is a count.
_JOINERS = ("和", "与", "及", LIST_DELIM)
_POWER_WORDS = "百千万亿"


@cache
def _change_to() -> re.Pattern:
    """A change verb followed by 到/至/为 (提高到, 下降至, 调整为)."""
    return re.compile(rf"({vocab.alternation('change_verbs.txt')})(到|至|为)")


def _before(parse: str, hit: Hit, width: int = 3) -> str:
    return parse[max(0, hit.start - width):hit.start]


def _after_unit(parse: str, hit: Hit, width: int = 4) -> str:
    return parse[hit.unit_start:hit.unit_start + width]


def _family(hit: Hit) -> str:
    return hit.unit.family if hit.unit is not None else ""


def inside_quotes(parse: str, hit: Hit) -> bool:
    """A number inside “…”, 《…》 or 「…」 of its own clause: part of a quoted name or title."""
    start = max([parse.rfind(d, 0, hit.start) for d in QUOTE_SCOPE_DELIMS])
    before = parse[start + 1:hit.start]
    return any(before.count(opening) > before.count(closing) for opening, closing in _QUOTE_PAIRS
               if opening in before)


#: The quotation marks that open and close a quoted name, in the order they are tested.
_QUOTE_PAIRS = (("“", "”"), ("《", "》"), ("「", "」"))


def footnote_or_per_unit(parse: str, hit: Hit) -> bool:
    """A footnote mark ([1]) or the denominator after 每 (每10万人)."""
    before = _before(parse, hit)
    return bool(_FOOTNOTE_OPEN.search(before)) or before.endswith("每")


def ordinal_or_identifier(parse: str, hit: Hit) -> bool:
    """第N, or a number before 号, 届, 版, 期, 号线 …: an ordinal or an identifier."""
    return _before(parse, hit).endswith("第") or \
        _after_unit(parse, hit).startswith(vocab.words("identifier_suffixes.txt"))


def code_letters(parse: str, hit: Hit) -> bool:
    """A number glued to Latin letters or a hyphen (R1, 5G, A-3, 5A级): a code or grade name."""
    after = parse[hit.end:hit.end + 1] if hit.unit is None else ""
    return bool(_LATIN.match(after)) or bool(_CODE_BEFORE.search(_before(parse, hit))) or \
        bool(_LATIN.match(parse[hit.unit_start:hit.unit_start + 1]))


def date_word_after(parse: str, hit: Hit) -> bool:
    """A number without unit before 年, 月, 日, 周年, 世纪, 时 or 点: a date or a time."""
    return hit.unit is None and _after_unit(parse, hit).startswith(vocab.words("date_suffixes.txt"))


def month_unit(parse: str, hit: Hit) -> bool:
    """A number without multiplier counted in 月 (3月, 6个月): read as a date, not a count."""
    return hit.unit is not None and hit.unit.canonical == "月" and not hit.multiplied


def change_baseline(parse: str, hit: Hit) -> bool:
    """The starting figure of a change, 由/从 N 提高到 M: only M is the commitment."""
    clause_left = _CLAUSE_SPLIT.split(_before(parse, hit, 12))[-1]
    return bool(_FROM_BEFORE.search(clause_left)) and \
        bool(_change_to().match(parse[hit.end:hit.end + 6]))


def no_unit(parse: str, hit: Hit) -> bool:
    """A number with neither unit nor multiplier (or a Chinese numeral without unit),
    unless it is an index bounded like a target (see :func:`bounded_index`)."""
    return hit.unit is None and (not hit.multiplied or hit.chinese) and not bounded_index(parse, hit)


#: An index or a ratio before the number, with at most a short verb or note between
#: (价格指数控制在, 价格指数（市辖区）控制在, 收入倍差缩小到, 收入比降低至).
_INDEX_BEFORE = re.compile(r"(指数|比值|收入比|倍差)[^，；。、]{0,8}$")


@cache
def _capping_verbs() -> tuple[str, ...]:
    """The verbs that cap a number or bring it down to a level (direction.tsv: ceiling)."""
    return tuple(sorted((r[0] for r in vocab.rows("direction.tsv") if r[1] == "ceiling"),
                        key=len, reverse=True))


def bounded_index(parse: str, hit: Hit) -> bool:
    """An index or a ratio bounded like a target (居民消费价格指数控制在103左右, 城乡居民
    收入倍差缩小到2.5以内, 收入比缩小至2.3): it counts in points or as a ratio and has no
    unit; a bound after it or a capping verb right before it makes it a target, an
    unbounded figure (综合指数达到105.3) is still dropped as a bare number."""
    if hit.chinese or hit.qualifier == "超过":
        return False
    clause_left = _CLAUSE_SPLIT.split(parse[max(0, hit.start - 14):hit.start])[-1]
    if not hit.qualifier and not clause_left.endswith(_capping_verbs()):
        return False
    return bool(_INDEX_BEFORE.search(clause_left))


def duration_name(parse: str, hit: Hit) -> bool:
    """A duration or voltage glued to a noun (15分钟生活圈, 500千伏变电站): it names a thing."""
    return _family(hit) in ("days", "time", "voltage") and \
        bool(_HAN.match(parse[hit.end:hit.end + 1])) and \
        not parse.startswith(_DURATION_BOUNDS, hit.end)


def chinese_not_quantity(parse: str, hit: Hit) -> bool:
    """A Chinese numeral that counts a slogan (四大, 两先区) or is indefinite (一批, 千方百计)."""
    return hit.chinese and not chinese_is_quantity(parse, hit)


#: 大 words after an amount that make it a milestone, not a slogan (突破1000亿元大关).
_MILESTONES = ("大关", "大台阶")


def big_slogan(parse: str, hit: Hit) -> bool:
    """A counted 大 after the unit (三个大…, 十项大工程): a slogan count; an amount before
    大关 or 大台阶 (总量突破2000亿元大关) is a milestone, a quantity."""
    return hit.unit is not None and parse.startswith("大", hit.end) and \
        not parse.startswith(_MILESTONES, hit.end)


def defining_threshold(parse: str, hit: Hit) -> bool:
    """N以上/以下 glued to a noun (500万元以上项目): a threshold that defines the metric."""
    return bool(_HAN.match(parse[hit.end:hit.end + 1] or "")) and \
        hit.qualifier in ("以上", "以下") and not parse.startswith(_JOINERS, hit.end) and \
        _family(hit) not in ("percent", "permille") and not _verb_before(parse, hit.start)


def scope_of_rate(parse: str, hit: Hit) -> bool:
    """A count that names the scope of a rate measured later in its clause (N个断面优良比例达M%)."""
    rest = parse[hit.end:]
    end = _CLAUSE_OR_ITEM_END.search(rest)
    clause = rest[:end.start()] if end else rest
    nxt = NUMBER.search(clause)
    if not nxt or nxt.start() == 0:
        return False
    return any(s in clause[:nxt.start()] for s in vocab.words("rate_suffixes.txt"))


#: A life expectancy before an age (人均预期寿命达到, 期望寿命提高): the age is a level.
_LIFESPAN_BEFORE = re.compile(r"寿命[^，；。、]{0,4}$")


def age_threshold(parse: str, hit: Hit) -> bool:
    """An age (65岁以上老人): it selects people, it is not a quantity, unless it is a
    life expectancy (人均预期寿命达到78岁左右)."""
    return _family(hit) == "age" and not _LIFESPAN_BEFORE.search(_before(parse, hit, 8))


@cache
def _rank_before() -> re.Pattern:
    """A ranking word before a number with 位 (排名全国12位, 位居全球机场26位) or a move in
    the ranking (上升6位, 前移3位), from data/rank_words.tsv: 位 is a place."""
    words = {role: "|".join(re.escape(r[0]) for r in vocab.rows("rank_words.tsv") if r[1] == role)
             for role in ("rank", "move")}
    return re.compile(rf"({words['rank']})[^，；。、\d]{{0,10}}$|({words['move']})$")


def ranking_or_class(parse: str, hit: Hit) -> bool:
    """A rank or class (前10位, 第3位, 排名全国12位, 500强, 30万吨级): a position, not a
    count; 位 without a rank before it counts people (引进院士5位)."""
    if _before(parse, hit).endswith(("前", "第")) or parse.startswith(("强", "级", "吨级"), hit.unit_start):
        return True
    return parse.startswith("位", hit.unit_start) and \
        bool(_rank_before().search(_before(parse, hit, 14)))


#: The skip rules in precedence order: the first match drops the number with its reason.
SKIP_RULES: tuple[SkipRule, ...] = (
    SkipRule("quoted-name", "name: inside quotation marks", inside_quotes),
    SkipRule("footnote-or-per-unit", "footnote mark or per-unit denominator", footnote_or_per_unit),
    SkipRule("ordinal-or-identifier", "name: ordinal or identifier", ordinal_or_identifier),
    SkipRule("code-letters", "name: alphanumeric code", code_letters),
    SkipRule("date-word", "date", date_word_after),
    SkipRule("month", "date", month_unit),
    SkipRule("change-baseline", "baseline of a change (由380元提高到420元)", change_baseline),
    SkipRule("no-unit", "no unit", no_unit),
    SkipRule("duration-name", "name: a duration that names a thing (15分钟生活圈)", duration_name),
    SkipRule("chinese-slogan", "slogan-count or indefinite", chinese_not_quantity),
    SkipRule("big-slogan", "slogan-count", big_slogan),
    SkipRule("defining-threshold", "threshold that defines the metric", defining_threshold),
    SkipRule("scope-of-rate", "scope of a rate", scope_of_rate),
    SkipRule("age", "age threshold (65岁以上老人)", age_threshold),
    SkipRule("ranking", "ranking or class (前90位, 排名12位, 500强, 30万吨级)", ranking_or_class),
)


def matching_rule(parse: str, hit: Hit) -> SkipRule | None:
    """The first skip rule that matches the hit, or None when it may be a commitment."""
    for rule in SKIP_RULES:
        if rule.predicate(parse, hit):
            return rule
    return None


def skip_reason(parse: str, hit: Hit) -> str:
    """Why a number is not a commitment, or "" when it may be one."""
    rule = matching_rule(parse, hit)
    return rule.reason if rule is not None else ""


def _verb_before(parse: str, start: int) -> bool:
    """新培育30户以上智能工厂: a verb right before the number makes it a count, not a
    threshold that defines the noun (总投资500万元以上项目)."""
    left = _CLAUSE_OR_LIST_SPLIT.split(parse[max(0, start - 8):start])[-1]
    return bool(left) and _amount_verbs().first_suffix(left) is not None


@cache
def _amount_verbs() -> WordList:
    """The amount verbs (新建, 新增 …) but 投资, which also names what is invested."""
    return WordList(v for v in vocab.verbs_longest_first()
                    if vocab.verbs()[v] == "amount" and v not in ("投资",))


def chinese_is_quantity(parse: str, hit: Hit) -> bool:
    """Whether a Chinese numeral counts something (超百家, 两千个) rather than naming it."""
    span = parse[hit.start:hit.unit_start].strip()
    before = parse[max(0, hit.start - 2):hit.start]
    if any(w in span for w in _PLAN_LABELS) or "五" in span and parse[hit.start - 1:hit.start] == "“":
        return False
    powered = any(c in span for c in _POWER_WORDS)
    # 上 bounds a power word only (上千家, 上万人): 交上一份答卷 is 交上 + 一份
    bounded = (before.endswith(vocab.words("chinese_numeral_bounds.txt"))
               and (powered or not before.endswith("上"))) or (
        before.endswith(("破", "过", "达")) and powered)
    if not bounded and (not hit.multiplied or hit.value < 100):
        return False
    if len(span) == 1 and not bounded:
        return False  # 万达, 亿元企业, 千方百计: a lone power word is no number
    return not span.startswith("一") or bounded or len(span) > 2
