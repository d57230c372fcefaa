"""Aligning commitments across documents: is this number about the same thing as that one?

Three questions decide it:

* **what is counted**: the ``metric_key``, the metric with quote marks, time and scope
  words, region names, leading verbs and modifiers dropped (``将新增家庭养老床位`` →
  ``家庭养老床位``), then mapped through aliases (``高企`` → ``高新技术企业``, ``GDP`` →
  ``地区生产总值``). Aliases come from ``data/metric_aliases.tsv`` and from the analyst's
  ``aliases`` table (``plantool alias``), which wins;
* **in what**: the unit family (``个``, ``处`` and ``座`` all count things; ``元`` never
  compares with ``美元``, nor ``人`` with ``人次``);
* **how**: the measure (an ``amount`` delivered, a ``level`` reached, a ``change``).

``similarity`` scores two metrics (100 when their keys are equal), with a rapidfuzz
fallback for near-identical wording that refuses pairs told apart by a contrast word
(``登记失业率`` / ``调查失业率``, ``data/metric_contrasts.txt``). ``matching.assign``
pairs the records of two sides one to one on these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from plantool import aliases as aliases_
from plantool import periods, vocab
from plantool.aliases import (  # noqa: F401 (the alias API, kept here for callers)
    add_aliases,
    list_aliases,
    load_aliases,
    package_aliases,
    remove_aliases,
)

DEFAULT_THRESHOLD = 82.0
SUBSTITUTION_PENALTY = 15.0
COUNTING_FAMILIES = ("count", "people", "households")

_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
# a plan label and the time word after it: “十四五”时期, 十三五期间, 十二五末 — but not a
# count that only ends in 五 (二十五项, 十五个, 三十五岁)
_NOT_A_LABEL_AFTER = "〇一二三四五六七八九十百千万亿个项家所座条张处批类种岁名人年"
_PLAN_LABEL = re.compile(r"^“?" + periods.PLAN_LABEL + f"(?![{_NOT_A_LABEL_AFTER}])”?(?:"
                         + periods.plan_words("plan_suffix", "plan_suffix_key") + ")?")
# 能耗强度较(2020年), 能耗强度比(上年): a comparison left at the end; 占比 and 之比 stay
_TRAILING_COMPARISON = re.compile(r"(?:(?<![占之重例])比|较|同比|比上年|比去年)$")


# ---------------------------------------------------------------------------- vocabularies

@cache
def _words() -> dict[str, tuple[str, ...]]:
    roles: dict[str, list[str]] = {}
    for row in vocab.rows("metric_words.tsv"):
        roles.setdefault(row[1].strip(), []).append(row[0].strip())
    return {role: tuple(sorted(words, key=len, reverse=True)) for role, words in roles.items()}


def metric_words(role: str) -> tuple[str, ...]:
    """The words of ``data/metric_words.tsv`` with a role, longest first."""
    return _words().get(role, ())


@cache
def _vague() -> frozenset[str]:
    """Keys too vague to pair on (企业, 项目, a bare verb): they name no indicator."""
    words = set(_words().get("vague", ()))
    words |= set(vocab.verbs()) | {q.word for q in vocab.qualifiers()}
    return frozenset(words)


@cache
def _leading_number() -> re.Pattern:
    """A number at the start of a metric, with a counting word (3个, 12项)."""
    counters = "".join(_words().get("counter", ()))
    return re.compile(rf"^\d+(?:\.\d+)?[{counters}]?")


def _contrast_groups() -> tuple[tuple[str, ...], ...]:
    return vocab.contrast_groups()


@cache
def _unit_factors() -> dict[str, tuple[str, float]]:
    return {r[0]: (r[1], float(r[2])) for r in vocab.rows("unit_factors.tsv")}


@cache
def _region_names() -> tuple[str, ...]:
    names = {name for name in vocab.gazetteer().by_name if len(name) >= 2}
    return tuple(sorted(names, key=len, reverse=True))


@cache
def _kept_whole() -> frozenset[str]:
    """Indicator names that contain a verb (城镇新增就业): never stripped further."""
    return frozenset(aliases_.clean(name) for name in vocab.indicators())


# ---------------------------------------------------------------------------- metric keys

def _without_brackets(text: str) -> str:
    stripped = _BRACKETED.sub("", text)
    return stripped if stripped else re.sub(r"[（）()]", "", text)


def _replace_parts(text: str) -> str:
    for alias, canonical in aliases_.part_aliases():
        if alias in text and canonical not in text:
            text = text.replace(alias, canonical)
    return text


@cache
def _trailing_verbs() -> dict[str, tuple[str, ...]]:
    """Verbs of delivery left at the end of a metric (农村公路大中修, 高标准农田建设),
    longest first, by last character."""
    verbs = [v for v in vocab.verbs_longest_first()
             if len(v) >= 2 and vocab.verbs()[v] == "amount"]
    return _by_char(verbs, -1)


@cache
def _leading_words() -> dict[str, tuple[str, ...]]:
    """Words dropped at the start, in priority order, by first character."""
    words = _words()
    ordered = (*words.get("lead", ()), *words.get("amount-lead", ()), *vocab.time_words(),
               *_region_names(),
               *vocab.verbs_longest_first())
    return _by_char(ordered, 0)


@cache
def _verbs_by_first() -> dict[str, tuple[str, ...]]:
    return _by_char(vocab.verbs_longest_first(), 0)


def _by_char(words: Iterable[str], index: int) -> dict[str, tuple[str, ...]]:
    """Words grouped by their first (0) or last (-1) character, order kept: a lookup
    touches only the words that can match."""
    found: dict[str, list[str]] = {}
    for word in words:
        if word:
            found.setdefault(word[index], []).append(word)
    return {char: tuple(group) for char, group in found.items()}


_MIN_LEFT = 2  # characters a metric keeps at least when a word is dropped


def _without_suffix(text: str, words: Iterable[str]) -> str | None:
    """``text`` without the first of ``words`` it ends with, if enough is left."""
    for word in words:
        if text.endswith(word) and len(text) - len(word) >= _MIN_LEFT:
            return text[: -len(word)]
    return None


def _without_prefix_length(text: str, length: int) -> str | None:
    """``text`` without its first ``length`` characters, if there are any and enough is left."""
    return text[length:] if length and len(text) - length >= _MIN_LEFT else None


def _drop_change_word(text: str) -> tuple[str, bool] | None:
    """A trailing word that makes the number a change (…价格涨幅, …收入增速)."""
    rest = _without_suffix(text, _words().get("change", ()))
    return (rest, True) if rest is not None else None


def _drop_trailing_word(text: str) -> tuple[str, bool] | None:
    """A trailing word of estimate, scope or status (…总值预计, …人口总量)."""
    rest = _without_suffix(text, _words().get("trail", ()))
    return (rest, False) if rest is not None else None


def _drop_trailing_comparison(text: str) -> tuple[str, bool] | None:
    """A comparison left at the end (…强度较, …强度比上年); 占比 and 之比 stay."""
    compare = _TRAILING_COMPARISON.search(text)
    if compare and compare.start() >= _MIN_LEFT:
        return text[: compare.start()], False
    return None


def _keep_indicator_whole(text: str) -> tuple[str, bool] | None:
    """An indicator name that holds a verb stops the stripping (城镇新增就业)."""
    return (text, False) if text in _kept_whole() else None


def _drop_trailing_verb(text: str) -> tuple[str, bool] | None:
    """A verb of delivery left at the end (…公路大中修, …农田建设), with a project noun
    after it (…公路大中修工程, …棚户区改造项目)."""
    rest = _without_suffix(text, _trailing_verbs().get(text[-1:], ()))
    if rest is None:
        for word in _words().get("project", ()):
            if text.endswith(word):
                before = text[: -len(word)]
                rest = _without_suffix(before, _trailing_verbs().get(before[-1:], ()))
                if rest is not None:
                    break
    return (rest, False) if rest is not None else None


def _drop_leading_word(text: str) -> tuple[str, bool] | None:
    """A lead word, time word, region name or verb at the start (将…, 全年…, 新增…)."""
    for word in _leading_words().get(text[:1], ()):
        if text.startswith(word):
            rest = _without_prefix_length(text, len(word))
            if rest is not None:
                return rest, False
    return None


def _drop_plan_label(text: str) -> tuple[str, bool] | None:
    """A five-year-plan label at the start, with its time word (“十四五”时期…, 十三五末…)."""
    label = _PLAN_LABEL.match(text)
    rest = _without_prefix_length(text, label.end()) if label else None
    return (rest, False) if rest is not None else None


def _drop_leading_number(text: str) -> tuple[str, bool] | None:
    """A number and counting word at the start (3个…, 12项…)."""
    number = _leading_number().match(text)
    rest = _without_prefix_length(text, number.end()) if number else None
    return (rest, False) if rest is not None else None


#: The metric passes, in order: the first that applies drops one word (or, returning the
#: text unchanged, stops the stripping); ``_forms`` applies them until none does.
_BA_ACTOR = re.compile(r"^[^把]{1,10}把(?![关握脉])")


def _drop_ba_actor(text: str) -> tuple[str, bool] | None:
    """The actor of a 把 phrase (市政府把全市生产总值…): what follows 把 is what is counted."""
    found = _BA_ACTOR.match(text)
    rest = _without_prefix_length(text, found.end()) if found else None
    return (rest, False) if rest is not None else None


STRIP_RULES: tuple[tuple[str, Callable[[str], tuple[str, bool] | None]], ...] = (
    ("change word", _drop_change_word),
    ("trailing word", _drop_trailing_word),
    ("trailing comparison", _drop_trailing_comparison),
    ("indicator kept whole", _keep_indicator_whole),
    ("trailing verb", _drop_trailing_verb),
    ("actor of 把", _drop_ba_actor),
    ("leading word", _drop_leading_word),
    ("plan label", _drop_plan_label),
    ("leading number", _drop_leading_number),
)


def _strip_once(text: str) -> tuple[str, bool]:
    """``text`` with one word that does not change what is counted dropped.

    Returns the new text (unchanged when nothing applies) and whether the word dropped
    says the number is a change (涨幅, 增速).
    """
    for _, rule in STRIP_RULES:
        found = rule(text)
        if found is not None:
            return found
    return text, False


@lru_cache(maxsize=65536)
def _forms(metric: str) -> tuple[tuple[str, bool], ...]:
    """The successive forms of a metric as words are dropped, raw first, each with
    whether a word dropped so far marks a change (涨幅). An alias may name any form."""
    text = aliases_.clean(metric)
    forms = [(text, False)]
    text = _replace_parts(_without_brackets(text))
    if text != forms[-1][0]:
        forms.append((text, False))
    change = False
    for _ in range(12):
        text, is_change = _strip_once(text)
        change = change or is_change
        if text == forms[-1][0]:
            break
        forms.append((text, change))
    return tuple(forms)


def _resolve(form: str, aliases: dict[str, str]) -> str | None:
    """The canonical name of ``form``, following chained aliases (A → B → C)."""
    seen = set()
    canonical = None
    while form in aliases and form not in seen:
        seen.add(form)
        form = aliases[form]
        canonical = form
    return canonical


@lru_cache(maxsize=65536)
def _leading_verb(metric: str) -> str:
    """The action verb a metric starts with (再减少农村贫困人口 → 减少), if any."""
    verbs = _verbs_by_first()
    for form, _ in _forms(metric or ""):
        for verb in verbs.get(form[:1], ()):
            if form.startswith(verb) and len(form) > len(verb) + 1:
                return verb
    return ""


def _key_and_change(metric: str, aliases: dict[str, str] | None) -> tuple[str, bool]:
    table = aliases_.package_aliases() if aliases is None else aliases
    forms = _forms(metric or "")
    for form, change in forms:
        canonical = _resolve(form, table)
        if canonical is not None:
            # an alias that names a change (经济增长 for 地区生产总值) says so itself
            named = form != canonical and form.endswith(_words().get("change", ()))
            return canonical, change or named
    return forms[-1]


def metric_key(metric: str, aliases: dict[str, str] | None = None) -> str:
    """The normalised key of a metric: what it counts, however it is written.

    ``aliases`` (alias → canonical, as ``load_aliases`` returns) is consulted for each
    successive form of the metric, the raw form first; without it the package's alias
    file applies.
    """
    return _key_and_change(metric, aliases)[0]


def marks_change(metric: str, aliases: dict[str, str] | None = None) -> bool:
    """Whether the metric's own wording makes its number a change (居民消费价格涨幅)."""
    return _key_and_change(metric, aliases)[1]


