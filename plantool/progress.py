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

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import sqlite_utils

from plantool import align, matching, schema, store
from plantool.aliases import current_aliases
from plantool.judge import (  # noqa: F401 (the status rule, re-exported)
    DOC_LABEL,
    DOC_RANK,
    RANK_RULES,
    Candidate,
    Compared,
    Rating,
    Rules,
    aggregate_record,
    combine,
    direction_words,
    falls,
    is_fall,
    join_notes,
    judge,
    measure,
    metric_of,
    oriented,
    rank,
    rate,
    sense_of,
    set_aside,
    span_of,
    why_chosen,
    with_metric,
    years_reported,
)
from plantool.store import ratings as stored

STATUSES = schema.PROGRESS_STATUSES
RATED = schema.RATED_STATUSES


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
    target_key = _key(target, aliases) if metric_of(target) else ""

    def score_of(result: dict) -> float:
        return _similarity(target_key, _key(result, aliases)) if target_key else 0.0

    return _aligned(target, list(results), score_of, rules)


def _aligned(target: dict, results: list[dict], score_of, rules: Rules) -> list[Candidate]:
    """The candidates among ``results`` whose metric scores ``min_similarity`` (by
    ``score_of``), with the changes stated beside a level, best first."""
    found = []
    for r in results:
        if r.get("id") == target.get("id") or r.get("value") is None or not fits(r, target):
            continue
        score = score_of(r)
        if score < rules.min_similarity:
            continue
        found.append(_candidate(target, r, score))
    for r, level in beside_levels(target, results, found):
        score = score_of(r)
        if score >= rules.min_similarity:
            candidate = _candidate(target, r, score)
            candidate.note = join_notes(f"stated with the level #{level['id']}", candidate.note)
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
    if not levels:
        return []
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
        return Candidate(result, score, False, join_notes(note, f"set aside: {aside}"), aside=True)
    if not align.comparable(with_metric(target), with_metric(result)):
        why = (f"not comparable: {measure(result)} in {result.get('unit') or '-'} vs "
               f"{measure(target)} in {target.get('unit') or '-'}")
        return Candidate(result, score, False, join_notes(note, why))
    if align.convert(1.0, result.get("unit") or "", target.get("unit") or "") is None:
        why = f"no conversion from {result.get('unit')} to {target.get('unit')}"
        return Candidate(result, score, False, join_notes(note, why))
    return Candidate(result, score, True, note)


# --- the database side ---------------------------------------------------------------------


class RegionResults:
    """One region's records, loaded once: targets and results by id, and the results by
    metric key and last year, so that a target meets only the results of similar keys."""

    def __init__(self, rows: list[dict], aliases: dict | None) -> None:
        self.by_id = {r["id"]: r for r in rows}
        self.aliases = aliases
        self.by_end: dict[int, list[dict]] = {}
        self.by_key: dict[str, dict[int, list[dict]]] = {}
        self.key_of: dict[int, str] = {}
        self.order: dict[int, int] = {}
        for position, row in enumerate(rows):
            if row["kind"] != "achievement" or row.get("period_end") is None:
                continue
            key = _key(row, aliases)
            self.by_end.setdefault(row["period_end"], []).append(row)
            self.by_key.setdefault(key, {}).setdefault(row["period_end"], []).append(row)
            self.key_of[row["id"]], self.order[row["id"]] = key, position
        self.keys = [k for k in self.by_key if len(k) >= 2]
        self._similar: dict[tuple[str, float], dict[str, float]] = {}

    def similar_keys(self, key: str, least: float) -> dict[str, float]:
        """The result keys whose ``align.key_similarity`` with ``key`` is ``least`` or more."""
        if (key, least) not in self._similar:
            self._similar[(key, least)] = {
                other: score for other in matching.near_keys(
                    key, self.keys, max(least - matching.ROUNDING_MARGIN, 0.0))
                if (score := _similarity(key, other)) >= least}
        return self._similar[(key, least)]

    def candidates(self, target: dict, rules: Rules) -> list[Candidate]:
        """``consider`` for a target of this region, through the key index."""
        start, end = target.get("period_start"), target.get("period_end")
        if start is None or end is None:
            return []
        target_key = _key(target, self.aliases) if metric_of(target) else ""
        if rules.min_similarity <= 0 or not target_key:
            rows = [r for year in range(start, end + 1) for r in self.by_end.get(year, ())]
            return consider(target, rows, self.aliases, rules)
        scores = self.similar_keys(target_key, rules.min_similarity)
        rows = [r for key in scores for year in range(start, end + 1)
                for r in self.by_key[key].get(year, ())]
        rows.sort(key=lambda r: (r["period_end"], self.order[r["id"]]))
        return _aligned(target, rows, lambda r: scores[self.key_of[r["id"]]], rules)


