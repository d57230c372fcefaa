"""Ingest: files, directories and stdin into the database, one transaction per document;
identical content changes nothing, a changed file replaces its records, --force
re-extracts; the summary, the progress bar and the per-file errors."""

from __future__ import annotations

import io
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from plantool import ingest, render, store, views
from plantool.cli import cli

from .conftest import SEEDS, corpus_file, db_snapshot

PLAN = ("大连市养老服务实施方案\n"
        "到2025年，新增家庭养老床位1000张，新建社区食堂20个。\n"
        "全市养老机构护理型床位占比达到60%以上。\n")
PLAN_V2 = PLAN + "到2027年，建成区域养老服务中心15个。\n"


def run(*args: str, input: bytes | str | None = None):
    result = CliRunner().invoke(cli, list(args), input=input)
    assert "Traceback" not in result.output
    return result




def db_counts(db_path) -> tuple[int, int, int]:
    conn = sqlite3.connect(db_path)
    try:
        return tuple(conn.execute(f"select count(*) from {t}").fetchone()[0]
                     for t in ("documents", "statements", "commitments"))
    finally:
        conn.close()


def test_ingest_the_seeds_with_a_summary(isolated_db):
    result = run("ingest", str(SEEDS))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # the summary goes to stderr: pipes stay clean
    summary = result.stderr
    for column in views.INGEST_COLUMNS:
        assert column in summary
    assert "2024年大连市政府工作报告" in summary
    assert "大连市" in summary and "沙河口区" in summary
    assert "2021-2025" in summary  # the years of the five-year plan's commitments
    assert summary.rstrip().endswith("5 documents: 5 added; 0 failed")
    documents, statements, commitments = db_counts(isolated_db)
    assert documents == 5 and statements > 500 and commitments > 200


def test_reingesting_identical_content_changes_nothing_and_says_so(seeds_copy):
    before = db_snapshot(seeds_copy)
    result = run("ingest", str(SEEDS))
    assert result.exit_code == 0
    assert "5 documents: 5 unchanged; 0 failed" in result.stderr
    assert result.stderr.count("unchanged") == 6  # five rows and the summary line
    assert db_snapshot(seeds_copy) == before


def test_identical_text_in_another_encoding_is_unchanged(tmp_path, isolated_db):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    assert run("ingest", str(path)).exit_code == 0
    before = db_snapshot(isolated_db)
    path.write_bytes(PLAN.encode("gb18030"))
    result = run("ingest", str(path))
    assert "1 document: 1 unchanged" in result.stderr
    assert db_snapshot(isolated_db) == before