def record_metric(record: dict) -> str:
    """The metric of a commitment, with an action that carries part of what is counted
    put back in the order of the quote (城镇 + 新增就业 → 城镇新增就业), or that spells a
    known indicator with it (新增 + 就业 → 新增就业)."""
    metric = record.get("metric") or ""
    action = record.get("action") or ""
    quote = record.get("quote") or ""
    before = bool(metric) and quote.find(action) != -1 and quote.find(action) < quote.find(metric)
    if action and action in _words().get("action-noun", ()):
        return action + metric if before else metric + action
    if action and before and metric_key(action + metric) in _canonicals():
        return action + metric  # 新增 + 就业(人数): the two spell a known indicator (新增就业)
    return metric


@cache
def _canonicals() -> frozenset[str]:
    return frozenset(package_aliases().values())


def record_key(record: dict, aliases: dict[str, str] | None = None) -> str:
    """The metric key of a commitment (see ``record_metric``)."""
    return metric_key(record_metric(record), aliases)


def key_of(record: dict, aliases: dict[str, str] | None = None) -> str:
    """The metric key a commitment is compared on: the one stored with it (kept current
    when aliases change, see ``aliases.refresh_metric_keys``), so that every command shows
    one key; ``record_key`` only for a record that was never stored."""
    stored = record.get("metric_key")
    return stored if stored is not None else record_key(record, aliases)


