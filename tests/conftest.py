"""Shared fixtures: no test touches a real database or the user's PLANTOOL_DB."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(autouse=True)
def isolated_db(tmp_path, monkeypatch):
    """Point PLANTOOL_DB at a fresh file in a temporary directory for every test."""
    path = tmp_path / "plantool.db"
    monkeypatch.setenv("PLANTOOL_DB", str(path))
    monkeypatch.chdir(tmp_path)
    return path


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory):
    """A database with the five seed documents ingested through the real pipeline."""
    from plantool import ingest, store

    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    db = store.open_db(str(path))
    results = ingest.ingest_paths(db, [str(SEEDS)])
    assert all(r.ok for r in results), [r.reason for r in results if not r.ok]
    return str(path)


@pytest.fixture
def seeds_copy(seeds_db, isolated_db) -> Path:
    """A writable copy of the seeds database as this test's default ($PLANTOOL_DB): for
    tests that change it or re-ingest the seeds, without ingesting them again."""
    shutil.copyfile(seeds_db, isolated_db)
    return isolated_db


@pytest.fixture
def make_db(tmp_path) -> Callable[..., Path]:
    """``make_db({"plan.txt": "到2025年，新建社区食堂20个。"}) -> path``: a database built
    from tiny documents through the real pipeline (read, extract, store) in milliseconds.
    Each call makes a new database; ``name=`` picks its file name."""
    from plantool import ingest, store

    made = 0

    def build(documents: dict[str, str], name: str = "") -> Path:
        nonlocal made
        made += 1
        folder = tmp_path / f"make_db_{made}"
        folder.mkdir()
        for file_name, text in documents.items():
            (folder / file_name).write_text(text, encoding="utf-8")
        path = tmp_path / (name or f"made_{made}.db")
        db = store.open_db(str(path))
        results = ingest.ingest_paths(db, [str(folder / n) for n in documents])
        assert all(r.ok for r in results), [r.reason for r in results if not r.ok]
        db.close()
        return path

    return build


def db_snapshot(db_path) -> list:
    """Every row a re-ingest could change, ingest times included."""
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return [conn.execute(f"select * from {t} order by id").fetchall()
                for t in ("documents", "statements", "commitments")]
    finally:
        conn.close()


def corpus_file(*parts: str) -> Path:
    """A file of ../shared/corpus, or skip the test when the corpus is absent."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus file {path} not present (../shared/corpus absent?)")
    return path


def foreign_database(path) -> str:
    """An SQLite file of some other application (one table of its own), for refusal tests."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("create table notes (body text)")
    conn.commit()
    conn.close()
    return str(path)


def cli_run(*args: str):
    """``plantool ARGS`` in-process; a traceback in its output fails the test."""
    from click.testing import CliRunner

    from plantool.cli import cli

    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output, result.output
    return result


@pytest.fixture
def seeds(seeds_db, monkeypatch):
    """The seeds' database as $PLANTOOL_DB."""
    monkeypatch.setenv("PLANTOOL_DB", seeds_db)
    return seeds_db


def sample_statement(**fields) -> dict:
    """A statement record as process() makes one, with ``fields`` changed."""
    base = {"id": 1, "text": "新增养老床位1000张。", "start": 0, "end": 12, "section": "",
            "region": "某市", "period": "2025", "kind": "target", "sector": "elderly"}
    return {**base, **fields}


def sample_commitment(**fields) -> dict:
    """A commitment record as process() makes one, with ``fields`` changed."""
    base = {"statement_id": 1, "quote": "新增养老床位1000张", "start": 0, "end": 11,
            "region": "某市", "period": "2025", "kind": "target", "metric": "养老床位",
            "metric_key": "养老床位", "action": "新增", "measure": "amount", "value": 1000,
            "value_max": None, "unit": "张", "unit_family": "count", "qualifier": "",
            "sector": "elderly"}
    return {**base, **fields}
