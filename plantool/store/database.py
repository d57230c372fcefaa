"""The database file: its path, its schema and upgrades, opening it safely, read snapshots.

Several plantool processes may use one file at once: it is kept in WAL mode (readers
never wait for the writer), every connection waits up to ``BUSY_TIMEOUT`` seconds for a
lock instead of failing, and the whole schema of a new file is created in one
transaction, so that an interrupted first open leaves either nothing or a working
database.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from urllib import parse

import sqlite_utils
from sqlite_utils import Migrations

from plantool.errors import DatabaseError, ForeignDatabase, MissingDatabase  # noqa: F401 (store.MissingDatabase)
from plantool.store import layout

DEFAULT_DB = "plantool.db"
BUSY_TIMEOUT = 60.0  # seconds a connection waits for another process's lock
RETRIES = 5  # attempts of one write transaction that keeps finding the file locked
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


@migrations()
def m003_compact_stable_rows(db: sqlite_utils.Database) -> None:
    """Ids never reused, section paths and the text stored once, FTS kept per document."""
    layout.upgrade_to_compact(db.conn)


@migrations()
def m004_datasette_views(db: sqlite_utils.Database) -> None:
    """commitments_view: each commitment with its document's name, path, region and year."""
    db.conn.execute(layout.COMMITMENTS_VIEW)


def open_db(path: str | None = None, create: bool = True) -> sqlite_utils.Database:
    """Open and upgrade the database at ``path``; with ``create``, make it if it is missing.

    Without ``create`` (the read commands) a missing file, or one with no tables, raises
    MissingDatabase and nothing is created. A file that is not an SQLite database, or
    cannot be opened or upgraded, raises DatabaseError; an SQLite database of something
    else raises ForeignDatabase.
    """
    name = db_path(path)
    try:
        conn = _connect(name, create)
        db = sqlite_utils.Database(conn, execute_plugins=False)
        _prepare(db)
        _upgrade(db, name, create)
        _use_wal(db)
    except sqlite3.Error as error:
        raise DatabaseError(f"cannot open database {name}: {error}") from None
    return db


def _missing(name: str) -> MissingDatabase:
    return MissingDatabase(f"no database {name}: ingest documents first (plantool ingest PATH) "
                           "or name one with --db")


def _connect(name: str, create: bool) -> sqlite3.Connection:
    if create:
        return sqlite3.connect(name, timeout=BUSY_TIMEOUT)
    if not os.path.isfile(name):
        raise _missing(name)
    uri = "file:" + parse.quote(os.fsencode(os.path.abspath(name))) + "?mode=rw"
    try:
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT)
    except sqlite3.OperationalError:
        if not os.path.exists(name):  # removed between the check and the open
            raise _missing(name) from None
        return sqlite3.connect(uri.replace("mode=rw", "mode=ro"), uri=True,
                               timeout=BUSY_TIMEOUT)


def _prepare(db: sqlite_utils.Database) -> None:
    """Per connection: foreign keys, waiting for locks, commits durable at checkpoints."""
    db.conn.execute("PRAGMA foreign_keys = ON")
    db.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    db.conn.execute("PRAGMA synchronous = NORMAL")
    db.conn.create_function("plantool_fold", 1, _fold, deterministic=True)


def _use_wal(db: sqlite_utils.Database) -> None:
    """WAL journal (kept in the file): readers and the writer never wait for each other."""
    try:
        if db.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            retry_locked(lambda: db.conn.execute("PRAGMA journal_mode = WAL").fetchone())
    except sqlite3.OperationalError as error:
        if not _read_only(error):  # a read-only file keeps its journal mode
            raise


def _fold(text):
    """Text compared ignoring case, as the trigram index compares it."""
    return text.lower() if isinstance(text, str) else text


def _read_only(error: sqlite3.Error) -> bool:
    return "readonly" in str(error) or "read-only" in str(error)


def _upgrade(db: sqlite_utils.Database, name: str, create: bool) -> None:
    """Create or upgrade the schema in one write transaction (other openers wait for it)."""
    if _up_to_date(db):
        return
    if not create and not _table_names(db):
        raise _missing(name)
    with write_transaction(db):
        tables = _table_names(db)
        if not tables and not create:
            raise _missing(name)
        if tables and not migrations.applied(db):
            raise ForeignDatabase(
                f"cannot open database {name}: {name} is an SQLite database of something "
                "else; plantool will not add its tables to it")
        moved = _moves_rows(db)
        migrations.apply(db)
    if moved:
        _give_back_space(db)


def _moves_rows(db: sqlite_utils.Database) -> bool:
    """Whether the pending migrations rewrite stored rows (a first-layout file with data)."""
    pending = {m.name for m in migrations.pending(db)}
    return "m003_compact_stable_rows" in pending and "documents" in _table_names(db) and \
        db.conn.execute("select exists (select 1 from documents)").fetchone()[0] == 1


def _give_back_space(db: sqlite_utils.Database) -> None:
    """After an upgrade that rewrote every row, return the old rows' pages to the file
    system (VACUUM); skipped while another process has the file open."""
    try:
        db.conn.execute("VACUUM")
    except sqlite3.OperationalError as error:
        if not busy(error):
            raise


def _table_names(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.conn.execute(
        "select name from sqlite_master where type in ('table', 'view')")]


def _up_to_date(db: sqlite_utils.Database) -> bool:
    """Every migration recorded: one SELECT, no write lock."""
    try:
        done = {r[0] for r in db.conn.execute(
            "select name from _sqlite_migrations where migration_set = ?", [migrations.name])}
    except sqlite3.OperationalError:  # no migrations table yet
        return False
    return all(m.name in done for m in migrations._migrations)


def busy(error: BaseException) -> bool:
    """An SQLite error that another connection's lock caused: worth a retry."""
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def retry_locked(action: Callable[[], object], attempts: int = RETRIES):
    """Run ``action``; if another process holds the lock past the busy timeout, wait a
    little longer and try again, ``attempts`` times in all."""
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as error:
            if not busy(error) or attempt == attempts - 1:
                raise
            time.sleep(0.05 * 2 ** attempt)
    return None


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction that takes the write lock at once (BEGIN IMMEDIATE), so what
    it reads stays true until it commits; rolled back if anything inside fails."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def snapshot(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Every read inside sees the database as it was when the block began, whatever other
    processes write meanwhile (one read transaction). Write after the block, not in it."""
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("BEGIN")
    try:
        db.conn.execute("select count(*) from sqlite_master").fetchone()  # the snapshot starts
        yield db
    finally:
        if db.conn.in_transaction:
            db.conn.execute("COMMIT")


def checkpoint(db: sqlite_utils.Database) -> None:
    """Copy the committed pages of the write-ahead log into the main file (as far as no
    reader still needs the old ones), so that a copy of the bare .db file made while
    plantool or Datasette holds it open is complete. Run after a batch of writes, not
    after each: it costs a quarter of the store's time per document."""
    db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
