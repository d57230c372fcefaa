"""Progress: rate every target against the results reported later.

**Matching.** The *candidates* for a target are the achievements of the same region
whose period lies inside the target's period (a level may also be a longer span that
ends in the target's last year) and whose metric aligns with the target's
(``align.similarity`` of at least ``Rules.min_similarity``). A candidate is *comparable*
when ``align.comparable`` accepts it (same measure, same unit family) and its unit
converts to the target's (``align.convert``), and no rule of ``judge.CANDIDATE_RULES``
sets it aside (a figure for part of a year, a per-head figure of a total, a yearly
average for a one-year target, a share of a total: ``show`` lists them, with why; a
target with only such results is ``not_reported``). A change stated with a level that
fits, in the same statement and with the level's period, is a candidate too
(``beside_levels``). From the comparable ones:

* a one-year target takes the best candidate by ``judge.RANK_RULES``: highest
  similarity, then the exact period, then the more authoritative document (statistical
  communiqué, then work report, then any other), then the later document, then the
  first mention;
* a multi-year target takes a result reported for the whole span when there is one;
  otherwise amounts add up over the years, a level takes the latest value, and a
  change compounds the yearly changes (their mean when the target says 年均).

**Status rule.** A target is a *ceiling* when its qualifier caps it (以下, 以内, 不超过,
低于 … in ``data/qualifiers.tsv``), when its verb caps it (控制在), or when its metric is
one where lower is the promise (CPI, unemployment, energy intensity, deficits,
accidents, PM2.5 … in ``data/direction.tsv``) and its verb does not state a decline;
every other target is a *floor* (以上, 不低于, 不少于, 超过, 突破, 达到, plain amounts and
growth, and declines: in 下降16% the decline is the promise). With r the result (a
change in the other direction counts negative) and t the target:

* floor: ``met`` when r ≥ t — with 左右/约, r ≥ ``approx_floor``·t (97%); a range's lower
  end is t — ``partly_met`` when r ≥ ``partly``·t (50%), else ``missed``;
* ceiling: ``met`` when r ≤ t — with 左右/约, r ≤ ``approx_ceiling``·t (103%); a range's
  upper end is t — else ``missed``;
* ``in_progress``: a multi-year target whose chosen results cover only part of its span
  (2 of 5 years; a level counts up to the year of the latest one) and that is not
  already met early: the share so far is shown (``why``: "2 of 5 years reported"), never
  ``missed`` or ``partly_met`` — a span is rated only when a result covers all of it;
* ``not_comparable``: aligned results exist but none in the target's measure and unit
  family (the best of them is shown);
* ``not_reported``: no aligned result, and the period is over;
* ``not_due``: the period has not ended by the latest document of the region (the
  latest year a document with records of that region was issued or published; a
  statistical communiqué closes its own year). A floor on an amount or a level that is
  already reached is ``met`` early.

**Summary.** ``met``, ``partly_met`` and ``missed`` are the *rated* statuses; the others
are *unrated*. The summary (``reports.progress_summary``) gives, per region, per sector
and in all, the count of targets, of rated and of unrated ones and of each status; the
share met is met / rated, and ``share_of`` says of how many ("2 rated of 91"); its bar
is drawn over all the targets (met ``#``, other rated ``x``, unrated ``.``), so that 2
rated of 91 never looks like a full bar.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import sqlite_utils

from plantool import align, matching, periods, schema, store
from plantool.aliases import current_aliases
from plantool.judge import (  # noqa: F401 (the status rule, re-exported)
    DOC_LABEL,
    DOC_RANK,
    RANK_RULES,
    Compared,
    Rules,
    direction_words,
    falls,
    is_fall,
    judge,
    measure,
    metric_of,
    oriented,
    rank,
    sense_of,
    set_aside,
    with_metric,
)

STATUSES = schema.PROGRESS_STATUSES
RATED = schema.RATED_STATUSES


@dataclass
class Candidate:
    """One result considered for a target."""

    record: dict
    similarity: float
    comparable: bool
    note: str = ""
    chosen: bool = False
    aside: bool = False  # kept out by a CANDIDATE_RULES rule, not by measure or unit


@dataclass
class Rating:
    """A target's status, the result it was judged on and every candidate considered."""

    target: dict
    status: str
    sense: str  # floor | ceiling
    approx: bool
    due: bool
    result: dict | None = None
    value: float | None = None  # the result in the target's unit and direction
    ratio: float | None = None
    basis: str = ""
    why: str = ""
    candidates: list[Candidate] = field(default_factory=list)


