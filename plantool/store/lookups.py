"""Look-ups behind ingest, diff, progress and aliases."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils


def document_texts(db: sqlite_utils.Database) -> dict[str, str]:
    """Each stored document's cleaned text by its file name."""
    return dict(db.execute("select name, text from documents order by id").fetchall())


def documents_with_hash(db: sqlite_utils.Database, digest: str) -> list[dict]:
    """The stored documents whose text has this content hash, oldest first."""
    return list(db["documents"].rows_where("content_hash = ?", [digest], order_by="id"))


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


def commitment_metrics(db: sqlite_utils.Database, doc_id: int | None = None) -> list[dict]:
    """id, metric, action, quote and stored metric_key of the commitments (of one document)."""
    sql = "select id, metric, action, quote, metric_key from commitments"
    if doc_id is None:
        return list(db.query(sql))
    return list(db.query(sql + " where doc_id = ?", [doc_id]))
