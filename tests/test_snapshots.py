"""Behaviour locked by snapshots: the JSONL output of the commands on the seeds and on a
fixed sample of corpus documents.

A refactor or a speed-up keeps every file in ``tests/snapshots/`` byte-identical. An
intended change regenerates them with ``PLANTOOL_UPDATE_SNAPSHOTS=1 pytest
tests/test_snapshots.py`` in a commit of its own that says why.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from plantool.cli import cli

from .conftest import CORPUS, SEEDS

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("PLANTOOL_UPDATE_SNAPSHOTS") == "1"

# (snapshot name, command line) for each database; every command prints JSONL.
SEED_COMMANDS = [
    ("list", ["list", "--limit", "0", "--format", "jsonl"]),
    ("list_statements", ["list", "--statements", "--limit", "0", "--format", "jsonl"]),
    ("docs", ["docs", "--format", "jsonl"]),
    ("diff_years", ["diff", "2023", "2024", "--region", "大连市", "--format", "jsonl"]),
    ("diff_districts", ["diff", "沙河口区", "甘井子区", "--year", "2025", "--format", "jsonl"]),
    ("diff_all_regions", ["diff", "2021-2025", "2025", "--format", "jsonl"]),
    ("diff_statements", ["diff", "沙河口区", "甘井子区", "--statements", "--format", "jsonl"]),
    ("progress", ["progress", "--limit", "0", "--format", "jsonl"]),
    ("progress_summary", ["progress", "--summary", "--format", "jsonl"]),
    ("show", ["show", "6", "--format", "json"]),
    ("list_span", ["list", "--year", "2021-2025", "--limit", "0", "--format", "jsonl"]),
]
CORPUS_COMMANDS = [
    ("list", ["list", "--limit", "0", "--format", "jsonl"]),
    ("list_statements", ["list", "--statements", "--limit", "0", "--format", "jsonl"]),
    ("docs", ["docs", "--format", "jsonl"]),
    ("diff_years", ["diff", "2022", "2023", "--region", "浙江省", "--format", "jsonl"]),
    ("diff_provinces", ["diff", "广东省", "山东省", "--year", "2023", "--format", "jsonl"]),
    ("diff_national", ["diff", "2016", "2017", "--region", "全国", "--format", "jsonl"]),
    ("progress", ["progress", "--limit", "0", "--format", "jsonl"]),
    ("progress_region", ["progress", "--region", "辽宁省", "--limit", "0", "--format", "jsonl"]),
    ("progress_summary", ["progress", "--summary", "--format", "jsonl"]),
    ("list_metric", ["list", "--metric", "地区生产总值", "--limit", "0", "--format", "jsonl"]),
    ("list_search", ["list", "--statements", "--search", "高质量发展", "--limit", "0",
                     "--format", "jsonl"]),
]


def corpus_sample() -> list[Path]:
    lines = (SNAPSHOTS / "corpus_sample.txt").read_text(encoding="utf-8").splitlines()
    return [CORPUS / line for line in lines if line.strip() and not line.startswith("#")]


def _normalise(text: str, roots: dict[str, Path]) -> str:
    """Machine paths become placeholders, so that snapshots hold on any checkout."""
    for name, root in roots.items():
        text = text.replace(str(root.resolve()), f"<{name}>").replace(str(root), f"<{name}>")
    return text


def _ingest(db: Path, root: Path, paths: list[Path]) -> str:
    """Ingest ``paths`` given relative to ``root``, so that the summary's column widths do
    not depend on where the checkout lives."""
    here = os.getcwd()
    os.chdir(root)
    try:
        relative = [str(p.relative_to(root)) for p in paths]
        result = CliRunner().invoke(cli, ["--db", str(db), "ingest", *relative])
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    return result.stderr


def _check(directory: Path, name: str, produced: str) -> None:
    """Compare with ``directory/name`` (gzip-compressed when the name ends in .gz)."""
    path = directory / name
    packed = name.endswith(".gz")
    if UPDATE:
        directory.mkdir(parents=True, exist_ok=True)
        data = produced.encode("utf-8")
        path.write_bytes(gzip.compress(data, mtime=0) if packed else data)
        return
    assert path.exists(), f"no snapshot {path}: run with PLANTOOL_UPDATE_SNAPSHOTS=1"
    data = path.read_bytes()
    expected = (gzip.decompress(data) if packed else data).decode("utf-8")
    if produced != expected:
        produced_lines, expected_lines = produced.splitlines(), expected.splitlines()
        first = next((i for i, (a, b) in enumerate(zip(produced_lines, expected_lines, strict=False))
                      if a != b), min(len(produced_lines), len(expected_lines)))
        pytest.fail(f"{path.name} differs from line {first + 1} "
                    f"({len(produced_lines)} lines, snapshot {len(expected_lines)}):\n"
                    f"  got:      {produced_lines[first:first + 1]}\n"
                    f"  snapshot: {expected_lines[first:first + 1]}")


@pytest.fixture(scope="module")
def seed_snapshot_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("snap") / "seeds.db"
    summary = _ingest(db, SEEDS, sorted(SEEDS.glob("*.txt")))
    return db, summary


@pytest.fixture(scope="module")
def corpus_snapshot_db(tmp_path_factory):
    paths = corpus_sample()
    missing = [p for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"corpus snapshots: {len(missing)} of {len(paths)} sample files absent "
                    f"(../shared/corpus not present?)")
    db = tmp_path_factory.mktemp("snap") / "corpus.db"
    return db, _ingest(db, CORPUS, paths)


def _run(db: Path, args: list[str], roots: dict[str, Path]) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return _normalise(result.stdout, roots)


def test_seed_ingest_summary(seed_snapshot_db):
    _, summary = seed_snapshot_db
    _check(SNAPSHOTS / "seeds", "ingest.txt", _normalise(summary, {"seeds": SEEDS}))


@pytest.mark.parametrize("name,args", SEED_COMMANDS, ids=[n for n, _ in SEED_COMMANDS])
def test_seed_snapshot(seed_snapshot_db, name, args):
    db, _ = seed_snapshot_db
    _check(SNAPSHOTS / "seeds", f"{name}.jsonl", _run(db, args, {"seeds": SEEDS}))


@pytest.mark.corpus
def test_corpus_ingest_summary(corpus_snapshot_db):
    _, summary = corpus_snapshot_db
    _check(SNAPSHOTS / "corpus", "ingest.txt", _normalise(summary, {"corpus": CORPUS}))


@pytest.mark.corpus
@pytest.mark.parametrize("name,args", CORPUS_COMMANDS, ids=[n for n, _ in CORPUS_COMMANDS])
def test_corpus_snapshot(corpus_snapshot_db, name, args):
    db, _ = corpus_snapshot_db
    _check(SNAPSHOTS / "corpus", f"{name}.jsonl.gz", _run(db, args, {"corpus": CORPUS}))