# --- candidates -----------------------------------------------------------------------


def fill_elliptical(rows: Iterable[dict]) -> list[Compared]:
    """A number with no metric of its own counts what the number before it in the same
    statement counts: 国内生产总值519322亿元，比上年增长7.8% → 7.8% of 国内生产总值.

    ``rows`` in document order; returns them as :class:`Compared` records, with the
    inherited metric and the record it comes from where there is one.
    """
    last: dict[tuple, Compared] = {}
    filled = []
    for row in rows:
        key = (row.get("doc_id"), row.get("statement_id"))
        record = Compared(row)
        if not (row.get("metric") or "").strip() and key in last:
            record.inherited_metric = metric_of(last[key])
            record.inherited_from = last[key]["id"]
        if metric_of(record):
            last[key] = record
        filled.append(record)
    return filled


def fits(result: dict, target: dict) -> bool:
    """Does the result's period lie inside the target's (or a level end with it)?"""
    rs, rend = result.get("period_start"), result.get("period_end")
    ts, tend = target.get("period_start"), target.get("period_end")
    if None in (rs, rend, ts, tend):
        return False
    if ts <= rs and rend <= tend:
        return True
    return measure(result) == "level" and rend == tend and rs <= tend


def consider(target: dict, results: Iterable[dict], aliases: dict | None = None,
             rules: Rules = Rules()) -> list[Candidate]:
    """The aligned results for a target, best first."""
    found = []
    target_key = _key(target, aliases) if metric_of(target) else ""
    results = list(results)
    for r in results:
        if r.get("id") == target.get("id") or r.get("value") is None or not fits(r, target):
            continue
        score = _similarity(target_key, _key(r, aliases)) if target_key else 0.0
        if score < rules.min_similarity:
            continue
        found.append(_candidate(target, r, score))
    for r, level in beside_levels(target, results, found):
        score = _similarity(target_key, _key(r, aliases)) if target_key else 0.0
        if score >= rules.min_similarity:
            candidate = _candidate(target, r, score)
            candidate.note = _join(f"stated with the level #{level['id']}", candidate.note)
            found.append(candidate)
    found.sort(key=lambda c: rank(c, target), reverse=True)
    return found


def beside_levels(target: dict, results: Sequence[dict],
                  found: Sequence[Candidate]) -> list[tuple[dict, dict]]:
    """Changes stated with a level that fits a change target, in one statement and with
    the level's period (地区生产总值11912亿元，增长7.8%, both dated with a review's span):
    the change is the result of the level's last year, so the level alone does not make
    the target ``not_comparable``. Pairs of (change, level)."""
    if measure(target) != "change":
        return []
    taken = {c.record.get("id") for c in found}
    levels = {(c.record.get("doc_id"), c.record.get("statement_id"), c.record.get("period")):
              c.record for c in found if measure(c.record) == "level"
              and c.record.get("period_start", 0) < (target.get("period_start") or 0)}
    pairs = []
    for r in results:
        level = levels.get((r.get("doc_id"), r.get("statement_id"), r.get("period")))
        if level is not None and r.get("id") not in taken and r.get("value") is not None \
                and measure(r) == "change":
            pairs.append((r, level))
    return pairs


def _key(row: dict, aliases: dict | None) -> str:
    """The metric key a record is compared on: the stored one (``align.key_of``), or for
    a record that inherits its metric, the key of that metric."""
    if getattr(row, "inherited_metric", ""):
        return align.record_key(with_metric(row), aliases)
    return align.key_of(row, aliases)