# ---------------------------------------------------------------------------- units, measures

def unit_family(unit: str) -> str:
    """The family of a unit: units of one family compare (个, 处, 座 are all ``count``)."""
    if not unit:
        return ""
    if unit in _unit_factors():
        return _unit_factors()[unit][0]
    return vocab.unit_family(unit)


def families_compatible(a: str, b: str) -> bool:
    """Same family; a bare number (no unit) compares with counts of things or people."""
    if a == b:
        return True
    return (not a and b in COUNTING_FAMILIES) or (not b and a in COUNTING_FAMILIES)


def effective_measure(record: dict) -> str:
    """The record's measure, a rate's ``level`` read as ``change`` when the metric itself
    says so (居民消费价格涨幅控制在3% is a change, like 居民消费价格上涨2%)."""
    measure = record.get("measure") or ""
    family = unit_family(record.get("unit") or "")
    if measure == "level" and family in ("percent", "points"):
        if marks_change(record_metric(record)) or _quote_marks_change(record):
            return "change"
    if measure == "level" and not record.get("action"):
        if (record.get("metric") or "").startswith(_words().get("amount-lead", ())):
            return "amount"  # 新造红树林1100亩 is an amount, like 新增红树林1100亩
        implied = _implied_measure(_leading_verb(record.get("metric") or ""), family)
        if implied:
            return implied
    return measure


