"""ingest --jobs N: extraction in worker processes, one writer, the results (ids, order,
statuses, rows) of a single-process run; the ordered pool behind it."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from plantool import ingest, parallel, store
from plantool.cli import cli

from .conftest import SEEDS, corpus_file

PLAN = ("大连市养老服务实施方案\n"
        "到2025年，新增家庭养老床位1000张，新建社区食堂20个。\n"
        "全市养老机构护理型床位占比达到60%以上。\n")


def run(*args: str, input: bytes | str | None = None):
    result = CliRunner().invoke(cli, list(args), input=input)
    assert "Traceback" not in result.output, result.output
    return result


def rows(db_path: Path) -> list:
    """Every stored row but the ingest times, in id order."""
    conn = sqlite3.connect(db_path)
    try:
        documents = conn.execute("select * from documents order by id").fetchall()
        return [[d[:-1] for d in documents]] + [
            conn.execute(f"select * from {t} order by id").fetchall()
            for t in ("statements", "commitments")]
    finally:
        conn.close()


def plans(folder: Path, count: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"plan{i:02d}.txt"
        path.write_text(PLAN.replace("20个", f"{20 + i}个"), encoding="utf-8")
        paths.append(path)
    return paths


def double(x: int) -> int:
    return 2 * x


def die_on_three(x: int) -> int:
    if x == 3:
        os._exit(1)  # the worker process ends without answering
    return x


def test_ordered_map_keeps_the_order_and_passes_undispatched_tasks_through():
    tasks = [(i, None if i % 3 == 0 else (i,)) for i in range(40)]
    assert list(parallel.ordered_map(double, tasks, 2)) == \
        [(i, None if i % 3 == 0 else 2 * i) for i in range(40)]


def test_a_dying_worker_fails_only_its_own_task():
    answers = dict(parallel.ordered_map(die_on_three, [(i, (i,)) for i in range(8)], 2))
    assert isinstance(answers.pop(3), parallel.WorkerDied)
    assert answers == {i: i for i in range(8) if i != 3}


def test_jobs_two_stores_what_one_process_stores(tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert run("--db", str(one), "ingest", "--jobs", "1", str(SEEDS)).exit_code == 0
    result = run("--db", str(two), "ingest", "--jobs", "2", str(SEEDS))
    assert result.exit_code == 0, result.output
    assert rows(one) == rows(two)
    assert result.stderr.rstrip().endswith("5 documents: 5 added; 0 failed")


def test_results_come_back_in_input_order_with_their_ids(tmp_path):
    files = plans(tmp_path / "plans", 9)
    db = store.open_db(str(tmp_path / "p.db"))
    seen = []
    results = ingest.ingest_paths(db, [str(f) for f in reversed(files)], jobs=2,
                                  on_file=seen.append)
    assert seen == results
    assert [r.path for r in results] == [str(f) for f in reversed(files)]
    assert [r.doc_id for r in results] == list(range(1, 10))
    assert [d["name"] for d in store.documents(db)] == [f.name for f in reversed(files)]


def test_stored_text_is_not_sent_to_a_worker_unless_forced(tmp_path, monkeypatch):
    files = plans(tmp_path / "plans", 4)
    db = store.open_db(str(tmp_path / "p.db"))
    ingest.ingest_paths(db, [str(f) for f in files[:2]], jobs=1)
    sent = []
    real = parallel.ordered_map

    def counting(func, tasks, jobs, **kwargs):
        def spy():
            for tag, args in tasks:
                sent.append(args is not None)
                yield tag, args
        return real(func, spy(), jobs, **kwargs)

    monkeypatch.setattr(parallel, "ordered_map", counting)
    results = ingest.ingest_paths(db, [str(f) for f in files], jobs=2)
    assert sent == [False, False, True, True]
    assert [r.status for r in results] == ["unchanged", "unchanged", "added", "added"]
    sent.clear()
    results = ingest.ingest_paths(db, [str(f) for f in files], jobs=2, force=True)
    assert sent == [True] * 4 and {r.status for r in results} == {"forced"}


def test_the_same_text_twice_in_one_run_is_a_duplicate_as_in_one_process(tmp_path):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "c.txt").write_text(PLAN + "到2027年，建成区域养老服务中心15个。\n",
                                    encoding="utf-8")
    statuses = {}
    for jobs in (1, 2):
        db = store.open_db(str(tmp_path / f"{jobs}.db"))
        results = ingest.ingest_paths(db, [str(tmp_path)], jobs=jobs)
        statuses[jobs] = [(r.status, r.doc_id, r.note) for r in results]
    assert statuses[1] == statuses[2]
    assert [s for s, _, _ in statuses[2]] == ["added", "duplicate", "added"]
    assert rows(tmp_path / "1.db") == rows(tmp_path / "2.db")


def test_a_file_whose_worker_dies_fails_alone(tmp_path, monkeypatch):
    from plantool import pipeline

    files = plans(tmp_path / "plans", 5)
    files[2].write_text("坏文件：新增床位100张。\n", encoding="utf-8")
    real = pipeline.process

    def process(text, *args, **kwargs):
        if text.startswith("坏文件"):
            os._exit(1)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(pipeline, "process", process)  # the forked workers inherit it
    result = run("ingest", "--jobs", "2", str(tmp_path / "plans"))
    assert result.exit_code == 1
    assert f"error: {files[2]}: the worker process extracting it died" in result.stderr
    assert "4 documents: 4 added; 1 failed" in result.stderr


def test_analyst_aliases_key_documents_stored_from_workers(tmp_path):
    plans(tmp_path / "plans", 3)
    db_path = str(tmp_path / "p.db")
    assert run("--db", db_path, "alias", "养老床位", "家庭养老床位").exit_code == 0
    assert run("--db", db_path, "ingest", "-j", "2", str(tmp_path / "plans")).exit_code == 0
    keys = {r[0] for r in sqlite3.connect(db_path).execute(
        "select metric_key from commitments where metric like '%家庭养老床位%'")}
    assert keys == {"养老床位"}


def test_jobs_must_be_positive():
    result = run("ingest", "--jobs", "0", str(SEEDS))
    assert result.exit_code == 2 and "--jobs" in result.output


@pytest.mark.corpus
def test_jobs_two_on_real_reports_matches_one_process(tmp_path):
    files = [str(corpus_file("政府工作报告-主要城市", "大连市", "2012.md")),
             str(corpus_file("政府工作报告-国务院", "2017.md")),
             str(corpus_file("政府工作报告-主要城市", "大连市", "2013.md"))]
    for jobs in (1, 2):
        db = store.open_db(str(tmp_path / f"{jobs}.db"))
        assert all(r.ok for r in ingest.ingest_paths(db, files, jobs=jobs))
        db.close()
    assert rows(tmp_path / "1.db") == rows(tmp_path / "2.db")


WRITER_KILLED = """
import multiprocessing, os, signal, sys, time
from plantool import parallel

def pid_after(seconds):
    time.sleep(seconds)
    return os.getpid()

mapped = parallel.ordered_map(pid_after, [(i, (0.2,)) for i in range(20)], 2)
next(mapped)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_end_when_the_writer_is_killed():
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", WRITER_KILLED], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(root)}, timeout=120)
    workers = [int(p) for p in done.stdout.split()]
    assert done.returncode == -9 and len(workers) == 2, done.stderr
    deadline = time.monotonic() + 60  # a bound on a busy machine, not a speed claim
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers)
