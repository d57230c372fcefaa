"""Metric aliases: the package's table and the analyst's, and keeping stored keys current.

``data/metric_aliases.tsv`` names the metrics the package knows under several names
(``高企`` → ``高新技术企业``); the database's ``aliases`` table holds the analyst's own
(``plantool alias``), which win. A commitment's ``metric_key`` is stored with it; when
the analyst adds or removes an alias, :func:`refresh_metric_keys` re-keys the stored
commitments, so that ``list``, ``diff`` and ``progress`` read one key.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from functools import cache

import sqlite_utils

from plantool import store, vocab
from plantool.errors import AliasError

_DROP = re.compile(r"[“”\"‘’'「」『』《》〈〉【】\s、·•的]")
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def clean(text: str) -> str:
    """Blanks, quote marks and list commas dropped; full-width Latin made ASCII, upper."""
    text = (text or "").translate(_FULLWIDTH)
    text = _DROP.sub("", text)
    return re.sub(r"[a-z]+", lambda m: m.group(0).upper(), text)


# ---------------------------------------------------------------------------- the package's

@cache
def _package_rows() -> tuple[tuple[str, str, bool], ...]:
    """(alias, canonical, part) from the package file; ``part`` aliases may stand inside
    a longer metric (占GDP比重 → 占地区生产总值比重), the others only for a whole key."""
    rows = []
    for row in vocab.rows("metric_aliases.tsv"):
        if len(row) < 2:
            continue
        canonical, alias = clean(row[0]), clean(row[1])
        part = len(row) > 2 and row[2].strip() == "part"
        if alias and canonical and alias != canonical:
            rows.append((alias, canonical, part))
    return tuple(rows)


@cache
def package_aliases() -> dict[str, str]:
    """alias → canonical from ``data/metric_aliases.tsv``."""
    table = {alias: canonical for alias, canonical, _ in _package_rows()}
    return with_canonicals(table)


def with_canonicals(table: dict[str, str]) -> dict[str, str]:
    """The table with each canonical name mapped to itself, so that a metric written as
    the canonical stops there instead of being cut further (棚户区改造 stays whole)."""
    for canonical in set(table.values()):
        table.setdefault(canonical, canonical)
    return table


@cache
def part_aliases() -> tuple[tuple[str, str], ...]:
    """(alias, canonical) of the aliases that may stand inside a metric, longest first."""
    parts = [(alias, canonical) for alias, canonical, part in _package_rows() if part]
    return tuple(sorted(parts, key=lambda p: -len(p[0])))


# ---------------------------------------------------------------------------- the analyst's

def load_aliases(db: sqlite_utils.Database | None = None) -> dict[str, str]:
    """alias → canonical: the package file, overridden by the database's ``aliases``
    table (the analyst's corrections). Keys are cleaned like metrics."""
    table = dict(package_aliases())
    for row in (store.analyst_aliases(db) if db is not None else ()):
        alias, canonical = clean(row["alias"]), clean(row["canonical"])
        if alias and canonical and alias != canonical:
            table[alias] = canonical
    return with_canonicals(table)


def add_aliases(db: sqlite_utils.Database, canonical: str, aliases: Iterable[str]) -> list[str]:
    """Store analyst aliases and re-key the commitments; returns the cleaned aliases."""
    canonical = clean(canonical)
    if not canonical:
        raise AliasError("the canonical metric is empty")
    stored = []
    for alias in map(clean, aliases):
        if not alias:
            continue
        if alias == canonical:
            raise AliasError(f"{alias!r} is the canonical name itself")
        stored.append(alias)
    now = _dt.datetime.now(_dt.timezone.utc).isoformat()
    store.save_aliases(db, canonical, stored, now)
    refresh_metric_keys(db)
    return stored


def remove_aliases(db: sqlite_utils.Database, aliases: Iterable[str]) -> list[str]:
    """Delete analyst aliases and re-key the commitments; returns those that existed."""
    removed = store.delete_aliases(db, [clean(alias) for alias in aliases])
    if removed:
        refresh_metric_keys(db)
    return removed


def list_aliases(db: sqlite_utils.Database, include_package: bool = False) -> list[dict]:
    """The analyst's aliases (and the package's with ``include_package``)."""
    rows = [{"alias": r["alias"], "canonical": r["canonical"], "source": "database",
             "created_at": r["created_at"]} for r in store.analyst_aliases(db)]
    if include_package:
        stored = {r["alias"] for r in rows}
        rows += [{"alias": a, "canonical": c, "source": "package", "created_at": ""}
                 for a, c in sorted(package_aliases().items(), key=lambda p: (p[1], p[0]))
                 if a not in stored and a != c]
    return rows


def refresh_metric_keys(db: sqlite_utils.Database, doc_id: int | None = None) -> int:
    """Recompute the stored ``metric_key`` of the commitments (of one document, or all)
    with the database's aliases, once per distinct metric wording; returns how many
    changed. Call it after an ingest when the database holds analyst aliases."""
    from plantool import align  # align reads this module's tables when it loads

    table = load_aliases(db)
    keys: dict[str, str] = {}
    changed: dict[int, str] = {}
    for row in store.commitment_metrics(db, doc_id):
        metric = align.record_metric(row)
        if metric not in keys:
            keys[metric] = align.metric_key(metric, table)
        if keys[metric] != row["metric_key"]:
            changed[row["id"]] = keys[metric]
    store.set_metric_keys(db, changed)
    return len(changed)


def current_aliases(db: sqlite_utils.Database) -> dict[str, str]:
    """The aliases ``diff`` and ``progress`` compare with. Stored keys are current without
    a refresh here: ``alias`` re-keys what is stored, and ingest keys a new document with
    the analyst's aliases, so a read command never writes."""
    return load_aliases(db)