@lru_cache(maxsize=1 << 18)
def _similarity(a: str, b: str) -> float:
    """``align.similarity`` of two records, from their keys (what it computes itself)."""
    return float(align.key_similarity(a, b))


def _candidate(target: dict, result: dict, score: float) -> Candidate:
    inherited = getattr(result, "inherited_from", None)
    note = f"metric inherited from #{inherited}" if inherited else ""
    aside = set_aside(target, result)
    if aside:
        return Candidate(result, score, False, _join(note, f"set aside: {aside}"), aside=True)
    if not align.comparable(with_metric(target), with_metric(result)):
        why = (f"not comparable: {measure(result)} in {result.get('unit') or '-'} vs "
               f"{measure(target)} in {target.get('unit') or '-'}")
        return Candidate(result, score, False, _join(note, why))
    if align.convert(1.0, result.get("unit") or "", target.get("unit") or "") is None:
        why = f"no conversion from {result.get('unit')} to {target.get('unit')}"
        return Candidate(result, score, False, _join(note, why))
    return Candidate(result, score, True, note)


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


# --- combining results over a span ------------------------------------------------------


def _value(c: Candidate, target: dict) -> float:
    value = align.convert(oriented(c.record, target), c.record.get("unit") or "",
                          target.get("unit") or "")
    return float(value if value is not None else math.nan)


def _span(c: Candidate) -> tuple[int, int]:
    return c.record["period_start"], c.record["period_end"]


def _cover(comparable: Sequence[Candidate]) -> list[Candidate]:
    """Non-overlapping results, widest and best first: one per year or sub-span."""
    widest = sorted(comparable, key=lambda c: -(_span(c)[1] - _span(c)[0]))
    taken = matching.greedy_pick(widest, lambda c: range(_span(c)[0], _span(c)[1] + 1))
    return sorted(taken, key=_span)


def combine(target: dict, comparable: Sequence[Candidate]) -> tuple[float, list[Candidate], str]:
    """The result value for a target from its comparable candidates (best first)."""
    ts, tend = target["period_start"], target["period_end"]
    if ts == tend:
        return _value(comparable[0], target), [comparable[0]], "one result"
    whole = [c for c in comparable if _span(c) == (ts, tend)]
    if whole:
        return _value(whole[0], target), [whole[0]], "reported for the whole span"
    kind = measure(target)
    if kind == "level":
        latest = max(comparable, key=lambda c: (_span(c)[1], rank(c, target)))
        return _value(latest, target), [latest], f"latest level ({latest.record['period']})"
    parts = _cover(comparable)
    values = [_value(c, target) for c in parts]
    covered = sum(e - s + 1 for s, e in map(_span, parts))
    of = f"{covered} of {tend - ts + 1} years"
    if kind == "change":
        return _compound(target, values), parts, _change_basis(target, len(parts), of)
    return sum(values), parts, f"sum of {len(parts)} results covering {of}"


def _average(target: dict) -> bool:
    return "年均" in "".join(target.get(k) or "" for k in ("metric", "action", "quote"))


def _compound(target: dict, values: list[float]) -> float:
    if _average(target):
        return sum(values) / len(values)
    if (target.get("unit") or "") != "%":
        return sum(values)
    if falls(target):
        return (1 - math.prod(1 - v / 100 for v in values)) * 100
    return (math.prod(1 + v / 100 for v in values) - 1) * 100


def _change_basis(target: dict, n: int, of: str) -> str:
    how = "mean" if _average(target) else "compound"
    return f"{how} of {n} changes covering {of}"


