"""Compare the commitments (or statements) of two slices of the database.

A slice is a year (``2024``), a span (``2021-2025``), a region (``沙河口区``),
``REGION/YEAR`` or a document (``doc:NAME``); the shared filters narrow both sides. A
year or span selects records stated for exactly that period, so that a five-year target
(2021-2025) is not set against an annual one (2025).

Each side's commitments are paired one to one by ``matching.assign``. When neither side
names a region, records are paired within each region (2023 against 2024 region by
region); when both name regions but neither a period, within each period. Every pair or
leftover becomes a row with a status: added, removed, increased, decreased, unchanged or
incomparable (same metric, but a different measure or unit family).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from plantool import align, matching, periods, schema, store, vocab
from plantool.aliases import current_aliases
from plantool.errors import PeriodError, SliceError

STATUSES = schema.DIFF_STATUSES
STATEMENT_STATUSES = schema.STATEMENT_DIFF_STATUSES
NATIONAL = ("全国", "中国", "国家")


@dataclass(frozen=True)
class Slice:
    token: str
    region: str | None = None
    period: str | None = None
    doc: str | None = None

    def describe(self) -> str:
        parts = [p for p in (self.region, self.period) if p]
        if self.doc:
            parts.insert(0, f"doc:{self.doc}")
        return "/".join(parts) if parts else "everything"


@dataclass
class Diff:
    left: Slice
    right: Slice
    rows: list[dict] = field(default_factory=list)
    left_count: int = 0
    right_count: int = 0

    def summary(self) -> str:
        counts = Counter(row["status"] for row in self.rows)
        statuses = STATUSES if not self.rows or "key" not in self.rows[0] else STATEMENT_STATUSES
        body = ", ".join(f"{counts.get(s, 0)} {s}" for s in statuses)
        return (f"{len(self.rows)} rows: {body} "
                f"({self.left.describe()}: {self.left_count} records; "
                f"{self.right.describe()}: {self.right_count} records)")

    def empty_sides(self) -> list[Slice]:
        return [s for s, n in ((self.left, self.left_count), (self.right, self.right_count))
                if n == 0]


# ---------------------------------------------------------------------------- slices

def _period(text: str) -> str | None:
    try:
        found = periods.parse(text)
    except PeriodError as error:
        raise SliceError(str(error)) from None
    return found.label if found else None


def _region(name: str, known: set[str]) -> str | None:
    if name in NATIONAL:
        return "全国"
    if name in known:
        return name
    found = vocab.gazetteer().lookup(name)
    if found is not None:
        return found.name
    candidates = vocab.gazetteer().by_name.get(name, ())
    if len(candidates) > 1:
        raise SliceError(f"region {name!r} is ambiguous: it names {len(candidates)} places")
    return None


def parse_slice(token: str, known_regions: set[str] | None = None) -> Slice:
    """Read a slice token; raises SliceError with the forms accepted when it is unknown."""
    token = (token or "").strip()
    known = known_regions or set()
    if token.startswith("doc:"):
        name = token[4:].strip()
        if not name:
            raise SliceError("doc: needs a document name, path substring or id")
        return Slice(token, doc=name)
    period = _period(token)
    if period:
        return Slice(token, period=period)
    if "/" in token:
        head, _, tail = token.rpartition("/")
        period, region = _period(tail.strip()), _region(head.strip(), known)
        if period and region:
            return Slice(token, region=region, period=period)
        if not period:
            raise SliceError(f"{token!r}: {tail!r} is not a year (2024) or span (2021-2025)")
        raise SliceError(f"{token!r}: unknown region {head!r}")
    region = _region(token, known)
    if region:
        return Slice(token, region=region)
    raise SliceError(f"unknown slice {token!r}: give a year (2024), a span (2021-2025), a "
                     "region (沙河口区), REGION/YEAR (大连市/2024) or doc:NAME")


def known_regions(db) -> set[str]:
    """The regions the database states commitments for (slices may name any of them)."""
    return store.known_regions(db)


def _narrow(side: Slice, filters: store.Filters) -> Slice:
    """The side with the shared --region/--year applied; a contradiction is an error."""
    region, period = side.region, side.period
    if filters.region:
        if region and region != filters.region:
            raise SliceError(f"{side.token!r} names {region}; --region {filters.region} "
                             "contradicts it")
        region = filters.region
    if filters.period:
        wanted = _period(filters.period)
        if wanted is None:
            raise SliceError(f"--year {filters.period!r} is not a year or span of years")
        if period and period != wanted:
            raise SliceError(f"{side.token!r} names {period}; --year {filters.period} "
                             "contradicts it")
        period = wanted
    return replace(side, region=region, period=period)


# ---------------------------------------------------------------------------- records

def _select(db, side: Slice, filters: store.Filters, aliases: dict[str, str]) -> list[dict]:
    # the period as an overlap for the index on (region, period_start); exactly it below
    spec = store.Filters(region=side.region, period=side.period, kind=filters.kind,
                         sector=filters.sector, doc=side.doc or filters.doc)
    rows = store.query_commitments(db, spec)
    if side.period:
        rows = [r for r in rows if r.get("period") == side.period]
    if filters.metric:
        wanted = align.metric_key(filters.metric, aliases)
        rows = [r for r in rows if filters.metric in (r.get("metric") or "")
                or align.key_of(r, aliases) == wanted]
    return rows


def _with_context(db, rows: list[dict]) -> list[dict]:
    """Attach each record's statement text near its quote (``context``) and whether the
    statement is a heading, to break ties between records of one metric."""
    statements = store.statements_by_id(
        db, [r["statement_id"] for r in rows if r.get("statement_id") is not None])
    for row in rows:
        st = statements.get(row.get("statement_id"), {})
        text, quote = st.get("text") or "", row.get("quote") or ""
        at = text.find(quote) if quote else -1
        row["context"] = text[max(0, at - 24): at + len(quote)] if at >= 0 else quote
        row["heading"] = bool(st.get("heading"))
    return rows


def _dedupe(rows: list[dict], aliases: dict[str, str]) -> list[dict]:
    """One record per number stated twice in one document (a headline repeating a body
    bullet): the one outside a heading, with the longer quote, is kept."""
    best: dict[tuple, dict] = {}
    order: list[tuple] = []
    for row in rows:
        key = (row.get("doc_id"), row.get("region"), row.get("period"), row.get("kind"),
               align.key_of(row, aliases), align.effective_measure(row), row.get("value"),
               row.get("value_max"), align.unit_family(row.get("unit") or ""))
        if key not in best:
            best[key] = row
            order.append(key)
        elif (not row["heading"], len(row.get("quote") or "")) > \
                (not best[key]["heading"], len(best[key].get("quote") or "")):
            best[key] = row
    return [best[k] for k in order]


def _blocks(left: Slice, right: Slice, filters: store.Filters) -> tuple[str, ...]:
    """The fields records are paired within, for the dimensions no side fixes."""
    if left.doc or right.doc:
        return ()
    fields = []
    if not (left.region or right.region):
        fields.append("region")
    if not (left.period or right.period) and left.region and right.region:
        fields.append("period")
    return tuple(fields)


# ---------------------------------------------------------------------------- rows

def _middle(record: dict) -> float | None:
    value, top = record.get("value"), record.get("value_max")
    if value is None:
        return None
    return (value + top) / 2 if top is not None else value


def _status_and_change(left: dict | None, right: dict | None) -> tuple[str, float | None,
                                                                    float | None]:
    if left is None:
        return "added", None, None
    if right is None:
        return "removed", None, None
    if not align.comparable(left, right) or _windows_differ(left, right):
        return "incomparable", None, None
    before = _middle(left)
    after = align.convert(_middle(right), right.get("unit") or "", left.get("unit") or "")
    if before is None or after is None:
        return "incomparable", None, None
    delta = after - before
    ratio = after / before if before else None
    if math.isclose(after, before, rel_tol=1e-9, abs_tol=1e-12):
        return "unchanged", 0, ratio
    return ("increased" if delta > 0 else "decreased"), _tidy(delta), ratio


def _windows_differ(left: dict, right: dict) -> bool:
    """Amounts delivered over periods of different length (a five-year target of 3万公里
    against one year's 6700公里) do not compare."""
    if align.effective_measure(left) != "amount":
        return False
    return _years(left.get("period")) != _years(right.get("period"))


def _years(period) -> int:
    return periods.span_length(period)


def _tidy(number: float | None) -> float | int | None:
    if number is None:
        return None
    number = round(number, 6)
    return int(number) if float(number).is_integer() else number


def _row(left: dict | None, right: dict | None, score: float,
         aliases: dict[str, str]) -> dict:
    status, delta, ratio = _status_and_change(left, right)
    first = left if left is not None else right
    metric = align.record_metric(first)
    if left is not None and right is not None and align.record_metric(right) != metric:
        other = align.record_metric(right)
        metric = align.key_of(first, aliases) if score == 100 else f"{metric} ≈ {other}"
    return {
        "metric": metric,
        "metric_key": align.key_of(first, aliases),
        "sector": first.get("sector") or "other",
        "left": store.commitment_record(left) if left is not None else None,
        "right": store.commitment_record(right) if right is not None else None,
        "delta": delta,
        "ratio": round(ratio, 6) if ratio is not None else None,
        "status": status,
        "similarity": score if left is not None and right is not None else None,
    }


def _sector_order() -> dict[str, int]:
    return {name: index for index, (name, _) in enumerate(vocab.sectors())}


def _sort(rows: list[dict]) -> list[dict]:
    order = _sector_order()
    return sorted(rows, key=lambda r: order.get(r["sector"], len(order)))


def compare(db, left_token: str, right_token: str, filters: store.Filters | None = None,
            threshold: float | None = None,
            aliases: dict[str, str] | None = None) -> Diff:
    """Pair the commitments of two slices and return one row per pair or leftover."""
    filters = filters or store.Filters()
    threshold = align.DEFAULT_THRESHOLD if threshold is None else threshold
    aliases = current_aliases(db) if aliases is None else aliases
    known = known_regions(db)
    left = _narrow(parse_slice(left_token, known), filters)
    right = _narrow(parse_slice(right_token, known), filters)
    left_rows = _dedupe(_with_context(db, _select(db, left, filters, aliases)), aliases)
    right_rows = _dedupe(_with_context(db, _select(db, right, filters, aliases)), aliases)
    result = Diff(left, right, [], len(left_rows), len(right_rows))
    if not left_rows or not right_rows:
        return result
    fields = _blocks(left, right, filters)
    if (left.region, left.period, left.doc) == (right.region, right.period, right.doc):
        result.rows = _sort(unchanged_rows(left_rows, fields, aliases))
    else:
        result.rows = _sort(pair_records(left_rows, right_rows, fields, aliases, threshold))
    return result


def unchanged_rows(rows: list[dict], fields: tuple[str, ...],
                   aliases: dict[str, str] | None = None) -> list[dict]:
    """A slice set against itself (``diff 2024 2024``): every record is its own partner,
    ``unchanged``, in the order ``pair_records`` gives pairs (block by block)."""
    blocks: dict[tuple, list[dict]] = {}
    for record in rows:
        blocks.setdefault(_block(record, fields), []).append(record)
    found = []
    for block in sorted(blocks):
        for record in blocks[block]:
            row = _row(record, record, 100.0, aliases)
            if row["status"] != "unchanged":  # a record without a value is no less itself
                row.update(status="unchanged", delta=None, ratio=None)
            found.append(row)
    return found


def pair_records(left_rows: list[dict], right_rows: list[dict], fields: tuple[str, ...],
                 aliases: dict[str, str] | None = None,
                 threshold: float = align.DEFAULT_THRESHOLD) -> list[dict]:
    """One row per pair or leftover of two sides' records, paired only within records
    that agree on ``fields`` (("region",): each region against itself)."""
    rows = []
    for block in sorted({_block(r, fields) for r in left_rows + right_rows}):
        lefts = [r for r in left_rows if _block(r, fields) == block]
        rights = [r for r in right_rows if _block(r, fields) == block]
        for a, b, score in matching.assign(lefts, rights, aliases, threshold):
            rows.append(_row(a, b, score, aliases))
    return rows


def _block(record: dict, fields: tuple[str, ...]) -> tuple:
    return tuple(record.get(f) or "" for f in fields)


# ---------------------------------------------------------------------------- display

# ---------------------------------------------------------------------------- statements
#
# Statements are compared through their key phrases (project, place and programme names:
# 罗斯福广场, 背街小巷, 八大产业链): one row per phrase, shared when the other side has
# the same phrase (or one containing it, or a near-identical one), else removed or added,
# with the first statement that carries it on each side. A sentence often names several
# projects, so phrases, not sentences, are what appear or disappear.

_SPLIT = re.compile(r"[，。；、：！？,.;:！？（）()“”\"《》〈〉【】\s—…·/+]+")
_MIN_PHRASE, _MAX_PHRASE = 3, 16


@cache
def _phrase_words(role: str) -> tuple[str, ...]:
    """Words of ``data/statement_phrases.tsv`` with a role: stop or counter."""
    return tuple(row[0] for row in vocab.rows("statement_phrases.tsv") if row[1] == role)


@cache
def _number_pattern() -> re.Pattern:
    """A number with its multiplier and counting word: 214条, 1.5万平方米, 6处, 三所."""
    counted = "".join(_phrase_words("counter"))
    return re.compile(rf"\d+(?:\.\d+)?[万亿千百]?(?:[{counted}人次%]|平方米|公里)?"
                      rf"|[一二两三四五六七八九十百千万]+[{counted}]")


@cache
def _stop_pattern() -> re.Pattern:
    words = set(_phrase_words("stop"))
    words |= {v for v in vocab.verbs() if len(v) >= 2}
    words |= {q.word for q in vocab.qualifiers() if len(q.word) >= 2}
    words |= {w for w in vocab.time_words() if len(w) >= 2}
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered if w))


