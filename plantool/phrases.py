"""Phrases around a number: the counted noun (metric) and the verb acting on it.

These helpers read the Chinese text on either side of a number in its clause: with the
word edits of :mod:`plantool.phrasewords` (verbs off the front or the end of a phrase,
time and scope words off its front) they drop the baseline words that do not change
what is counted and tidy the noun into a metric. The word lists they use live in
``plantool/data`` (verbs.tsv, time_words.txt, metric_stops.txt …).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from plantool import periods, vocab
from plantool.clean import CLAUSE_DELIMS, LIST_DELIM
from plantool.numbers import Hit
from plantool.phrasewords import (
    MARKUP,
    NO_QUOTES,
    NOUN_TAILS,
    VERB_PREFIXES,
    leading_verb,
    strip_words,
    trailing_verb,
)
from plantool.wordmatch import WordList

_TIME_WORD_SET = frozenset(vocab.time_words())
_TIME_WORD_ENDS = tuple(vocab.time_words())
_DE_CUT = re.compile(r"^.*的")
_PLACE_END = "".join(vocab.words("place_endings.txt"))
_PAREN = re.compile(r"[（(][^）)]{0,12}[)）]")
_BASELINE = re.compile(rf"(比|较|在)(\d{{4}}年|{vocab.alternation('baseline_words.txt')}|“[^”]{{1,8}}”期?末)"
                       r"(末|底|的基础上)?")
_METRIC_STOPS = vocab.words("metric_stops.txt")
_METRIC_STOP_LIST = WordList(_METRIC_STOPS)
_LIST_NUMBER = re.compile(r"^\d{1,2}[.、．](?!\d)")
_FOOTNOTE = re.compile(r"\[\d+\]")
_BY_STANDARD = re.compile(r"按[^，、]{1,8}(标准|比例)")
_COUNT_TAIL = re.compile(r"(数量|总数|个数|规模)$")
_IN_PLACE = re.compile(r"^在[\u4e00-\u9fff]{1,6}?(市|区|县|省)?(?=[\u4e00-\u9fff]{2})")
#: 次 after a count unit (4.8万家次, 8万辆次): it belongs to the unit, not to the noun.
_TIMES_OF_UNIT = re.compile(r"^次(?![生级要数])")
_TRAILING_NOUN_VERBS = ("工程建设", "项目建设", "建设")


_TIME_IN_METRIC = re.compile(r"[“\"]?" + periods.RECENT_PLAN_LABEL + r"[”\"]?("
                             + periods.plan_words("plan_suffix") + r")?|(?:19|20)\d{2}年(末|底)?|"
                             + periods.plan_words("in_year"))


def clean_metric(text: str) -> str:
    """A metric without table markup, time labels, list numbers, baselines and brackets."""
    text = text.replace("<br>", "").split("|")[-1].strip()  # a Markdown table cell
    text = MARKUP.sub("", text)  # **28.建成…: bold or heading markup before a list number
    text = _TIME_IN_METRIC.sub("", text)
    text = _LIST_NUMBER.sub("", text)  # a list number glued to the noun
    text = _PAREN.sub("", _BASELINE.sub("", _FOOTNOTE.sub("", text)))
    text = _BY_STANDARD.sub("", text)
    text = strip_words(text.strip(" 、，的"))
    text = _COUNT_TAIL.sub("", text) if len(text) > 4 else text
    text = text.translate(NO_QUOTES)
    if text in _TIME_WORD_SET:
        return ""  # 其中67%, 全年N亿元: a scope or time word alone counts nothing
    cut = text.rfind("等")
    if 0 < cut < len(text) - 2 and text[cut + 1] != "级" and "、" in text[:cut]:
        text = text[cut + 1:]
    return text.strip(" 、，的和及与").removesuffix("各")  # A各N个: 各 (each) is no part of A


def metric_after(right: str) -> tuple[str, str]:
    """Counted noun after the number (新增2160个学位): (metric, verb found after it)."""
    text = _PAREN.sub("", right).translate(NO_QUOTES)
    text = _TIMES_OF_UNIT.sub("", text).lstrip("的")
    cut, verb = next(((i, w) for i, w in _METRIC_STOP_LIST.first_occurrences(text) if i >= 2),
                     (len(text), ""))
    metric = text[:cut]
    if verb == "进行":
        verb, _ = leading_verb(text[cut + 2:])
    elif verb and vocab.verbs().get(verb) is None:
        verb, _ = leading_verb(text[cut + len(verb):])
    if "的" in metric:
        metric = _DE_CUT.sub("", metric)
    for tail in _TRAILING_NOUN_VERBS:
        if metric.endswith(tail) and len(metric) > len(tail) + 1:
            metric = metric[: -len(tail)]
            break
    return clean_metric(metric.rstrip("和及与")), verb


#: A span of years on the left (三年内, 5年来, 用2.5年时间); a number inside a name
#: (PM2.5年均浓度: digits after a letter or a dot) is no duration.
_DURATION = re.compile(r"(?<![\d.A-Za-z])(?:\d+(?:\.\d+)?|[两二三四五六七八九十]+)年(内|来|间|时间)?")
_PER_UNIT = re.compile(rf"({vocab.alternation('per_unit_words.txt')})$")
_FROM_TO = re.compile(r"(由|从)[^，,；由从]{0,24}?"
                      rf"(?=({vocab.alternation('change_verbs.txt')})"
                      r"(到|至|为)?$)")
_FROM = re.compile(r"由[^由]{0,12}?的$")


_TAIL_WORDS = re.compile(rf"({vocab.alternation('tail_words.txt')})+$")


def strip_tail_words(text: str) -> str:
    """Adverbs and modals between a metric and its verb (均, 分别, 拟, 继续 …)."""
    return _TAIL_WORDS.sub("", text)


#: a target stated as set (…增长目标确定为6.5%, 增速预期目标为): the verb before it says how
_TARGET_SET = re.compile(r"(?<=[增长速幅])的?(预期)?目标(确定|设定|定)?为?$")


def tidy_left(left: str) -> str:
    """Drop durations, baselines, per-unit phrases, a target stated as set (增长目标确定为)
    and a trailing 了 from the left side."""
    left = _FROM_TO.sub("", left)
    left = _BASELINE.sub("", left)  # before durations: 比2010年 is a baseline, not 2010年
    left = _DURATION.sub("", left)
    left = _FROM.sub("", left) if "由" in left else left
    left = left.rstrip("了的 ")
    left = _PER_UNIT.sub("", left)
    left = _TARGET_SET.sub("", left)
    return left.rstrip("了 ")


_INDICATORS = WordList(vocab.indicators())


def protected_end(text: str) -> bool:
    """Whether ``text`` ends in an indicator name that contains a verb (城镇新增就业)."""
    return _INDICATORS.first_suffix(text) is not None


def metric_before(text: str) -> tuple[str, str]:
    """Counted noun before the number: (metric, the verb that leads it)."""
    text = strip_words(MARKUP.sub("", text.strip(" 、，")))
    text = _IN_PLACE.sub("", text) if text.startswith("在") else text
    indicator = _INDICATORS.first_suffix(text)
    if indicator is not None:
        head = text[: -len(indicator)]
        verb, _ = leading_verb(strip_words(head)) if head else ("", "")
        return clean_metric(indicator), verb
    verb, rest = leading_verb(text)
    if verb and len(rest) == 1:
        head, tail = trailing_verb(text)
        if tail and len(head) <= 1:
            return "", tail  # 新开工N套: the phrase is a verb with a prefix, it names no noun
    if not verb:
        verb, rest = _inner_verb(text)
    if rest.startswith("占") and not verb:
        return clean_metric(rest), ""
    return clean_metric(rest if verb else text), verb


def _inner_verb(text: str) -> tuple[str, str]:
    """A subject before the verb (星海湾金融商务区全年引进…企业): split at the first verb."""
    best = next(((idx, verb) for idx, verb in _INNER_VERBS.first_occurrences(text)
                 if idx > 0 and len(text) - idx - len(verb) >= 2
                 and text[idx + len(verb)] not in NOUN_TAILS and _subject_before(text[:idx])),
                None)
    if best is None:
        return "", text
    idx, verb = best
    return verb, strip_words(text[idx + len(verb):])


#: The verbs that may follow a subject inside a phrase: two characters or more, not neutral.
_INNER_VERBS = WordList(v for v in vocab.verbs_longest_first()
                        if len(v) >= 2 and vocab.verbs()[v] != "neutral")


def _subject_before(text: str) -> bool:
    """Text before a verb that reads as a subject: a place, a time word or a region."""
    if text.endswith(_TIME_WORD_ENDS) or text[-1] in _PLACE_END:
        return True
    return region_like(text)


def region_like(text: str) -> bool:
    """Whether ``text`` ends in a region name (…大连市, …沙河口区)."""
    from plantool.metadata import region_mentions

    mentions = region_mentions(text)
    return bool(mentions) and mentions[-1][0] + 2 >= len(text) - 3


def right_context(parse: str, hit: Hit, later: list[Hit], clause_end: int) -> str:
    """The clause text after a number, up to the next number or the end of the clause."""
    stop = later[0].start if later and later[0].start < clause_end else clause_end
    if stop == hit.end and later:
        # 推出28项70条升级举措: the noun after the last number counts both.
        return right_context(parse, later[0], later[1:], clause_end)
    right = parse[hit.end:stop].strip()
    if right.startswith("、"):
        return ""
    return right.rstrip("、和及与 ")


def quote_from(parse: str, left_start: int, number_start: int, metric: str, action: str,
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


def metric_end(parse: str, start: int, right: str, metric: str) -> int:
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


# Whether the counted noun follows the number (新增2160个学位) or stands before it.

MONEY_FAMILIES = ("cny", "usd", "eur")
#: Words after an amount of money that say what it is for (安排N亿元支持…).
PURPOSE = re.compile(rf"({vocab.alternation('money_purposes.txt')})")
_NOT_A_NOUN_AFTER = vocab.words("number_followers.txt")
_NOUN_START = re.compile(r"[\u4e00-\u9fffA-Za-z]")


class AfterNumber(NamedTuple):
    """What decides whether the counted noun follows a number."""

    right: str  # the clause text after the number, opening quotation marks dropped
    family: str  # the unit family of the number
    noun: str  # the counted phrase before the number
    trailing: str  # a level, change or neutral verb right before the number


class PhraseRule(NamedTuple):
    name: str
    applies: Callable[[AfterNumber], bool]


def nothing_after(a: AfterNumber) -> bool:
    """No Han or Latin text right after the number (…增长6%。)."""
    return not a.right or not _NOUN_START.match(a.right)


def bound_or_share_after(a: AfterNumber) -> bool:
    """A bound or a share phrase after the number (1000个以上, 30%的比例)."""
    return a.right.startswith(_NOT_A_NOUN_AFTER)


def rate_with_noun_before(a: AfterNumber) -> bool:
    """A percent, points or per mille with a phrase before it (覆盖率95%…)."""
    return a.family in ("percent", "points", "permille") and bool(a.noun)


def money_counted_before(a: AfterNumber) -> bool:
    """Money with its noun before it or its purpose after it (统筹财政资金N亿元支持…)."""
    return a.family in MONEY_FAMILIES and bool(metric_before(a.noun)[0] or PURPOSE.match(a.right))


def rate_after_state_verb(a: AfterNumber) -> bool:
    """A percent, points or ratio after a level or change verb (增长6%带动…)."""
    return bool(a.trailing) and a.family in ("percent", "points", "ratio")


_MEASURE_WORD = re.compile(rf"({vocab.alternation('measure_words.txt')})"
                           r"(?=以内|以上|以下|左右|[^\u4e00-\u9fff]|$)")


def measure_word_after(a: AfterNumber) -> bool:
    """A measure word missing from the units after the number (3100万方, 100万标箱, 1.3万起),
    with a phrase before it: the word is the unit, the noun stands before."""
    return bool(a.noun) and bool(_MEASURE_WORD.match(a.right))


#: A period of the year standing alone (一季度, 上半年, 前三季度, 1-10月): when it is all
#: the clause names before a number, it says when, not what.
PERIOD_ALONE = re.compile(r"^(第?[一二三四1-4]|前[两二三])季度$|^[上下]半年$|^全年$|"
                          r"^前?[一二三四五六七八九十\d]{1,2}(-[\d]{1,2})?个?月(份)?$")


def measure_word_end(parse: str, end: int) -> int:
    """Where a measure word missing from the units (万方, 万标箱) ends, or ``end``."""
    found = _MEASURE_WORD.match(parse, end)
    return found.end() if found else end


def description_after(a: AfterNumber) -> bool:
    """A 的 phrase after yuan, dollars or a percent (N亿元的项目): it describes, it is not counted."""
    return a.right.startswith("的") and a.family in ("cny", "usd", "percent")


#: Shapes in which the counted noun stands before the number, in order; when none
#: applies, the noun follows the number.
NOUN_BEFORE_RULES: tuple[PhraseRule, ...] = (
    PhraseRule("nothing-after", nothing_after),
    PhraseRule("bound-or-share-after", bound_or_share_after),
    PhraseRule("rate-with-noun-before", rate_with_noun_before),
    PhraseRule("money-counted-before", money_counted_before),
    PhraseRule("rate-after-state-verb", rate_after_state_verb),
    PhraseRule("description-after", description_after),
    PhraseRule("measure-word-after", measure_word_after),
)


def noun_before_rule(facts: AfterNumber) -> str:
    """The first rule that keeps the counted noun before the number, or ""."""
    return next((r.name for r in NOUN_BEFORE_RULES if r.applies(facts)), "")


def noun_follows(right: str, hit: Hit, noun: str, trailing: str) -> bool:
    """Whether the counted noun follows the number (新增2160个学位)."""
    family = hit.unit.family if hit.unit else ""
    return not noun_before_rule(AfterNumber(right.lstrip("“\""), family, noun, trailing))


# Milestones and the subjects before 分别.

MILESTONE_NOUNS = tuple(r[1] for r in vocab.rows("milestones.tsv") if r[0] == "noun")
_MILESTONE_NOUN_LIST = WordList(MILESTONE_NOUNS)
RATE_SUFFIX = vocab.words("rate_suffixes.txt")


def milestone_end(parse: str, hit: Hit) -> int:
    """A round figure crossed on the way (突破4万亿元大关, 迈上5万亿台阶): the end of its
    landmark word, or 0 when the number is no milestone."""
    for pos in (hit.end, hit.unit_start if hit.unit is not None else hit.end):
        word = _MILESTONE_NOUN_LIST.first_prefix(parse, pos) or ""
        if word:
            return pos + len(word)
    return 0


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


_JOINT_HEADS = {row[0]: tuple(row[1].split(",")) for row in vocab.rows("joint_heads.tsv")}
_COUNTED_TAILS = tuple("值额量率数次")  # a subject that already names what it counts
_SHARED_HEADS = tuple(sorted(vocab.words("shared_heads.txt"), key=len, reverse=True))


def _joint_subjects(subject: str, count: int) -> list[str]:
    """A joint word naming ``count`` subjects at once (城乡居民收入 → 城镇居民收入, 农村居民收入)."""
    for joint, parts in _JOINT_HEADS.items():
        idx = subject.find(joint)
        if idx >= 0 and len(parts) == count:
            return [subject[:idx] + part + subject[idx + len(joint):] for part in parts]
    return [subject]


def _shared_tail(subjects: list[str]) -> list[str]:
    """A head noun only the last subject shows (高新技术产业、战略性新兴产业增加值): the
    subjects before it share it."""
    last = subjects[-1].split("占")[0]
    head = next((h for h in _SHARED_HEADS if last.endswith(h)), "")
    place = next((i for i, ch in enumerate(last) if ch in _PLACE_END), -1)
    if all(s and s[-1] in _PLACE_END for s in subjects[:-1]) and 0 < place < len(last) - 2:
        head = last[place + 1:]  # 高新区、经济区、民营区工业总产值: places share what follows
    named = _SHARED_HEADS + RATE_SUFFIX + _COUNTED_TAILS + vocab.noun_verbs()
    if not head or len(last) < len(head) + 2 or \
            any(s.endswith(named) or "占" in s or protected_end(s) for s in subjects[:-1]):
        return subjects
    return [s + head for s in subjects[:-1]] + [subjects[-1]]


_JOINED = re.compile(r"[、和及与]")


def respective_subjects(subject: str, count: int) -> list[str] | None:
    """The ``count`` subjects listed before 分别 (A、B, A和B or a joint word such as 城乡),
    or None when they do not match."""
    trimmed = strip_tail_words(subject.rstrip())  # 城乡居民收入年均分别…: 年均 says how
    subject = trimmed if len(subject.rstrip()) - len(trimmed) >= 2 else subject  # not 人均
    subjects = [s for s in subject.split(LIST_DELIM) if s.strip()]
    if len(subjects) < count:
        subjects = [s for s in _JOINED.split(subject) if s.strip()]
    if len(subjects) == 1:
        subjects = _joint_subjects(subjects[0], count)
    if len(subjects) != count:
        return None
    subjects[0] = leading_verb(strip_words(subjects[0]))[1]
    return _shared_tail(_share_head(subjects))


def subjects_of_figures(figures: list[tuple[str, int]], count: int) -> list[str] | None:
    """The subjects of a clause opening on 分别 (A N亿元，B N元，分别增长…): the metrics of
    the ``count`` figures (metric, clause start) before it, one a clause, or None."""
    last = figures[-count:]
    if len(last) == count and all(m for m, _ in last) and len({c for _, c in last}) == count:
        return [m for m, _ in last]
    return None


def split_amount_tail(body: str) -> tuple[str, str]:
    """An amount verb ending the phrase (城市书房新建N个 → 新建): (phrase, verb), unless the
    verb belongs to the noun (an indicator, 固定资产投资) or a verb in front already leads."""
    noun, tail = trailing_verb(body)
    noun = strip_tail_words(noun)
    if not tail or protected_end(body):
        return body, ""
    if noun.strip() in VERB_PREFIXES:
        return "", tail  # 新制定N项: an adverb before the verb is its prefix, not a noun
    if tail in vocab.noun_verbs() and strip_words(noun):
        return body, ""  # 固定资产投资2万亿元: after a noun, 投资 names what is counted
    if all(leading_verb(strip_words(body))):
        return body, ""  # 完成人工造林6千亩: the verb in front leads; the tail is the noun's
    return noun, tail


def rate_enumeration(body: str) -> list[str]:
    """A、B、C均达到100%: several rates sharing one number → one record per rate; A、B各N个
    (each): one record per item, whatever it counts."""
    each = body.rstrip().endswith("各")
    items = [i.strip() for i in body.rstrip().rstrip("各").split(LIST_DELIM) if i.strip()]
    if len(items) < 2:
        return []
    if each or all(i.endswith(RATE_SUFFIX) for i in items):
        first_verb, rest = leading_verb(strip_words(items[0]))
        if first_verb:
            items[0] = rest
        return [strip_words(i) for i in items]
    return []


def clause_bounds(parse: str, pos: int) -> tuple[int, int]:
    """The clause around ``pos``: from the delimiter before it to the one after it."""
    start = pos
    while start > 0 and parse[start - 1] not in CLAUSE_DELIMS:
        start -= 1
    end = pos
    while end < len(parse) and parse[end] not in CLAUSE_DELIMS:
        end += 1
    return start, end


#: the indicator names of data/metric_aliases.tsv (canonicals, aliases) of 3+ characters
_INDICATOR_NAMES = tuple(sorted({c.strip() for row in vocab.rows("metric_aliases.tsv") for c in row[:2]
                                 if len(c.strip()) >= 3}, key=len, reverse=True))
_INDICATOR_NAME_LIST = WordList(_INDICATOR_NAMES)
_CLAUSE = re.compile(r"[^，,；;：:。]+")


def lead_subject(parse: str, upto: int) -> tuple[str, int]:
    """The indicator the last clause without a figure before ``upto`` opens on (经济增速
    逐季回升，… / 经济总量位居全国前十，…) and where that clause starts, or ("", 0)."""
    for clause in reversed(list(_CLAUSE.finditer(parse, 0, upto))):
        if clause.end() < upto and not any(map(str.isdigit, clause.group(0))):
            name = _INDICATOR_NAME_LIST.first_prefix(clause.group(0)) or ""
            if name:
                return name, clause.start()
    return "", 0