def aggregate_record(target: dict, parts: list[Candidate], value: float) -> dict:
    """A result built from several records: the sum, latest or compound over a span."""
    records = [p.record for p in parts]
    start = min(r["period_start"] for r in records)
    end = max(r["period_end"] for r in records)
    record = store.commitment_record(records[-1])
    record.update({"id": None, "period": periods.Period(start, end).label,
                   "value": _number(value), "value_max": None, "unit": target.get("unit"),
                   "qualifier": "", "doc": "; ".join(dict.fromkeys(r["doc"] for r in records)),
                   "quote": "；".join(r["quote"] for r in records),
                   "parts": [r["id"] for r in records]})
    return record


def _number(value: float) -> float | int:
    rounded = round(value, 6)
    return int(rounded) if float(rounded).is_integer() else rounded


# --- rating ------------------------------------------------------------------------------


def rate(target: dict, candidates: list[Candidate], as_of: int | None,
         rules: Rules = Rules()) -> Rating:
    """The status of one target, given its candidates and the region's latest year."""
    sense, approx = sense_of(target)
    end = target.get("period_end")
    due = end is not None and as_of is not None and end < as_of
    rating = Rating(target, "", sense, approx, due, candidates=candidates)
    comparable = [c for c in candidates if c.comparable]
    if comparable and target.get("value") is not None:
        value, used, basis = combine(target, comparable)
        status, ratio = judge(value, float(target["value"]), sense, approx,
                              target.get("value_max"), rules)
        years_in, years = years_reported(target, used)
        early = status == "met" and _early(target, sense)
        if years_in < years and not early:
            status = "in_progress"
        elif not due and not early:
            status = "not_due"
        for c in used:
            c.chosen = True
        rating.result = (store.commitment_record(used[0].record) if len(used) == 1
                         else aggregate_record(target, used, value))
        rating.value, rating.ratio, rating.basis = value, ratio, basis
        rating.status = status
        rating.why = why_chosen(target, comparable, used)
        if years_in < years:
            rating.why = _join(f"{years_in} of {years} years reported", rating.why)
        if status == "met" and (not due or years_in < years):
            rating.why = _join(rating.why, "reached before the period ended")
    elif any(not c.aside for c in candidates):
        shown = next(c for c in candidates if not c.aside)
        rating.result = store.commitment_record(shown.record)
        rating.status = "not_comparable" if due else "not_due"
        rating.why = shown.note
    elif candidates:
        rating.status = "not_reported" if due else "not_due"
        rating.why = candidates[0].note
    else:
        rating.status = "not_reported" if due else "not_due"
    if rating.status == "not_due" and not rating.why:
        rating.why = f"the period ends {end}; the latest document of {target.get('region')} " \
                     f"is of {as_of}"
    return rating


def years_reported(target: dict, used: Sequence[Candidate]) -> tuple[int, int]:
    """(years of the target's span the chosen results cover, years in the span).

    A level counts up to the year of the latest one (a level of 2023 tells how far a
    2021-2025 target has come by 2023); an amount or a change counts the years its
    results cover."""
    ts, tend = target["period_start"], target["period_end"]
    years = tend - ts + 1
    if measure(target) == "level":
        latest = max(_span(c)[1] for c in used)
        return min(latest, tend) - ts + 1, years
    covered = {y for c in used for y in range(_span(c)[0], _span(c)[1] + 1) if ts <= y <= tend}
    return len(covered), years


def _early(target: dict, sense: str) -> bool:
    """Can the target be met before its period ends? A floor on an amount or a level can
    (the count or level is already reached); a ceiling or a rate of change cannot."""
    return sense == "floor" and measure(target) != "change"


def why_chosen(target: dict, comparable: list[Candidate], used: list[Candidate]) -> str:
    """Why the chosen result won over the next comparable one."""
    if len(used) > 1:
        return f"{len(used)} results combined"
    winner = used[0]
    others = [c for c in comparable if c is not winner]
    if not others:
        return "the only comparable result"
    span = (target.get("period_start"), target.get("period_end"))
    if span[0] != span[1] and _span(winner) == span:
        return "reported for the whole span"
    if span[0] != span[1] and measure(target) == "level":
        return f"the latest of {len(comparable)} comparable results"
    for name, key, words in RANK_RULES:
        a, b = key(winner, target), key(others[0], target)
        if a != b:
            label = DOC_LABEL.get(a, "") if name == "authoritative source" else ""
            return f"{words.format(a=a, b=b, label=label)}, over #{others[0].record['id']}"
    return "equal rank; first found"


