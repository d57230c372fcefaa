"""views: the one amount and percent formatter, and the rows of each command."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from plantool import reports, schema, views


def test_the_domain_modules_use_the_schema_names():
    """Names that still have a copy in a domain module must agree with schema's."""
    from plantool import diff, ingest, metadata, progress

    assert diff.STATUSES == schema.DIFF_STATUSES
    assert diff.STATEMENT_STATUSES == schema.STATEMENT_DIFF_STATUSES
    assert progress.STATUSES == schema.PROGRESS_STATUSES
    assert progress.RATED == schema.RATED_STATUSES
    assert ingest.STATUSES == schema.INGEST_STATUSES
    assert tuple(metadata.DOC_TYPES) == schema.DOC_TYPES
    assert set(views.DIFF_MARKS) == set(views.DIFF_STYLES) == set(schema.DIFF_STATUS_CHOICES)
    assert set(reports.PROGRESS_STYLES) == set(schema.PROGRESS_STATUSES)


# --- numbers and amounts ---------------------------------------------------------------------


@pytest.mark.parametrize("value,style,expected", [
    (136000000, "full", "1.36亿"), (127000, "full", "12.7万"), (12000, "full", "1.2万"),
    (6.5, "full", "6.5"), (200, "full", "200"), (None, "full", ""),
    (136000000, "compact", "1.36亿"), (127000, "compact", "12.7万"),
    (12000, "compact", "12000"), (2.5e12, "compact", "2.5万亿"), (-350000, "compact", "-35万"),
    (123456789, "compact", "1.235亿"), (123456789, "full", "1.23457亿"),
])
def test_number(value, style, expected):
    assert views.number(value, style=style) == expected


def test_percentages_are_never_scaled():
    assert views.number(150000, "%", "compact") == "150000"
    assert views.number(120000, "百分点", "compact") == "120000"


@pytest.mark.parametrize("record,expected", [
    ({"value": 200, "unit": "个"}, "200个"),
    ({"value": 6, "unit": "%", "qualifier": "左右"}, "6%左右"),
    ({"value": 500e8, "unit": "元", "qualifier": "不低于"}, "不低于500亿元"),
    ({"value": 2, "value_max": 3, "unit": "家"}, "2—3家"),
    ({"value": None, "unit": "个"}, ""),
    (None, ""),
])
def test_amount(record, expected):
    assert views.amount(record) == expected


def test_compact_amount_uses_a_short_dash():
    assert views.amount({"value": 2, "value_max": 3, "unit": "家"}, "compact") == "2–3家"


@pytest.mark.parametrize("ratio,expected", [
    (2, "200%"), (0.975, "97.5%"), (0.997, "99.7%"), (12.345, "1234%"),
    (0.5, "50%"), (None, ""),
])
def test_percent(ratio, expected):
    assert views.percent(ratio) == expected


def test_signed_percent():
    assert views.percent(0.05, signed=True) == "+5.0%"
    assert views.percent(-0.123, signed=True) == "-12.3%"


# --- list and docs ----------------------------------------------------------------------------


def test_records_view_keeps_the_schema_fields_in_order():
    row = {"id": 3, "doc": "a.txt", "value": 5, "extra": "dropped", "metric": "床位"}
    view = views.records_view([row])
    assert tuple(view.records[0]) == schema.COMMITMENT_FIELDS
    assert view.records[0]["value"] == 5 and "extra" not in view.records[0]
    assert view.columns == views.COMMITMENT_COLUMNS and view.notes == []
    statements = views.records_view([{"id": 1, "text": "t"}], statements=True)
    assert tuple(statements.records[0]) == schema.STATEMENT_FIELDS


def test_empty_views_say_so():
    assert views.records_view([]).notes == ["no records match"]
    assert views.documents_view([]).notes == ["no documents ingested yet"]
    assert views.aliases_view([]).notes[0].startswith("no aliases yet")


def test_alias_lines():
    assert views.added_aliases_line(["高企", "国高企"], "高新技术企业") == "高企, 国高企 → 高新技术企业"
    assert views.removed_aliases_line(["甲", "乙"], ["甲"]) == "removed 1 alias(es); not found: 乙"
    assert views.removed_aliases_line(["甲"], ["甲"]) == "removed 1 alias(es)"


# --- ingest -----------------------------------------------------------------------------------


def result(ok=True, status="added", **fields):
    base = {"path": "a.txt", "ok": ok, "reason": "", "status": status, "title": "t",
            "region": "某市", "year": 2024, "periods": "2024", "statements": 3,
            "commitments": 2, "note": ""}
    return SimpleNamespace(**{**base, **fields})


def test_ingest_rows_and_line():
    results = [result(), result(status="duplicate", note="same text as document 1 (a.txt)"),
               result(ok=False, status="", reason="empty file", path="b.txt")]
    rows = views.ingest_rows(results)
    assert [r["status"] for r in rows] == ["added", "duplicate: same text as document 1 (a.txt)"]
    assert list(rows[0]) == views.INGEST_COLUMNS
    assert views.ingest_line(results) == "2 documents: 1 added, 1 duplicate; 1 failed"
    assert views.ingest_line([result()]) == "1 document: 1 added; 0 failed"
    assert views.ingest_error_line(results[2]) == "error: b.txt: empty file"


# --- diff -------------------------------------------------------------------------------------


