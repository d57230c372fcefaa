"""Writes: one document and its records per transaction, analyst aliases, metric keys.

Every write takes the database's write lock at once (``BEGIN IMMEDIATE``) and waits for
another process that holds it, so several ingests into one file store every document
exactly once: whether a text is already stored is decided inside the transaction that
stores it. Rows go in by ``executemany`` with plain tuples, and the full-text indexes are
updated once per document.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import functools
import hashlib
import math
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from plantool import periods
from plantool.store import layout
from plantool.store.database import retry_locked, write_transaction
from plantool.store.lookups import existing_path

_INT64 = 2 ** 63
_CHUNK = 500  # values per ``in (…)`` list, well under SQLite's variable limit


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class IngestOutcome:
    doc_id: int
    status: str  # added | replaced | unchanged | forced
    statements: int
    commitments: int
    moved_from: str = ""  # the dead path of a renamed file whose document now has its path


@functools.lru_cache(maxsize=4096)
def _bounds(period: str) -> tuple[int | None, int | None]:
    """A period's first and last year (a few hundred distinct periods fill a corpus)."""
    return periods.bounds(period)


def storable_path(path: str) -> tuple[str, bytes | None]:
    """A path as stored: valid UTF-8 text (bytes that are not UTF-8 shown as ``\\xNN``),
    and the original bytes when they are not UTF-8, so the file can still be found."""
    try:
        path.encode("utf-8")
        return path, None
    except UnicodeEncodeError:
        raw = path.encode("utf-8", "surrogateescape" if _escaped(path) else "surrogatepass")
        return raw.decode("utf-8", "backslashreplace"), raw


def _escaped(text: str) -> bool:
    """Whether every lone surrogate of ``text`` is a byte kept by ``surrogateescape``."""
    return all(not 0xD800 <= ord(c) <= 0xDFFF or 0xDC80 <= ord(c) <= 0xDCFF for c in text)


def file_path(stored: str, raw: bytes | None) -> str:
    """The file system path of a stored document (its raw bytes when it has them)."""
    return os.fsdecode(raw) if raw else stored


@dataclass
class _Document:
    """One document's rows, built before the write lock is taken."""

    path: str
    raw_path: bytes | None
    digest: str
    values: list
    text: str
    gaps: list[tuple[int, str]] | None
    statements: list[list]
    sections: list[str]
    local_ids: list
    commitments: list[list]
    commitment_statements: list


_STATEMENT_KEYS = ("text", "start", "end")
_COMMITMENT_KEYS = ("quote", "start", "end", "region", "period", "period_start", "period_end",
                    "kind", "metric", "metric_key", "action", "measure", "value", "value_max",
                    "unit", "unit_family", "qualifier", "sector")
_PERIOD_AT = (1 + _COMMITMENT_KEYS.index("period_start"), 1 + _COMMITMENT_KEYS.index("period_end"))
_VALUES_AT = (1 + _COMMITMENT_KEYS.index("value"), 1 + _COMMITMENT_KEYS.index("value_max"))


def _prepare(path: str, name: str, text: str, meta: dict, statements: list[dict],
             commitments: list[dict], encoding: str, fmt: str, source: str) -> _Document:
    stored_path, raw = storable_path(path)
    digest = content_hash(text)
    values = [stored_path, storable_path(name)[0], meta.get("title", ""), meta.get("region", ""),
              meta.get("year"), meta.get("period", ""), meta.get("doc_type", ""),
              meta.get("published", ""), digest, encoding, fmt, source, len(text),
              _dt.datetime.now(_dt.timezone.utc).isoformat(), raw]
    rows, sections = [], []
    for seq, st in enumerate(statements):
        start, end = _bounds(st["period"])
        sections.append(st["section"] or "")
        rows.append([seq, st["text"], st["start"], st["end"], st["region"], st["period"], start,
                     end, st["kind"], st["sector"], int(bool(st.get("heading")))])
    gaps = layout.text_gaps(text, [(s["start"], s["end"], s["text"]) for s in statements])
    crows = []
    for seq, c in enumerate(commitments):
        start, end = _bounds(c["period"])
        row = [seq, *(c.get(k) for k in _COMMITMENT_KEYS)]
        row[_PERIOD_AT[0]], row[_PERIOD_AT[1]] = start, end
        for at in _VALUES_AT:  # the only numbers of any size
            row[at] = _sqlite_number(row[at])
        crows.append(row)
    return _Document(stored_path, raw, digest, values, text, gaps, rows, sections,
                     [st["id"] for st in statements], crows,
                     [c["statement_id"] for c in commitments])


