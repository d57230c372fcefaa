"""Stored progress ratings: the ``ratings`` table that ``plantool progress`` refreshes.

One row per target: plain columns an SQL user (Datasette) can filter, sort and join
(region, period, metric, status, the target's and the result's values, units, records
and documents), and ``payload``, the rating as JSON, which plantool reads back to print
exactly what it computed. ``ratings_state`` holds the version of the data the ratings
were computed from (``data_state`` and the caller's code and rules); a different
version means they are stale and are computed again.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

import sqlite_utils

from plantool.store import queries

RATING_COLUMNS = {
    "target_id": int, "region": str, "period": str, "sector": str, "metric": str,
    "metric_key": str, "status": str, "sense": str, "approx": int, "due": int,
    "target_value": float, "target_value_max": float, "target_unit": str,
    "result_id": int, "result_value": float, "result_unit": str, "ratio": float,
    "target_doc_id": int, "target_path": str, "result_doc_id": int, "result_path": str,
    "basis": str, "why": str, "payload": str,
}


def data_state(db: sqlite_utils.Database) -> str:
    """What the ratings depend on in the database: the documents and commitments (count
    and highest id: an ingest, a replacement and a removal all change them) and the
    analyst's aliases (a checksum of the table)."""
    parts = [db.execute(f"select count(*), coalesce(max(id), 0) from {table}").fetchone()
             for table in ("documents", "commitments")]
    aliases = 0
    if "aliases" in db.table_names():
        rows = db.execute("select alias, canonical from aliases order by alias").fetchall()
        aliases = zlib.crc32(repr(rows).encode("utf-8"))
    return f"documents {parts[0][0]}/{parts[0][1]}; commitments {parts[1][0]}/{parts[1][1]}; " \
           f"aliases {aliases:08x}"


def stored_version(db: sqlite_utils.Database) -> str | None:
    """The version the stored ratings were computed for; None when there are none."""
    if "ratings_state" not in db.table_names():
        return None
    row = db.execute("select value from ratings_state where name = 'version'").fetchone()
    return row[0] if row else None


def replace_ratings(db: sqlite_utils.Database, rows: Iterable[dict], version: str) -> int:
    """Store ``rows`` as the ratings of ``version``, in place of any before, in one
    transaction; returns how many were stored."""
    columns = list(RATING_COLUMNS)
    sql = (f"insert into ratings ({', '.join(columns)}) "
           f"values ({', '.join('?' * len(columns))})")
    with db.atomic():
        if "ratings" not in db.table_names():
            db["ratings"].create(RATING_COLUMNS, pk="target_id")
            for index in (["region", "period"], ["status"], ["metric_key"]):
                db["ratings"].create_index(index)
        if "ratings_state" not in db.table_names():
            db["ratings_state"].create({"name": str, "value": str}, pk="name")
        db.execute("delete from ratings")
        count = 0
        for row in rows:
            db.execute(sql, [row.get(c) for c in columns])
            count += 1
        db.execute("insert or replace into ratings_state (name, value) values ('version', ?)",
                   [version])
    return count


_BRIEF = "commitments.id, commitments.region, commitments.sector"
_JOINS = ("from commitments join documents on documents.id = commitments.doc_id "
          "join ratings on ratings.target_id = commitments.id")


def rating_tally(db: sqlite_utils.Database, filters: queries.Filters) -> list[tuple]:
    """(region, sector, status, how many) of the stored ratings of the commitments that
    match ``filters``, counted by SQLite: what a summary needs, without the rows."""
    own = {"region": filters.region, "sector": filters.sector}
    if not any(getattr(filters, f) for f in ("period", "metric", "doc", "search")) \
            and filters.kind == "target":  # the ratings table alone holds what is asked
        queries._check_choices(filters)
        asked = [(column, value) for column, value in own.items() if value]
        sql = ("select coalesce(region, ''), coalesce(sector, ''), status, count(*) from ratings"
               + "".join(f" {'where' if not n else 'and'} {column} = ?"
                         for n, (column, _) in enumerate(asked))
               + " group by 1, 2, 3")
        return db.conn.execute(sql, [value for _, value in asked]).fetchall()
    where, params = queries.commitment_conditions(db, filters)
    sql = ("select coalesce(commitments.region, ''), coalesce(commitments.sector, ''), "
           f"ratings.status, count(*) {_JOINS}"
           + (" where " + " and ".join(f"({w})" for w in where) if where else "")
           + " group by 1, 2, 3")
    return db.conn.execute(sql, params).fetchall()


