"""Storage: the SQLite database, its migrations, ingest transactions and queries.

Tables: ``documents`` (metadata, full cleaned text, content hash), ``statements``,
``commitments``, ``aliases`` (analysts' metric aliases), and ``statements_fts`` (FTS5 with
the trigram tokenizer, so that Chinese substrings of three or more characters are
found; shorter queries fall back to a substring scan). Every table operation goes
through sqlite-utils; schema changes are ``Migrations`` steps so older files upgrade.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from plantool import periods
from plantool.errors import DatabaseError, FilterError, ForeignDatabase
from plantool.schema import (  # noqa: F401 (the record shapes are part of store's API)
    COMMITMENT_FIELDS,
    SORT_KEYS,
    STATEMENT_FIELDS,
    commitment_record,
    statement_record,
)

DEFAULT_DB = "plantool.db"
migrations = Migrations("plantool")


def db_path(explicit: str | None = None) -> str:
    """--db, else $PLANTOOL_DB, else ./plantool.db."""
    return explicit or os.environ.get("PLANTOOL_DB") or DEFAULT_DB


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["documents"].create(
        {"id": int, "path": str, "name": str, "title": str, "region": str, "year": int,
         "period": str, "doc_type": str, "published": str, "content_hash": str,
         "encoding": str, "format": str, "source": str, "chars": int, "text": str,
         "ingested_at": str},
        pk="id",
    )
    db["documents"].create_index(["path"])
    db["documents"].create_index(["content_hash"])
    db["statements"].create(
        {"id": int, "doc_id": int, "seq": int, "text": str, "start": int, "end": int,
         "section": str, "region": str, "period": str, "period_start": int,
         "period_end": int, "kind": str, "sector": str, "heading": int},
        pk="id",
        foreign_keys=[("doc_id", "documents", "id")],
    )
    db["commitments"].create(
        {"id": int, "doc_id": int, "statement_id": int, "seq": int, "quote": str,
         "start": int, "end": int, "region": str, "period": str, "period_start": int,
         "period_end": int, "kind": str, "metric": str, "metric_key": str, "action": str,
         "measure": str, "value": float, "value_max": float, "unit": str, "unit_family": str,
         "qualifier": str, "sector": str},
        pk="id",
        foreign_keys=[("doc_id", "documents", "id"), ("statement_id", "statements", "id")],
    )
    for table in ("statements", "commitments"):
        db[table].create_index(["doc_id"])
        db[table].create_index(["region", "period_start"])
    db["commitments"].create_index(["metric_key"])
    db["statements"].enable_fts(["text"], tokenize="trigram", create_triggers=True)


@migrations()
def m002_aliases(db: sqlite_utils.Database) -> None:
    db["aliases"].create({"alias": str, "canonical": str, "created_at": str}, pk="alias")


def open_db(path: str | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) and upgrade the database at ``path``.

    A file that is not an SQLite database, or cannot be opened or upgraded, raises
    DatabaseError; an SQLite database of something else raises ForeignDatabase.
    """
    name = db_path(path)
    try:
        db = sqlite_utils.Database(name)
        db.execute("PRAGMA foreign_keys = ON")
        foreign = bool(db.table_names()) and not migrations.applied(db)
        if not foreign:
            migrations.apply(db)
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot open database {name}: {error}") from None
    if foreign:
        raise ForeignDatabase(f"cannot open database {name}: {name} is an SQLite database of "
                              "something else; plantool will not add its tables to it")
    return db


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class IngestOutcome:
    doc_id: int
    status: str  # added | replaced | unchanged | forced
    statements: int
    commitments: int


def _bounds(period: str) -> tuple[int | None, int | None]:
    return periods.bounds(period)