@cache
def _place_names() -> frozenset[str]:
    return frozenset(vocab.gazetteer().by_name)


def statement_phrases(text: str) -> tuple[str, ...]:
    """Candidate key phrases of a statement: quoted names whole, and the runs left
    between punctuation, numbers, verbs and function words (3 to 16 characters)."""
    quoted = re.findall(r"[“《]([^”》]{2,20})[”》]", text)
    runs = []
    for chunk in _SPLIT.split(_number_pattern().sub(" ", text)):
        runs += [r for r in _stop_pattern().split(chunk) if r]
    found = [p for p in (*quoted, *runs)
             if _MIN_PHRASE <= len(p) <= _MAX_PHRASE and p not in _place_names()
             and not re.fullmatch(r"[\d.%A-Za-z]+", p)]
    return tuple(dict.fromkeys(found))


def _common_phrases(background: list[tuple[str, ...]]) -> set[str]:
    """Phrases too frequent to tell statements apart (in more than 2% of them)."""
    counts = Counter(p for phrases in background for p in set(phrases))
    limit = max(3, int(len(background) * 0.02))
    return {p for p, n in counts.items() if n > limit}


def _phrase_similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    if a == b:
        return 100.0
    if min(len(a), len(b)) >= 4 and (a in b or b in a):
        return 90.0
    return float(fuzz.ratio(a, b))


