"""Numbers: find numeral spans in a parse copy and read them into exact values.

cn2an converts only the Chinese-numeral spans found here; it never sees a sentence
(its ``transform`` turns 两三家 into 23家). Values are Decimals in base units, with
the multipliers 万, 亿, 千 folded in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_MULTIPLIERS = {"万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10,
                "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6,
                "十万": Decimal(10) ** 5, "万": Decimal(10) ** 4, "千": Decimal(1000)}
_MULT = "万亿|千亿|百亿|千万|百万|十万|亿|万|千"
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A Chinese numeral worth reading needs a power word (十百千万亿) or a bound before it:
# lone 一/两/三 are almost always 一批, 两个维护, 三年行动 and the like.
_CHINESE = rf"[{_CN_DIGITS}]+"

# 千 before 瓦, 米, 伏 or 克 starts a unit (5千瓦), not a multiplier.
NUMBER = re.compile(rf"(?P<ar>{_ARABIC})[ \t]?(?P<mult>(?:{_MULT})(?<!千(?=[瓦米伏克])))?"
                    rf"|(?P<cn>{_CHINESE})")
RANGE_SEP = re.compile(r"\s*(?:—{1,2}|–|-|~|至|到)\s*")


@dataclass
class Numeral:
    start: int
    end: int
    value: Decimal
    chinese: bool
    has_multiplier: bool


def chinese_value(span: str) -> Decimal | None:
    """A Chinese numeral span as a number (千 → 1000, 两千 → 2000, 1.36亿 handled elsewhere)."""
    import cn2an  # imported lazily: it is slow to import and --help must stay fast

    if span[:1] in ("十", "百", "千", "万", "亿"):
        span = "一" + span  # 千 → 一千, 百万 → 一百万
    try:
        return Decimal(str(cn2an.cn2an(span, "smart")))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def read_numeral(parse: str, match: re.Match) -> Numeral | None:
    if match.group("ar"):
        try:
            value = Decimal(match.group("ar").replace(",", ""))
        except InvalidOperation:
            return None
        mult = match.group("mult")
        if mult:
            value *= _MULTIPLIERS[mult]
        return Numeral(match.start(), match.end(), value, False, bool(mult))
    span = match.group("cn")
    value = chinese_value(span)
    if value is None:
        return None
    return Numeral(match.start(), match.end(), value, True,
                   any(c in span for c in "十百千万亿"))


def multiplier_at(parse: str, pos: int) -> tuple[Decimal, int]:
    """A multiplier word starting at ``pos`` (万, 亿 …) and its length, or (1, 0)."""
    for word in sorted(_MULTIPLIERS, key=len, reverse=True):
        if parse.startswith(word, pos) and not (
                word == "千" and parse[pos + 1:pos + 2] in ("瓦", "米", "伏", "克")):
            return _MULTIPLIERS[word], len(word)
    return Decimal(1), 0


def plain(value: Decimal) -> int | float:
    """A JSON-friendly number: an int when whole, else a float rounded to 10 places."""
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 10))