def save_document(db: sqlite_utils.Database, *, path: str, name: str, text: str, meta: dict,
                  statements: list[dict], commitments: list[dict], encoding: str = "",
                  fmt: str = "", source: str = "", force: bool = False) -> IngestOutcome:
    """Write one document and its records in a single transaction.

    Identical content already stored (same hash) is left alone unless ``force``; a
    changed file at a path already ingested replaces that document's records.
    """
    digest = content_hash(text)
    existing = list(db["documents"].rows_where("content_hash = ?", [digest], limit=1))
    if existing and not force:
        doc = existing[0]
        counts = _counts(db, doc["id"])
        return IngestOutcome(doc["id"], "unchanged", *counts)
    # db.atomic(), not ``with db.conn``: sqlite-utils commits each insert and delete of
    # its own unless a transaction is already open, which would leave half a document.
    with db.atomic():
        status = "added"
        previous = [r["id"] for r in db["documents"].rows_where("path = ?", [path])]
        previous += [r["id"] for r in existing]
        for doc_id in sorted(set(previous)):
            _delete_document(db, doc_id)
            status = "forced" if force and existing else "replaced"
        doc_id = db["documents"].insert(
            {"path": path, "name": name, "title": meta.get("title", ""),
             "region": meta.get("region", ""), "year": meta.get("year"),
             "period": meta.get("period", ""), "doc_type": meta.get("doc_type", ""),
             "published": meta.get("published", ""), "content_hash": digest,
             "encoding": encoding, "format": fmt, "source": source, "chars": len(text),
             "text": text, "ingested_at": _dt.datetime.now(_dt.timezone.utc).isoformat()},
        ).last_pk
        ids = {}
        first_id = (db.execute("select coalesce(max(id), 0) from statements").fetchone()[0]) + 1
        rows = []
        for seq, st in enumerate(statements):
            ids[st["id"]] = first_id + seq
            start, end = _bounds(st["period"])
            rows.append({"id": first_id + seq, "doc_id": doc_id, "seq": seq, "text": st["text"],
                         "start": st["start"], "end": st["end"], "section": st["section"],
                         "region": st["region"], "period": st["period"], "period_start": start,
                         "period_end": end, "kind": st["kind"], "sector": st["sector"],
                         "heading": int(bool(st.get("heading")))})
        db["statements"].insert_all(rows)
        crow = []
        for seq, c in enumerate(commitments):
            start, end = _bounds(c["period"])
            row = {k: _sqlite_number(v) for k, v in c.items() if k != "statement_id"}
            row.update({"doc_id": doc_id, "seq": seq, "statement_id": ids[c["statement_id"]],
                        "period_start": start, "period_end": end})
            crow.append(row)
        db["commitments"].insert_all(crow)
    return IngestOutcome(doc_id, status, len(statements), len(commitments))