def save_document(db: sqlite_utils.Database, *, path: str, name: str, text: str, meta: dict,
                  statements: list[dict], commitments: list[dict], encoding: str = "",
                  fmt: str = "", source: str = "", force: bool = False,
                  exists: Callable[[str], bool] = existing_path) -> IngestOutcome:
    """Write one document and its records in a single transaction.

    Identical content already stored under this path is left alone unless ``force``;
    stored under a path whose file is gone (``exists``), that document takes this path;
    stored elsewhere, it is left alone and this path's older records are dropped. A
    changed file at a path already ingested replaces that document's records; ``force``
    replaces this path's document and never touches another.
    """
    doc = _prepare(path, name, text, meta, statements, commitments, encoding, fmt, source)
    local = set(doc.local_ids)
    missing = [s for s in doc.commitment_statements if s not in local]
    if missing:
        raise KeyError(missing[0])  # a commitment that names no statement of the document

    def attempt() -> IngestOutcome:
        with write_transaction(db):
            return _settle(db, doc, force, exists)

    return retry_locked(attempt)


def _settle(db: sqlite_utils.Database, doc: _Document, force: bool,
            exists: Callable[[str], bool]) -> IngestOutcome:
    """Inside the write transaction: what is stored now decides what this document does."""
    conn = db.conn
    same_text = conn.execute("select id, path, raw_path from document_rows where content_hash = ? "
                             "order by id", [doc.digest]).fetchall()
    at_path = [r[0] for r in conn.execute(
        "select id from document_rows where path = ? order by id", [doc.path])]
    if same_text and not force:
        here = [r[0] for r in same_text if r[1] == doc.path]
        if here:
            return IngestOutcome(here[0], "unchanged", *record_counts(db, here[0]))
        for doc_id in at_path:  # this file was edited to match another: its records go
            _delete_document(conn, doc_id)
        return _adopt(db, doc, same_text, exists)
    for doc_id in at_path:
        _delete_document(conn, doc_id)
    status = ("forced" if force else "replaced") if at_path else "added"
    doc_id = _insert(conn, doc)
    return IngestOutcome(doc_id, status, len(doc.statements), len(doc.commitments))


def _adopt(db: sqlite_utils.Database, doc: _Document, same_text: list,
           exists: Callable[[str], bool]) -> IngestOutcome:
    """The text is stored under other paths: a document whose file is gone (renamed)
    takes this path; otherwise the first is left as it is."""
    gone = [r for r in same_text if _gone(r[1], r[2], exists)]
    doc_id, moved_from = same_text[0][0], ""
    if gone:
        doc_id, moved_from = gone[0][0], gone[0][1]
        db.conn.execute("update document_rows set path = ?, name = ?, raw_path = ? where id = ?",
                        [doc.path, doc.values[1], doc.raw_path, doc_id])
    return IngestOutcome(doc_id, "unchanged", *record_counts(db, doc_id), moved_from=moved_from)


def _gone(path: str, raw: bytes | None, exists: Callable[[str], bool]) -> bool:
    return not path.startswith("stdin:") and not exists(file_path(path, raw))


