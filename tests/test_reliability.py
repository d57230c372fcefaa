"""Reliability of the store under real processes: kill -9 in the middle of an ingest,
several ingests into one file at once, a reader looping while an ingest writes, many
first opens of a missing database at once, and an interrupted first open.

The tests marked ``slow`` start plantool in subprocesses (about 20-60 s each on a busy
two-core machine); the others take a second or two.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plantool import store

from .conftest import ROOT, SEEDS

TEXTS = {f"doc{i:02d}.txt": f"某市第{i}号规划\n到2025年，新建社区食堂{i + 20}个，"
         f"新增养老床位{i * 100 + 5}张。\n2024年，全市改造老旧小区{i}.5万户。\n"
         f"今年，力争新增就业岗位{i + 3}万个。\n" for i in range(12)}


def tiny_corpus(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    return paths


def plantool(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "plantool", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def ingest(db: Path, *paths: Path | str) -> subprocess.CompletedProcess:
    process = plantool("--db", str(db), "ingest", *map(str, paths))
    out, err = process.communicate(timeout=600)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def content(db: Path) -> dict[str, list]:
    """Every stored row but ingest times, ids included, by table."""
    conn = sqlite3.connect(db)
    try:
        docs = [r[:-1] for r in conn.execute("select * from documents order by id")]
        return {"documents": docs,
                "statements": conn.execute("select * from statements order by id").fetchall(),
                "commitments": conn.execute("select * from commitments order by id").fetchall()}
    finally:
        conn.close()


def by_path(db: Path) -> set[tuple]:
    """Every stored record keyed by its document's path and its place in it (no ids): what
    two runs that interleave documents differently must agree on."""
    conn = sqlite3.connect(db)
    try:
        docs = {i: p for i, p in conn.execute("select id, path from documents")}
        rows = {("document", p, h) for p, h in conn.execute(
            "select path, content_hash from documents")}
        for table, cols in (("statements", "seq, text, section, region, period, kind"),
                            ("commitments", "seq, quote, metric_key, value, unit, period")):
            rows |= {(table, docs[r[0]], *r[1:]) for r in conn.execute(
                f"select doc_id, {cols} from {table}")}
        return rows
    finally:
        conn.close()


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        for table in ("documents_fts", "commitments_fts"):
            conn.execute(f"insert into {table} ({table}, rank) values ('integrity-check', 1)")
        return conn.execute("pragma integrity_check").fetchone()[0]
    finally:
        conn.close()


# --- kill -9 ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_kill_9_at_random_points_then_an_exact_resume(tmp_path):
    files = sorted(tiny_corpus(tmp_path / "docs")) + sorted(SEEDS.glob("*.txt"))
    reference = tmp_path / "reference.db"
    started = time.monotonic()
    assert ingest(reference, *files).returncode == 0
    whole = time.monotonic() - started
    expected = content(reference)
    random.seed(11)
    kills = 0
    for round_ in range(4):
        killed = tmp_path / f"killed{round_}.db"
        process = plantool("--db", str(killed), "ingest", *map(str, files))
        time.sleep(random.uniform(0.2, 0.95) * whole)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.communicate()
        if killed.exists():
            assert integrity(killed) == "ok"
        assert ingest(killed, *files).returncode == 0
        assert content(killed) == expected
    assert kills >= 3


def _killed_during_creation(path: str) -> None:
    from plantool.store import layout

    real = layout.upgrade_to_compact

    def dying(conn):
        real(conn)
        os.kill(os.getpid(), signal.SIGKILL)  # after the tables, before the commit

    layout.upgrade_to_compact = dying
    store.open_db(path)


def test_a_first_open_killed_half_way_leaves_a_database_that_opens(tmp_path):
    path = tmp_path / "new.db"
    child = multiprocessing.get_context("fork").Process(target=_killed_during_creation,
                                                        args=(str(path),))
    child.start()
    child.join(60)
    assert child.exitcode == -signal.SIGKILL
    db = store.open_db(str(path))  # no "SQLite database of something else"
    assert store.documents(db) == [] and "commitments_view" in db.view_names()


# --- concurrent writers --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_ingests_of_disjoint_parts_equal_a_sequential_run(tmp_path, writers):
    files = sorted(tiny_corpus(tmp_path / "docs"))
    sequential = tmp_path / "sequential.db"
    assert ingest(sequential, *files).returncode == 0
    shared = tmp_path / "shared.db"
    processes = [plantool("--db", str(shared), "ingest", *map(str, files[i::writers]))
                 for i in range(writers)]
    for process in processes:
        _, err = process.communicate(timeout=600)
        assert process.returncode == 0, err.decode()
    assert by_path(shared) == by_path(sequential)
    assert len(content(shared)["documents"]) == len(files)
    assert integrity(shared) == "ok"


@pytest.mark.slow
def test_concurrent_ingests_of_the_same_files_store_each_once(tmp_path):
    files = sorted(tiny_corpus(tmp_path / "docs"))
    shared = tmp_path / "shared.db"
    processes = [plantool("--db", str(shared), "ingest", *map(str, files)) for _ in range(3)]
    for process in processes:
        _, err = process.communicate(timeout=600)
        assert process.returncode == 0, err.decode()
    stored = [d[1] for d in content(shared)["documents"]]
    assert sorted(stored) == sorted(str(f.resolve()) for f in files)


def _save_from_process(path: str, barrier, names: list[str]) -> None:
    db = store.open_db(path)
    barrier.wait()
    for name in names:
        text = TEXTS[name]
        store.save_document(db, path=f"/x/{name}", name=name, text=text, meta={},
                            statements=[], commitments=[])


def test_writers_released_together_wait_their_turn(tmp_path):
    path = str(tmp_path / "race.db")
    store.open_db(path).close()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(4)
    names = sorted(TEXTS)
    children = [context.Process(target=_save_from_process, args=(path, barrier, names))
                for _ in range(4)]
    for child in children:
        child.start()
    for child in children:
        child.join(120)
        assert child.exitcode == 0
    db = store.open_db(path)
    assert sorted(d["name"] for d in store.documents(db)) == names  # each exactly once


# --- a reader during an ingest --------------------------------------------------------------------


@pytest.mark.slow
def test_a_reader_looping_during_an_ingest_never_errors(tmp_path):
    files = sorted(tiny_corpus(tmp_path / "docs")) + sorted(SEEDS.glob("*.txt"))
    db_path = tmp_path / "live.db"
    store.open_db(str(db_path)).close()
    writer = plantool("--db", str(db_path), "ingest", *map(str, files))
    db = store.open_db(str(db_path), create=False)
    reads = 0
    while writer.poll() is None:
        with store.snapshot(db):
            docs = store.documents(db)
            records = store.commitments(db)
            statements = store.statements(db, store.Filters(search="养老床位"))
        known = {d["name"] for d in docs}
        assert {r["doc"] for r in records} <= known  # one snapshot: no record without its doc
        assert all("养老床位" in s["text"] for s in statements)
        reads += 1
    assert writer.returncode == 0 and reads > 1


# --- first opens ------------------------------------------------------------------------------------


def _first_open(path: str, barrier, results) -> None:
    barrier.wait()
    try:
        db = store.open_db(path)
        store.documents(db)
        results.put("ok")
    except Exception as error:  # any failure is what the test counts
        results.put(f"{type(error).__name__}: {error}")


def test_eighty_concurrent_first_opens_all_succeed(tmp_path):
    path = str(tmp_path / "fresh.db")
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(80)
    results = context.Queue()
    children = [context.Process(target=_first_open, args=(path, barrier, results))
                for _ in range(80)]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=300) for _ in children]
    for child in children:
        child.join(60)
    assert outcomes == ["ok"] * 80
    conn = sqlite3.connect(path)
    assert conn.execute("select count(*) from _sqlite_migrations").fetchone()[0] == 4


# --- injection through the command line --------------------------------------------------------------


@pytest.mark.parametrize("value", ['"', "*", "NEAR(", "'; drop table documents; --", "%", "_"])
@pytest.mark.parametrize("option", ["--search", "--region", "--metric", "--doc"])
def test_hostile_filter_values_are_data(seeds_copy, option, value):
    from click.testing import CliRunner

    from plantool.cli import cli

    result = CliRunner().invoke(cli, ["list", option, value, "--json", "--limit", "0"])
    assert "Traceback" not in result.output and result.exception is None or \
        isinstance(result.exception, SystemExit)
    db = store.open_db(str(seeds_copy))
    assert len(store.documents(db)) == 5