def _sqlite_number(value):
    """Integers beyond SQLite's 64-bit range are stored as REAL, not rejected."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2 ** 63:
        return float(value)
    return value


def _counts(db: sqlite_utils.Database, doc_id: int) -> tuple[int, int]:
    s = db.execute("select count(*) from statements where doc_id = ?", [doc_id]).fetchone()[0]
    c = db.execute("select count(*) from commitments where doc_id = ?", [doc_id]).fetchone()[0]
    return s, c


def _delete_document(db: sqlite_utils.Database, doc_id: int) -> None:
    db["commitments"].delete_where("doc_id = ?", [doc_id])
    db["statements"].delete_where("doc_id = ?", [doc_id])
    db["documents"].delete_where("id = ?", [doc_id])


@dataclass
class Filters:
    """The filters shared by list, diff and progress."""

    region: str | None = None
    period: str | None = None  # a year (2024) or a span (2021-2025)
    kind: str | None = None
    sector: str | None = None
    metric: str | None = None  # substring of the metric, or a metric_key
    doc: str | None = None  # file name, substring of the name or path, or document id
    search: str | None = None  # full-text search over statements


def _check_choices(filters: Filters) -> None:
    """A kind or sector that no record can have is a mistake, not an empty answer."""
    from plantool.schema import KINDS, sectors

    if filters.kind and filters.kind not in KINDS:
        raise FilterError(f"unknown kind {filters.kind!r}; choose from {', '.join(KINDS)}")
    if filters.sector and filters.sector not in sectors():
        raise FilterError(f"unknown sector {filters.sector!r}; "
                          f"choose from {', '.join(sectors())}")


def _where(filters: Filters, table: str) -> tuple[list[str], list]:
    _check_choices(filters)
    where, params = [], []
    if filters.region:
        where.append(f"{table}.region = ?")
        params.append(filters.region)
    if filters.period:
        wanted = periods.parse_strict(filters.period)
        start, end = wanted.start, wanted.end
        where.append(f"{table}.period_start <= ? and {table}.period_end >= ?")
        params += [end, start]
    if filters.kind:
        where.append(f"{table}.kind = ?")
        params.append(filters.kind)
    if filters.sector:
        where.append(f"{table}.sector = ?")
        params.append(filters.sector)
    if filters.doc:
        if str(filters.doc).isdigit():
            where.append("documents.id = ?")
            params.append(int(filters.doc))
        else:
            where.append("(documents.name = ? or instr(documents.path, ?) > 0)")
            params += [filters.doc, filters.doc]
    return where, params


def query_commitments(db: sqlite_utils.Database, filters: Filters, order: str = "",
                      limit: int = 0, aliases: dict[str, str] | None = None) -> list[dict]:
    where, params = _where(filters, "commitments")
    if filters.metric:
        keys = _metric_keys(db, filters.metric, aliases)
        marks = ",".join("?" * len(keys))
        where.append(f"(instr(commitments.metric, ?) > 0 or commitments.metric_key in ({marks}))")
        params += [filters.metric, *keys]
    if filters.search:
        where.append(_search_clause("commitments.statement_id"))
        params += _search_params(filters.search)
    return _select(db, "commitments", where, params, order, limit)


def _metric_keys(db: sqlite_utils.Database, metric: str,
                 aliases: dict[str, str] | None) -> list[str]:
    """The stored metric keys that mean ``metric``: itself and, with ``aliases``, every
    stored key whose normalised form is the same (高企 finds 高新技术企业)."""
    if aliases is None:
        return [metric]
    from plantool.align import metric_key

    wanted = metric_key(metric, aliases)
    stored = [r[0] for r in db.execute("select distinct metric_key from commitments") if r[0]]
    return [metric, wanted, *(k for k in stored if metric_key(k, aliases) == wanted)]


def query_statements(db: sqlite_utils.Database, filters: Filters, order: str = "",
                     limit: int = 0) -> list[dict]:
    where, params = _where(filters, "statements")
    if filters.metric:
        where.append("statements.id in (select statement_id from commitments where "
                     "instr(metric, ?) > 0 or metric_key = ?)")
        params += [filters.metric, filters.metric]
    if filters.search:
        where.append(_search_clause("statements.id"))
        params += _search_params(filters.search)
    return _select(db, "statements", where, params, order, limit)


def _select(db: sqlite_utils.Database, table: str, where: list[str], params: list,
            order: str, limit: int) -> list[dict]:
    """Rows of ``table`` with their document's file name, filtered, sorted and limited."""
    sql = (
        f"select {table}.*, documents.name as doc from {table} "
        f"join documents on documents.id = {table}.doc_id"
        + (" where " + " and ".join(f"({w})" for w in where) if where else "")
        + f" order by {_order(order, table)}"
        + (f" limit {int(limit)}" if limit else "")
    )
    return [_tidy(row) for row in db.query(sql, params)]


def _search_clause(column: str) -> str:
    """FTS5 trigram for three characters or more; a substring scan for shorter text."""
    # Parenthesised as a whole: it is and-ed with the other filters.
    return (f"({column} in (select rowid from statements_fts where statements_fts match ?) "
            f"or (? = 1 and {column} in (select id from statements where instr(text, ?) > 0)))")


