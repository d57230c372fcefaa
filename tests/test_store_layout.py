"""The compact store: the text kept once and rebuilt exactly, ids never reused, the
upgrade of a first-layout file, stable identity across renames, copies and edits,
pruning, numbers SQLite cannot hold, paths that are not UTF-8, Datasette's view and
full-text index on commitments, and opening without creating."""

from __future__ import annotations

import os
import sqlite3

import pytest
import sqlite_utils

from plantool import store
from plantool.store import database, layout, queries, writes

from .conftest import SEEDS, db_snapshot
from .conftest import sample_commitment as commitment
from .conftest import sample_statement as statement

PLAN = "某市养老服务规划\n\n到2025年，新增养老床位1000张，新建社区食堂20个。\n（附表略）\n"


def save(db, text="新增养老床位1000张。\n", path="/x/a.txt", force=False, exists=None, **records):
    return store.save_document(db, path=path, name=os.path.basename(path), text=text,
                               meta={"title": "t", "region": "某市"},
                               statements=records.get("statements", [statement()]),
                               commitments=records.get("commitments", [commitment()]),
                               force=force, exists=exists or (lambda p: True))


def ids(db, table: str) -> list[int]:
    return [r[0] for r in db.execute(f"select id from {table} order by id")]


# --- the text, stored once -----------------------------------------------------------------


def test_the_documents_view_rebuilds_every_seed_text_exactly(seeds_db):
    from plantool import read

    db = store.open_db(seeds_db)
    for doc in store.documents(db):
        original = read.read(doc["path"]).text
        assert store.document_text(db, doc["id"]) == original
    kept_whole = db.execute("select count(*) from document_rows where text is not null")
    assert kept_whole.fetchone()[0] == 0  # every seed's statements and gaps rebuild it


def test_a_text_the_statements_do_not_tile_is_kept_whole(isolated_db):
    db = store.open_db(str(isolated_db))
    text = "新增养老床位1000张。新增养老床位1000张。\n"
    overlapping = [statement(), statement(id=2, start=5, end=15, text=text[5:15])]
    save(db, text=text, statements=overlapping)
    assert db.execute("select text from document_rows").fetchone()[0] == text
    assert store.document_text(db, 1) == text


def test_text_gaps_are_the_characters_between_statements():
    text = "标题\n甲。乙。\n尾"
    assert layout.text_gaps(text, [(3, 5, "甲。"), (5, 7, "乙。")]) == [(0, "标题\n"), (7, "\n尾")]
    assert layout.text_gaps(text, [(3, 5, "乙。")]) is None  # not the text at that span
    assert layout.text_gaps(text, [(3, 5, "甲。"), (4, 7, "。乙。")]) is None  # overlapping


def test_section_paths_are_stored_once(seeds_db):
    db = store.open_db(seeds_db)
    distinct = db.execute("select count(distinct section_id) from statement_rows").fetchone()[0]
    assert db.execute("select count(*) from sections").fetchone()[0] == distinct
    assert {s["section"] for s in store.statements(db)} == \
        {r[0] for r in db.execute("select path from sections")}


# --- ids -------------------------------------------------------------------------------------


def test_ids_are_never_given_to_a_second_record(isolated_db):
    db = store.open_db(str(isolated_db))
    save(db, path="/x/a.txt")
    save(db, path="/x/b.txt", text="新建社区食堂20个。\n")
    before = {t: ids(db, t) for t in ("document_rows", "statement_rows", "commitments")}
    # the newest document changes: its replacement must not take the ids it had
    save(db, path="/x/b.txt", text="新建社区食堂30个。\n")
    for table, old in before.items():
        new = ids(db, table)
        assert new[-1] > old[-1] and old[-1] not in new, table


# --- stable identity ---------------------------------------------------------------------------


def test_force_on_a_copy_leaves_the_original_alone(isolated_db):
    db = store.open_db(str(isolated_db))
    original = save(db, path="/x/a.txt")
    copy = save(db, path="/x/copy.txt", force=True)
    assert copy.status == "added" and copy.doc_id != original.doc_id
    assert {d["path"] for d in store.documents(db)} == {"/x/a.txt", "/x/copy.txt"}
    assert store.record_counts(db, original.doc_id) == (1, 1)


def test_a_renamed_file_takes_over_its_document(isolated_db):
    db = store.open_db(str(isolated_db))
    first = save(db, path="/x/old.txt")
    moved = save(db, path="/x/new.txt", exists=lambda p: p != "/x/old.txt")
    assert (moved.status, moved.doc_id, moved.moved_from) == ("unchanged", first.doc_id,
                                                              "/x/old.txt")
    assert [(d["path"], d["name"]) for d in store.documents(db)] == [("/x/new.txt", "new.txt")]