def _side_phrases(rows: list[dict], common: set[str]) -> dict[str, dict]:
    """Each key phrase of a side with the first statement that carries it."""
    found: dict[str, dict] = {}
    for row in rows:
        for phrase in statement_phrases(row["text"]):
            if phrase not in common:
                found.setdefault(phrase, row)
    return found


def compare_statements(db, left_token: str, right_token: str,
                       filters: store.Filters | None = None,
                       threshold: float = 85.0) -> Diff:
    """The key phrases of two slices' statements: shared, removed (left only), added."""
    filters = filters or store.Filters()
    known = known_regions(db)
    left = _narrow(parse_slice(left_token, known), filters)
    right = _narrow(parse_slice(right_token, known), filters)
    sides = []
    for side in (left, right):
        spec = store.Filters(region=side.region, kind=filters.kind, sector=filters.sector,
                             doc=side.doc or filters.doc, search=filters.search)
        rows = store.query_statements(db, spec)
        if side.period:
            rows = [r for r in rows if r.get("period") == side.period]
        sides.append(rows)
    result = Diff(left, right, [], len(sides[0]), len(sides[1]))
    if not sides[0] or not sides[1]:
        return result
    docs = sorted({r["doc_id"] for r in sides[0] + sides[1]})
    background = [statement_phrases(text) for text in store.statement_texts(db, docs)]
    common = _common_phrases(background)
    lefts, rights = _side_phrases(sides[0], common), _side_phrases(sides[1], common)
    result.rows = _sort(_match_phrases(lefts, rights, threshold))
    return result