def _implied_measure(verb: str, family: str) -> str:
    """The measure a verb left inside the metric signals, read as extraction reads an
    action (减少1000万 of a count is an amount; 下降3% is a change)."""
    signal = vocab.verbs().get(verb, "")
    if signal == "change":
        if family in ("percent", "ratio", "permille", "points"):
            return "change"
        return "amount" if verb in ("减少", "提高", "提升") else "change"
    return signal if signal in ("amount", "level") else ""


def _quote_marks_change(record: dict) -> bool:
    """The quote puts a change word right after the metric (居民消费价格涨幅控制在3%)."""
    metric, quote = record.get("metric") or "", record.get("quote") or ""
    at = quote.find(metric) if metric else -1
    if at < 0:
        return False
    after = quote[at + len(metric):]
    # nouns of change only (涨幅, 增速): a verb here (下降到) is the action itself
    nouns = (w for w in _words().get("change", ()) if w[-1] in "幅速率")
    return any(after.startswith(w) for w in nouns)


def comparable(a: dict, b: dict) -> bool:
    """Whether two commitments' numbers can be set against each other: same measure and
    compatible unit families."""
    if effective_measure(a) != effective_measure(b):
        return False
    return families_compatible(unit_family(a.get("unit") or ""),
                               unit_family(b.get("unit") or ""))


def convert(value: float | None, unit: str, to_unit: str) -> float | None:
    """``value`` in ``unit`` expressed in ``to_unit`` (same family), else None."""
    if value is None:
        return None
    if unit == to_unit or not unit or not to_unit:
        return value
    factors = _unit_factors()
    if unit in factors and to_unit in factors and factors[unit][0] == factors[to_unit][0]:
        return value * factors[unit][1] / factors[to_unit][1]
    if families_compatible(unit_family(unit), unit_family(to_unit)):
        return value  # counting words: one 处 is one 个
    return None


# ---------------------------------------------------------------------------- similarity

def _contrasting(a: str, b: str) -> bool:
    for group in _contrast_groups():
        in_a = {w for w in group if w in a}
        in_b = {w for w in group if w in b}
        if in_a and in_b and in_a != in_b:
            return True
    return False


@cache
def _fuzz():
    """rapidfuzz's ``fuzz``, imported when a similarity is first needed (a command that
    reads stored ratings never needs one)."""
    from rapidfuzz import fuzz

    return fuzz


def key_similarity(a: str, b: str) -> float:
    """0–100 between two metric keys: 100 when equal; 0 when one is empty or too vague
    (企业, a bare verb) or a contrast word tells them apart; else rapidfuzz's normalised
    Indel similarity, less ``SUBSTITUTION_PENALTY`` unless one key only adds words."""
    if not a or not b or len(a) < 2 or len(b) < 2:
        return 0.0
    if a == b:
        return 0.0 if a in _vague() else 100.0
    if _contrasting(a, b) or a in _vague() or b in _vague():
        return 0.0
    score = float(_fuzz().ratio(a, b))
    if not _is_subsequence(a, b):
        # wording replaced rather than added (消费对经济增长的贡献率 / 对全球经济增长的贡献率):
        # usually another indicator, so the score is lowered
        score -= SUBSTITUTION_PENALTY
    return round(max(score, 0.0), 1)


def _is_subsequence(a: str, b: str) -> bool:
    """Whether the shorter key is the longer with words left out (全社会研发投入 in
    全社会研发经费投入)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    it = iter(long_)
    return all(char in it for char in short)


def similarity(a: dict, b: dict, aliases: dict | None = None) -> float:
    """How alike two commitments' metrics are, 0–100 (100: same key after aliases)."""
    return key_similarity(key_of(a, aliases), key_of(b, aliases))