def test_a_copy_whose_original_still_exists_is_not_a_rename(isolated_db):
    db = store.open_db(str(isolated_db))
    first = save(db, path="/x/a.txt")
    again = save(db, path="/x/b.txt")
    assert (again.status, again.doc_id, again.moved_from) == ("unchanged", first.doc_id, "")
    assert [d["path"] for d in store.documents(db)] == ["/x/a.txt"]


def test_a_file_edited_to_match_another_loses_its_old_records(isolated_db):
    db = store.open_db(str(isolated_db))
    save(db, path="/x/a.txt")
    save(db, path="/x/b.txt", text="新建社区食堂20个。\n")
    save(db, path="/x/b.txt")  # b.txt now holds a.txt's text
    assert [d["path"] for d in store.documents(db)] == ["/x/a.txt"]
    digest = store.content_hash("新增养老床位1000张。\n")
    assert store.reconcile_path(db, "/x/b.txt", digest, exists=lambda p: True) is None


def test_reconcile_path_for_the_ingest_short_cut(isolated_db):
    db = store.open_db(str(isolated_db))
    text = "新增养老床位1000张。\n"
    first = save(db, path="/x/old.txt")
    save(db, path="/x/new.txt", text="新建社区食堂20个。\n")
    digest = store.content_hash(text)
    assert store.reconcile_path(db, "/x/old.txt", digest) == first.doc_id  # already there
    # new.txt was overwritten with old.txt's text, and old.txt was deleted
    found = store.reconcile_path(db, "/x/new.txt", digest, exists=lambda p: False)
    assert found == first.doc_id
    assert [d["path"] for d in store.documents(db)] == ["/x/new.txt"]


def test_prune_missing_removes_documents_whose_files_are_gone(isolated_db):
    db = store.open_db(str(isolated_db))
    save(db, path="/x/a.txt")
    kept = save(db, path="/x/b.txt", text="新建社区食堂20个。\n")
    save(db, path="stdin:0123456789ab", text="新建社区食堂30个。\n")
    removed = store.prune_missing(db, exists=lambda p: p == "/x/b.txt")
    assert removed == [{"id": 1, "path": "/x/a.txt", "name": "a.txt", "statements": 1,
                        "commitments": 1}]
    assert [d["id"] for d in store.documents(db)] == [kept.doc_id, kept.doc_id + 1]
    assert store.prune_missing(db, exists=lambda p: p == "/x/b.txt") == []
    assert store.commitments(db, store.Filters(search="养老床位")) == []


# --- numbers and paths ---------------------------------------------------------------------------


@pytest.mark.parametrize("value,stored", [
    (10 ** 400, str(10 ** 400)), (2 ** 63, str(2 ** 63)), (-(2 ** 63) - 1, str(-(2 ** 63) - 1)),
    (2 ** 63 - 1, 2 ** 63 - 1), (float("nan"), "nan"), (6.6, 6.6), ("9" * 30, "9" * 30),
    (True, True), (None, None),
])
def test_sqlite_number_keeps_what_sqlite_cannot_hold_as_text(value, stored):
    assert writes._sqlite_number(value) == stored


def test_a_decimal_is_a_float_only_when_exact():
    import decimal

    assert writes._sqlite_number(decimal.Decimal("0.5")) == 0.5
    exact = "20072801493072801493.072801493"
    assert writes._sqlite_number(decimal.Decimal(exact)) == exact


def test_a_309_digit_value_is_stored_and_read_back_exactly(isolated_db):
    db = store.open_db(str(isolated_db))
    huge = 7 * 10 ** 308 + 1
    save(db, commitments=[commitment(value=huge, value_max=2 ** 64)])
    record = store.commitments(db)[0]
    assert (record["value"], record["value_max"], record["quote"]) == \
        (huge, 2 ** 64, "新增养老床位1000张")


def test_a_path_that_is_not_utf8_is_stored_printably_and_found_again(isolated_db, tmp_path):
    db = store.open_db(str(isolated_db))
    raw = os.fsencode(str(tmp_path)) + "/规划".encode("gbk") + b".txt"
    path = os.fsdecode(raw)  # GBK bytes, as a zip made on Windows leaves them
    with open(raw, "wb") as handle:
        handle.write(b"x")
    outcome = save(db, path=path, exists=store.existing_path)
    stored = store.documents(db)[0]
    assert stored["path"].encode("utf-8") and "\\x" in stored["path"]
    assert store.prune_missing(db) == []  # the file is found through its raw bytes
    os.remove(raw)
    assert [d["id"] for d in store.prune_missing(db)] == [outcome.doc_id]