def _phrase_candidates(lefts: dict[str, dict], rights: dict[str, dict],
                       threshold: float) -> dict[tuple[str, str], float]:
    """(left phrase, right phrase) → similarity, for phrases that share two characters
    in a row and score at least ``threshold``."""
    index: dict[str, set[str]] = {}
    for phrase in rights:
        for k in range(len(phrase) - 1):
            index.setdefault(phrase[k:k + 2], set()).add(phrase)
    scores = {}
    for phrase in lefts:
        near = {p for k in range(len(phrase) - 1) for p in index.get(phrase[k:k + 2], ())}
        for other in near:
            score = _phrase_similarity(phrase, other)
            if score >= threshold:
                scores[(phrase, other)] = score
    return scores


def _match_phrases(lefts: dict[str, dict], rights: dict[str, dict],
                   threshold: float) -> list[dict]:
    """Shared phrases (the most similar, then the longer, first), then the one-sided."""
    scores = _phrase_candidates(lefts, rights, threshold)
    chosen = matching.greedy_pairs(((-score, -min(len(a), len(b))), a, b)
                                   for (a, b), score in scores.items())
    rows = []
    for phrase, other in chosen:
        key = phrase if len(phrase) <= len(other) else other
        rows.append(_statement_row("shared", lefts[phrase], rights[other], key,
                                   scores[(phrase, other)]))
    used_left, used_right = {a for a, _ in chosen}, {b for _, b in chosen}
    rows += [_statement_row("removed", st, None, p, None)
             for p, st in lefts.items() if p not in used_left]
    rows += [_statement_row("added", None, st, p, None)
             for p, st in rights.items() if p not in used_right]
    return rows


def _statement_row(status: str, left: dict | None, right: dict | None, key: str,
                   score: float | None) -> dict:
    first = left or right
    return {
        "key": key,
        "sector": first.get("sector") or "other",
        "left": store.statement_record(left) if left else None,
        "right": store.statement_record(right) if right else None,
        "status": status,
        "similarity": score,
    }
