"""Query speed on a whole-corpus database, each command against a bare SQLite count.

Runs each command of issue 9's list (list, search, metric, diff, progress, panel, docs)
in this process through the real command line, ``--rounds`` times, and prints the median
against the yardstick measured in the same run: a bare ``sqlite3`` ``count(*)`` over the
table the command reads. ``--plans`` also prints SQLite's query plan of every statement
the list commands run.

    python benchmarks/queries.py DB [--rounds R] [--only NAME] [--plans]

The database is only read; give it a copy when another process may be writing it.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path and not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402

from plantool.cli import cli  # noqa: E402

# (name, the table it reads, command line)
COMMANDS = [
    ("list --region 广东省 --limit 50", "commitments",
     ["list", "--region", "广东省", "--limit", "50", "--json"]),
    ("list --statements --search 高质量发展 --limit 20", "statements",
     ["list", "--statements", "--search", "高质量发展", "--limit", "20", "--json"]),
    ("list --statements --search 养老 --limit 20", "statements",
     ["list", "--statements", "--search", "养老", "--limit", "20", "--json"]),
    ("list --search 乡村振兴战略 --limit 20", "commitments",
     ["list", "--search", "乡村振兴战略", "--limit", "20", "--json"]),
    ("list --metric 地区生产总值 --limit 0", "commitments",
     ["list", "--metric", "地区生产总值", "--limit", "0", "--json"]),
    ("docs", "documents", ["docs", "--json"]),
    ("diff 2022 2023 --region 浙江省", "commitments",
     ["diff", "2022", "2023", "--region", "浙江省", "--json"]),
    ("progress --region 广东省", "commitments",
     ["progress", "--region", "广东省", "--json", "--limit", "0"]),
    ("progress --summary", "commitments", ["progress", "--summary", "--json"]),
    ("panel --metric 地区生产总值 --level province", "commitments",
     ["panel", "--metric", "地区生产总值", "--level", "province", "--json"]),
]


def yardstick(db: str, table: str) -> float:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    start = time.perf_counter()
    conn.execute(f"select count(*) from {table}").fetchone()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def run(db: str, args: list[str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["--db", db, *args])
    elapsed = time.perf_counter() - start
    return elapsed, result.exit_code, (result.stderr or "")[-200:]


def plans(db: str, args: list[str]) -> None:
    """The query plan of each statement a command runs (traced while it runs)."""
    from plantool import store

    seen: list[str] = []
    real_open = store.open_db

    def traced(*a, **k):
        opened = real_open(*a, **k)
        opened.conn.set_trace_callback(seen.append)
        return opened

    store.open_db = traced
    try:
        CliRunner().invoke(cli, ["--db", db, *args])
    finally:
        store.open_db = real_open
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.create_function("plantool_fold", 1, lambda text: text, deterministic=True)
    for sql in seen:
        if sql.lstrip().lower().startswith("select") and "sqlite_master" not in sql:
            try:
                rows = conn.execute("explain query plan " + sql).fetchall()
            except sqlite3.Error as error:  # a statement that needs plantool's functions
                rows = [(0, 0, 0, f"(not planned here: {error})")]
            print("    " + " ".join(sql.split())[:160])
            for row in rows:
                print(f"      {row[3]}")
    conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="a whole-corpus plantool database (only read)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", help="run only the commands whose name contains this")
    parser.add_argument("--plans", action="store_true", help="print each query's plan")
    args = parser.parse_args(argv)
    if not Path(args.db).is_file():
        parser.error(f"no database at {args.db}")
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    sizes = {t: conn.execute(f"select count(*) from {t}").fetchone()[0]
             for t in ("documents", "statements", "commitments")}
    conn.close()
    print(f"database: {args.db}, {os.path.getsize(args.db) / 1e6:.0f} MB, " +
          ", ".join(f"{n} {t}" for t, n in sizes.items()))
    print(f"load average: {os.getloadavg()[0]:.2f} (2 cores)")
    run(args.db, ["path"])  # imports, once
    for name, table, command in COMMANDS:
        if args.only and args.only not in name:
            continue
        times, ticks = [], []
        for _ in range(args.rounds):
            ticks.append(yardstick(args.db, table))
            elapsed, code, err = run(args.db, command)
            times.append(elapsed)
        ours, floor = statistics.median(times), statistics.median(ticks)
        status = "" if code == 0 else f"  exit {code}: {err.strip()}"
        print(f"{name:48} {ours * 1000:8.0f} ms  = {ours / floor:7.1f}x count(*) of "
              f"{table} ({floor * 1000:.0f} ms){status}")
        if args.plans and name.startswith("list"):
            plans(args.db, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