def _search_params(text: str) -> list:
    short = len(text) < 3
    phrase = '"' + text.replace('"', '""') + '"'
    return [phrase if not short else '""', 1 if short else 0, text]


_ORDERS = {
    "": "{t}.doc_id, {t}.seq",
    "doc": "{t}.doc_id, {t}.seq",
    "region": "{t}.region, {t}.period_start, {t}.doc_id, {t}.seq",
    "period": "{t}.period_start, {t}.period_end, {t}.doc_id, {t}.seq",
    "sector": "{t}.sector, {t}.doc_id, {t}.seq",
    "metric": "{t}.metric_key, {t}.period_start, {t}.doc_id, {t}.seq",
    "value": "{t}.value desc, {t}.doc_id, {t}.seq",
}
assert SORT_KEYS == tuple(k for k in _ORDERS if k), "schema.SORT_KEYS and _ORDERS differ"


def _order(order: str, table: str) -> str:
    if order not in _ORDERS:
        raise FilterError(f"cannot sort by {order!r}; choose from {', '.join(SORT_KEYS)}")
    if table == "statements" and order in ("metric", "value"):
        order = ""
    return _ORDERS[order].format(t=table)


def _tidy(row: dict) -> dict:
    for key in ("value", "value_max"):
        value = row.get(key)
        if isinstance(value, float) and value.is_integer():
            row[key] = int(value)
    return row


def documents(db: sqlite_utils.Database) -> list[dict]:
    sql = """
        select d.id, d.name, d.title, d.region, d.year, d.period, d.doc_type, d.published,
               d.chars, d.path,
               (select count(*) from statements s where s.doc_id = d.id) as statements,
               (select count(*) from commitments c where c.doc_id = d.id) as commitments
        from documents d order by d.id
    """
    return list(db.query(sql))


def get_commitment(db: sqlite_utils.Database, record_id: int) -> dict | None:
    rows = list(db.query(
        "select commitments.*, documents.name as doc, documents.title as title, "
        "documents.path as path from commitments join documents on "
        "documents.id = commitments.doc_id where commitments.id = ?", [record_id]))
    return _tidy(rows[0]) if rows else None


def get_statement(db: sqlite_utils.Database, record_id: int) -> dict | None:
    rows = list(db.query(
        "select statements.*, documents.name as doc, documents.title as title, "
        "documents.path as path from statements join documents on "
        "documents.id = statements.doc_id where statements.id = ?", [record_id]))
    return rows[0] if rows else None


def document_text(db: sqlite_utils.Database, doc_id: int) -> str:
    row = db.execute("select text from documents where id = ?", [doc_id]).fetchone()
    return row[0] if row else ""


def commitments(db: sqlite_utils.Database, filters: Filters | None = None,
                sort: str = "doc", limit: int = 0) -> list[dict]:
    """The commitments that match ``filters`` as JSON records (the schema's fields), sorted
    by ``sort`` (one of SORT_KEYS), at most ``limit`` (0: all). A ``metric`` filter also
    finds the records of its aliases (高企 finds 高新技术企业)."""
    spec = filters or Filters()
    aliases = None
    if spec.metric:
        from plantool.align import load_aliases

        aliases = load_aliases(db)
    rows = query_commitments(db, spec, sort, limit, aliases=aliases)
    return [commitment_record(r) for r in rows]


def statements(db: sqlite_utils.Database, filters: Filters | None = None,
               sort: str = "doc", limit: int = 0) -> list[dict]:
    """The statements that match ``filters`` as JSON records, sorted and limited."""
    return [statement_record(r) for r in query_statements(db, filters or Filters(), sort, limit)]


def document_texts(db: sqlite_utils.Database) -> dict[str, str]:
    """Each stored document's cleaned text by its file name."""
    return dict(db.execute("select name, text from documents order by id").fetchall())