def _insert(conn: sqlite3.Connection, doc: _Document) -> int:
    doc_id = conn.execute(
        "insert into document_rows (path, name, title, region, year, period, doc_type, "
        "published, content_hash, encoding, format, source, chars, ingested_at, raw_path, text) "
        "values (" + ",".join("?" * 16) + ")",
        [*doc.values, None if doc.gaps is not None else doc.text]).lastrowid
    sections = _section_ids(conn, doc.sections)
    first = _next_id(conn, "statement_rows")
    ids = {local: first + seq for seq, local in enumerate(doc.local_ids)}
    conn.executemany(
        'insert into statement_rows (id, doc_id, seq, text, start, "end", region, period, '
        "period_start, period_end, kind, sector, heading, section_id) "
        "values (" + ",".join("?" * 14) + ")",
        [(first + row[0], doc_id, *row, sections[section])
         for row, section in zip(doc.statements, doc.sections, strict=True)])
    conn.executemany(
        'insert into commitments (doc_id, statement_id, seq, quote, start, "end", region, '
        "period, period_start, period_end, kind, metric, metric_key, action, measure, value, "
        "value_max, unit, unit_family, qualifier, sector) values (" + ",".join("?" * 21) + ")",
        [(doc_id, ids[local], *row) for row, local in zip(doc.commitments,
                                                           doc.commitment_statements, strict=True)])
    _store_text(conn, doc, doc_id)
    conn.execute("insert into documents_fts (rowid, text) values (?, ?)", [doc_id, doc.text])
    conn.execute("insert into commitments_fts (rowid, quote, metric) "
                 "select id, quote, metric from commitments where doc_id = ?", [doc_id])
    return doc_id


def _store_text(conn: sqlite3.Connection, doc: _Document, doc_id: int) -> None:
    """The characters between statements; the whole text if the view does not rebuild it."""
    if doc.gaps is None:
        return
    conn.executemany("insert into text_gaps (doc_id, start, text) values (?, ?, ?)",
                     [(doc_id, start, piece) for start, piece in doc.gaps])
    if layout.document_text(conn, doc_id) != doc.text:
        conn.execute("delete from text_gaps where doc_id = ?", [doc_id])
        conn.execute("update document_rows set text = ? where id = ?", [doc.text, doc_id])


def _section_ids(conn: sqlite3.Connection, paths: list[str]) -> dict[str, int]:
    distinct = sorted(set(paths))
    conn.executemany("insert or ignore into sections (path) values (?)", [(p,) for p in distinct])
    found: dict[str, int] = {}
    for start in range(0, len(distinct), _CHUNK):
        chunk = distinct[start:start + _CHUNK]
        found.update((p, i) for i, p in conn.execute(
            f"select id, path from sections where path in ({','.join('?' * len(chunk))})",
            chunk))
    return found


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    """The first id AUTOINCREMENT would give a new row of ``table`` (never one used before)."""
    row = conn.execute("select seq from sqlite_sequence where name = ?", [table]).fetchone()
    return (row[0] if row else 0) + 1


