"""The database file: its path, its migrations and opening it."""

from __future__ import annotations

import os
import sqlite3

import sqlite_utils
from sqlite_utils import Migrations

from plantool.errors import DatabaseError, ForeignDatabase

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