def documents_with_hash(db: sqlite_utils.Database, digest: str) -> list[dict]:
    """The stored documents whose text has this content hash, oldest first."""
    return list(db["documents"].rows_where("content_hash = ?", [digest], order_by="id"))


def record_counts(db: sqlite_utils.Database, doc_id: int) -> tuple[int, int]:
    """How many statements and commitments a stored document has."""
    return _counts(db, doc_id)


def commitment_periods(db: sqlite_utils.Database, doc_id: int) -> list[str]:
    """The distinct non-empty periods of a document's commitments, sorted."""
    return [r[0] for r in db.execute(
        "select distinct period from commitments where doc_id = ? and period != '' "
        "order by period", [doc_id])]


def existing_path(path: str) -> bool:
    return Path(path).exists()


# ---- queries for diff, progress and aliases

_CHUNK = 500  # ids per ``in (…)`` list, well under SQLite's variable limit


def known_regions(db: sqlite_utils.Database) -> set[str]:
    """The regions commitments are stated for."""
    return {r[0] for r in db.execute("select distinct region from commitments") if r[0]}


def statements_by_id(db: sqlite_utils.Database, ids: list[int]) -> dict[int, dict]:
    """id → ``{"id", "text", "heading"}`` of the statements named."""
    found: dict[int, dict] = {}
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start:start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in db.query(f"select id, text, heading from statements where id in ({marks})",
                            chunk):
            found[row["id"]] = row
    return found


def statement_texts(db: sqlite_utils.Database, doc_ids: list[int]) -> list[str]:
    """The text of every statement of the documents named, in storage order."""
    marks = ",".join("?" * len(doc_ids))
    return [r["text"] for r in db.query(
        f"select text from statements where doc_id in ({marks})", list(doc_ids))]


def document_dates(db: sqlite_utils.Database) -> dict[int, dict]:
    """id → ``{"id", "name", "year", "published", "doc_type", "region"}`` of every document."""
    return {d["id"]: d for d in db.query(
        "select id, name, year, published, doc_type, region from documents")}


def region_documents(db: sqlite_utils.Database) -> set[tuple[str, int]]:
    """(region, document id) of every region some commitment of a document is stated for."""
    return {(r, i) for r, i in db.execute(
        "select distinct region, doc_id from commitments where region != ''").fetchall()}


def analyst_aliases(db: sqlite_utils.Database) -> list[dict]:
    """The ``aliases`` table by canonical, then alias; none when the table is absent."""
    if "aliases" not in db.table_names():
        return []
    return list(db.query("select * from aliases order by canonical, alias"))


def save_aliases(db: sqlite_utils.Database, canonical: str, aliases: list[str],
                 created_at: str) -> None:
    """Store (or replace) analyst aliases of one canonical metric."""
    db["aliases"].upsert_all(
        [{"alias": a, "canonical": canonical, "created_at": created_at} for a in aliases],
        pk="alias")


def delete_aliases(db: sqlite_utils.Database, aliases: list[str]) -> list[str]:
    """Delete analyst aliases; returns those that existed, in the order given."""
    removed = []
    for alias in aliases:
        if db.execute("select 1 from aliases where alias = ?", [alias]).fetchone():
            db["aliases"].delete_where("alias = ?", [alias])
            removed.append(alias)
    return removed


def commitment_metrics(db: sqlite_utils.Database, doc_id: int | None = None) -> list[dict]:
    """id, metric, action, quote and stored metric_key of the commitments (of one document)."""
    sql = "select id, metric, action, quote, metric_key from commitments"
    if doc_id is None:
        return list(db.query(sql))
    return list(db.query(sql + " where doc_id = ?", [doc_id]))


def set_metric_keys(db: sqlite_utils.Database, keys: dict[int, str]) -> None:
    """Store new metric keys by commitment id, in one transaction."""
    if not keys:
        return
    with db.atomic():
        db.conn.executemany("update commitments set metric_key = ? where id = ?",
                            [(key, ident) for ident, key in keys.items()])
