"""store: the save transaction and its statuses, filters, search, sort keys, numbers, and
the errors a user can cause (bad sort key, a file that is not plantool's database)."""

from __future__ import annotations

import pytest

from plantool import schema, store
from plantool.errors import DatabaseError, FilterError, ForeignDatabase, PlantoolError
from plantool.store import queries

from .conftest import foreign_database
from .conftest import sample_commitment as commitment
from .conftest import sample_statement as statement

PLAN = "某市养老服务规划\n到2025年，新增养老床位1000张，新建社区食堂20个。\n"
REPORT = ("某市政府工作报告\n2024年，全市新建城市书房12个，改造老旧小区3.5万户。\n"
          "今年，力争新增就业岗位8万个。\n")


def save(db, text="新增养老床位1000张。\n", path="/x/a.txt", force=False, **records):
    return store.save_document(db, path=path, name=path.rsplit("/", 1)[-1], text=text,
                               meta={"title": "t", "region": "某市"},
                               statements=records.get("statements", [statement()]),
                               commitments=records.get("commitments", [commitment()]),
                               force=force)


# --- save_document ---------------------------------------------------------------------------


def test_save_adds_then_leaves_identical_text_unchanged(isolated_db):
    db = store.open_db(str(isolated_db))
    first = save(db)
    assert (first.status, first.statements, first.commitments) == ("added", 1, 1)
    again = save(db)
    assert (again.status, again.doc_id, again.statements, again.commitments) == \
        ("unchanged", first.doc_id, 1, 1)
    assert store.record_counts(db, first.doc_id) == (1, 1)


def test_changed_text_at_the_same_path_replaces_the_records(isolated_db):
    db = store.open_db(str(isolated_db))
    save(db)
    changed = save(db, text="新增养老床位1200张。\n",
                   commitments=[commitment(value=1200, quote="新增养老床位1200张")])
    assert changed.status == "replaced"
    assert [r["value"] for r in store.commitments(db)] == [1200]
    assert len(store.documents(db)) == 1


def test_force_re_stores_identical_text(isolated_db):
    db = store.open_db(str(isolated_db))
    save(db)
    forced = save(db, force=True)
    assert forced.status == "forced"
    assert len(store.documents(db)) == 1  # the old copy went, the new one came
    assert store.record_counts(db, forced.doc_id) == (1, 1)


def test_a_failure_inside_the_transaction_stores_nothing(isolated_db):
    db = store.open_db(str(isolated_db))
    with pytest.raises(KeyError):  # a commitment that names no statement of the document
        save(db, commitments=[commitment(statement_id=99)])
    assert store.documents(db) == [] and not db.conn.in_transaction


def test_a_huge_value_is_stored_and_read_back(isolated_db):
    db = store.open_db(str(isolated_db))
    save(db, commitments=[commitment(value=10 ** 20)])
    assert store.commitments(db)[0]["value"] == 10 ** 20


# --- queries over a tiny database -------------------------------------------------------------


@pytest.fixture
def tiny(make_db):
    return store.open_db(str(make_db({"plan.txt": PLAN, "report.txt": REPORT})))


def test_records_have_the_schema_fields(tiny):
    assert all(tuple(r) == schema.COMMITMENT_FIELDS for r in store.commitments(tiny))
    assert all(tuple(r) == schema.STATEMENT_FIELDS for r in store.statements(tiny))


def test_filters_by_kind_period_and_document(tiny):
    values = {r["value"] for r in store.commitments(tiny)}
    assert {1000, 20, 12} <= values
    targets = store.commitments(tiny, store.Filters(kind="target"))
    assert targets and all(r["kind"] == "target" for r in targets)
    in_2024 = store.commitments(tiny, store.Filters(period="2024"))
    assert in_2024 and all(r["period"] == "2024" for r in in_2024)
    by_doc = store.commitments(tiny, store.Filters(doc="plan.txt"))
    assert {r["doc"] for r in by_doc} == {"plan.txt"}
    first_id = store.documents(tiny)[0]["id"]
    assert store.commitments(tiny, store.Filters(doc=str(first_id))) == by_doc


def test_metric_filter_is_a_substring_or_a_key(tiny):
    found = store.commitments(tiny, store.Filters(metric="床位"))
    assert [r["value"] for r in found] == [1000]


def test_search_three_characters_or_more_uses_fts(tiny):
    found = store.statements(tiny, store.Filters(search="城市书房"))
    assert len(found) == 1 and "城市书房" in found[0]["text"]
    clause = queries._search_clause("statements.id")
    assert "documents_fts match ?" in clause
    assert queries._search_params("城市书房") == ['"城市书" "市书房"', 0, 0, "城市书房"]


def test_search_of_two_characters_scans(tiny):
    assert queries._search_params("书房") == ['""', 1, 0, "书房"]
    found = store.statements(tiny, store.Filters(search="书房"))
    assert len(found) == 1 and "书房" in found[0]["text"]
    assert store.statements(tiny, store.Filters(search="无此")) == []


def test_search_text_is_not_fts_syntax(tiny):
    assert store.statements(tiny, store.Filters(search='"书房 OR 食堂')) == []


def test_every_sort_key_sorts(tiny):
    for key in schema.SORT_KEYS:
        assert len(store.commitments(tiny, sort=key)) == len(store.commitments(tiny))
        assert len(store.statements(tiny, sort=key)) == len(store.statements(tiny))
    values = [r["value"] for r in store.commitments(tiny, sort="value")]
    assert values == sorted(values, reverse=True)
    periods = [r["period"] for r in store.commitments(tiny, sort="period")]
    assert periods == sorted(periods)


def test_limit(tiny):
    assert len(store.commitments(tiny, limit=2)) == 2


def test_an_unknown_sort_key_is_a_filter_error(tiny):
    with pytest.raises(FilterError, match="cannot sort by 'colour'; choose from doc, "):
        store.commitments(tiny, sort="colour")


@pytest.mark.parametrize("filters,message", [
    (store.Filters(kind="promise"), "unknown kind 'promise'; choose from target, achievement"),
    (store.Filters(sector="astrology"), "unknown sector 'astrology'; choose from elderly, "),
    (store.Filters(period="2025-2021"), "ends before it starts"),
])
def test_impossible_filters_are_plantool_errors(tiny, filters, message):
    with pytest.raises(PlantoolError, match=message):
        store.commitments(tiny, filters)
    with pytest.raises(PlantoolError, match=message):
        store.statements(tiny, filters)


def test_document_look_ups_used_by_ingest(tiny):
    doc = store.documents(tiny)[0]
    text = store.document_text(tiny, doc["id"])
    assert store.documents_with_hash(tiny, store.content_hash(text))[0]["id"] == doc["id"]
    assert store.record_counts(tiny, doc["id"]) == (doc["statements"], doc["commitments"])
    assert store.commitment_periods(tiny, doc["id"]) == ["2025"]
    assert store.document_texts(tiny)[doc["name"]] == text


# --- opening a database -----------------------------------------------------------------------


def test_a_file_that_is_not_a_database(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseError, match="cannot open database .*junk.db: file is not a"):
        store.open_db(str(junk))


def test_an_sqlite_database_of_something_else(tmp_path):
    other = foreign_database(tmp_path / "other.db")
    with pytest.raises(ForeignDatabase, match="of something else") as caught:
        store.open_db(str(other))
    assert isinstance(caught.value, PlantoolError)