def test_a_lone_surrogate_in_a_name_does_not_stop_the_store(isolated_db):
    db = store.open_db(str(isolated_db))
    save(db, path="/x/\ud800bad.txt")
    assert store.documents(db)[0]["name"] == "\\xed\\xa0\\x80bad.txt"


# --- Datasette --------------------------------------------------------------------------------------


def test_commitments_view_joins_each_commitment_with_its_document(seeds_db):
    db = store.open_db(seeds_db)
    rows = list(db.query("select * from commitments_view order by id"))
    assert len(rows) == len(store.commitments(db))
    docs = {d["id"]: d for d in store.documents(db)}
    for row in rows:
        doc = docs[row["doc_id"]]
        assert (row["doc"], row["path"], row["doc_region"], row["doc_year"]) == \
            (doc["name"], doc["path"], doc["region"], doc["year"])


def test_commitments_have_a_phrase_search_index(seeds_db):
    db = store.open_db(seeds_db)
    hits = {r[0] for r in db.execute(
        "select rowid from commitments_fts where commitments_fts match ?", ['"养老床位"'])}
    expected = {r["id"] for r in store.commitments(db) if "养老床位" in r["quote"] + r["metric"]}
    assert hits == expected and hits


def test_the_full_text_indexes_agree_with_the_tables(seeds_copy):
    db = store.open_db(str(seeds_copy))
    save(db, path=str(SEEDS / "gone.txt"), text="新建社区食堂20个。\n")
    save(db, path=str(SEEDS / "gone too.txt"), text="新建社区食堂30个。\n")
    assert len(store.prune_missing(db)) == 2  # deletes through the indexes too
    store.optimize(db)
    for table in ("documents_fts", "commitments_fts"):
        db.execute(f"insert into {table} ({table}, rank) values ('integrity-check', 1)")


# --- search -----------------------------------------------------------------------------------------


def test_search_ignores_case_for_three_characters_or_more(make_db):
    db = store.open_db(str(make_db({"a.txt": "某市规划\n全市GDP增长6%。\n"})))
    assert [s["text"] for s in store.statements(db, store.Filters(search="gdp增"))] == \
        ["全市GDP增长6%。"]
    assert store.statements(db, store.Filters(search="gd")) == []  # short: exact, as before


@pytest.mark.parametrize("text", ['"', '""', "*", "NEAR(", "NEAR(a b)", "'; drop table statements; --",
                                  "%", "_", "养老%", "a OR b", "^养老", "养老 AND", "-养老", "{text}:x"])
def test_search_text_is_data_never_syntax(make_db, text):
    body = f"某市规划\n普通一句。\n带着{text}的一句。\n"
    db = store.open_db(str(make_db({"a.txt": body})))
    everything = store.statements(db)
    found = store.statements(db, store.Filters(search=text))
    assert found == [s for s in everything if text in s["text"]]
    assert store.commitments(db, store.Filters(search=text)) == []
    assert store.statements(db) == everything


def test_metric_keys_are_resolved_without_reading_every_stored_key(seeds_db):
    from plantool.align import load_aliases

    db = store.open_db(seeds_db)
    aliases = load_aliases(db)
    keys = queries._metric_keys(db, "GDP", aliases)
    assert keys[0] == "GDP" and "地区生产总值" in keys and len(keys) < 20
    stored = {r[0] for r in db.execute("select distinct metric_key from commitments")}
    from plantool.align import metric_key

    # what the resolution relies on: every stored key is already its own normal form
    assert all(metric_key(k, aliases) == k for k in stored if k)


# --- the file ------------------------------------------------------------------------------------------


def test_a_read_open_of_a_missing_database_creates_nothing(tmp_path):
    missing = tmp_path / "typo.db"
    with pytest.raises(store.MissingDatabase, match=r"no database .*typo.db: ingest documents first"):
        store.open_db(str(missing), create=False)
    assert not missing.exists()
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(store.MissingDatabase):
        store.open_db(str(empty), create=False)
    assert empty.read_bytes() == b""


def test_a_read_open_of_a_database_works(seeds_db):
    db = store.open_db(seeds_db, create=False)
    assert store.documents(db)


def test_the_file_is_in_wal_mode(isolated_db):
    db = store.open_db(str(isolated_db))
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert db.execute("pragma synchronous").fetchone()[0] == 1  # NORMAL
    assert db.execute("pragma busy_timeout").fetchone()[0] >= 10_000


def test_a_snapshot_does_not_see_a_write_made_during_it(isolated_db):
    db = store.open_db(str(isolated_db))
    save(db, path="/x/a.txt")
    other = store.open_db(str(isolated_db))
    with store.snapshot(db):
        before = store.documents(db)
        save(other, path="/x/b.txt", text="新建社区食堂20个。\n")
        assert store.documents(db) == before
    assert len(store.documents(db)) == 2


