"""extract → JSONL shards → load: the rows ingest stores, loading twice changes nothing,
input order kept across shards, bad files and damaged lines reported; the Dask recipe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from plantool import shards, store
from plantool.cli import cli

from .conftest import SEEDS, corpus_file, db_snapshot

PLAN = ("大连市养老服务实施方案\n"
        "到2025年，新增家庭养老床位1000张，新建社区食堂20个。\n")


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def listing(db: Path) -> list[str]:
    """What a user sees of a database: commitments, statements and documents as JSONL."""
    out = []
    for args in (["list", "--limit", "0"], ["list", "--statements", "--limit", "0"], ["docs"]):
        result = run("--db", str(db), *args, "--format", "jsonl")
        assert result.exit_code == 0, result.output
        out.append(result.stdout)
    return out


def plans(folder: Path, count: int) -> list[Path]:
    folder.mkdir(exist_ok=True)
    for i in range(count):
        (folder / f"plan{i:02d}.txt").write_text(PLAN.replace("20个", f"{20 + i}个"),
                                                 encoding="utf-8")
    return sorted(folder.glob("*.txt"))


def test_loading_the_shards_of_the_seeds_gives_the_ingested_database(tmp_path):
    ingested, loaded = tmp_path / "ingested.db", tmp_path / "loaded.db"
    assert run("--db", str(ingested), "ingest", str(SEEDS)).exit_code == 0
    result = run("extract", str(SEEDS), "--out", str(tmp_path / "out"), "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert "5 documents extracted into 2 shards" in result.stderr
    result = run("--db", str(loaded), "load", *map(str, (tmp_path / "out").glob("*.jsonl")))
    assert result.exit_code == 0, result.output
    assert result.stderr.rstrip().endswith("5 documents: 5 added; 0 failed")
    assert listing(ingested) == listing(loaded)


def test_one_shard_per_worker_each_line_one_document(tmp_path):
    files = plans(tmp_path / "plans", 8)
    found = shards.extract([str(tmp_path / "plans")], str(tmp_path / "out"), jobs=2)
    written = sorted((tmp_path / "out").glob("*.jsonl"))
    assert 1 <= len(written) <= 2 and len(shards.shards_written(found)) == len(written)
    records = [json.loads(line) for f in written for line in f.read_text("utf-8").splitlines()]
    assert sorted(r["seq"] for r in records) == list(range(8))
    assert sorted(Path(r["path"]).name for r in records) == [f.name for f in files]
    first = records[0]
    for key in ("path", "name", "content_hash", "encoding", "format", "meta", "text",
                "statements", "commitments"):
        assert key in first
    assert first["content_hash"] == store.content_hash(first["text"])
    assert not (tmp_path / "plantool.db").exists()  # extraction needs no database


def test_extracting_again_replaces_the_shards_of_the_earlier_run(tmp_path):
    plans(tmp_path / "plans", 3)
    out = tmp_path / "out"
    shards.extract([str(tmp_path / "plans")], str(out), jobs=2)
    shards.extract([str(tmp_path / "plans")], str(out), jobs=1)
    assert len(list(out.glob("*.jsonl"))) == 1
    assert sum(1 for _ in shards.read_documents([str(out)])) == 3


def test_loading_a_shard_twice_changes_nothing(tmp_path):
    plans(tmp_path / "plans", 3)
    shards.extract([str(tmp_path / "plans")], str(tmp_path / "out"), jobs=1)
    db_path = tmp_path / "p.db"
    assert run("--db", str(db_path), "load", str(tmp_path / "out")).exit_code == 0
    before = db_snapshot(db_path)
    result = run("--db", str(db_path), "load", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "3 documents: 3 unchanged; 0 failed" in result.stderr
    assert db_snapshot(db_path) == before


def test_shards_without_seq_load_in_the_natural_order_of_their_names(tmp_path):
    files = plans(tmp_path / "plans", 12)
    out = tmp_path / "parts"
    out.mkdir()
    for i, path in enumerate(files):  # the way dask's to_textfiles names its partitions
        record = shards.extract_document(str(path))
        (out / f"{i}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = store.open_db(str(tmp_path / "p.db"))
    results = shards.load(db, [str(p) for p in out.glob("*.jsonl")])
    assert [Path(r.path).name for r in results] == [f.name for f in files]
    assert [d["name"] for d in store.documents(db)] == [f.name for f in files]


def test_a_bad_file_is_a_failed_line_and_the_others_load(tmp_path):
    plans(tmp_path / "plans", 2)
    (tmp_path / "plans" / "empty.txt").write_text("", encoding="utf-8")
    result = run("extract", str(tmp_path / "plans"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'plans' / 'empty.txt'}: empty file" in result.stderr
    assert "2 documents extracted" in result.stderr and "1 failed" in result.stderr
    result = run("--db", str(tmp_path / "p.db"), "load", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.stderr
    assert "2 documents: 2 added; 1 failed" in result.stderr


def test_damaged_shard_lines_fail_alone(tmp_path):
    plans(tmp_path / "plans", 2)
    shards.extract([str(tmp_path / "plans")], str(tmp_path / "out"), jobs=1)
    shard = next((tmp_path / "out").glob("*.jsonl"))
    lines = shard.read_text("utf-8").splitlines()
    tampered = json.loads(lines[1])
    tampered["text"] += "改"
    shard.write_text("\n".join([lines[0], '{"path": "x", "text": ', json.dumps(tampered)])
                     + "\n", encoding="utf-8")
    db = store.open_db(str(tmp_path / "p.db"))
    results = shards.load(db, [str(shard)])
    assert [r.ok for r in results] == [True, False, False]
    assert "not JSON" in results[1].reason and "content hash" in results[2].reason


def test_extract_document_is_json_ready_and_pure(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    record = shards.extract_document(str(path))
    assert json.loads(json.dumps(record)) == record
    assert record["name"] == "plan.txt" and record["meta"]["region"] == "大连市"
    assert [c["value"] for c in record["commitments"]] == [1000, 20]
    assert shards.extract_document(str(tmp_path / "missing.txt")) == {
        "path": str(tmp_path / "missing.txt"), "error": "no such file or directory"}
    assert shards.extract_document(str(path), seq=7)["seq"] == 7


def test_the_dask_recipe_gives_the_ingested_database(tmp_path):
    """docs/dask.md: dask.bag maps extract_document over the files, plantool load stores."""
    bag = pytest.importorskip("dask.bag", reason="dask is not installed (pip install "
                                                 "'plantool[dask]')")
    import dask

    paths = shards.document_paths([str(SEEDS)])
    with dask.config.set(scheduler="synchronous"):
        (bag.from_sequence(paths, npartitions=3)
            .map(shards.extract_document)
            .map(json.dumps)
            .to_textfiles(str(tmp_path / "shards" / "*.jsonl")))
    assert len(list((tmp_path / "shards").glob("*.jsonl"))) == 3
    loaded, ingested = tmp_path / "loaded.db", tmp_path / "ingested.db"
    assert run("--db", str(loaded), "load", str(tmp_path / "shards")).exit_code == 0
    assert run("--db", str(ingested), "ingest", str(SEEDS)).exit_code == 0
    assert listing(loaded) == listing(ingested)


@pytest.mark.corpus
def test_shards_of_real_reports_load_as_they_ingest(tmp_path):
    files = [str(corpus_file("政府工作报告-主要城市", "大连市", "2012.md")),
             str(corpus_file("政府工作报告-国务院", "2017.md")),
             str(corpus_file("政府工作报告-主要城市", "大连市", "2013.md"))]
    ingested, loaded = tmp_path / "ingested.db", tmp_path / "loaded.db"
    assert run("--db", str(ingested), "ingest", *files).exit_code == 0
    assert run("extract", *files, "-o", str(tmp_path / "out"), "-j", "2").exit_code == 0
    assert run("--db", str(loaded), "load", str(tmp_path / "out")).exit_code == 0
    assert listing(ingested) == listing(loaded)


def test_a_file_name_in_gbk_bytes_survives_the_shard(tmp_path):
    import os

    folder = os.fsencode(tmp_path / "zip")
    os.makedirs(folder)
    with open(folder + b"/\xb9\xa4\xd7\xf7.txt", "w", encoding="utf-8") as file:
        file.write(PLAN)
    found = shards.extract([str(tmp_path / "zip")], str(tmp_path / "out"), jobs=1)
    assert [r.ok for r in found] == [True]
    assert found[0].path.endswith("/工作.txt")  # GBK bytes shown as GB18030
    [record] = list(shards.read_documents([str(tmp_path / "out")]))
    assert record["name"] == "工作.txt"  # GBK bytes read as GB18030
    assert record["path"] == os.fsdecode(os.path.realpath(folder) + b"/\xb9\xa4\xd7\xf7.txt")
