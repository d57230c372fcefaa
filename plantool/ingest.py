"""Ingest: read → process → store, one document per transaction.

A bad file yields a failure record and leaves the database as it was; the other files
go on, whatever went wrong with it (an unreadable file, an extraction bug, a value the
database cannot hold, a file name that is not valid UTF-8). Errors about the database
itself (read-only, locked, corrupt) stop the run: they concern every file.

Re-ingesting identical text changes nothing and says so (``unchanged``, or
``duplicate`` when the same text is stored under another path); a changed file at a
path already ingested replaces that document's records; ``force`` re-extracts.

With ``jobs`` above 1 the extraction runs in worker processes while this process reads
the files and stores each document in the order given, so that ids and results are
those of a single-process run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from plantool import escape, read, store
from plantool.schema import INGEST_STATUSES as STATUSES  # noqa: F401 (the statuses of a Result)

OVERRIDABLE = ("title", "region", "year", "doc_type")
T = TypeVar("T")
#: The name a standard-input document is stored under when ``--name`` gives none.
STDIN_NAME = "stdin"

#: After storing this many documents in one run, the search indexes are merged.
OPTIMIZE_AFTER = 50


@dataclass
class Result:
    path: str
    ok: bool
    reason: str = ""
    status: str = ""  # added | replaced | forced | unchanged | duplicate
    doc_id: int | None = None
    title: str = ""
    region: str = ""
    year: int | None = None
    periods: str = ""
    statements: int = 0
    commitments: int = 0
    note: str = ""  # duplicate: the document that already holds this text


@dataclass
class Options:
    """How every file of one run is read and stored."""

    encoding: str | None = None
    overrides: dict | None = None
    force: bool = False
    name: str = ""  # the stored name of a standard-input document

    def __post_init__(self) -> None:
        self.overrides = {k: v for k, v in (self.overrides or {}).items()
                          if v not in (None, "")}


@dataclass
class Prepared:
    """One file read and decoded, waiting to be extracted and stored."""

    path: str  # as given; ``-`` for standard input
    source: read.Source
    digest: str
    stored: str = ""  # the path to store it under, when not this machine's resolved path



# --- one file ---------------------------------------------------------------------


def ingest_file(db: sqlite_utils.Database, path: str, encoding: str | None = None,
                overrides: dict | None = None, force: bool = False, name: str = "") -> Result:
    """Read, extract and store one file (``-``: standard input) in one transaction.

    Any problem with the file itself (unreadable, undecodable, no text, an extraction
    failure, a value or name the database refuses) comes back as a Result with ``ok``
    false and the database unchanged. Database errors (a read-only or corrupt file) are
    raised: they concern every file. ``name`` names a standard-input document.
    """
    options = Options(encoding, overrides, force, name)
    return isolated(path, lambda: _ingest_one(db, path, options))


def _ingest_one(db: sqlite_utils.Database, path: str, options: Options) -> Result:
    prepared = prepare(path, options.encoding)
    if isinstance(prepared, Result):
        return prepared
    return store_prepared(db, prepared, options, None)


def isolated(path: str, step: Callable[[], T]) -> T | Result:
    """``step()``, or a failure Result for ``path`` when it raises anything that concerns
    this file alone; an error about the database file itself is raised."""
    try:
        return step()
    except sqlite3.Error as error:
        if database_wide(error):
            raise
        return failure(path, f"cannot store ({type(error).__name__}: {error})")
    except Exception as error:  # one bad file must not stop the others
        return failure(path, f"failed ({type(error).__name__}: {error})")


def database_wide(error: sqlite3.Error) -> bool:
    """Whether an SQLite error is about the database file (locked, read-only, corrupt, a
    full disk) rather than about the values of one document."""
    per_document = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.DataError,
                    sqlite3.ProgrammingError)
    return not isinstance(error, per_document)


def failure(path: str, reason: str) -> Result:
    """A failed file, its name and reason printable on one line."""
    return Result(shown_path(path), False, escape.one_line(reason))


def shown_path(path: str) -> str:
    return read.STDIN if path == "-" else escape.file_name(path)


def prepare(path: str, encoding: str | None = None) -> Prepared | Result:
    """The file read and decoded with its content hash, or a failure Result."""
    try:
        source = read.read(path, encoding)
    except read.ReadError as error:
        return failure(path, error.reason)
    return Prepared(path, source, store.content_hash(source.text))


def already_stored(db: sqlite_utils.Database, prepared: Prepared,
                   options: Options) -> Result | None:
    """The Result of a file whose text is stored as it would be again (``unchanged`` or
    ``duplicate``), or None when it must be extracted and stored."""
    known = store.documents_with_hash(db, prepared.digest)
    if not known or options.force:
        return None
    path = _stored_path(prepared)
    if prepared.path != "-":  # a renamed file takes its document along; an edited one
        store.reconcile_path(db, path, prepared.digest)  # drops its old records
        known = store.documents_with_hash(db, prepared.digest)
    path = store.storable_path(path)[0]
    same_path = [d for d in known if d["path"] == path]
    doc = (same_path or known)[0]
    wanted = dict(options.overrides or {})
    if prepared.path == "-" and options.name:
        wanted["name"] = options.name
    if not all(doc.get(k) == v for k, v in wanted.items()):
        return None
    status = "unchanged" if same_path or prepared.path == "-" else "duplicate"
    return _already(db, shown_path(prepared.path), doc, status)


def extract(prepared: Prepared, overrides: dict | None = None):
    """The extraction of one prepared file (a pure function of its text, path and
    metadata): a Processed, or the reason it failed as a string."""
    try:
        from plantool import pipeline

        path = prepared.path if prepared.path != "-" else ""
        return pipeline.process(prepared.source.text, path, prepared.source.front, overrides)
    except Exception as error:  # a bug in extraction must not stop the other files
        return f"extraction failed ({type(error).__name__}: {error})"


def store_prepared(db: sqlite_utils.Database, prepared: Prepared, options: Options,
                   processed) -> Result:
    """Store one prepared file unless its text is already stored as it would be;
    ``processed`` is its extraction when done elsewhere (else it is extracted here)."""
    done = already_stored(db, prepared, options)
    if done is not None:
        return done
    if processed is None:
        processed = extract(prepared, options.overrides)
    if isinstance(processed, str):
        return failure(prepared.path, processed)
    return _save(db, prepared, options, processed)


def _save(db: sqlite_utils.Database, prepared: Prepared, options: Options,
          processed) -> Result:
    source, meta = prepared.source, processed.meta
    known = store.documents_with_hash(db, prepared.digest)
    _key_with_analyst_aliases(db, processed.commitments)
    outcome = store.save_document(
        db, path=_stored_path(prepared), name=stored_name(prepared.path, source, options.name),
        text=source.text,
        meta={"title": meta.title, "region": meta.region, "year": meta.year,
              "period": meta.period, "doc_type": meta.doc_type, "published": meta.published},
        statements=processed.statements, commitments=processed.commitments,
        encoding=source.encoding, fmt=source.format,
        source=str(source.front.get("source") or ""), force=options.force or bool(known))
    periods = sorted({c["period"] for c in processed.commitments if c["period"]})
    status = outcome.status
    if status == "forced" and not options.force:
        status = "replaced"  # new metadata overrides for text already stored
    return Result(shown_path(prepared.path), True, status=status, doc_id=outcome.doc_id,
                  title=meta.title, region=meta.region, year=meta.year,
                  periods=", ".join(periods), statements=outcome.statements,
                  commitments=outcome.commitments)


def stored_name(path: str, source: read.Source, name: str = "") -> str:
    """The file name a document is stored under; for standard input ``name`` or stdin."""
    return source.name if path != "-" else (name or STDIN_NAME)


def _key_with_analyst_aliases(db: sqlite_utils.Database, commitments: list[dict]) -> None:
    """With analyst aliases in the database, a new document's metric keys are built with
    them too, inside its own transaction: a stored key is always the current one."""
    if not store.analyst_aliases(db):
        return
    from plantool import align

    table = align.load_aliases(db)
    for record in commitments:
        record["metric_key"] = align.metric_key(align.record_metric(record), table)


def _stored_path(prepared: Prepared) -> str:
    return prepared.stored or stored_path(prepared.path, prepared.digest)


def stored_path(path: str, digest: str) -> str:
    """The path a document is stored under: the resolved file path, ``stdin:<hash>``."""
    if path == "-":
        return f"stdin:{digest[:12]}"
    return str(Path(path).resolve())


def _already(db: sqlite_utils.Database, path: str, doc: dict, status: str) -> Result:
    statements, commitments = store.record_counts(db, doc["id"])
    periods = store.commitment_periods(db, doc["id"])
    note = f"same text as document {doc['id']} ({doc['name']})" if status == "duplicate" else ""
    return Result(path, True, status=status, doc_id=doc["id"], title=doc["title"],
                  region=doc["region"], year=doc["year"], periods=", ".join(periods),
                  statements=statements, commitments=commitments, note=note)


# --- many files -------------------------------------------------------------------


def find_files(paths: Iterable[str]) -> list[str | read.ReadError]:
    """The documents named or found under ``paths``, and a ReadError for each bad path."""
    return list(read.iter_files(list(paths)))


def ingest_items(db: sqlite_utils.Database, items: Iterable[str | read.ReadError],
                 encoding: str | None = None, overrides: dict | None = None,
                 force: bool = False,
                 on_file: Callable[[Result], None] | None = None,
                 jobs: int = 1, name: str = "") -> list[Result]:
    """Ingest each file of ``find_files``; one Result per file, in their order,
    ``on_file`` after each. ``jobs`` above 1 extracts in that many worker processes."""
    options = Options(encoding, overrides, force, name)
    items = list(items)
    jobs = min(jobs, len(items))
    steps = _parallel(db, items, options, jobs) if jobs > 1 else _sequential(db, items, options)
    results = []
    for result in steps:
        results.append(result)
        if on_file is not None:
            on_file(result)
    finish_run(db, results)
    return results


def finish_run(db: sqlite_utils.Database, results: list[Result]) -> None:
    """After a run that wrote documents: the search indexes merged when it wrote many,
    and the write-ahead log copied into the database file."""
    written = sum(r.status in ("added", "replaced", "forced") for r in results)
    if written >= OPTIMIZE_AFTER:
        store.optimize(db)
    if written:
        store.checkpoint(db)


def _sequential(db: sqlite_utils.Database, items: Iterable[str | read.ReadError],
                options: Options) -> Iterator[Result]:
    for item in items:
        if isinstance(item, read.ReadError):
            yield failure(item.path, item.reason)
        else:
            yield isolated(item, lambda path=item: _ingest_one(db, path, options))


def _parallel(db: sqlite_utils.Database, items: Iterable[str | read.ReadError],
              options: Options, jobs: int) -> Iterator[Result]:
    """Files read here, extracted by ``jobs`` workers and stored here in input order.

    A file whose text is stored already (or is on its way, earlier in this run) is not
    sent to a worker; whether it is then unchanged, a duplicate or to be stored is
    decided when its turn comes, exactly as in a single-process run.
    """
    from plantool import parallel

    warm_up()

    def tasks() -> Iterator[tuple[object, tuple | None]]:
        on_the_way: set[str] = set()
        for item in items:
            if isinstance(item, read.ReadError):
                yield failure(item.path, item.reason), None
                continue
            prepared = isolated(item, lambda path=item: prepare(path, options.encoding))
            if isinstance(prepared, Result):
                yield prepared, None
                continue
            skip = not options.force and (prepared.digest in on_the_way
                                          or _stored_already(db, prepared, options))
            on_the_way.add(prepared.digest)
            yield prepared, None if skip else (prepared, options.overrides)

    for tag, extracted in parallel.ordered_map(extract, tasks(), jobs):
        if isinstance(tag, Result):
            yield tag
            continue
        if isinstance(extracted, parallel.TaskFailed):
            yield failure(tag.path, str(extracted))
            continue
        yield isolated(tag.path, lambda p=tag, e=extracted: store_prepared(db, p, options, e))


#: A short plan sentence: extracting it loads every vocabulary the extractor reads lazily.
_WARM_UP_TEXT = "2024年大连市政府工作报告\n到2025年，新增家庭养老床位1000张，地区生产总值增长6%左右。\n"


def warm_up() -> None:
    """Import the extraction stack and load its vocabularies in this process, so that
    worker processes forked from it share them instead of each loading its own."""
    from plantool import pipeline

    pipeline.process(_WARM_UP_TEXT)


def _stored_already(db: sqlite_utils.Database, prepared: Prepared, options: Options) -> bool:
    """Whether the text is stored as it would be now (checked again at its turn, when a
    problem with it is reported too)."""
    try:
        return already_stored(db, prepared, options) is not None
    except Exception:
        return False


def ingest_paths(db: sqlite_utils.Database, paths: Iterable[str], encoding: str | None = None,
                 overrides: dict | None = None, force: bool = False,
                 on_file: Callable[[Result], None] | None = None,
                 jobs: int = 1, name: str = "") -> list[Result]:
    """Ingest every document named or found under ``paths``; one Result per file."""
    return ingest_items(db, find_files(paths), encoding, overrides, force, on_file, jobs, name)


# --- pruning ----------------------------------------------------------------------


def file_exists(path: str) -> bool:
    """Whether a stored document's file is still there (standard input always is)."""
    if path.startswith("stdin:"):
        return True
    try:
        return Path(path).exists()
    except (OSError, ValueError):
        return False


def prune(db: sqlite_utils.Database,
          exists: Callable[[str], bool] = file_exists) -> list[dict]:
    """Remove the documents whose files are gone; their id, path and name."""
    return store.prune_missing(db, exists=exists)
