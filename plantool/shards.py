"""Extraction past one machine: documents as JSONL shards, and shards into the database.

The extraction of a document is a pure function of its file (:func:`extract_document`):
it needs no database, so any engine can map it over many machines (``plantool
extract`` does it with a local process pool, docs/dask.md with Dask). Each line of a
shard is one document: its path, name, content hash, encoding, format, metadata, full
text, statements and commitments, or the reason it failed. :func:`load` stores the
documents of the shards the way ``ingest`` stores files: one transaction per document,
in the order they were given, unchanged text left alone — so loading a shard twice
changes nothing, and loading the shards of a corpus gives the rows ingesting it gives.
"""

from __future__ import annotations

import heapq
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from plantool import escape, ingest, read, store

SHARD_NAME = "shard-{}.jsonl"  # numbered by the worker's process id
SHARD_GLOB = "shard-*.jsonl"
#: The metadata fields of a document as ``pipeline.process`` detects them.
META_FIELDS = ("title", "region", "year", "period", "doc_type", "published")


# --- the pure map step ------------------------------------------------------------


def document_paths(paths: Iterable[str]) -> list[str]:
    """The files ``ingest`` would read for ``paths``, in its order (a bad path is kept:
    :func:`extract_document` then reports it)."""
    return [item if isinstance(item, str) else item.path for item in ingest.find_files(paths)]


def extract_document(path: str, encoding: str | None = None, overrides: dict | None = None,
                     seq: int | None = None) -> dict:
    """One file read and extracted into a JSON-ready document record; a file that cannot
    be read or extracted gives ``{"path", "error"}``. Never raises for a bad file."""
    record = ingest.isolated(path, lambda: _extracted(path, encoding, overrides))
    if isinstance(record, ingest.Result):
        record = {"path": record.path, "error": record.reason}
    if seq is not None:
        record = {"seq": seq, **record}
    return record


def _extracted(path: str, encoding: str | None, overrides: dict | None) -> dict | ingest.Result:
    if path == "-":
        return ingest.failure(path, "standard input cannot be extracted to a shard "
                                    "(ingest it instead)")
    options = ingest.Options(encoding, overrides)
    prepared = ingest.prepare(path, encoding)
    if isinstance(prepared, ingest.Result):
        return prepared
    processed = ingest.extract(prepared, options.overrides)
    if isinstance(processed, str):
        return ingest.failure(path, processed)
    source = prepared.source
    return {"path": ingest.stored_path(path, prepared.digest), "name": source.name,
            "content_hash": prepared.digest, "encoding": source.encoding,
            "format": source.format, "source": str(source.front.get("source") or ""),
            "meta": {k: getattr(processed.meta, k) for k in META_FIELDS},
            "text": source.text, "statements": processed.statements,
            "commitments": processed.commitments}


# --- extract: shards written by a pool of workers ---------------------------------


@dataclass
class Extracted:
    """What one document's extraction gave, as the extract summary reports it."""

    path: str
    ok: bool
    reason: str = ""
    statements: int = 0
    commitments: int = 0
    shard: str = ""


_shard_file: Path | None = None  # this worker's shard


def _open_shard(out_dir: str) -> None:
    """Worker start-up: the shard this worker appends its documents to."""
    global _shard_file
    _shard_file = Path(out_dir) / SHARD_NAME.format(os.getpid())


def _extract_to_shard(seq: int, path: str, encoding: str | None,
                      overrides: dict | None) -> Extracted:
    record = extract_document(path, encoding, overrides, seq)
    assert _shard_file is not None, "the worker's shard is opened at start-up"
    # opened per document: a worker killed mid-run loses only the line it was writing
    with _shard_file.open("a", encoding="utf-8") as shard:
        shard.write(_json_line(record))
    if "error" in record:
        return Extracted(record["path"], False, record["error"], shard=_shard_file.name)
    return Extracted(escape.file_name(path), True, statements=len(record["statements"]),
                     commitments=len(record["commitments"]), shard=_shard_file.name)


def _json_line(record: dict) -> str:
    """One JSONL line, Chinese as UTF-8; a name with undecodable bytes (a surrogate
    escape, which UTF-8 cannot hold) escaped as \\udcxx instead."""
    line = json.dumps(record, ensure_ascii=False) + "\n"
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record) + "\n"
    return line


