"""The store's cost on real documents: CPU per document written, and bytes per byte of text.

Extraction is done once and kept (``--cache``, a pickle of what ``save_document``
receives), so the store alone is timed: each round writes every captured document
into a fresh database through ``store.save_document`` and, as the yardstick in the same
run, through a bare ``executemany`` of the same rows into plain tables (no index, no
FTS) — the floor any SQLite writer pays. Rounds alternate and the medians are printed,
with the database's size over the text's UTF-8 size and the size of each table.

    python benchmarks/store.py [DIR] [--limit N] [--cache PATH] [--rounds R]

Run it against another checkout (``PYTHONPATH=../other python benchmarks/store.py``)
with the same ``--cache`` to compare two versions of the store on the same rows.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path and not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT))

from benchmarks.ingest import spread  # noqa: E402 (the same sample as the ingest benchmark)
from plantool import read, store  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "corpus"
MB = 1_000_000


def capture(files: list[str]) -> list[dict]:
    """What ``save_document`` receives for each file, extracted once."""
    from plantool.pipeline import process

    captured = []
    for path in files:
        source = read.read(path)
        done = process(source.text, path, source.front, {})
        meta = done.meta
        captured.append({
            "path": str(Path(path).resolve()), "name": source.name, "text": source.text,
            "meta": {"title": meta.title, "region": meta.region, "year": meta.year,
                     "period": meta.period, "doc_type": meta.doc_type,
                     "published": meta.published},
            "statements": done.statements, "commitments": done.commitments,
            "encoding": source.encoding, "fmt": source.format})
    return captured


def load(args: argparse.Namespace) -> list[dict]:
    cache = Path(args.cache) if args.cache else None
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    found = [f for f in read.iter_files([args.directory]) if isinstance(f, str)]
    captured = capture(spread(found, args.limit))
    if cache:
        cache.write_bytes(pickle.dumps(captured))
    return captured


def write_store(docs: list[dict], path: str) -> float:
    """CPU seconds to store every document through the real write path."""
    db = store.open_db(path)
    start = time.process_time()
    for doc in docs:
        store.save_document(db, **doc)
    elapsed = time.process_time() - start
    db.close()
    return elapsed


_DOCUMENT_COLUMNS = 16


def write_plain(docs: list[dict], path: str) -> float:
    """CPU seconds for the yardstick: the same values by bare executemany, no index or FTS."""
    conn = sqlite3.connect(path, isolation_level=None)
    widths = {"documents": _DOCUMENT_COLUMNS, "statements": len(docs[0]["statements"][0]) + 2,
              "commitments": len(docs[0]["commitments"][0]) + 2}
    for table, width in widths.items():
        conn.execute(f"create table {table} ({', '.join(f'c{i}' for i in range(width))})")
    start = time.process_time()
    for number, doc in enumerate(docs):
        conn.execute("begin")
        values = [doc["path"], doc["name"], *doc["meta"].values(), doc["text"], len(doc["text"])]
        values += [""] * (_DOCUMENT_COLUMNS - len(values))
        conn.execute(f"insert into documents values ({','.join('?' * _DOCUMENT_COLUMNS)})", values)
        for table in ("statements", "commitments"):
            rows = [(number, seq, *(_plain(v) for v in row.values()))
                    for seq, row in enumerate(doc[table])]
            conn.executemany(f"insert into {table} values ({','.join('?' * widths[table])})", rows)
        conn.execute("commit")
    elapsed = time.process_time() - start
    conn.close()
    return elapsed


def _plain(value):
    """A value SQLite can bind: big integers as text, as any careful writer would."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2 ** 63:
        return str(value)
    return value


def table_sizes(path: str) -> dict[str, int]:
    """Bytes per table (its indexes and FTS shadow tables counted with it)."""
    conn = sqlite3.connect(path)
    sizes: dict[str, int] = {}
    for name, size in conn.execute("select name, sum(pgsize) from dbstat group by name"):
        owner = name.split("_fts")[0] + ("_fts" if "_fts" in name else "")
        if name.startswith("sqlite_autoindex_") or name.startswith("idx_"):
            owner = "indexes"
        sizes[owner] = sizes.get(owner, 0) + size
    conn.close()
    return dict(sorted(sizes.items(), key=lambda kv: -kv[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=str(DEFAULT_DIR))
    parser.add_argument("--limit", type=int, default=100, metavar="N",
                        help="N files spread over the directory (default: %(default)s)")
    parser.add_argument("--cache", help="keep the extracted rows here and reuse them")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    docs = load(args)
    text_bytes = sum(len(d["text"].encode("utf-8")) for d in docs)
    ours, floor = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(args.rounds):
            path = os.path.join(tmp, f"store{round_}.db")
            ours.append(write_store(docs, path))
            floor.append(write_plain(docs, os.path.join(tmp, f"plain{round_}.db")))
        with sqlite3.connect(path) as conn:
            conn.execute("pragma wal_checkpoint(truncate)")
        db_bytes = os.path.getsize(path)
        sizes = table_sizes(path)
        finish, finished_bytes = finish_run(path)
    print(f"documents: {len(docs)}, text {text_bytes / MB:.1f} MB (UTF-8), "
          f"{sum(len(d['statements']) for d in docs)} statements, "
          f"{sum(len(d['commitments']) for d in docs)} commitments")
    print(f"store CPU: median {statistics.median(ours):.2f} s; bare executemany "
          f"{statistics.median(floor):.2f} s; ratio {statistics.median(ours) / statistics.median(floor):.2f}"
          f"  (rounds: {', '.join(f'{a / b:.2f}' for a, b in zip(ours, floor, strict=True))})")
    print(f"database: {db_bytes / MB:.1f} MB = {db_bytes / text_bytes:.2f}x the text")
    for name, size in sizes.items():
        print(f"  {name:>20}: {size / MB:7.2f} MB  {size / text_bytes:5.2f}x")
    if finish is not None:
        print(f"end of the run (store.optimize: merge the full-text indexes): "
              f"{finish:.2f} s CPU = {finish / statistics.median(floor):.2f}x the yardstick; "
              f"then {finished_bytes / MB:.1f} MB = {finished_bytes / text_bytes:.2f}x the text")
    return 0


def finish_run(path: str) -> tuple[float | None, int]:
    """CPU seconds of ``store.optimize`` after the run, and the file's size after it
    (the first layout has no such step: None)."""
    if not hasattr(store, "optimize"):
        return None, 0
    db = store.open_db(path)
    start = time.process_time()
    store.optimize(db)
    elapsed = time.process_time() - start
    db.execute("vacuum")
    db.close()
    return elapsed, os.path.getsize(path)


if __name__ == "__main__":
    sys.exit(main())
