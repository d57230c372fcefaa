"""Ingest: read → process → store, one document per transaction.

A bad file yields a failure record and leaves the database as it was; the other files
go on. Re-ingesting identical text changes nothing and says so (``unchanged``, or
``duplicate`` when the same text is stored under another path); a changed file at a
path already ingested replaces that document's records; ``force`` re-extracts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from plantool import read, store
from plantool.schema import INGEST_STATUSES as STATUSES  # noqa: F401 (the statuses of a Result)

OVERRIDABLE = ("title", "region", "year", "doc_type")


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


def ingest_file(db: sqlite_utils.Database, path: str, encoding: str | None = None,
                overrides: dict | None = None, force: bool = False) -> Result:
    """Read, extract and store one file (``-``: standard input) in one transaction.

    Problems with the file itself (unreadable, undecodable, no text, an extraction
    failure) come back as a Result with ``ok`` false and the database unchanged.
    Database errors (a read-only or corrupt file) are raised: they concern every file.
    """
    overrides = {k: v for k, v in (overrides or {}).items() if v not in (None, "")}
    shown = read.STDIN if path == "-" else path
    try:
        source = read.read(path, encoding)
    except read.ReadError as error:
        return Result(shown, False, error.reason)
    digest = store.content_hash(source.text)
    stored_path = _stored_path(path, digest)
    known = store.documents_with_hash(db, digest)
    if known and not force:
        same_path = [d for d in known if d["path"] == stored_path]
        doc = (same_path or known)[0]
        if all(doc.get(k) == v for k, v in overrides.items()):
            return _already(db, shown, doc, "unchanged" if same_path or path == "-"
                            else "duplicate")
    try:
        from plantool.pipeline import process

        processed = process(source.text, path if path != "-" else "", source.front, overrides)
    except Exception as error:  # a bug in extraction must not stop the other files
        return Result(shown, False, f"extraction failed ({type(error).__name__}: {error})")
    meta = processed.meta
    _key_with_analyst_aliases(db, processed.commitments)
    outcome = store.save_document(
        db, path=stored_path, name=source.name if path != "-" else "stdin",
        text=source.text,
        meta={"title": meta.title, "region": meta.region, "year": meta.year,
              "period": meta.period, "doc_type": meta.doc_type, "published": meta.published},
        statements=processed.statements, commitments=processed.commitments,
        encoding=source.encoding, fmt=source.format,
        source=str(source.front.get("source") or ""), force=force or bool(known))
    periods = sorted({c["period"] for c in processed.commitments if c["period"]})
    status = outcome.status
    if status == "forced" and not force:
        status = "replaced"  # new metadata overrides for text already stored
    return Result(shown, True, status=status, doc_id=outcome.doc_id, title=meta.title,
                  region=meta.region, year=meta.year, periods=", ".join(periods),
                  statements=outcome.statements, commitments=outcome.commitments)


def _key_with_analyst_aliases(db: sqlite_utils.Database, commitments: list[dict]) -> None:
    """With analyst aliases in the database, a new document's metric keys are built with
    them too, inside its own transaction: a stored key is always the current one."""
    if not store.analyst_aliases(db):
        return
    from plantool import align

    table = align.load_aliases(db)
    for record in commitments:
        record["metric_key"] = align.metric_key(align.record_metric(record), table)


def _stored_path(path: str, digest: str) -> str:
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


def find_files(paths: Iterable[str]) -> list[str | read.ReadError]:
    """The documents named or found under ``paths``, and a ReadError for each bad path."""
    return list(read.iter_files(list(paths)))


def ingest_items(db: sqlite_utils.Database, items: Iterable[str | read.ReadError],
                 encoding: str | None = None, overrides: dict | None = None,
                 force: bool = False,
                 on_file: Callable[[Result], None] | None = None) -> list[Result]:
    """Ingest each file of ``find_files``; one Result per file, ``on_file`` after each."""
    results = []
    for item in items:
        if isinstance(item, read.ReadError):
            result = Result(item.path, False, item.reason)
        else:
            result = ingest_file(db, item, encoding, overrides, force)
        results.append(result)
        if on_file is not None:
            on_file(result)
    return results


def ingest_paths(db: sqlite_utils.Database, paths: Iterable[str], encoding: str | None = None,
                 overrides: dict | None = None, force: bool = False,
                 on_file: Callable[[Result], None] | None = None) -> list[Result]:
    """Ingest every document named or found under ``paths``; one Result per file."""
    return ingest_items(db, find_files(paths), encoding, overrides, force, on_file)