# --- the database side ---------------------------------------------------------------------


@dataclass
class Context:
    """What rating needs from the database, loaded once per run."""

    db: sqlite_utils.Database
    rules: Rules
    aliases: dict
    docs: dict[int, dict]
    as_of: dict[str, int]
    regions: dict[str, dict] = field(default_factory=dict)

    def region(self, name: str) -> dict:
        """Records of a region: ``by_id`` and ``results`` indexed by last year."""
        if name not in self.regions:
            self.regions[name] = _load_region(self.db, name, self.docs)
        return self.regions[name]


def context(db: sqlite_utils.Database, rules: Rules = Rules()) -> Context:
    docs = store.document_dates(db)
    return Context(db, rules, current_aliases(db), docs, region_as_of(db, docs))


def doc_year(doc: dict) -> int:
    """The year up to which a document can report: issued, published, or covered."""
    year = doc.get("year") or 0
    if doc.get("doc_type") == "statistical_communique" and year:
        year += 1
    published = str(doc.get("published") or "")[:4]
    return max(year, int(published) if published.isdigit() else 0)


def region_as_of(db: sqlite_utils.Database, docs: dict[int, dict]) -> dict[str, int]:
    """Region → the latest year of a document that issues or holds records of it."""
    pairs = {(d["region"], d["id"]) for d in docs.values() if d.get("region")}
    pairs |= store.region_documents(db)
    found: dict[str, int] = {}
    for region, doc_id in pairs:
        year = doc_year(docs[doc_id])
        if year:
            found[region] = max(found.get(region, 0), year)
    return found


def _load_region(db: sqlite_utils.Database, region: str, docs: dict[int, dict]) -> dict:
    rows = store.query_commitments(db, store.Filters(region=region)) if region else []
    for row in rows:
        doc = docs.get(row["doc_id"], {})
        row["doc_type"] = doc.get("doc_type")
        row["doc_date"] = doc_year(doc)
    rows = fill_elliptical(rows)
    by_end: dict[int, list[dict]] = {}
    for row in rows:
        if row["kind"] == "achievement" and row.get("period_end") is not None:
            by_end.setdefault(row["period_end"], []).append(row)
    return {"by_id": {r["id"]: r for r in rows}, "by_end": by_end}


def _results_for(records: dict, target: dict) -> list[dict]:
    start, end = target.get("period_start"), target.get("period_end")
    if start is None or end is None:
        return []
    found = []
    for year in range(start, end + 1):
        found += records["by_end"].get(year, [])
    return found


def rate_row(ctx: Context, row: dict) -> Rating:
    """Rate one target row (as ``store.query_commitments`` returns it)."""
    records = ctx.region(row.get("region") or "")
    target = records["by_id"].get(row["id"], row)
    found = consider(target, _results_for(records, target), ctx.aliases, ctx.rules)
    return rate(target, found, ctx.as_of.get(row.get("region") or ""), ctx.rules)


def evaluate(db: sqlite_utils.Database, filters: store.Filters | None = None,
             rules: Rules = Rules(), statuses: Sequence[str] = ()) -> list[Rating]:
    """Rate every target that matches ``filters``; keep only ``statuses`` when given."""
    spec = replace(filters or store.Filters(), kind="target")
    ctx = context(db, rules)
    ratings = [rate_row(ctx, row) for row in store.query_commitments(db, spec, "region")]
    return [r for r in ratings if not statuses or r.status in statuses]


def explain(db: sqlite_utils.Database, target_row: dict, rules: Rules = Rules()) -> Rating:
    """The rating of one target with every result considered (``plantool show``)."""
    return rate_row(context(db, rules), target_row)