@dataclass
class Context:
    """What rating needs from the database, loaded once per run; the records of the
    region rated last (targets come region by region)."""

    db: sqlite_utils.Database
    rules: Rules
    aliases: dict
    docs: dict[int, dict]
    as_of: dict[str, int]
    loaded: tuple[str, RegionResults] | None = None

    def region(self, name: str) -> RegionResults:
        """The records of a region."""
        if self.loaded is None or self.loaded[0] != name:
            self.loaded = (name, RegionResults(_region_rows(self.db, name, self.docs),
                                               self.aliases))
        return self.loaded[1]


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


def _region_rows(db: sqlite_utils.Database, region: str, docs: dict[int, dict]) -> list:
    """A region's commitments in document order, with their document's type and date,
    each number without a metric of its own given the one before it."""
    rows = store.query_commitments(db, store.Filters(region=region)) if region else []
    for row in rows:
        doc = docs.get(row["doc_id"], {})
        row["doc_type"] = doc.get("doc_type")
        row["doc_date"] = doc_year(doc)
    return fill_elliptical(rows)


def rate_row(ctx: Context, row: dict) -> Rating:
    """Rate one target row (as ``store.query_commitments`` returns it)."""
    records = ctx.region(row.get("region") or "")
    target = records.by_id.get(row["id"], row)
    found = records.candidates(target, ctx.rules)
    return rate(target, found, ctx.as_of.get(row.get("region") or ""), ctx.rules)


def evaluate(db: sqlite_utils.Database, filters: store.Filters | None = None,
             rules: Rules = Rules(), statuses: Sequence[str] = ()) -> list[Rating]:
    """Rate every target that matches ``filters``; keep only ``statuses`` when given."""
    spec = replace(filters or store.Filters(), kind="target")
    ctx = context(db, rules)
    ratings = [rate_row(ctx, row) for row in store.query_commitments(db, spec, "region")]
    return with_paths(db, [r for r in ratings if not statuses or r.status in statuses])


def explain(db: sqlite_utils.Database, target_row: dict, rules: Rules = Rules()) -> Rating:
    """The rating of one target with every result considered (``plantool show``)."""
    return with_paths(db, [rate_row(context(db, rules), target_row)])[0]


def with_paths(db: sqlite_utils.Database, ratings: list[Rating]) -> list[Rating]:
    """The ratings with the paths of their target's and result's documents filled in."""
    paths = stored.document_paths(db) if ratings else {}
    for rating in ratings:
        rating.target_path = paths.get(rating.target.get("doc_id"), "")
        rating.result_path = paths.get(rating.result_doc_id, "")
    return ratings


# --- stored ratings -------------------------------------------------------------------------