# --- upgrading a first-layout file ------------------------------------------------------------------------


def _first_layout(path) -> sqlite_utils.Database:
    """A database as plantool wrote it before the compact layout, with one document."""
    db = sqlite_utils.Database(str(path))
    database.migrations.apply(db, stop_before="m003_compact_stable_rows")
    text = PLAN
    start = text.index("到2025年")
    sentence = "到2025年，新增养老床位1000张，新建社区食堂20个。"
    db["documents"].insert({"id": 1, "path": "/x/plan.txt", "name": "plan.txt", "title": "规划",
                            "region": "某市", "year": 2021, "period": "2021-2025",
                            "doc_type": "five_year_plan", "published": "",
                            "content_hash": store.content_hash(text), "encoding": "utf-8",
                            "format": "text", "source": "", "chars": len(text), "text": text,
                            "ingested_at": "2024-01-01T00:00:00+00:00"})
    db["statements"].insert_all([
        {"id": 1, "doc_id": 1, "seq": 0, "text": "某市养老服务规划", "start": 0, "end": 8,
         "section": "", "region": "某市", "period": "", "period_start": None,
         "period_end": None, "kind": "", "sector": "other", "heading": 1},
        {"id": 2, "doc_id": 1, "seq": 1, "text": sentence, "start": start,
         "end": start + len(sentence), "section": "某市养老服务规划", "region": "某市",
         "period": "2025", "period_start": 2025, "period_end": 2025, "kind": "target",
         "sector": "elderly", "heading": 0}])
    db["commitments"].insert({**commitment(value=1000.0), "id": 7, "doc_id": 1,
                              "statement_id": 2, "seq": 0, "period_start": 2025,
                              "period_end": 2025})
    db.close()
    return db


def test_a_first_layout_file_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.db"
    _first_layout(path)
    old = db_snapshot(path)
    db = store.open_db(str(path))
    assert db_snapshot(path) == old  # the views read exactly like the old tables
    assert store.document_text(db, 1) == PLAN
    assert db.execute("select text from document_rows").fetchone()[0] is None  # stored once
    assert db.execute("pragma freelist_count").fetchone()[0] == 0  # the old pages given back
    assert [s["id"] for s in store.statements(db, store.Filters(search="社区食堂"))] == [2]
    assert [c["id"] for c in store.commitments(db, store.Filters(search="养老"))] == [7]
    added = save(db, path="/x/new.txt", text="新建社区食堂20个。\n")
    assert ids(db, "commitments")[-1] == 8 and added.doc_id == 2
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_opening_twice_applies_nothing_again(isolated_db):
    store.open_db(str(isolated_db)).close()
    conn = sqlite3.connect(isolated_db)
    applied = conn.execute("select count(*) from _sqlite_migrations").fetchone()[0]
    store.open_db(str(isolated_db)).close()
    assert conn.execute("select count(*) from _sqlite_migrations").fetchone()[0] == applied


def test_a_failure_half_way_through_a_replacement_changes_nothing(isolated_db, monkeypatch):
    db = store.open_db(str(isolated_db))
    save(db, path="/x/a.txt")
    before = db_snapshot(isolated_db)

    def failing(conn, doc, doc_id):
        raise sqlite3.OperationalError("disk I/O error")  # after the old rows went, the new came

    monkeypatch.setattr(writes, "_store_text", failing)
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        save(db, path="/x/a.txt", text="新增养老床位1200张。\n")
    assert db_snapshot(isolated_db) == before and not db.conn.in_transaction


# --- waiting for the lock ---------------------------------------------------------------------------


def test_retry_locked_retries_only_lock_errors_and_only_so_often(monkeypatch):
    monkeypatch.setattr(database.time, "sleep", lambda seconds: None)
    calls = []

    def locked_twice():
        calls.append(1)
        if len(calls) < 3:
            raise sqlite3.OperationalError("database is locked")
        return "stored"

    assert store.retry_locked(locked_twice) == "stored" and len(calls) == 3
    calls.clear()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        store.retry_locked(locked_twice, attempts=2)  # still locked at the second attempt
    assert len(calls) == 2
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        store.retry_locked(lambda: (_ for _ in ()).throw(sqlite3.OperationalError("no such table")))


def test_a_writer_waits_for_another_connection_holding_the_lock(isolated_db):
    import threading

    db = store.open_db(str(isolated_db))
    holder = sqlite3.connect(isolated_db, isolation_level=None, check_same_thread=False)
    holder.execute("begin immediate")
    threading.Timer(0.5, lambda: holder.execute("commit")).start()
    outcome = save(db, path="/x/a.txt")  # waits for the commit instead of failing at once
    assert outcome.status == "added" and store.record_counts(db, outcome.doc_id) == (1, 1)