def rated_targets(db: sqlite_utils.Database, filters: queries.Filters, brief: bool = False,
                  cells: tuple[list[str], list[str]] | None = None) -> list[dict]:
    """The commitments that match ``filters`` (``kind="target"`` for every target) in
    region order, as ``query_commitments`` returns them, each with its stored
    ``rating_status`` and ``rating_payload``; ``brief``: only id, region, sector and the
    status. ``cells`` = (metric keys, metric substrings): only single-year targets with
    one of the keys or, in their metric, one of the substrings (the panel's candidates)."""
    where, params = queries.commitment_conditions(db, filters)
    if cells is not None:
        keys, words = cells
        where.append("commitments.period_start = commitments.period_end")
        where.append(" or ".join([f"commitments.metric_key in ({','.join('?' * len(keys))})"]
                                 + ["instr(commitments.metric, ?) > 0"] * len(words)))
        params += [*keys, *words]
    fields = _BRIEF if brief else "commitments.*, documents.name as doc, " \
        "documents.path as path, ratings.payload as rating_payload"
    sql = (f"select {fields}, ratings.status as rating_status from commitments "
           "join documents on documents.id = commitments.doc_id "
           "join ratings on ratings.target_id = commitments.id"
           + (" where " + " and ".join(f"({w})" for w in where) if where else "")
           + f" order by {queries._order('region', 'commitments')}")
    if brief:  # many rows, few fields: no per-row dict building beyond these
        return [{"id": i, "region": region, "sector": sector, "rating_status": status}
                for i, region, sector, status in db.conn.execute(sql, params)]
    return [queries._tidy(dict(zip(names, row, strict=True))) for names, row in _rows(db, sql, params)]


def _rows(db: sqlite_utils.Database, sql: str, params: list):
    """(column names, row) of a query, without sqlite-utils' per-row work."""
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield names, row


def ratings_of(db: sqlite_utils.Database, ids: list[int]) -> dict[int, dict]:
    """Target id → its commitment row (as ``query_commitments`` returns it) with its
    stored ``rating_status`` and ``rating_payload``."""
    found: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        sql = ("select commitments.*, documents.name as doc, documents.path as path, "
               "ratings.payload as rating_payload, "
               "ratings.status as rating_status from commitments "
               "join documents on documents.id = commitments.doc_id "
               "join ratings on ratings.target_id = commitments.id "
               f"where commitments.id in ({','.join('?' * len(chunk))})")
        for names, row in _rows(db, sql, chunk):
            record = queries._tidy(dict(zip(names, row, strict=True)))
            found[record["id"]] = record
    return found


def unplaced_targets(db: sqlite_utils.Database) -> list[dict]:
    """The targets stated for no region, as ``query_commitments`` returns them."""
    return [queries._tidy(row) for row in db.query(
        "select commitments.*, documents.name as doc, documents.path as path from commitments "
        "join documents on documents.id = commitments.doc_id "
        "where commitments.kind = 'target' and coalesce(commitments.region, '') = '' "
        "order by commitments.doc_id, commitments.seq")]


def target_regions(db: sqlite_utils.Database) -> list[str]:
    """The regions some target is stated for, sorted."""
    return [r[0] for r in db.execute(
        "select distinct region from commitments where kind = 'target' and region != '' "
        "order by region")]


def document_paths(db: sqlite_utils.Database) -> dict[int, str]:
    """Document id → its path."""
    return dict(db.execute("select id, path from documents").fetchall())