def _sqlite_number(value):
    """A value as SQLite can hold it exactly: an integer beyond 64 bits, a NaN or a
    decimal no double holds exactly is kept as text (the quote is kept as it is)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, decimal.Decimal)):
        return value
    if isinstance(value, int):
        return value if -_INT64 <= value < _INT64 else str(value)
    if isinstance(value, float):
        return value if not math.isnan(value) else "nan"
    as_float = float(value)
    exact = math.isfinite(as_float) and decimal.Decimal(as_float) == value
    return as_float if exact else str(value)


def record_counts(db: sqlite_utils.Database, doc_id: int) -> tuple[int, int]:
    """How many statements and commitments a stored document has."""
    s = db.execute("select count(*) from statement_rows where doc_id = ?", [doc_id]).fetchone()[0]
    c = db.execute("select count(*) from commitments where doc_id = ?", [doc_id]).fetchone()[0]
    return s, c


def _delete_document(conn: sqlite3.Connection, doc_id: int) -> None:
    """A document, its records and its entries in the full-text indexes."""
    text = layout.document_text(conn, doc_id)
    conn.execute("insert into documents_fts (documents_fts, rowid, text) values ('delete', ?, ?)",
                 [doc_id, text])
    conn.execute("insert into commitments_fts (commitments_fts, rowid, quote, metric) "
                 "select 'delete', id, quote, metric from commitments where doc_id = ?", [doc_id])
    for sql in ("delete from commitments where doc_id = ?",
                "delete from statement_rows where doc_id = ?",
                "delete from text_gaps where doc_id = ?",
                "delete from document_rows where id = ?"):
        conn.execute(sql, [doc_id])


def reconcile_path(db: sqlite_utils.Database, path: str, digest: str,
                   exists: Callable[[str], bool] = existing_path) -> int | None:
    """For a file whose text (``digest``) is already stored, before it is skipped: in one
    write transaction, drop what this path held under another text (the file was edited
    to match another), and give this path to a document with the text whose file is
    gone (the file was renamed). The id of the document that now has this path and
    text, or None when the text stays under other paths only."""
    stored, _ = storable_path(path)

    def attempt() -> int | None:
        with write_transaction(db):
            same_text = db.conn.execute("select id, path, raw_path from document_rows "
                                        "where content_hash = ? order by id", [digest]).fetchall()
            here = [r[0] for r in same_text if r[1] == stored]
            if here or not same_text:
                return here[0] if here else None
            for (doc_id,) in db.conn.execute("select id from document_rows where path = ?",
                                             [stored]).fetchall():
                _delete_document(db.conn, doc_id)
            gone = [r for r in same_text if _gone(r[1], r[2], exists)]
            if not gone:
                return None
            db.conn.execute("update document_rows set path = ?, name = ?, raw_path = ? "
                            "where id = ?", [stored, os.path.basename(stored),
                                             storable_path(path)[1], gone[0][0]])
            return gone[0][0]

    return retry_locked(attempt)


def prune_missing(db: sqlite_utils.Database,
                  exists: Callable[[str], bool] = existing_path) -> list[dict]:
    """Remove every document whose file is gone (standard input is never pruned), in one
    transaction; returns what was removed: id, path, name, statements, commitments."""

    def attempt() -> list[dict]:
        removed = []
        with write_transaction(db):
            rows = db.conn.execute(
                "select id, path, name, raw_path from document_rows order by id").fetchall()
            for doc_id, path, name, raw in rows:
                if _gone(path, raw, exists):
                    statements, commitments = record_counts(db, doc_id)
                    _delete_document(db.conn, doc_id)
                    removed.append({"id": doc_id, "path": path, "name": name,
                                    "statements": statements, "commitments": commitments})
        return removed

    return retry_locked(attempt)


def optimize(db: sqlite_utils.Database) -> None:
    """After a large ingest: merge each full-text index into one segment (a third
    smaller, faster to search). The database is correct without it."""

    def attempt() -> None:
        with write_transaction(db):
            for table in ("documents_fts", "commitments_fts"):
                db.conn.execute(f"insert into {table} ({table}) values ('optimize')")

    retry_locked(attempt)
    db.conn.execute("PRAGMA optimize")


def save_aliases(db: sqlite_utils.Database, canonical: str, aliases: list[str],
                 created_at: str) -> None:
    """Store (or replace) analyst aliases of one canonical metric."""
    with write_transaction(db):
        db.conn.executemany(
            "insert or replace into aliases (alias, canonical, created_at) values (?, ?, ?)",
            [(a, canonical, created_at) for a in aliases])


def delete_aliases(db: sqlite_utils.Database, aliases: list[str]) -> list[str]:
    """Delete analyst aliases; returns those that existed, in the order given."""
    removed = []
    with write_transaction(db):
        for alias in aliases:
            if db.conn.execute("delete from aliases where alias = ?", [alias]).rowcount:
                removed.append(alias)
    return removed


def set_metric_keys(db: sqlite_utils.Database, keys: dict[int, str]) -> None:
    """Store new metric keys by commitment id, in one transaction."""
    if not keys:
        return
    with write_transaction(db):
        db.conn.executemany("update commitments set metric_key = ? where id = ?",
                            [(key, ident) for ident, key in keys.items()])
