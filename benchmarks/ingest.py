"""Ingest throughput on a directory of real documents, with jieba as a yardstick.

Ingests the documents under DIR (default: ../shared/corpus, when present) into a fresh
temporary database through the real code path (plantool.ingest.ingest_file: read,
extract, store), then runs ``jieba.lcut`` over the same decoded texts, and prints both
throughputs and their ratio. jieba comes with the ``bench`` extra:
``pip install -e '.[bench]'``.

    python benchmarks/ingest.py [DIR] [--limit N] [--db PATH] [--no-jieba]

``--limit N`` takes N files spread evenly over the sorted list, so that a sample covers
every folder. Timings are wall-clock on this machine; nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plantool import ingest, pipeline, read, store  # noqa: E402

DEFAULT_DIR = ROOT.parent / "shared" / "corpus"
MB = 1_000_000


def spread(items: list, limit: int) -> list:
    """``limit`` items taken evenly from ``items`` (all of them when limit is 0)."""
    if not limit or limit >= len(items):
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


class Phases:
    """Wall time spent in read, extract and store, by wrapping the functions ingest calls."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.texts: list[str] = []

    def wrap(self, module, name: str, phase: str, keep_text: bool = False) -> None:
        real = getattr(module, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                result = real(*args, **kwargs)
            finally:
                self.seconds[phase] += time.perf_counter() - start
            if keep_text:
                self.texts.append(result.text)
            return result

        setattr(module, name, timed)


def run_ingest(files: list[str], db_path: str, phases: Phases) -> tuple[list, float]:
    db = store.open_db(db_path)
    phases.wrap(read, "read", "read and decode", keep_text=True)
    phases.wrap(pipeline, "process", "extract")
    phases.wrap(store, "save_document", "store")
    results = []
    start = time.perf_counter()
    for path in files:
        results.append(ingest.ingest_file(db, path))
    elapsed = time.perf_counter() - start
    db.close()
    return results, elapsed


def run_jieba(texts: list[str]) -> float | None:
    try:
        import jieba
    except ImportError:
        return None
    jieba.setLogLevel(60)
    jieba.initialize()  # loading the dictionary is not throughput
    start = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=str(DEFAULT_DIR),
                        help="documents to ingest (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=0, metavar="N",
                        help="ingest N files spread over the directory (default: all)")
    parser.add_argument("--db", help="write this database instead of a temporary one")
    parser.add_argument("--no-jieba", action="store_true", help="skip the jieba yardstick")
    args = parser.parse_args(argv)
    if not Path(args.directory).is_dir():
        parser.error(f"no directory {args.directory} (give one as the first argument)")
    found = [f for f in read.iter_files([args.directory]) if isinstance(f, str)]
    files = spread(found, args.limit)
    if not files:
        parser.error(f"no documents under {args.directory}")
    file_bytes = sum(os.path.getsize(f) for f in files)
    print(f"corpus: {args.directory}")
    print(f"files:  {len(files)} of {len(found)}, {file_bytes / MB:.1f} MB on disk")

    with tempfile.TemporaryDirectory() as tmp:
        db_path = args.db or os.path.join(tmp, "bench.db")
        if args.db and Path(args.db).exists():
            parser.error(f"{args.db} exists; the benchmark needs a fresh database")
        phases = Phases()
        results, elapsed = run_ingest(files, db_path, phases)
        db_size = os.path.getsize(db_path)
    ok = [r for r in results if r.ok]
    text_bytes = sum(len(t.encode("utf-8")) for t in phases.texts)
    print(f"text:   {text_bytes / MB:.1f} MB decoded (UTF-8), the measure of both rates below")
    print()
    print(f"plantool ingest: {len(ok)} documents ({len(results) - len(ok)} failed), "
          f"{sum(r.statements for r in ok)} statements, "
          f"{sum(r.commitments for r in ok)} commitments in {elapsed:.1f} s")
    print(f"  {len(results) / elapsed:8.1f} documents/s")
    print(f"  {text_bytes / MB / elapsed:8.3f} MB/s")
    for phase, seconds in phases.seconds.items():
        print(f"  {phase:>16}: {seconds:7.1f} s ({100 * seconds / elapsed:4.1f} %)")
    print(f"  database: {db_size / MB:.1f} MB")
    for r in results:
        if not r.ok:
            print(f"  failed: {r.path}: {r.reason}")
    if args.no_jieba:
        return 0
    print()
    jieba_seconds = run_jieba(phases.texts)
    if jieba_seconds is None:
        print("jieba.lcut: not installed (pip install -e '.[bench]')")
        return 0
    jieba_rate = text_bytes / MB / jieba_seconds
    ours = text_bytes / MB / elapsed
    print(f"jieba.lcut (same texts): {jieba_seconds:.1f} s")
    print(f"  {len(phases.texts) / jieba_seconds:8.1f} documents/s")
    print(f"  {jieba_rate:8.3f} MB/s")
    print()
    print(f"ratio: plantool ingest runs at {ours / jieba_rate:.2f}x the speed of jieba.lcut "
          f"({ours:.3f} vs {jieba_rate:.3f} MB/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
