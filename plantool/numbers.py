"""Numbers: find numeral spans in a parse copy and read them into exact values.

cn2an converts only the Chinese-numeral spans found here; it never sees a sentence
(its ``transform`` turns 两三家 into 23家). Values are Decimals in base units, with
the multipliers 万, 亿, 千 folded in.

A *hit* is a numeral with what stands around it: the multiplier, 余/多 (more than), the
unit, the upper end of a range (2—3家, 6%-6.5%, 1万—1.5万户) and a bounding word after
it (以上, 左右). :func:`scan` reads every hit of a sentence; :func:`read_hit` reads one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from functools import cache, lru_cache

from plantool import vocab
from plantool.wordmatch import WordList

_MULTIPLIERS = {"万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10,
                "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6,
                "十万": Decimal(10) ** 5, "万": Decimal(10) ** 4, "千": Decimal(1000)}
#: Multiplier words longest first (万亿 before 万), as a tuple and as a regex alternation.
_MULT_WORDS = tuple(sorted(_MULTIPLIERS, key=len, reverse=True))
_MULT = "|".join(_MULT_WORDS)
_MULT_LIST = WordList(_MULT_WORDS)
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A Chinese numeral worth reading needs a power word (十百千万亿) or a bound before it:
# lone 一/两/三 are almost always 一批, 两个维护, 三年行动 and the like.
_CHINESE = rf"[{_CN_DIGITS}]+"

#: A percent written in words (百分之七, 百分之八点五, 百分之5): the unit stands before it.
_PERCENT_WORDS = "百分之"
_CN_DECIMAL = "[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?"
_PERCENT = rf"{_PERCENT_WORDS}(?P<pct>{_ARABIC}|{_CN_DECIMAL})"

# 千 before 瓦, 米, 伏 or 克 starts a unit (5千瓦), not a multiplier. 百分之 is tried
# first: otherwise its 百 is read as a Chinese numeral.
NUMBER = re.compile(rf"{_PERCENT}"
                    rf"|(?P<ar>{_ARABIC})[ \t]?(?P<mult>(?:{_MULT})(?<!千(?=[瓦米伏克])))?"
                    rf"|(?P<cn>{_CHINESE})")
RANGE_SEP = re.compile(r"\s*(?:—{1,2}|–|-|~|至|到)\s*")


@dataclass
class Numeral:
    start: int
    end: int
    value: Decimal
    chinese: bool
    has_multiplier: bool
    percent_words: bool = False  # 百分之N: the unit % stands before the digits


@lru_cache(maxsize=4096)
def chinese_value(span: str) -> Decimal | None:
    """A Chinese numeral span as a number (千 → 1000, 两千 → 2000, 1.36亿 handled elsewhere);
    the same few spans recur in every document, so each is converted once."""
    import cn2an  # imported lazily: it is slow to import and --help must stay fast

    if span[:1] in ("十", "百", "千", "万", "亿"):
        span = "一" + span  # 千 → 一千, 百万 → 一百万
    try:
        return Decimal(str(cn2an.cn2an(span, "smart")))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def read_numeral(parse: str, match: re.Match) -> Numeral | None:
    """The value of a :data:`NUMBER` match (multiplier folded in), or None when unreadable."""
    if match.group("pct"):
        return percent_in_words(match)
    if match.group("ar"):
        try:
            value = Decimal(match.group("ar").replace(",", ""))
        except InvalidOperation:
            return None
        mult = match.group("mult")
        if mult:
            value = times(value, _MULTIPLIERS[mult])
        return Numeral(match.start(), match.end(), value, False, bool(mult))
    span = match.group("cn")
    value = chinese_value(span)
    if value is None:
        return None
    return Numeral(match.start(), match.end(), value, True,
                   any(c in span for c in "十百千万亿"))


def percent_in_words(match: re.Match) -> Numeral | None:
    """A percent written in words (增长百分之七点五): the digits after 百分之, Arabic or
    Chinese, read as a value in %. It is not marked Chinese: 百分之 already makes it a
    quantity, where a bare Chinese numeral may name a slogan (三大行动)."""
    digits = match.group("pct")
    if digits[:1].isdigit():
        value = Decimal(digits.replace(",", ""))
    else:
        value = chinese_value(digits)
        if value is None:
            return None
    return Numeral(match.start(), match.end(), value, False, False, percent_words=True)


def multiplier_at(parse: str, pos: int) -> tuple[Decimal, int]:
    """A multiplier word starting at ``pos`` (万, 亿 …) and its length, or (1, 0)."""
    for word in _MULT_LIST.prefixes(parse, pos):
        if not (word == "千" and parse[pos + 1:pos + 2] in ("瓦", "米", "伏", "克")):
            return _MULTIPLIERS[word], len(word)
    return Decimal(1), 0


def plain(value: Decimal) -> int | float:
    """A JSON-friendly number: an int when whole, else a float rounded to 10 places —
    whatever its size (a figure of 10^18 or more with decimals is rounded with as many
    digits as it needs, not refused)."""
    if value == value.to_integral_value():
        return int(value)
    if value.adjusted() >= _FLOAT_DIGITS:
        return int(value.to_integral_value())  # past any float, a fraction is no digit kept
    try:
        return float(round(value, _PLACES))
    except InvalidOperation:  # more digits than the default context holds
        wide = Context(prec=max(value.adjusted(), 0) + _PLACES + 2)
        return float(value.quantize(Decimal(10) ** -_PLACES, rounding=ROUND_HALF_EVEN, context=wide))


#: The decimal places :func:`plain` keeps, and the digits past which no float exists.
_PLACES, _FLOAT_DIGITS = 10, 308
#: Arithmetic without rounding: a multiplier folded into a numeral of any length is exact.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def times(value: Decimal, multiplier: Decimal) -> Decimal:
    """``value × multiplier`` exactly, whatever the number of digits."""
    return _EXACT.multiply(value, multiplier)


# Hit scanning: a numeral with its multiplier, unit, range and qualifier.

#: 余 and 多 after a number mean "more than" (5万余户, 300多家), except in 多元.
_MORE_THAN = ("余", "多")
_MORE_THAN_CANONICAL = "超过"


@dataclass
class Hit:
    """One number read from a parse copy; offsets are relative to that copy."""

    start: int
    end: int  # after unit and after-qualifier
    value: Decimal
    value_max: Decimal | None
    unit: vocab.Unit | None
    qualifier: str
    chinese: bool
    multiplied: bool
    unit_start: int


#: The family of the words units.tsv lists as no unit: a word that starts with a unit
#: (台阶 with 台, 方面 with 方) and is no unit of the number before it.
NOT_A_UNIT = "word"


def unit_at(parse: str, pos: int) -> vocab.Unit | None:
    """The unit word starting at ``pos`` (longest first: 个百分点 before 个), or None — also
    when the longest word there is a word that only starts with a unit (迈上5万亿台阶)."""
    unit = _unit_list().first_prefix(parse, pos)
    if unit is None:
        return None
    found = _unit_named(unit)
    return None if found.family == NOT_A_UNIT else found


@cache
def _unit_list() -> WordList:
    """The unit words, longest first (vocab's order)."""
    return WordList(u.word for u in vocab.units())


@cache
def _units_by_word() -> dict[str, vocab.Unit]:
    named: dict[str, vocab.Unit] = {}
    for unit in vocab.units():
        named.setdefault(unit.word, unit)
    return named


def _unit_named(word: str) -> vocab.Unit | None:
    """The first unit of the table written ``word`` (微克/立方米), or None."""
    return _units_by_word().get(word)


def after_qualifier(parse: str, pos: int) -> tuple[str, int]:
    """A bounding word starting at ``pos`` (以上, 左右 …): (canonical, length), or ("", 0)."""
    words, canonical = _qualifier_list("after")
    word = words.first_prefix(parse, pos)
    return (canonical[word], len(word)) if word is not None else ("", 0)


def before_qualifier(left: str) -> tuple[str, str]:
    """A bounding word that ends ``left`` (超过, 不低于 …): (canonical, word)."""
    words, canonical = _qualifier_list("before")
    word = words.first_suffix(left)
    return (canonical[word], word) if word is not None else ("", "")


@cache
def _qualifier_list(position: str) -> tuple[WordList, dict[str, str]]:
    """The bounding words written ``position`` the number (余/多 are read apart), longest
    first, and the canonical word of each."""
    found = [q for q in vocab.qualifiers() if q.position == position and
             (position != "after" or q.word not in _MORE_THAN)]
    canonical: dict[str, str] = {}
    for q in found:
        canonical.setdefault(q.word, q.canonical)
    return WordList(q.word for q in found), canonical


@dataclass
class _Reading:
    """The state of one hit while it is read left to right."""

    pos: int
    value: Decimal
    multiplied: bool
    value_max: Decimal | None = None
    unit: vocab.Unit | None = None
    qualifier: str = ""


def _more_than_at(parse: str, pos: int) -> bool:
    return parse.startswith(_MORE_THAN, pos) and not parse.startswith("多元", pos)


def _read_more_than(parse: str, reading: _Reading) -> None:
    """余/多 right after the number, the multiplier or the unit: "more than"."""
    if not reading.qualifier and _more_than_at(parse, reading.pos):
        reading.qualifier, reading.pos = _MORE_THAN_CANONICAL, reading.pos + 1


def _skip_space(parse: str, pos: int) -> int:
    """A space between a number and its unit or multiplier (增长10 %, 11891 万头)."""
    if parse[pos:pos + 1] in (" ", "\t") and (unit_at(parse, pos + 1) or multiplier_at(parse, pos + 1)[1]):
        return pos + 1
    return pos


def _upper_bound(parse: str, start: int) -> tuple[Numeral, int, Decimal, int] | None:
    """The Arabic upper end of a range starting at ``start``: (numeral, end after its
    multiplier, multiplier, multiplier length); the multiplier is also reported when it is
    already folded into the numeral (3万), so that a bare lower end can take it."""
    second = NUMBER.match(parse, start)
    if not second or not second.group("ar"):
        return None
    upper = read_numeral(parse, second)
    if upper is None:
        return None
    end = upper.end
    mult, length = multiplier_at(parse, end)
    if length:
        upper.value = times(upper.value, mult)
        end += length
    elif second.group("mult"):
        mult, length = multiplier_at(parse, second.start("mult"))
    return upper, end, mult, length


def _read_range(parse: str, reading: _Reading) -> None:
    """A range after the lower end: 2—3家, 6%-6.5%, 1万—1.5万户, 2至3亿元."""
    unit = reading.unit
    if unit is not None and unit.canonical != "%":
        return
    sep = RANGE_SEP.match(parse, reading.pos + (len(unit.word) if unit else 0))
    if not sep or sep.end() >= len(parse):
        return
    bound = _upper_bound(parse, sep.end())
    if bound is None:
        return
    upper, end, mult, length = bound
    if length and not reading.multiplied:
        reading.value = times(reading.value, mult)  # 2—3万人: the multiplier applies to both ends
        reading.multiplied = True
    upper_unit = unit_at(parse, end)
    if upper_unit is None or (unit is not None and upper_unit.canonical != unit.canonical):
        return
    if upper.value > reading.value:
        reading.value_max, reading.unit, reading.pos = upper.value, upper_unit, end


def _read_percent_range(parse: str, reading: _Reading) -> None:
    """A range of percents in words (百分之七至百分之八, 百分之七到八): the upper end is a
    percent in words or a Chinese numeral without a unit of its own (not 至2025年)."""
    sep = RANGE_SEP.match(parse, reading.pos)
    second = NUMBER.match(parse, sep.end()) if sep else None
    if second is None or second.group("mult"):
        return
    upper = read_numeral(parse, second)
    if upper is None or not (upper.percent_words or (
            upper.chinese and unit_at(parse, upper.end) is None)):
        return
    if upper.value > reading.value:
        reading.value_max, reading.pos = upper.value, upper.end


@cache
def _percent_unit() -> vocab.Unit:
    return next(u for u in vocab.units() if u.canonical == "%")


#: How far before a number a denominator written first (每立方米29微克) may start.
_PER_WIDTH = 6


def denominator_before(parse: str, start: int, unit: vocab.Unit | None) -> tuple[int, vocab.Unit] | None:
    """A denominator written before the number (低于每立方米29微克, 每升N毫克): when 每 + a
    word stands right before the number and the unit table holds "unit/word"
    (微克/立方米), the hit starts at 每 and takes that compound unit."""
    if unit is None:
        return None
    left = parse[max(0, start - _PER_WIDTH):start]
    idx = left.rfind("每")
    if idx < 0 or idx == len(left) - 1:
        return None
    compound = f"{unit.word}/{left[idx + 1:]}"
    found = _unit_named(compound)
    if found is None:
        return None
    return start - (len(left) - idx), found


#: Years counted as a quantity: 年 after 年限 and a short verb (受教育年限达到12年).
_YEARS = vocab.Unit("年", "年", "years")
_YEARS_BEFORE = re.compile(r"年限[^，；。、\d]{0,4}$")


def years_counted(parse: str, start: int, reading: _Reading) -> bool:
    """年 after a number that counts the years of a span named before it (平均受教育年限
    达到9.7年, 年限提高到12年) rather than naming a year or a time frame (2025年, 用2.5年时间)."""
    if reading.unit is not None or not parse.startswith("年", reading.pos) or reading.value_max:
        return False
    return bool(_YEARS_BEFORE.search(parse[max(0, start - 8):start]))


#: A price index (居民消费价格指数, 物价指数): its figures are on a base of 100.
PRICE_INDEX = re.compile(r"(?:价格|物价)指数")
#: A price index written before the number with at most a short verb or note between
#: (居民消费价格指数控制在, 物价指数调控目标为).
_PRICE_INDEX_BEFORE = re.compile(PRICE_INDEX.pattern + r"[^，；。、\d%]{0,8}$")
#: The span a base-100 index figure stands in (an index of 103 is a rise of 3%).
_INDEX_BASE, _INDEX_SPAN = Decimal(100), (Decimal(80), Decimal(130))


def index_as_change(parse: str, start: int, reading: _Reading, numeral: Numeral) -> bool:
    """A price index on a base of 100 bounded like a target (居民消费价格指数控制在103左右,
    物价指数104以内): the figure N is a change of N−100 %, as results are stated (上涨2.1%),
    so the hit is read as that change in % (value and upper end); the quote keeps N."""
    if reading.unit is not None or numeral.chinese or reading.multiplied:
        return False
    low, high = _INDEX_SPAN
    if not (low < reading.value < high) or reading.value == _INDEX_BASE:
        return False  # 100 is the base itself (价格指数（以上年为100）), no figure of the index
    if not _PRICE_INDEX_BEFORE.search(parse[max(0, start - 16):start]):
        return False
    reading.value -= _INDEX_BASE
    if reading.value_max is not None:
        reading.value_max -= _INDEX_BASE
    reading.unit = _percent_unit()
    return True


def _read_unit(parse: str, reading: _Reading, numeral: Numeral) -> None:
    """The multiplier and the unit after the number, and a range's upper end."""
    _read_more_than(parse, reading)
    mult, length = multiplier_at(parse, reading.pos)
    if length and not numeral.chinese:
        reading.value, reading.multiplied = times(reading.value, mult), True
        reading.pos += length
    _read_more_than(parse, reading)
    reading.unit = unit_at(parse, reading.pos)
    _read_range(parse, reading)
    if years_counted(parse, numeral.start, reading):
        reading.unit = _YEARS


#: Units of time after which a bare 内 bounds the number (5个工作日内, 3天内, 2小时内).
_TIME_FAMILIES = ("days", "workdays", "time", "months")


def within_time(parse: str, reading: _Reading) -> tuple[str, int]:
    """内 right after a span of time (压缩到90个工作日内, 3天内办结): "within", the bound
    以内; after another unit (3个区内) 内 is a place, not a bound."""
    if reading.unit is None or reading.unit.family not in _TIME_FAMILIES or \
            not parse.startswith("内", reading.pos):
        return "", 0
    return "以内", 1


def read_hit(parse: str, match: re.Match) -> Hit | None:
    """The hit that starts with ``match`` (a match of :data:`NUMBER`), or None when the
    numeral cannot be read."""
    numeral = read_numeral(parse, match)
    if numeral is None:
        return None
    start = numeral.start
    reading = _Reading(_skip_space(parse, numeral.end), numeral.value, numeral.has_multiplier)
    if numeral.percent_words:
        reading.unit = _percent_unit()
        _read_percent_range(parse, reading)
    else:
        _read_unit(parse, reading, numeral)
    unit_start = reading.pos
    unwritten = numeral.percent_words or index_as_change(parse, start, reading, numeral)
    if reading.unit is not None and not unwritten:
        reading.pos += len(reading.unit.word)
        per = denominator_before(parse, start, reading.unit)
        if per is not None:
            start, reading.unit = per
    _read_more_than(parse, reading)
    after, length = after_qualifier(parse, reading.pos)
    if not after:
        after, length = within_time(parse, reading)
    if after:
        reading.qualifier, reading.pos = after, reading.pos + length
    return Hit(start, reading.pos, reading.value, reading.value_max, reading.unit,
               reading.qualifier, numeral.chinese, reading.multiplied, unit_start)


#: What may stand between two numbers of one list that shares a bound (6%、8%、5%左右).
_LIST_JOINERS = ("、", "和", "及", "与")


def _bound_after(parse: str, hit: Hit) -> bool:
    """Whether the hit ends with a bounding word (以内, 左右 …), not 余/多."""
    return _qualifier_list("after")[0].first_suffix(parse, hit.end) is not None


def share_list_bound(parse: str, found: list[Hit]) -> None:
    """A unit or a bound written once after a list of numbers (分别提高1.9和2.2个百分点,
    分别控制在5.5%和3.5%以内, 分别增长6%、8%、5%左右) holds for every number of the list:
    numbers joined only by 、/和/及/与 take the last one's unit when they have none (and
    no multiplier is in play) and its bound when they have no qualifier of their own. A
    bound inside the list (下降3.5%、3%左右和4%) is its number's only."""
    for chain in _lists(parse, found):
        last = chain[-1]
        if last.unit is None or parse[chain[0].start - 1:chain[0].start] == "第":
            continue
        bound = _bound_after(parse, last)
        for earlier in chain[:-1]:
            earlier.unit = earlier.unit or last.unit
            if bound:
                earlier.qualifier = earlier.qualifier or last.qualifier


def _lists(parse: str, found: list[Hit]) -> list[list[Hit]]:
    """The runs of two or more hits joined only by 、/和/及/与 that may share a unit."""
    runs: list[list[Hit]] = []
    chain: list[Hit] = []
    for hit in found:
        if chain and hit.start < chain[-1].end:
            continue  # the upper end of a range, read again
        if not (chain and parse[chain[-1].end:hit.start] in _LIST_JOINERS
                and _listable(chain[-1], hit)):
            chain = []
            runs.append(chain)
        chain.append(hit)
    return [run for run in runs if len(run) > 1]


def _listable(before: Hit, hit: Hit) -> bool:
    """Whether ``before`` can share ``hit``'s unit: the same unit, or none of its own and no
    multiplier or Chinese numeral on either side (3和5万人, 三和四个 stay as written)."""
    if before.unit is None:
        return not (before.multiplied or hit.multiplied or before.chinese or hit.chinese)
    return _same_unit(before, hit)


def _same_unit(a: Hit, b: Hit) -> bool:
    return a.unit is not None and b.unit is not None and a.unit.canonical == b.unit.canonical


def scan(parse: str) -> list[Hit]:
    """Every readable hit of a sentence in order (later hits may overlap earlier ones:
    the caller decides which to keep); a bound after a list is shared by the list."""
    found = []
    for match in NUMBER.finditer(parse):
        hit = read_hit(parse, match)
        if hit is not None:
            found.append(hit)
    share_list_bound(parse, found)
    return found