def test_same_text_under_another_path_is_a_duplicate(tmp_path, isolated_db):
    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PLAN, encoding="utf-8")
    result = run("ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert "duplicate: same text as document 1 (a.txt)" in result.stderr
    assert "2 documents: 1 added, 1 duplicate; 0 failed" in result.stderr
    assert db_counts(isolated_db)[0] == 1


def test_a_changed_file_replaces_its_records(tmp_path, isolated_db):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    run("ingest", str(path))
    db = store.open_db(str(isolated_db))
    old = {r["text"] for r in store.query_statements(db, store.Filters())}
    path.write_text(PLAN_V2.replace("1000张", "1200张"), encoding="utf-8")
    result = run("ingest", str(path))
    assert result.exit_code == 0
    assert "1 document: 1 replaced; 0 failed" in result.stderr
    docs = store.documents(db)
    assert len(docs) == 1
    texts = {r["text"] for r in store.query_statements(db, store.Filters())}
    assert "到2027年，建成区域养老服务中心15个。" in texts
    assert not any("1000张" in t for t in texts) and any("1000张" in t for t in old)
    values = {r["value"] for r in store.query_commitments(db, store.Filters())}
    assert 1200 in values and 1000 not in values
    # the full-text index follows: the old sentence is gone from it too
    assert store.query_statements(db, store.Filters(search="1000张")) == []
    assert len(store.query_statements(db, store.Filters(search="1200张"))) == 1


def test_force_reextracts(tmp_path, isolated_db):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    run("ingest", str(path))
    db = store.open_db(str(isolated_db))
    first = list(db["documents"].rows)
    result = run("ingest", "--force", str(path))
    assert "1 document: 1 forced; 0 failed" in result.stderr
    again = list(db["documents"].rows)
    assert len(again) == 1 and again[0]["ingested_at"] != first[0]["ingested_at"]
    assert store.documents(db)[0]["commitments"] > 0


def test_metadata_overrides(tmp_path, isolated_db):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    run("ingest", str(path))
    result = run("ingest", str(path), "--region", "沙河口区", "--year", "2025",
                 "--title", "养老方案", "--type", "implementation_opinions")
    assert "1 replaced" in result.stderr
    doc = store.documents(store.open_db(str(isolated_db)))[0]
    assert (doc["region"], doc["year"], doc["title"], doc["doc_type"]) == (
        "沙河口区", 2025, "养老方案", "implementation_opinions")
    before = db_snapshot(isolated_db)
    again = run("ingest", str(path), "--region", "沙河口区", "--year", "2025",
                "--title", "养老方案", "--type", "implementation_opinions")
    assert "1 unchanged" in again.stderr
    assert db_snapshot(isolated_db) == before


def test_ingest_from_stdin(isolated_db):
    result = run("ingest", "-", input=PLAN.encode("gb18030"))
    assert result.exit_code == 0, result.output
    assert "<stdin>" in result.stderr and "1 added" in result.stderr
    doc = next(store.open_db(str(isolated_db))["documents"].rows_where("id = 1"))
    assert (doc["name"], doc["encoding"]) == ("stdin", "gb18030")
    assert doc["path"].startswith("stdin:")
    again = run("ingest", "-", input=PLAN.encode("utf-8"))
    assert "1 unchanged" in again.stderr


def test_ingest_html_gbk_and_utf16_files(tmp_path, isolated_db):
    html = ('<html><head><meta charset="gb2312"><title>养老服务实施方案_民政局</title></head>'
            '<body><div class="nav"><a href="/">首页</a></div><div id="zoom">'
            '<p>到2025年，新增家庭养老床位1000张。</p></div></body></html>')
    (tmp_path / "page.html").write_bytes(html.encode("gbk"))
    (tmp_path / "gbk.txt").write_bytes(PLAN.encode("gbk"))
    (tmp_path / "u16.md").write_bytes(("# 就业\n\n" + PLAN_V2).encode("utf-16"))
    result = run("ingest", str(tmp_path))
    assert result.exit_code == 0, result.output
    db = store.open_db(str(isolated_db))
    stored = {d["name"]: (d["encoding"], d["format"]) for d in db["documents"].rows}
    assert stored == {"page.html": ("gb18030", "html"), "gbk.txt": ("gb18030", "text"),
                      "u16.md": ("utf-16", "markdown")}
    page = next(db["documents"].rows_where("name = 'page.html'"))
    assert page["title"] == "养老服务实施方案" and "首页" not in page["text"]


def test_each_document_is_one_transaction(tmp_path, isolated_db, monkeypatch):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    run("ingest", str(path))
    before = db_snapshot(isolated_db)
    from plantool.store import writes

    def failing(conn, doc, doc_id):  # the statements are written, the text's gaps fail
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(writes, "_store_text", failing)
    path.write_text(PLAN_V2, encoding="utf-8")
    result = run("ingest", str(path))
    assert result.exit_code == 1
    assert "disk I/O error" in result.stderr
    # the old document was deleted and the new one half-written inside the transaction:
    # both undone together
    assert db_snapshot(isolated_db) == before


def test_save_document_rolls_back_on_error(isolated_db):
    db = store.open_db(str(isolated_db))
    statement = {"id": 1, "text": "新增养老床位1000张。", "start": 0, "end": 12, "section": "",
                 "region": "大连市", "period": "2025", "kind": "target", "sector": "elderly"}
    broken = [{"statement_id": 99, "quote": "1000张", "period": "2025"}]
    with pytest.raises(KeyError):
        store.save_document(db, path="/x/a.txt", name="a.txt", text="新增养老床位1000张。\n",
                            meta={"title": "t"}, statements=[statement], commitments=broken)
    assert db_counts(isolated_db) == (0, 0, 0)
    assert not db.conn.in_transaction


def test_a_failing_file_does_not_stop_the_others(tmp_path, isolated_db, monkeypatch):
    from plantool import pipeline

    (tmp_path / "a.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "b.txt").write_text("坏文件：新增床位。\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text(PLAN_V2, encoding="utf-8")
    real = pipeline.process

    def process(text, *args, **kwargs):
        if text.startswith("坏文件"):
            raise RuntimeError("boom")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(pipeline, "process", process)
    result = run("ingest", str(tmp_path))
    assert result.exit_code == 1  # something failed, but not everything
    assert f"error: {tmp_path / 'b.txt'}: extraction failed (RuntimeError: boom)" in result.stderr
    assert "3 documents" not in result.stderr
    assert "2 documents: 2 added; 1 failed" in result.stderr
    assert db_counts(isolated_db)[0] == 2


def test_ingest_paths_library_call(tmp_path, isolated_db):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "plan.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "plans" / "plan2.md").write_text(PLAN_V2, encoding="utf-8")
    db = store.open_db(str(isolated_db))
    seen = []
    results = ingest.ingest_paths(db, [str(tmp_path / "plans"), "missing.txt"],
                                  on_file=seen.append)
    assert seen == results
    assert [r.ok for r in results] == [True, True, False]
    assert results[-1].reason == "no such file or directory"
    assert views.ingest_line(results) == "2 documents: 2 added; 1 failed"
    rows = views.ingest_rows(results)
    assert len(rows) == 2 and list(rows[0]) == views.INGEST_COLUMNS


def test_quiet_prints_only_errors(seeds_copy):
    result = run("ingest", "-q", str(SEEDS))
    assert result.exit_code == 0 and result.output == ""
    result = run("ingest", "-q", str(SEEDS), "missing.txt")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["error: missing.txt: no such file or directory",
                                          "5 documents: 5 unchanged; 1 failed"]


# --- web-page chrome ----------------------------------------------------------------

CHROME = [
    "首页 > 新闻中心 > 正文", "当前位置：首页 > 政务公开 > 规划计划",
    "发布时间：2024-01-05 09:30 来源：市政府办公室", "【字体：大 中 小】", "浏览次数：1234",
    "微信图片_20250514130551.jpg", "大连城市夜景", "（组图）大连城市海岸线",
    "![](images/W020230512257030318150.jpg \"专栏1 主要指标\")",
    "<!-- 市长作政府工作报告。记者 张三 摄 -->",
    "分享到：微信 微博 QQ空间", "【打印本页】【关闭窗口】", "发表评论", "扫一扫在手机打开当前页",
    "上一篇：关于印发养老服务条例的通知", "责任编辑：李四",
    "电话：0411-12345678", "地址：大连市中山路393号", "主办：大连市沙河口区人民政府",
    "版权所有 大连市人民政府 辽ICP备05000000号", "网站标识码2102000001",
    "大连市互联网违法和不良信息举报电话：0411-82758892", "已经到底部",
]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_page_chrome_does_not_become_statements(tmp_path, isolated_db, suffix):
    head, tail = CHROME[:11], CHROME[11:]
    text = "\n".join(head + ["", "大连市养老服务实施方案", "", PLAN_V2, ""] + tail) + "\n"
    path = tmp_path / f"page{suffix}"
    path.write_text(text, encoding="utf-8")
    assert run("ingest", str(path)).exit_code == 0
    db = store.open_db(str(isolated_db))
    found = [s["text"] for s in store.query_statements(db, store.Filters())]
    assert "到2027年，建成区域养老服务中心15个。" in found
    leaked = [s for s in found if any(s in line or line in s for line in CHROME)]
    assert leaked == []
    assert len({c["value"] for c in store.query_commitments(db, store.Filters())}) >= 4


def test_chrome_patterns_compile_and_are_described():
    from plantool import vocab

    rows = vocab.rows("chrome.tsv")
    assert len(rows) >= 30
    import re

    for row in rows:
        assert len(row) == 2 and row[1].strip(), row
        re.compile(row[0])
    assert len({row[0] for row in rows}) == len(rows)  # no pattern twice


# --- progress bar -------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(monkeypatch):
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert isinstance(render.progress_bar(10, "ingesting", enabled=True), render._NoProgress)
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert isinstance(render.progress_bar(10, "ingesting", enabled=False), render._NoProgress)
    stdout = FakeTerminal()
    monkeypatch.setattr("sys.stdout", stdout)
    with render.progress_bar(3, "ingesting", enabled=True) as bar:
        assert isinstance(bar, render._RichProgress)
        for _ in range(3):
            bar.advance()
    assert stdout.getvalue() == ""  # the bar is drawn on stderr, never stdout


def test_no_progress_bar_when_piped(tmp_path):
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(PLAN.replace("20个", f"{20 + i}个"), encoding="utf-8")
    result = run("ingest", str(tmp_path))
    assert result.exit_code == 0
    assert "━" not in result.output and "ingesting" not in result.output
    assert "6 documents: 6 added; 0 failed" in result.stderr


# --- the real corpus (skipped when absent) ----------------------------------------


@pytest.mark.corpus
def test_ingest_real_reports(tmp_path, isolated_db):
    files = [corpus_file("政府工作报告-主要城市", "大连市", "2012.md"),
             corpus_file("政府工作报告-国务院", "2017.md")]
    for f in files:
        shutil.copy(f, tmp_path / f"{f.parent.name}-{f.name}")
    result = run("ingest", str(tmp_path))
    assert result.exit_code == 0, result.output
    db = store.open_db(str(isolated_db))
    docs = {d["name"]: d for d in store.documents(db)}
    dalian = docs["大连市-2012.md"]
    assert (dalian["title"], dalian["region"], dalian["year"]) == (
        "2012年大连市政府工作报告", "大连市", 2012)
    assert docs["政府工作报告-国务院-2017.md"]["region"] == "全国"
    assert all(d["commitments"] > 50 for d in docs.values())
    source = db.execute("select source from documents where name = '大连市-2012.md'").fetchone()
    assert source[0].startswith("https://")


def test_a_database_of_something_else_is_left_alone(tmp_path):
    from click.testing import CliRunner

    from plantool.cli import cli

    from .conftest import foreign_database

    other = foreign_database(tmp_path / "other.db")
    result = CliRunner().invoke(cli, ["--db", str(other), "list"])
    assert result.exit_code != 0
    assert "something else" in result.stderr
    assert sqlite3.connect(other).execute(
        "select name from sqlite_master where type = 'table'").fetchall() == [("notes",)]


def test_a_document_ingested_after_an_alias_is_keyed_with_it(tmp_path):
    """One metric_key: a record stored after `plantool alias` carries the aliased key in
    its own transaction, so list, diff and progress agree without any refresh."""
    from plantool import align, ingest, store

    db = store.open_db(str(tmp_path / "a.db"))
    align.add_aliases(db, "口袋公园", ["街心公园"])
    path = tmp_path / "plan.txt"
    path.write_text("2024年大连市政府工作报告\n今年将新建街心公园12个。\n", encoding="utf-8")
    assert ingest.ingest_file(db, str(path)).ok
    keys = {r["metric"]: r["metric_key"] for r in store.commitment_metrics(db)}
    assert keys == {"街心公园": "口袋公园"}
