"""Ingest throughput on a directory of real documents, with jieba as a yardstick.

Ingests the documents under DIR (default: ../shared/corpus, when present) into a fresh
temporary database through the real code path (plantool.ingest.ingest_items: read,
extract, store), then runs ``jieba.lcut`` over the same decoded texts, and prints both
throughputs and their ratio. jieba comes with the ``bench`` extra:
``pip install -e '.[bench]'``.

    python benchmarks/ingest.py [DIR] [--limit N] [--jobs N] [--repeat R] [--no-jieba]

``--limit N`` takes N files spread evenly over the sorted list, so that a sample covers
every folder. ``--jobs N`` ingests the same files again with N worker processes, right
after each single-process run, and prints the ratio of the two throughputs (``--repeat``
alternates the pair R times: on a busy machine, read the median). The load average is
printed before and after. Timings are wall-clock on this machine; nothing here is
asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
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
    """Wall time spent in read, extract and store, by wrapping the functions ingest calls.

    Only the calls made in this process are timed: with ``--jobs`` above 1 the
    extraction runs in the workers, and the split shows what the writer itself spent.
    """

    def __init__(self, keep_texts: bool = False) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.texts: list[str] = []
        self.keep_texts = keep_texts
        self._undo: list = []

    def wrap(self, module, name: str, phase: str, keep_text: bool = False) -> None:
        real = getattr(module, name)

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                result = real(*args, **kwargs)
            finally:
                self.seconds[phase] += time.perf_counter() - start
            if keep_text and self.keep_texts:
                self.texts.append(result.text)
            return result

        setattr(module, name, timed)
        self._undo.append((module, name, real))

    def __enter__(self) -> Phases:
        self.wrap(read, "read", "read and decode", keep_text=True)
        self.wrap(pipeline, "process", "extract")
        self.wrap(store, "save_document", "store")
        return self

    def __exit__(self, *exc) -> None:
        for module, name, real in reversed(self._undo):
            setattr(module, name, real)
        self._undo.clear()


@dataclass
class Run:
    jobs: int
    results: list
    seconds: float
    phases: Phases
    db_bytes: int
    cpu_self: float = 0.0  # CPU seconds of this process (the reader and writer)
    cpu_workers: float = 0.0  # CPU seconds of the worker processes


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run_ingest(files: list[str], db_path: str, jobs: int, keep_texts: bool = False) -> Run:
    """One ingest of ``files`` into a fresh database at ``db_path``."""
    db = store.open_db(db_path)
    own, workers = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
    with Phases(keep_texts) as phases:
        start = time.perf_counter()
        results = ingest.ingest_items(db, files, jobs=jobs)
        elapsed = time.perf_counter() - start
    db.close()
    return Run(jobs, results, elapsed, phases, os.path.getsize(db_path),
               cpu_seconds(resource.RUSAGE_SELF) - own,
               cpu_seconds(resource.RUSAGE_CHILDREN) - workers)


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


def print_run(run: Run, text_bytes: int, label: str) -> None:
    ok = [r for r in run.results if r.ok]
    print(f"{label}: {len(ok)} documents ({len(run.results) - len(ok)} failed), "
          f"{sum(r.statements for r in ok)} statements, "
          f"{sum(r.commitments for r in ok)} commitments in {run.seconds:.1f} s")
    print(f"  {len(run.results) / run.seconds:8.1f} documents/s")
    print(f"  {text_bytes / MB / run.seconds:8.3f} MB/s")
    for phase, seconds in run.phases.seconds.items():
        print(f"  {phase:>16}: {seconds:7.1f} s ({100 * seconds / run.seconds:4.1f} %)")
    print(f"  database: {run.db_bytes / MB:.1f} MB")
    print(f"  CPU: {run.cpu_self:.1f} s in this process, {run.cpu_workers:.1f} s in workers "
          f"({(run.cpu_self + run.cpu_workers) / run.seconds:.2f} cores busy on average)")
    for r in run.results:
        if not r.ok:
            print(f"  failed: {r.path}: {r.reason}")


def load_line() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=str(DEFAULT_DIR),
                        help="documents to ingest (default: %(default)s)")
    parser.add_argument("--limit", type=int, default=0, metavar="N",
                        help="ingest N files spread over the directory (default: all)")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="also ingest with N worker processes and print the ratio of "
                             "its throughput to one process's (default: 1, no comparison)")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="alternate the runs R times and report medians (default: 1)")
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
    print(f"before: {load_line()}")

    singles, parallels = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for attempt in range(args.repeat):
            singles.append(run_ingest(files, os.path.join(tmp, f"one{attempt}.db"), 1,
                                      keep_texts=attempt == 0))
            if args.jobs > 1:
                parallels.append(run_ingest(files, os.path.join(tmp, f"par{attempt}.db"),
                                            args.jobs))
    print(f"after:  {load_line()}")
    texts = singles[0].phases.texts
    text_bytes = sum(len(t.encode("utf-8")) for t in texts)
    print(f"text:   {text_bytes / MB:.1f} MB decoded (UTF-8), the measure of every rate below")
    print()
    single = median_run(singles)
    print_run(single, text_bytes, f"plantool ingest --jobs 1 (median of {len(singles)})")
    if parallels:
        par = median_run(parallels)
        print()
        print_run(par, text_bytes, f"plantool ingest --jobs {args.jobs} "
                                   f"(median of {len(parallels)}; split: this process only)")
        pairs = list(zip(singles, parallels, strict=True))
        ratios = sorted(s.seconds / p.seconds for s, p in pairs)
        cpu = sorted((p.cpu_self + p.cpu_workers) / s.cpu_self for s, p in pairs)
        print()
        print(f"ratio: --jobs {args.jobs} runs at {statistics.median(ratios):.2f}x the "
              f"throughput of --jobs 1 (each pair run back to back: "
              f"{', '.join(f'{r:.2f}' for r in ratios)})")
        print(f"  CPU spent, --jobs {args.jobs} over --jobs 1: {statistics.median(cpu):.2f}x "
              f"(the cost of the workers); the wall ratio can only reach --jobs when the "
              f"machine has that many cores free for this session")
    if args.no_jieba:
        return 0
    print()
    jieba_seconds = run_jieba(texts)
    if jieba_seconds is None:
        print("jieba.lcut: not installed (pip install -e '.[bench]')")
        return 0
    jieba_rate = text_bytes / MB / jieba_seconds
    print(f"jieba.lcut (same texts): {jieba_seconds:.1f} s")
    print(f"  {len(texts) / jieba_seconds:8.1f} documents/s")
    print(f"  {jieba_rate:8.3f} MB/s")
    print()
    for run in [single] + ([median_run(parallels)] if parallels else []):
        ours = text_bytes / MB / run.seconds
        print(f"ratio: plantool ingest --jobs {run.jobs} runs at {ours / jieba_rate:.2f}x the "
              f"speed of jieba.lcut ({ours:.3f} vs {jieba_rate:.3f} MB/s)")
    return 0


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


if __name__ == "__main__":
    sys.exit(main())