def diff_row(status="increased", sector="economy", left=None, right=None, delta=2.0,
             ratio=1.25, similarity=100):
    left = left if left is not None else {"value": 8, "unit": "%", "kind": "target",
                                          "action": "增长"}
    right = right if right is not None else {"value": 10, "unit": "%", "kind": "target",
                                             "action": "增长", "qualifier": "以上"}
    return {"status": status, "sector": sector, "metric": "投资", "metric_key": "投资",
            "left": left, "right": right, "delta": delta, "ratio": ratio,
            "similarity": similarity}


def test_diff_cells():
    row = diff_row()
    assert views.describe_side(row["left"]) == "增长8% · target"
    assert views.describe_side(row["right"]) == "增长10%以上 · target"
    assert views.describe_side(None) == ""
    assert views.change_text(row) == "+2百分点"
    assert views.change_percent(row) == "+25.0%"
    assert views.change_percent(diff_row(delta=0, ratio=1)) == ""


def test_diff_table_blanks_repeated_sectors_and_marks_statuses():
    rows = views.diff_table_rows([diff_row(), diff_row(status="added", left={}, delta=None,
                                                       ratio=None, similarity=88)])
    assert [r["sector"] for r in rows] == ["economy", ""]
    assert [r[""] for r in rows] == ["↑", "+"]
    assert rows[1]["sim"] == "88" and rows[0]["sim"] == ""
    assert list(rows[0]) == views.DIFF_COLUMNS


def test_diff_flat_rows_have_a_column_per_side_field():
    flat, columns = views.diff_flat_rows([diff_row()])
    assert "left_value" in columns and "right_qualifier" in columns
    assert flat[0]["left_value"] == 8 and flat[0]["right_qualifier"] == "以上"


def test_excerpt_around_the_key():
    text = "一二三四五六七八九十" * 5 + "背街小巷" + "甲乙丙丁" * 10
    cell = views.excerpt(text, "背街小巷", around=4)
    assert cell == "…七八九十背街小巷甲乙丙丁…"
    assert views.excerpt("短句", "无") == "短句"


# --- progress ---------------------------------------------------------------------------------


def rating(status="met", sector="economy", region="某市", ratio=1.2):
    target = {"id": 1, "region": region, "period": "2024", "sector": sector, "metric": "投资",
              "value": 8, "unit": "%", "qualifier": "左右", "doc": "a.txt", "quote": "投资增长8%左右"}
    return SimpleNamespace(target=target, status=status, ratio=ratio, result=None, sense="floor",
                           approx=True, value=9.6000001, basis="", why="", candidates=[])


def test_progress_row_and_record():
    row = reports.progress_row(rating())
    assert row["target"] == "8%左右" and row["of_target"] == "120%"
    assert row["result"] == "" and list(row) == reports.PROGRESS_COLUMNS
    record = reports.progress_record(rating())
    assert tuple(record["target"]) == schema.COMMITMENT_FIELDS
    assert record["value"] == 9.6 and record["ratio"] == 1.2


def test_progress_summary_counts_and_bars():
    ratings = [rating(), rating(status="missed"), rating(status="not_due", sector="health")]
    rows = reports.progress_summary(ratings)
    total = rows[-1]
    assert (total["group"], total["targets"], total["met"], total["missed"]) == ("all", 3, 1, 1)
    assert (total["rated"], total["unrated"]) == (2, 1)
    assert total["met_share"] == "50%" and total["share_of"] == "2 rated of 3"
    assert total["bar"] == "###xxxx..."  # drawn over all three targets
    assert [r["name"] for r in rows if r["group"] == "sector"] == ["economy", "health"]
    health = next(r for r in rows if r["name"] == "health")
    assert health["met_share"] == "" and health["bar"] == ".........."
    assert health["share_of"] == "0 rated of 1"


def test_a_share_of_few_rated_targets_does_not_fill_the_bar():
    """2 met of 91 targets: the share met is 100% of 2 rated, the bar nearly empty."""
    ratings = [rating()] * 2 + [rating(status="in_progress")] * 9 + \
        [rating(status="not_reported")] * 80
    total = reports.progress_summary(ratings)[-1]
    assert (total["targets"], total["rated"], total["unrated"]) == (91, 2, 89)
    assert total["in_progress"] == 9
    assert total["met_share"] == "100%" and total["share_of"] == "2 rated of 91"
    assert total["bar"] == ".........."


def test_status_bar():
    from collections import Counter

    counts = Counter(met=3, missed=2, not_due=5)
    assert reports.status_bar(counts, 10) == "###xx....."
    assert reports.status_bar(counts, 10, plain=False) == "███▒▒░░░░░"
    assert reports.status_bar(Counter()) == ""


def test_bar():
    assert reports.bar(0.3, 10) == "###......."
    assert reports.bar(1, 4, plain=False) == "████"
    assert reports.bar(None) == ""


def test_progress_views_limit_and_summary():
    everything = [rating(), rating(status="missed"), rating(status="missed")]
    table, summary = reports.progress_views(everything, "table", limit=1)
    assert len(table.rows) == 1 and table.notes == ["1 of 3 targets shown; --limit 0 for all"]
    assert summary.gap and summary.columns == reports.PROGRESS_SUMMARY_COLUMNS
    (only,) = reports.progress_views(everything, "jsonl", statuses=("met",))
    assert [r["status"] for r in only.records] == ["met"]
    (alone,) = reports.progress_views(everything, "csv", summary_only=True)
    assert not alone.gap and alone.rows[-1]["targets"] == 3
    (none,) = reports.progress_views(everything, "jsonl", statuses=("not_due",))
    assert none.rows == [] and none.notes == ["no targets match"]