def _code_state() -> str:
    """A checksum of the package's code and data files (name, size, time of change): new
    code may rate differently, so ratings stored by other code are stale."""
    import zlib
    from pathlib import Path

    root = Path(__file__).resolve().parent
    files = sorted((*root.glob("*.py"), *root.glob("store/*.py"), *root.glob("data/*")))
    stats = [(f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files]
    return f"{zlib.crc32(repr(stats).encode('utf-8')):08x}"


def ratings_version(db: sqlite_utils.Database) -> str:
    """The version of the stored ratings the database and this code call for."""
    return f"{stored.data_state(db)}; code {_code_state()}"


def _payload(rating: Rating) -> str:
    """What a stored rating keeps beside its target: everything the reports print."""
    chosen = [{"id": c.record.get("id"), "doc_id": c.record.get("doc_id")}
              for c in rating.candidates if c.chosen]
    return json.dumps({"status": rating.status, "sense": rating.sense, "approx": rating.approx,
                       "due": rating.due, "result": rating.result, "value": rating.value,
                       "ratio": rating.ratio, "basis": rating.basis, "why": rating.why,
                       "result_doc_id": rating.result_doc_id, "chosen": chosen},
                      ensure_ascii=False)


def _stored_row(rating: Rating, paths: dict[int, str]) -> dict:
    """A rating as a row of the ``ratings`` table."""
    t, r = rating.target, rating.result or {}
    chosen = [c.record for c in rating.candidates if c.chosen]
    result_doc = rating.result_doc_id
    return {"target_id": t["id"], "region": t.get("region"), "period": t.get("period"),
            "sector": t.get("sector"), "metric": t.get("metric"),
            "metric_key": t.get("metric_key"), "status": rating.status, "sense": rating.sense,
            "approx": int(rating.approx), "due": int(rating.due),
            "target_value": t.get("value"), "target_value_max": t.get("value_max"),
            "target_unit": t.get("unit"), "result_id": r.get("id"),
            "result_value": rating.value if chosen else None,
            "result_unit": t.get("unit") if chosen else None, "ratio": rating.ratio,
            "target_doc_id": t.get("doc_id"), "target_path": paths.get(t.get("doc_id")),
            "result_doc_id": result_doc, "result_path": paths.get(result_doc),
            "basis": rating.basis, "why": rating.why, "payload": _payload(rating)}


def _from_stored(row: dict) -> Rating:
    """A stored rating read back, with its target row; only the chosen candidates."""
    found = json.loads(row.pop("rating_payload"))
    row.pop("rating_status", None)
    chosen = [Candidate(record, 0.0, True, chosen=True) for record in found.pop("chosen")]
    return Rating(row, candidates=chosen, **found)


def every_rating(db: sqlite_utils.Database, rules: Rules = Rules()) -> Iterable[Rating]:
    """The rating of every target in the database, region by region."""
    ctx = context(db, rules)
    for row in stored.unplaced_targets(db):
        yield rate_row(ctx, row)
    for region in stored.target_regions(db):
        records = ctx.region(region)
        for target in records.by_id.values():
            if target.get("kind") == "target":
                found = records.candidates(target, rules)
                yield rate(target, found, ctx.as_of.get(region), rules)


def refresh(db: sqlite_utils.Database) -> bool:
    """Rate every target again and store the ratings, when the stored ones are not of the
    current data and code; returns whether it did."""
    version = ratings_version(db)
    if stored.stored_version(db) == version:
        return False
    paths = stored.document_paths(db)
    stored.replace_ratings(db, (_stored_row(r, paths) for r in every_rating(db)), version)
    return True


def rated(db: sqlite_utils.Database, filters: store.Filters | None = None,
          rules: Rules = Rules(), cells: tuple[list[str], list[str]] | None = None) -> list[Rating]:
    """``evaluate`` read from the stored ratings (refreshed first when stale), for the
    default rules; other rules, or a database that cannot be written, rate afresh.

    Stored ratings are *brief* (the target's id, region and sector and the status: what a
    summary needs); :func:`complete` reads the rest of those that are shown. With
    ``cells``, only the panel's candidates (see ``store.ratings.rated_targets``), in full."""
    spec = replace(filters or store.Filters(), kind="target")
    if rules != Rules():
        return evaluate(db, spec, rules)
    try:
        refresh(db)
    except sqlite3.OperationalError:  # read-only: nothing can be stored
        return evaluate(db, spec, rules)
    rows = stored.rated_targets(db, spec, brief=cells is None, cells=cells)
    if cells is not None:
        return with_paths(db, [_from_stored(row) for row in rows])
    return [Rating(row, row.pop("rating_status"), "", False, False, brief=True) for row in rows]


def tally(db: sqlite_utils.Database, filters: store.Filters | None = None,
          rules: Rules = Rules()) -> Counter:
    """(region, sector, status) → how many of the targets that match ``filters``: the
    summary's counts, by SQLite from the stored ratings when ``rated`` would read them."""
    spec = replace(filters or store.Filters(), kind="target")
    if rules == Rules():
        try:
            refresh(db)
            return Counter({(region, sector, status): n for region, sector, status, n
                            in stored.rating_tally(db, spec)})
        except sqlite3.OperationalError:  # read-only: nothing can be stored
            pass
    return Counter((r.target.get("region") or "", r.target.get("sector") or "", r.status)
                   for r in evaluate(db, spec, rules))


def complete(db: sqlite_utils.Database, ratings: Sequence[Rating]) -> list[Rating]:
    """The ratings in full, each brief one read from the stored ratings."""
    wanted = [r.target["id"] for r in ratings if r.brief]
    if not wanted:
        return list(ratings)
    found = stored.ratings_of(db, wanted)
    read = {ident: _from_stored(found[ident]) for ident in wanted}
    with_paths(db, list(read.values()))
    return [read[r.target["id"]] if r.brief else r for r in ratings]
