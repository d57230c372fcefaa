"""Ingest: read → process → store, one document per transaction.

A bad file yields a failure record and leaves the database as it was; the other files
go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import sqlite_utils

from plantool import read, store


@dataclass
class Result:
    path: str
    ok: bool
    reason: str = ""
    status: str = ""  # added | replaced | unchanged | forced
    doc_id: int | None = None
    title: str = ""
    region: str = ""
    year: int | None = None
    periods: str = ""
    statements: int = 0
    commitments: int = 0


def ingest_file(db: sqlite_utils.Database, path: str, encoding: str | None = None,
                overrides: dict | None = None, force: bool = False) -> Result:
    from plantool.pipeline import process

    try:
        source = read.read(path, encoding)
    except read.ReadError as error:
        return Result(path, False, error.reason)
    digest = store.content_hash(source.text)
    if not force and not overrides:
        known = list(db["documents"].rows_where("content_hash = ?", [digest], limit=1))
        if known:
            return _unchanged(db, path, known[0])
    processed = process(source.text, path if path != "-" else "", source.front, overrides)
    meta = processed.meta
    outcome = store.save_document(
        db, path=_stored_path(path, digest), name=source.name if path != "-" else "stdin",
        text=source.text,
        meta={"title": meta.title, "region": meta.region, "year": meta.year,
              "period": meta.period, "doc_type": meta.doc_type, "published": meta.published},
        statements=processed.statements, commitments=processed.commitments,
        encoding=source.encoding, fmt=source.format,
        source=str(source.front.get("source") or ""), force=force or bool(overrides))
    periods = sorted({c["period"] for c in processed.commitments if c["period"]})
    return Result(path, True, status=outcome.status, doc_id=outcome.doc_id, title=meta.title,
                  region=meta.region, year=meta.year, periods=", ".join(periods),
                  statements=outcome.statements, commitments=outcome.commitments)


def _stored_path(path: str, digest: str) -> str:
    if path == "-":
        return f"stdin:{digest[:12]}"
    from pathlib import Path

    return str(Path(path).resolve())


def _unchanged(db: sqlite_utils.Database, path: str, doc: dict) -> Result:
    statements = db.execute("select count(*) from statements where doc_id = ?",
                            [doc["id"]]).fetchone()[0]
    commitments = db.execute("select count(*) from commitments where doc_id = ?",
                             [doc["id"]]).fetchone()[0]
    periods = [r[0] for r in db.execute(
        "select distinct period from commitments where doc_id = ? order by period", [doc["id"]])]
    return Result(path, True, status="unchanged", doc_id=doc["id"], title=doc["title"],
                  region=doc["region"], year=doc["year"], periods=", ".join(periods),
                  statements=statements, commitments=commitments)


def ingest_paths(db: sqlite_utils.Database, paths: Iterable[str], encoding: str | None = None,
                 overrides: dict | None = None, force: bool = False,
                 on_file: Callable[[Result], None] | None = None) -> list[Result]:
    results = []
    for item in read.iter_files(list(paths)):
        if isinstance(item, read.ReadError):
            result = Result(item.path, False, item.reason)
        else:
            result = ingest_file(db, item, encoding, overrides, force)
        results.append(result)
        if on_file is not None:
            on_file(result)
    return results
