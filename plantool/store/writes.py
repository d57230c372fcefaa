"""Writes: one document and its records per transaction, analyst aliases, metric keys."""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass

import sqlite_utils

from plantool import periods


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
        counts = record_counts(db, doc["id"])
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


def record_counts(db: sqlite_utils.Database, doc_id: int) -> tuple[int, int]:
    """How many statements and commitments a stored document has."""
    s = db.execute("select count(*) from statements where doc_id = ?", [doc_id]).fetchone()[0]
    c = db.execute("select count(*) from commitments where doc_id = ?", [doc_id]).fetchone()[0]
    return s, c


def _delete_document(db: sqlite_utils.Database, doc_id: int) -> None:
    db["commitments"].delete_where("doc_id = ?", [doc_id])
    db["statements"].delete_where("doc_id = ?", [doc_id])
    db["documents"].delete_where("id = ?", [doc_id])


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


def set_metric_keys(db: sqlite_utils.Database, keys: dict[int, str]) -> None:
    """Store new metric keys by commitment id, in one transaction."""
    if not keys:
        return
    with db.atomic():
        db.conn.executemany("update commitments set metric_key = ? where id = ?",
                            [(key, ident) for ident, key in keys.items()])