def extract(paths: Iterable[str], out_dir: str, jobs: int = 1, encoding: str | None = None,
            overrides: dict | None = None,
            on_file: Callable[[Extracted], None] | None = None) -> list[Extracted]:
    """Extract every document named or found under ``paths`` into JSONL shards in
    ``out_dir``, one shard per worker (shards of an earlier run there are replaced);
    one Extracted per file, in input order, ``on_file`` after each."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(SHARD_GLOB):
        old.unlink()
    tasks = [(seq, path, encoding, overrides) for seq, path in enumerate(document_paths(paths))]
    results = []
    for result in _run(tasks, min(jobs, len(tasks)), out_dir):
        results.append(result)
        if on_file is not None:
            on_file(result)
    return results


def _run(tasks: list[tuple], jobs: int, out_dir: str) -> Iterator[Extracted]:
    if jobs <= 1:
        _open_shard(out_dir)
        yield from (_extract_to_shard(*task) for task in tasks)
        return
    from plantool import parallel

    ingest.warm_up()
    mapped = parallel.ordered_map(_extract_to_shard, ((task, task) for task in tasks), jobs,
                                  initializer=_open_shard, initargs=(out_dir,))
    for task, result in mapped:
        if isinstance(result, parallel.TaskFailed):
            yield Extracted(escape.file_name(task[1]), False, str(result))
        else:
            yield result


# --- load: shards into the database -----------------------------------------------


def shard_files(paths: Iterable[str]) -> list[Path]:
    """The shard files named, or the ``.jsonl`` files in a directory named, in the natural
    order of their names (0.jsonl, 1.jsonl, …, 10.jsonl)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        found += sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    return sorted(dict.fromkeys(found), key=_natural)


def _natural(path: Path) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(path))]


def read_documents(paths: Iterable[str]) -> Iterator[dict]:
    """Every document record of the shards, in input order: by ``seq`` where ``extract``
    wrote one, else shard by shard and line by line. A damaged line gives ``{"path",
    "error"}`` in its place."""
    streams = [_lines(path) for path in shard_files(paths)]
    return heapq.merge(*streams, key=lambda record: record.get("seq", -1))


def _lines(path: Path) -> Iterator[dict]:
    try:
        with path.open(encoding="utf-8") as shard:
            for number, line in enumerate(shard, 1):
                if line.strip():
                    yield _parse(line, f"{path}:{number}")
    except (OSError, UnicodeDecodeError) as error:
        yield {"path": str(path), "error": f"cannot read the shard ({error})"}


def _parse(line: str, where: str) -> dict:
    try:
        record = json.loads(line)
    except ValueError:
        return {"path": where, "error": "damaged shard line (not JSON)"}
    if not isinstance(record, dict) or "path" not in record:
        return {"path": where, "error": "not a document record"}
    return record


def load(db: sqlite_utils.Database, paths: Iterable[str],
         on_file: Callable[[ingest.Result], None] | None = None) -> list[ingest.Result]:
    """Store the documents of the shards, one transaction per document, in input order;
    one ingest Result per document, ``on_file`` after each."""
    results = []
    for record in read_documents(paths):
        result = ingest.isolated(str(record.get("path", "")), lambda r=record: _load_one(db, r))
        results.append(result)
        if on_file is not None:
            on_file(result)
    ingest.finish_run(db, results)
    return results


def _load_one(db: sqlite_utils.Database, record: dict) -> ingest.Result:
    if "error" in record:
        return ingest.failure(str(record["path"]), str(record["error"]))
    prepared = _prepared(record)
    if prepared.digest != record.get("content_hash"):
        return ingest.failure(record["path"], "damaged shard line (the text does not match "
                                              "its content hash)")
    return ingest.store_prepared(db, prepared, ingest.Options(), _processed(record))


def _prepared(record: dict) -> ingest.Prepared:
    text = record["text"]
    source = read.Source(record["path"], record["name"], text, record.get("encoding", ""),
                         record.get("format", ""), {"source": record.get("source", "")})
    return ingest.Prepared(record["path"], source, store.content_hash(text),
                           stored=record["path"])


def _processed(record: dict):
    from plantool.metadata import DocumentMeta
    from plantool.pipeline import Processed

    meta = DocumentMeta(**{k: v for k, v in record["meta"].items() if k in META_FIELDS})
    return Processed(meta, list(record["statements"]), list(record["commitments"]))


def shards_written(results: Iterable[Extracted]) -> list[str]:
    """The distinct shards the documents went to, by name."""
    return sorted({r.shard for r in results if r.shard})

