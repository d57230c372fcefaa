"""Stored ratings: ``plantool progress`` answers from the ``ratings`` table, which it
refreshes when the data, the aliases or the code changed, and which reads as it rated."""

from __future__ import annotations

import json
import sqlite3

import sqlite_utils
from click.testing import CliRunner

from plantool import panel, progress, reports, store
from plantool.cli import cli
from plantool.judge import Rules
from plantool.store import ratings as stored

REPORT_2023 = ("2023年浙江省人民政府工作报告\n"
               "二、2023年工作安排\n"
               "今年经济社会发展的主要预期目标是：全省生产总值增长5%以上，城镇新增就业100万人。\n")
REPORT_2024 = ("2024年浙江省人民政府工作报告\n"
               "一、2023年工作回顾\n"
               "过去一年，全省生产总值增长6%，城镇新增就业128万人。\n")


def _records(ratings) -> list[str]:
    return [json.dumps(reports.progress_record(r), ensure_ascii=False) for r in ratings]


def _read(db, spec=None, rules=Rules()):
    """The stored ratings, read in full."""
    return progress.complete(db, progress.rated(db, spec, rules))


def test_stored_ratings_read_back_as_they_were_rated(seeds_copy):
    db = store.open_db(str(seeds_copy))
    live = progress.evaluate(db)
    brief = progress.rated(db)
    read = progress.complete(db, brief)
    assert len(read) == len(live) > 50 and all(r.brief for r in brief)
    assert _records(read) == _records(live)
    assert [reports.progress_export_row(r) for r in read] == \
        [reports.progress_export_row(r) for r in live]
    assert reports.progress_summary(brief) == reports.progress_summary(live)


def test_filters_select_the_same_targets_in_the_same_order(seeds_copy):
    db = store.open_db(str(seeds_copy))
    for spec in (store.Filters(region="大连市"), store.Filters(period="2024"),
                 store.Filters(metric="地区生产总值"), store.Filters(sector="elderly"),
                 store.Filters(doc="002_4af55ab381632780.txt"), store.Filters(search="养老")):
        assert _records(_read(db, spec)) == _records(progress.evaluate(db, spec)), spec


def test_ratings_are_refreshed_only_when_the_data_changed(make_db):
    path = make_db({"2023.txt": REPORT_2023})
    db = store.open_db(str(path))
    assert progress.refresh(db) is True
    assert progress.refresh(db) is False
    before = stored.stored_version(db)
    assert [r.status for r in progress.rated(db)] == ["not_due", "not_due"]
    folder = path.parent / "more"
    folder.mkdir()
    (folder / "2024.txt").write_text(REPORT_2024, encoding="utf-8")
    CliRunner().invoke(cli, ["--db", str(path), "ingest", str(folder / "2024.txt")])
    assert stored.stored_version(db) == before  # ingest leaves the ratings alone …
    assert sorted(r.status for r in progress.rated(db)) == ["met", "met"]  # … progress sees it
    assert stored.stored_version(db) != before


def test_an_alias_makes_the_ratings_stale(make_db):
    db = store.open_db(str(make_db({"2023.txt": REPORT_2023, "2024.txt": REPORT_2024})))
    progress.refresh(db)
    before = stored.stored_version(db)
    CliRunner().invoke(cli, ["alias", "城镇新增就业", "新增就业岗位"])  # another database
    assert stored.stored_version(db) == before and progress.refresh(db) is False
    from plantool import aliases

    aliases.add_aliases(db, "城镇新增就业", ["新增就业岗位"])
    assert progress.refresh(db) is True


def test_the_ratings_table_is_plain_sql(make_db):
    path = make_db({"2023.txt": REPORT_2023, "2024.txt": REPORT_2024})
    result = CliRunner().invoke(cli, ["--db", str(path), "progress", "--summary"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path)
    rows = conn.execute("select region, period, metric_key, status, target_value, result_value,"
                        " target_unit, ratio, target_path, result_path from ratings "
                        "order by target_id").fetchall()
    assert [r[:7] for r in rows] == [("浙江省", "2023", "地区生产总值", "met", 5, 6, "%"),
                                     ("浙江省", "2023", "城镇新增就业", "met", 1000000, 1280000, "人")]
    assert rows[0][7] == 1.2 and rows[0][8].endswith("2023.txt") and rows[0][9].endswith("2024.txt")


def test_other_rules_and_a_read_only_database_rate_afresh(make_db):
    path = make_db({"2023.txt": REPORT_2023, "2024.txt": REPORT_2024})
    db = store.open_db(str(path))
    strict = Rules(partly=0.9)
    assert _records(_read(db, rules=strict)) == _records(progress.evaluate(db, rules=strict))
    assert "ratings" not in db.table_names()  # only the default rules are stored
    db.close()
    reader = sqlite_utils.Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
    assert _records(_read(reader)) == _records(progress.evaluate(reader))
    assert "ratings" not in reader.table_names()


def test_the_panel_reads_the_stored_ratings(make_db):
    db = store.open_db(str(make_db({"2023.txt": REPORT_2023, "2024.txt": REPORT_2024})))
    built = panel.build(db)
    docs = {d["id"]: d for d in store.documents(db)}
    live = panel.cells(progress.evaluate(db), panel.Selector(), docs)
    assert [reports.panel_record(c, built.docs) for c in built.cells] == \
        [reports.panel_record(c, docs) for c in live]
    assert [c.status for c in built.cells] == ["met", "met"]


def test_the_summary_counts_in_sql_what_the_ratings_count(seeds_copy):
    db = store.open_db(str(seeds_copy))
    live = progress.evaluate(db)
    assert reports.summary_rows(progress.tally(db)) == reports.progress_summary(live)
    for spec in (store.Filters(region="大连市"), store.Filters(region="大连市", sector="elderly"),
                 store.Filters(period="2024"), store.Filters(metric="养老")):
        assert reports.summary_rows(progress.tally(db, spec)) == \
            reports.progress_summary(progress.evaluate(db, spec)), spec
    strict = Rules(partly=0.9)
    assert reports.summary_rows(progress.tally(db, rules=strict)) == \
        reports.progress_summary(progress.evaluate(db, rules=strict))
